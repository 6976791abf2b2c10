import AuthSetup

/// `--save-setup FILE` for install and keygen: the set-up goes to a new file (replaced only with
/// --force) and nothing else happens: no connection, no key, no known_hosts entry.
enum KeyPairSetupSaving {
    static func save(_ setup: Setup, to path: String, force: Bool) throws(CommandFailure) {
        let file = try AbsolutePath.of(path)
        do { try SetupFile.save(setup, to: file, replace: force) } catch { throw CommandFailure(error.description) }
        Console.out("Saved the set-up in \(file) (it holds no secrets); nothing else was done.\n")
        Console.out("Run it with: \(["sshauth", "apply", file].map(ShellQuoting.quote).joined(separator: " "))\n")
    }
}
