import ArgumentParser
import AuthSetup
import Flows
import RemoteAccess
import SSHKeys

/// `sshauth remove`: takes one key's lines out of a target account's authorized_keys.
struct RemoveCommand: TargetOrHostsCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a key's lines from a target account's authorized_keys, every other byte kept.",
        discussion: """
            Removes every line that carries the key (compared by key, whatever the line's options \
            and comment) and nothing else: other lines, blank and comment lines, CRLF endings and \
            a missing final newline stay byte for byte. Over SFTP, the new content is written to a \
            new file beside the old one (same mode), flushed, and renamed over it with the server's \
            posix-rename@openssh.com extension, only while the old file still holds what the \
            removal was planned from (a change meanwhile is planned from once more). The file is \
            never rewritten in place: a server without that extension, a file owned by another \
            account or a symbolic link is refused. Removing the key this run logged in with, or \
            the file's last key when the server takes no passwords, is refused unless --force is \
            given with a proof: --proof-identity or --proof-password-file, which logs in on a \
            second connection before anything is changed. A key that is not in the file is an \
            error. --dry-run prints the plan and the lines it would remove.

            sshauth remove --hosts FILE [--limit GROUP] [--parallel N] [--json] (-i KEY.pub | \
            --fingerprint SHA256:...) [options]: the same removal on every target of a plain list \
            or an Ansible INI inventory, --parallel at a time (default 16), each target judged \
            alone: its own host key (never recorded; an unknown one needs --accept-new-host-key or \
            a known_hosts entry), its own login (an inventory's sshauth_password_file, or the \
            common --password-file/--identity, or a password typed once), its own lockout \
            judgement. One line per finished target, then a table; exit 0 when every target lost \
            the key, 1 when any failed (named in the last line), 2 for bad input, which contacts nobody.
            """
    )

    @OptionGroup var targets: TargetOrHostsOptions

    @Option(name: .customShort("i"), help: ArgumentHelp("The public key to remove (a .pub file).", valueName: "pubkey"))
    var publicKeyFile: String?

    @Option(name: .customLong("fingerprint"), help: ArgumentHelp("The key to remove, by its SHA256 fingerprint as ssh-keygen -l prints it.", valueName: "SHA256:..."))
    var fingerprint: String?

    @Option(name: .customLong("target-path"), help: ArgumentHelp("The authorized_keys file, relative to the remote home or absolute (default: .ssh/authorized_keys).", valueName: "path"))
    var targetPath: String?

    @Flag(help: "Remove even when it could lock you out, after proving another way in (--proof-identity or --proof-password-file).")
    var force = false

    @Option(name: .customLong("proof-identity"), help: ArgumentHelp("With --force: another private key that stays authorized; sshauth logs in with it before removing.", valueName: "privkey"))
    var proofIdentity: String?

    @Option(name: .customLong("proof-password-file"), help: ArgumentHelp("With --force: the account's password (a file only you can read); sshauth logs in with it before removing.", valueName: "file"))
    var proofPasswordFile: String?

    @Flag(name: .customLong("dry-run"), help: "Print the plan and the lines it would remove; change nothing.")
    var dryRun = false

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    func validate() throws {
        if publicKeyFile == nil, fingerprint == nil { throw ValidationError("name the key to remove with -i PUBKEY or --fingerprint SHA256:...") }
        if publicKeyFile != nil, fingerprint != nil { throw ValidationError("-i and --fingerprint both name the key to remove; give one.") }
        if proofIdentity != nil, proofPasswordFile != nil { throw ValidationError("--proof-identity and --proof-password-file are two proofs; give one.") }
        if !force, proofIdentity != nil || proofPasswordFile != nil {
            throw ValidationError("--proof-identity and --proof-password-file go with --force; without it a removal that could lock you out is refused.")
        }
    }

    /// `--hosts FILE`: the same removal on every target of the list (`FleetRemoveRun`).
    func runOnList() throws(CommandFailure) -> Int32 {
        if dryRun { throw CommandFailure("--dry-run works on one target; leave it out with --hosts, or name one target.", status: 2) }
        let list = try targets.fleet.targets()
        let connection = try targets.connection()
        let key: KeyToRemove
        do {
            let account: UserAccount
            do { account = try UserAccount.current() } catch { throw CommandFailure(error.description) }
            key = try keyToRemove(account: account)
        } catch { throw CommandFailure(error.sentence, status: 2) }
        let proof: KeyRemovalLockout.Proof?
        do { proof = try readProof() } catch { throw CommandFailure(error.sentence, status: 2) }
        return FleetRemoveRun(key: key, targetPath: targetPath, targets: list, list: targets.fleet.listName, parallel: targets.fleet.workers,
                              json: json, connection: connection, proof: proof).run()
    }

    func execute() throws(CommandFailure) {
        let connection = try targets.connection()
        let context = try connection.resolve()
        let key = try keyToRemove(account: context.account)
        let proof = try readProof()
        var credentials = try connection.readCredentials()
        let loginKey = credentials.identity?.publicKey
        // As keys: the host key is judged but never recorded here.
        let session = try connection.connectAndTrust(context, dryRun: true, quiet: true)
        _ = try connection.authenticate(session, context: context, credentials: &credentials, dryRun: false)
        let (prepared, files) = try CommandFailure.flow { () throws(FlowFailure) in
            try KeyRemoval.prepare(session: session, target: context.target, targetPath: targetPath, key: key, loginKey: loginKey, proof: proof)
        }
        if dryRun {
            Console.out(json ? prepared.renderedJSON() + "\n" : prepared.renderedText())
            return
        }
        let outcome = try CommandFailure.flow { () throws(FlowFailure) in
            try KeyRemoval.apply(prepared, files: files, target: context.target, connection: session, proof: proof,
                                 timeoutSeconds: connection.timeoutSeconds)
        }
        Console.out(json ? outcome.renderedJSON() + "\n" : outcome.renderedText(target: context.target))
    }

    /// The key named by -i (a .pub file with one key, or a private key) or --fingerprint.
    private func keyToRemove(account: UserAccount) throws(CommandFailure) -> KeyToRemove {
        if let fingerprint {
            do { return try KeyToRemove.parseFingerprint(fingerprint) } catch { throw CommandFailure(error.description) }
        }
        return .key(try CommandFailure.flow { () throws(FlowFailure) in try KeyToInstall.load(publicKeyFile, account: account) }.line.key)
    }

    /// The --force proof's credential, read before connecting.
    private func readProof() throws(CommandFailure) -> KeyRemovalLockout.Proof? {
        if let proofIdentity {
            let read = try TargetContext.readCredentials(.identity(path: proofIdentity, passphrase: nil))
            guard let key = read.identity else { return nil }
            return KeyRemovalLockout.Proof(.identity(path: proofIdentity, key: key))
        }
        if let proofPasswordFile {
            do { return KeyRemovalLockout.Proof(.password(try SecretSource.file(proofPasswordFile).read())) } catch {
                throw CommandFailure("--proof-password-file \(proofPasswordFile): \(error)")
            }
        }
        return nil
    }
}
