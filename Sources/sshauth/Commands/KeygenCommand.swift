import ArgumentParser
import AuthSetup
import Flows
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth keygen`: a new key pair in OpenSSH's formats, written safely.
struct KeygenCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate a key pair that OpenSSH uses as if ssh-keygen had made it.",
        discussion: """
            The private key is written in the openssh-key-v1 format with mode 0600, through a \
            temporary file that is synced and then moved into place; the public key goes next to \
            it with .pub appended, mode 0644. Existing files are never replaced without --force. \
            The key's directory (symbolic links followed) and every directory above it must be \
            owned by you or root and not writable by group or others (a sticky directory such as \
            /tmp excepted); otherwise nothing is written.

            A passphrase comes from --passphrase-file (a file only you can read: mode 0600 or 0400), \
            --passphrase-fd (the first line read from an inherited descriptor), or is asked twice on \
            the terminal. An empty passphrase (--no-passphrase) is what \
            unattended batch jobs need; the file's permissions are then its only protection.

            --save-setup FILE writes the checked options to a set-up file for 'sshauth apply' \
            instead of making the key.
            """
    )

    enum KeyType: String, ExpressibleByArgument, CaseIterable {
        case ed25519, ecdsa, rsa
    }

    @Option(name: .customShort("t"), help: ArgumentHelp("Key type: ed25519 (default), ecdsa or rsa.", valueName: "type"))
    var type: KeyType = .ed25519

    @Option(name: .customShort("b"), help: ArgumentHelp("Key size: RSA 2048-16384 (default 3072); ECDSA 256, 384 or 521 (default 256). Ignored for ed25519.", valueName: "bits"))
    var bits: Int?

    @Option(name: .customShort("C"), help: ArgumentHelp("Comment stored with the key (default: user@hostname).", valueName: "comment"))
    var comment: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("Private key file (default: ~/.ssh/id_<type> under the home ssh uses).", valueName: "file"))
    var file: String?

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("Read the passphrase from this file (must be yours, mode 0600 or 0400).", valueName: "file"))
    var passphraseFile: String?

    @Option(name: .customLong("passphrase-fd"), help: ArgumentHelp("Read the passphrase from the first line of this inherited file descriptor (up to the newline, not to the end).", valueName: "n"))
    var passphraseFD: Int32?

    @Flag(name: .customLong("no-passphrase"), help: "Leave the private key unencrypted (for unattended jobs).")
    var noPassphrase = false

    @Flag(help: "Replace existing key files (with --save-setup: the set-up says so, and an existing set-up file is replaced).")
    var force = false

    @Option(name: .customLong("save-setup"), help: ArgumentHelp("Check the options and write them to this new set-up file for 'sshauth apply', instead of making the key.", valueName: "file"))
    var saveSetup: String?

    @Flag(name: .customLong("dry-run"), help: "Print the plan and change nothing.")
    var dryRun = false

    @Flag(help: "Print the result (or, with --dry-run, the plan) as JSON.")
    var json = false

    func validate() throws {
        if passphraseFile != nil, noPassphrase {
            throw ValidationError("--passphrase-file and --no-passphrase contradict each other; give one of them.")
        }
        if passphraseFD != nil, noPassphrase {
            throw ValidationError("--passphrase-fd and --no-passphrase contradict each other; give one of them.")
        }
        if passphraseFD != nil, passphraseFile != nil {
            throw ValidationError("--passphrase-file and --passphrase-fd are two sources for one passphrase; give one.")
        }
        if let passphraseFD, passphraseFD < 0 { throw ValidationError("--passphrase-fd \(passphraseFD) is not a file descriptor; give 0 or more.") }
        if saveSetup != nil, dryRun {
            throw ValidationError("--save-setup only writes the set-up file and makes no key, so there is nothing to preview; leave out --dry-run.")
        }
    }

    func execute() throws(CommandFailure) {
        let setup = try setup()
        if let saveSetup {
            try SetupSaving.save(setup, to: saveSetup, force: force)
            return
        }
        try Self.perform(setup, mode: SetupRunMode(dryRun: dryRun, json: json))
    }

    /// The options as a key-pair set-up with no target: the new key's type, size, comment, file
    /// (absolute; by default ~/.ssh/id_<type> under the home ssh uses) and passphrase source.
    func setup() throws(CommandFailure) -> Setup {
        let passphrase: Setup.SecretOrigin?
        if noPassphrase {
            passphrase = nil
        } else if let passphraseFile {
            passphrase = .file(try SetupSaving.absolutePath(passphraseFile))
        } else if let passphraseFD {
            passphrase = .descriptor(passphraseFD)
        } else {
            passphrase = .ask
        }
        // ed25519 has one size: a -b given with it says nothing, so the set-up leaves it out.
        var key = Setup.NewKey(type: type.rawValue, bits: type == .ed25519 ? nil : bits, comment: comment, file: "",
                               passphrase: passphrase, replace: force)
        let (algorithm, _) = try CommandFailure.flow { () throws(FlowFailure) in try NewKeyPair.algorithm(key) }
        if let file {
            key.file = try SetupSaving.absolutePath(file)
        } else {
            key.file = "\(try InstallCommand.currentAccount().sshDirectory)/\(KeyPairRequest.defaultFileName(for: algorithm))"
        }
        return Setup(mechanism: .keyPair, targets: [], key: .new(key))
    }

    /// The one-line form of `setup`: `sshauth keygen` with the options that give it again.
    static func commandLine(_ setup: Setup) -> [String] {
        guard case .new(let key)? = setup.key else { return [] }
        var words = ["sshauth", "keygen", "-t", key.type]
        if let bits = key.bits { words += ["-b", String(bits)] }
        if let comment = key.comment { words += ["-C", comment] }
        words += ["-f", key.file]
        switch key.passphrase {
        case nil: words.append("--no-passphrase")
        case .file(let path)?: words += ["--passphrase-file", path]
        case .descriptor(let fd)?: words += ["--passphrase-fd", String(fd)]
        case .ask?: break
        }
        if key.replace { words.append("--force") }
        return words
    }

    /// Makes the set-up's new key: checks its place, settles replacing existing files, reads the
    /// passphrase by its origin, then prints the plan (dry run) or applies it and reports the key.
    static func perform(_ setup: Setup, mode: SetupRunMode) throws(CommandFailure) {
        guard setup.mechanism == .keyPair, setup.targets.isEmpty, case .new(let key)? = setup.key else {
            throw CommandFailure("keygen needs a key-pair set-up that makes a new key and names no target.")
        }
        _ = try CommandFailure.flow { () throws(FlowFailure) in try NewKeyPair.algorithm(key) }
        let account = try InstallCommand.currentAccount()
        for warning in account.homeWarnings { Console.warning(warning) }
        // Before any question: a key written where others can change it is not worth a passphrase.
        try CommandFailure.flow { () throws(FlowFailure) in try NewKeyPair.checkDirectory(of: key) }
        let replace = try replaceDecision(for: key, mode: mode)
        let (protection, passphrase) = try newKeyPassphrase(key.passphrase, dryRun: mode.dryRun)
        let made = try CommandFailure.flow { () throws(FlowFailure) in
            try NewKeyPair.prepare(key, comment: key.comment ?? defaultComment(account: account), protection: protection,
                                   passphrase: passphrase, replace: replace, generateNow: false)
        }
        var plan = made.setup.plan()
        plan.notes = account.homeWarnings
        if mode.dryRun {
            Console.out((mode.json ? plan.renderedJSON() : plan.renderedText()) + "\n")
            return
        }
        if !mode.json { Console.out("Generating public/private \(key.type) key pair.\n") }
        do {
            try PlanExecutor.apply(plan)
        } catch {
            throw CommandFailure("\(error.underlying)" + (error.completed.isEmpty ? "" : " Nothing else was changed."))
        }
        guard let generated = made.setup.key else { throw CommandFailure("the key was not generated.") }
        report(generated, request: made.setup.request, json: mode.json)
        if !mode.json, case let words = commandLine(setup), !words.isEmpty {
            Console.out("Repeat with: \(words.map(ShellQuoting.quote).joined(separator: " "))\n")
        }
    }

    /// The protection a new key gets and its passphrase, by the set-up's origin: none, a file, a
    /// descriptor, or asked twice on the terminal (a dry run reads and asks nothing).
    static func newKeyPassphrase(_ origin: Setup.SecretOrigin?, dryRun: Bool) throws(CommandFailure) -> (KeyPairRequest.Protection, SecretBytes?) {
        func read(_ source: SecretSource) throws(CommandFailure) -> SecretBytes? {
            guard !dryRun else { return nil }
            do { return try source.read() } catch { throw CommandFailure(error.description) }
        }
        switch origin {
        case nil:
            return (.none, nil)
        case .file(let path)?:
            return (.passphrase(from: "the file \(path)"), try read(.file(path)))
        case .descriptor(let fd)?:
            return (.passphrase(from: "file descriptor \(fd)"), try read(.descriptor(fd)))
        case .ask?:
            guard Console.stdinIsTerminal else {
                throw CommandFailure("no passphrase source and no terminal to ask on: pass --no-passphrase for an unencrypted key (what unattended jobs need), --passphrase-file FILE or --passphrase-fd N.")
            }
            if dryRun { return (.passphrase(from: "the terminal (asked when run)"), nil) }
            Console.out("An empty passphrase is what unattended jobs need; then the file's permissions (0600) are all that protects the key.\n")
            let typed = try PassphrasePrompt.askNewPassphrase()
            return (typed == nil ? .none : .passphrase(from: "the terminal"), typed)
        }
    }

    private static func report(_ key: SSHPrivateKey, request: KeyPairRequest, json: Bool) {
        let fingerprint = Fingerprint(of: key.publicKey)
        let art = FingerprintListing.randomart(for: key.publicKey, hash: .sha256)
        if json {
            struct Result: Encodable {
                let private_key: String
                let public_key: String
                let type: String
                let bits: Int
                let comment: String
                let encrypted: Bool
                let fingerprint: String
                let public_key_line: String
                let randomart: String
            }
            Console.out(JSONText.encode(Result(
                private_key: request.privateKeyPath, public_key: request.publicKeyPath, type: key.algorithm.name,
                bits: key.publicKey.bits, comment: key.comment, encrypted: request.protection != .none,
                fingerprint: fingerprint.description,
                public_key_line: PublicKeyLine(key: key.publicKey, comment: key.comment).text, randomart: art)) + "\n")
            return
        }
        Console.out("""
            Your identification has been saved in \(request.privateKeyPath)
            Your public key has been saved in \(request.publicKeyPath)
            The key fingerprint is:
            \(fingerprint) \(key.comment)
            The key's randomart image is:
            \(art)

            """)
    }

    /// Whether existing files may be replaced: --force, or a "yes" on the terminal; otherwise refuse.
    private static func replaceDecision(for key: Setup.NewKey, mode: SetupRunMode) throws(CommandFailure) -> Bool {
        let existing = NewKeyPair.existingFiles(of: key)
        guard !existing.isEmpty, !key.replace else { return key.replace }
        if Console.stdinIsTerminal, !mode.dryRun, !mode.json {
            Console.out("\(existing.joined(separator: " and ")) already exist\(existing.count == 1 ? "s" : ""). Overwrite (y/n)? ")
            if let answer = readLine(), answer.lowercased().hasPrefix("y") { return true }
            throw CommandFailure("kept the existing key; nothing was written.")
        }
        throw CommandFailure("\(existing[0]) already exists; pass --force to replace it, or choose another file with -f. Nothing was written.")
    }

    static func defaultComment(account: UserAccount) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        let host = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return "\(account.name)@\(host)"
    }
}
