import AuthSetup
#if canImport(Glibc)
import Glibc
#endif

/// `--save-setup FILE`: the command's checked inputs written as a set-up file, and nothing else
/// changed (no connection, no key, no known_hosts line).
enum SetupSaving {
    static func save(_ setup: Setup, to path: String, force: Bool) throws(CommandFailure) {
        let absolute = try absolutePath(path)
        do { try SetupFile.save(setup, to: absolute, replace: force) } catch { throw CommandFailure(error.description) }
        let quoted = ShellQuoting.quote(absolute)
        Console.out("""
            Saved the set-up to \(absolute); nothing else was changed.
            See its plan:  sshauth apply \(quoted) --dry-run
            Run it:        sshauth apply \(quoted)

            """)
    }

    /// A path made absolute against the current directory, as the set-up file holds paths.
    static func absolutePath(_ path: String) throws(CommandFailure) -> String {
        if path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { throw CommandFailure("cannot tell the current directory to place \(path) in.") }
        defer { free(cwd) }
        return String(cString: cwd) + "/" + path
    }
}
