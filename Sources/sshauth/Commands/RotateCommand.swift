import ArgumentParser
import AuthSetup
import Flows
import RemoteAccess
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth rotate`: replaces a key on a target by a new one, in an order that never leaves the
/// account without a working key.
struct RotateCommand: TargetOrHostsCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace a key in a target account's authorized_keys by a new one, proving each step.",
        discussion: """
            Four steps, in this order: install the new key (made here with -t/-b/-C/-f, or the \
            one --new-key names) as 'sshauth install' does; prove with the system ssh that it \
            logs in; remove the old key's lines as 'sshauth remove' does; prove that the old key \
            is now refused. A failing step stops the rotation and is named: until the removal, the \
            old key is untouched and still logs in. -i names the old key's private key (or its \
            .pub with the private key beside it), which the last proof needs.

            sshauth rotate --hosts FILE [--limit GROUP] [--json] -i OLD_KEY [new key options] \
            [options]: the new key is made (or read) once, then every target of the list or \
            inventory is rotated in turn, target by target, with the four steps each; a target \
            that fails keeps its old key working and the run goes on. One line per target, a \
            table, exit 0 when every target was rotated, 1 when any failed, 2 for bad input (which \
            makes no key and contacts nobody).
            """
    )

    @OptionGroup var targets: TargetOrHostsOptions

    @Option(name: .customShort("i"), help: ArgumentHelp("The old key: its private key file, or its .pub with the private key beside it.", valueName: "old-key"))
    var oldKey: String

    @Option(name: .customLong("new-key"), help: ArgumentHelp("Install this existing key (a .pub file or a private key) instead of making one.", valueName: "file"))
    var newKey: String?

    @Option(name: .customShort("t"), help: ArgumentHelp("The new key's type: ed25519 (default), ecdsa or rsa.", valueName: "type"))
    var type: KeygenCommand.KeyType = .ed25519

    @Option(name: .customShort("b"), help: ArgumentHelp("The new key's size (RSA 2048-16384, ECDSA 256/384/521).", valueName: "bits"))
    var bits: Int?

    @Option(name: .customShort("C"), help: ArgumentHelp("The new key's comment (default: user@hostname).", valueName: "comment"))
    var comment: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("The new private key file (default: the old one's name with -YYYYMMDD).", valueName: "file"))
    var file: String?

    @Option(name: .customLong("new-passphrase-file"), help: ArgumentHelp("Encrypt the new key with the passphrase in this file (yours, mode 0600 or 0400).", valueName: "file"))
    var newPassphraseFile: String?

    @Flag(name: .customLong("no-passphrase"), help: "Leave the new private key unencrypted (for unattended jobs).")
    var noPassphrase = false

    @Option(name: .customLong("target-path"), help: ArgumentHelp("The authorized_keys file, relative to the remote home or absolute (default: .ssh/authorized_keys).", valueName: "path"))
    var targetPath: String?

    @Flag(help: "With --hosts: print one JSON object per target instead of lines and a table.")
    var json = false

    var fleetOnlyOptions: [String] { json ? ["--json"] : [] }

    func validate() throws {
        if newPassphraseFile != nil, noPassphrase { throw ValidationError("--new-passphrase-file and --no-passphrase contradict each other; give one of them.") }
        if newKey != nil, file != nil || comment != nil || bits != nil || newPassphraseFile != nil || noPassphrase {
            throw ValidationError("--new-key names an existing key; -f, -C, -b, --new-passphrase-file and --no-passphrase are for making one. Give one or the other.")
        }
    }

    /// The steps, numbered as the output names them.
    private enum Step: Int {
        case install = 1, proveNew, removeOld, proveOldRefused

        var name: String {
            switch self {
            case .install: "install the new key"
            case .proveNew: "prove that the new key logs in"
            case .removeOld: "remove the old key"
            case .proveOldRefused: "prove that the old key is refused"
            }
        }

        func failed(_ why: String, oldKeyWorks: Bool) -> CommandFailure {
            let old = oldKeyWorks ? " The old key was not removed and still logs in." : ""
            return CommandFailure("step \(rawValue) (\(name)) failed: \(why)\(old)")
        }
    }

    /// `--hosts FILE`: every target of the list rotated in turn (`FleetRotateRun`). Everything is
    /// read first; the new key is made only when the list, the logins and the old key are good.
    func runOnList() throws(CommandFailure) -> Int32 {
        let list = try targets.fleet.targets()
        let connection = try targets.connection()
        let (contexts, logins) = try FleetRotateRun.prepare(list, list: targets.fleet.listName, connection: connection, json: json)
        let (old, oldPrivate): (KeyToInstall, String)
        do { (old, oldPrivate) = try oldKeyAndPrivate() } catch { throw CommandFailure(error.sentence, status: 2) }
        let setup = try newKeySetup(old: old, oldPrivate: oldPrivate)
        guard case .some(let choice) = setup.key else { throw CommandFailure("no new key was named.", status: 2) }
        let newPublic: String, newPrivate: String
        switch choice {
        case .existing(let path):
            newPublic = path
            newPrivate = (try? KeyToInstall.load(path, account: InstallCommand.currentAccount()))?.privateKeyPath ?? path
        case .new(let key):
            var keygen = Setup(mechanism: .keyPair, targets: [])
            keygen.key = .new(key)
            try KeygenCommand.perform(keygen, mode: SetupRunMode(dryRun: false, json: false))
            newPublic = key.file + ".pub"
            newPrivate = key.file
        }
        let account = try InstallCommand.currentAccount()
        let newKey = try CommandFailure.flow { () throws(FlowFailure) in try KeyToInstall.load(newPublic, account: account) }
        return FleetRotateRun(old: old, oldPrivate: oldPrivate, newKey: newKey, newPrivate: newPrivate, targetPath: targetPath,
                              targets: list, contexts: contexts, logins: logins, json: json, connection: connection).run()
    }

    /// The old key and its private key file, which the last step's proof needs.
    private func oldKeyAndPrivate() throws(CommandFailure) -> (KeyToInstall, String) {
        let account = try InstallCommand.currentAccount()
        let old = try CommandFailure.flow { () throws(FlowFailure) in try KeyToInstall.load(oldKey, account: account) }
        guard let oldPrivate = old.privateKeyPath, LocalFile.exists(oldPrivate) else {
            throw CommandFailure("-i \(oldKey): the old key's private key is not here, and the last step needs it to prove the key is refused; give the private key file. Nothing was changed.")
        }
        return (old, oldPrivate)
    }

    /// A key-pair set-up for the new key: the one --new-key names, or one to make.
    private func newKeySetup(old: KeyToInstall, oldPrivate: String) throws(CommandFailure) -> Setup {
        var setup = Setup(mechanism: .keyPair, targets: [])
        if let newKey {
            let path = try SetupSaving.absolutePath(newKey)
            let account = try InstallCommand.currentAccount()
            let new = try CommandFailure.flow { () throws(FlowFailure) in try KeyToInstall.load(path, account: account) }
            guard new.line.key.blob != old.line.key.blob else { throw CommandFailure("--new-key \(newKey) is the old key itself; nothing was changed.") }
            setup.key = .existing(publicKey: path)
        } else {
            var passphrase: Setup.SecretOrigin? = .ask
            if noPassphrase { passphrase = nil } else if let newPassphraseFile { passphrase = .file(try SetupSaving.absolutePath(newPassphraseFile)) }
            var path = "\(oldPrivate)-\(Self.today())"
            if let file { path = try SetupSaving.absolutePath(file) }
            setup.key = .new(Setup.NewKey(type: type.rawValue, bits: type == .ed25519 ? nil : bits, comment: comment, file: path, passphrase: passphrase))
        }
        return setup
    }

    func execute() throws(CommandFailure) {
        let connection = try targets.connection()
        let (old, oldPrivate) = try oldKeyAndPrivate()
        let account = try InstallCommand.currentAccount()
        // Step 4 means something only if the old key logs in now: a key ssh cannot use (encrypted
        // and in no agent) would be "refused" whether or not it was removed.
        let context = try connection.resolve()
        let before = LoginProof.prove(user: context.user, host: context.host, port: context.port, identityFile: oldPrivate,
                                      knownHostsFile: context.knownHostsFile)
        guard before.succeeded else {
            throw CommandFailure("the old key \(oldPrivate) does not log in now with the system ssh (\(before.detail)), so its removal could not be proven; rotate needs a key ssh can use unattended (unencrypted, or in the ssh-agent). Nothing was changed.")
        }
        var setup = try newKeySetup(old: old, oldPrivate: oldPrivate)
        try connection.fill(&setup)
        setup.install = Setup.InstallChoice(targetPath: targetPath, fixHomePermissions: false, verify: true)
        let newPrivate: String
        switch setup.key {
        case .existing(let path)?:
            newPrivate = (try? KeyToInstall.load(path, account: account))?.privateKeyPath ?? path
        case .new(let key)?:
            newPrivate = key.file
        case nil:
            throw CommandFailure("no new key was named.")
        }

        // Steps 1 and 2: the install flow proves the new key's login itself and fails without it.
        do {
            try InstallCommand.perform(setup, mode: SetupRunMode(dryRun: false, json: false))
        } catch {
            let step: Step = error.sentence.contains("ssh could not log in") ? .proveNew : .install
            throw step.failed(error.sentence, oldKeyWorks: true)
        }
        Console.out("Steps 1 and 2 done: the new key \(newPrivate) is installed and logs in.\n")

        // Step 3: a fresh connection, since the install's has ended.
        var credentials = try connection.readCredentials()
        let loginKey = credentials.identity?.publicKey
        let removed: KeyRemoval.Outcome
        do {
            let session = try connection.connectAndTrust(context, dryRun: true, quiet: true)
            _ = try connection.authenticate(session, context: context, credentials: &credentials, dryRun: false)
            let proof = KeyRemovalLockout.Proof(.provenBefore("the new key \(newPrivate) logged in with the system ssh client"))
            removed = try CommandFailure.flow { () throws(FlowFailure) in
                let (prepared, files) = try KeyRemoval.prepare(session: session, target: context.target, targetPath: targetPath, key: .key(old.line.key),
                                                               loginKey: loginKey, proof: proof)
                return try KeyRemoval.apply(prepared, files: files, target: context.target, connection: session, proof: proof,
                                            timeoutSeconds: connection.timeoutSeconds)
            }
        } catch {
            throw Step.removeOld.failed(error.sentence, oldKeyWorks: true)
        }
        Console.out("Step 3 done:\n" + removed.renderedText(target: context.target))

        // Step 4: the old key must no longer log in.
        let outcome = LoginProof.prove(user: context.user, host: context.host, port: context.port, identityFile: oldPrivate,
                                       knownHostsFile: context.knownHostsFile)
        guard !outcome.succeeded else {
            throw Step.proveOldRefused.failed("ssh still logs in with \(oldPrivate); another authorized_keys file or a certificate authority may still accept it.", oldKeyWorks: false)
        }
        Console.out("Step 4 done: ssh is refused with the old key \(oldPrivate) (\(outcome.detail)).\n")
    }

    /// The date for the new key's default file name, in UTC.
    private static func today() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(parts.tm_year + 1900, 4) + padded(parts.tm_mon + 1, 2) + padded(parts.tm_mday, 2)
    }
}
