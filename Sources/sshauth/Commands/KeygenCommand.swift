import ArgumentParser
import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth keygen`: a new key pair in OpenSSH's formats, written safely.
struct KeygenCommand: ParsableCommand {
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
            or is asked twice on the terminal. An empty passphrase (--no-passphrase) is what \
            unattended batch jobs need; the file's permissions are then its only protection.
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

    @Flag(name: .customLong("no-passphrase"), help: "Leave the private key unencrypted (for unattended jobs).")
    var noPassphrase = false

    @Flag(help: "Replace existing key files.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Print the plan and change nothing.")
    var dryRun = false

    @Flag(help: "Print the result (or, with --dry-run, the plan) as JSON.")
    var json = false

    func validate() throws {
        if passphraseFile != nil, noPassphrase {
            throw ValidationError("--passphrase-file and --no-passphrase contradict each other; give one of them.")
        }
    }

    func run() throws {
        do {
            try generate()
        } catch let failure as CommandFailure {
            Console.error(failure.sentence)
            throw ExitCode(failure.status)
        }
    }

    private func generate() throws {
        let algorithm = try chosenAlgorithm()
        let account: UserAccount
        do { account = try UserAccount.current() } catch { throw CommandFailure(error.description) }
        for warning in account.homeWarnings { Console.warning(warning) }

        let path = file ?? "\(account.sshDirectory)/\(KeyPairRequest.defaultFileName(for: algorithm))"
        // Before any question: a key written where others can change it is not worth a passphrase.
        do { try DirectoryTrust.check(directoryOf: path) } catch { throw CommandFailure(error.description + " Nothing was written.") }
        let replace = try replaceDecision(for: path)
        let protection: KeyPairRequest.Protection
        var passphrase: SecretBytes?
        if noPassphrase {
            protection = .none
        } else if let passphraseFile {
            protection = .passphrase(from: "the file \(passphraseFile)")
            if !dryRun {
                do { passphrase = try SecretSource.file(passphraseFile).read() } catch { throw CommandFailure(error.description) }
            }
        } else if Console.stdinIsTerminal {
            if dryRun {
                protection = .passphrase(from: "the terminal (asked when run)")
            } else {
                Console.out("An empty passphrase is what unattended jobs need; then the file's permissions (0600) are all that protects the key.\n")
                passphrase = try PassphrasePrompt.askNewPassphrase()
                protection = passphrase == nil ? .none : .passphrase(from: "the terminal")
            }
        } else {
            throw CommandFailure("no passphrase source and no terminal to ask on: pass --no-passphrase for an unencrypted key (what unattended jobs need) or --passphrase-file FILE.")
        }

        let request = KeyPairRequest(algorithm: algorithm, rsaBits: bits ?? KeyGeneration.defaultRSABits,
                                     comment: comment ?? Self.defaultComment(account: account),
                                     privateKeyPath: path, protection: protection, replaceExisting: replace)
        let setup = KeyPairSetup(request: request, passphrase: passphrase)
        var plan = setup.plan()
        plan.notes = account.homeWarnings
        if dryRun {
            Console.out((json ? plan.renderedJSON() : plan.renderedText()) + "\n")
            return
        }
        if !json { Console.out("Generating public/private \(type.rawValue) key pair.\n") }
        do {
            try PlanExecutor.apply(plan)
        } catch {
            throw CommandFailure("\(error.underlying)" + (error.completed.isEmpty ? "" : " Nothing else was changed."))
        }
        guard let key = setup.key else { throw CommandFailure("the key was not generated.") }
        report(key, request: request)
    }

    private func report(_ key: SSHPrivateKey, request: KeyPairRequest) {
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

    private func chosenAlgorithm() throws(CommandFailure) -> SSHKeyAlgorithm {
        switch type {
        case .ed25519:
            return .ed25519
        case .ecdsa:
            switch bits ?? 256 {
            case 256: return .ecdsaP256
            case 384: return .ecdsaP384
            case 521: return .ecdsaP521
            case let other: throw CommandFailure("ECDSA keys are 256, 384 or 521 bits, not \(other); pass -b with one of those.")
            }
        case .rsa:
            do { try KeyGeneration.checkRSABits(bits ?? KeyGeneration.defaultRSABits) } catch {
                throw CommandFailure(error.description + ".")
            }
            return .rsa
        }
    }

    /// Whether existing files may be replaced: --force, or a "yes" on the terminal; otherwise refuse.
    private func replaceDecision(for path: String) throws(CommandFailure) -> Bool {
        let candidates: [String] = [path, path + ".pub"]
        let existing = candidates.filter { access($0, F_OK) == 0 }
        guard !existing.isEmpty, !force else { return force }
        if Console.stdinIsTerminal, !dryRun, !json {
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
