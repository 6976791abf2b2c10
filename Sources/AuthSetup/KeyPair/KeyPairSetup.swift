import Synchronization
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// Turns a ``KeyPairRequest`` into a ``Plan`` and holds the key the plan makes.
///
/// The same plan is printed by `--dry-run` and applied otherwise; the passphrase is only handed in
/// for applying and is never part of the plan.
public final class KeyPairSetup: Sendable {
    public let request: KeyPairRequest
    private let passphrase: SecretBytes?
    private let generated = Mutex<SSHPrivateKey?>(nil)

    /// `passphrase` must be given when the request's protection is a passphrase and the plan is to be applied.
    private let pregenerated: SSHPrivateKey?

    public init(request: KeyPairRequest, passphrase: SecretBytes?) {
        self.request = request
        self.passphrase = passphrase
        pregenerated = nil
    }

    /// A plan for a key already generated in memory (the wizard makes it before the review, so the
    /// plan can show the fingerprint that will be installed); applying writes that same key.
    public init(request: KeyPairRequest, passphrase: SecretBytes?, key: SSHPrivateKey) {
        self.request = request
        self.passphrase = passphrase
        pregenerated = key
    }

    /// The key made by applying the plan; nil before.
    public var key: SSHPrivateKey? { generated.withLock { $0 } }

    public func plan() -> Plan {
        let request = self.request
        var plan = Plan(title: "Create a new \(request.algorithm.displayName) key pair at \(request.privateKeyPath)")
        let directory = SafeFileWriter.parentDirectory(of: request.privateKeyPath)
        if access(directory, F_OK) != 0 {
            plan.steps.append(Plan.Step(
                change: .createDirectory, summary: "Create the directory \(directory)", location: .local(path: directory),
                mode: 0o700, manualCommand: "mkdir -m 700 \(ShellQuoting.quote(directory))"
            ) { try SafeFileWriter.makeDirectory(directory, mode: 0o700) })
        }
        let sizeWords = request.algorithm == .rsa ? " of \(request.bits) bits" : ""
        plan.steps.append(Plan.Step(
            change: .generateKey, summary: "Generate a new \(request.algorithm.displayName) key pair\(sizeWords), comment \"\(request.comment)\"",
            manualCommand: request.manualCommand
        ) { [self] in
            let key = try self.pregenerated ?? KeyGeneration.generate(request.algorithm, rsaBits: request.rsaBits, comment: request.comment)
            self.generated.withLock { $0 = key }
        })
        let protectionWords: String
        switch request.protection {
        case .none: protectionWords = "with no passphrase: the file's permissions are its only protection"
        case .passphrase(let source): protectionWords = "encrypted with the passphrase from \(source) (aes256-ctr, bcrypt key derivation, \(OpenSSHPrivateKeyFile.defaultRounds) rounds)"
        }
        let replacing = request.replaceExisting && access(request.privateKeyPath, F_OK) == 0
        plan.steps.append(Plan.Step(
            change: replacing ? .replaceFile : .writeFile,
            summary: "\(replacing ? "Replace" : "Write") the private key \(request.privateKeyPath), \(protectionWords)",
            location: .local(path: request.privateKeyPath), mode: 0o600
        ) { [self] in
            guard let key = self.generated.withLock({ $0 }) else { throw KeyPairSetupError.noKeyGenerated }
            if case .passphrase = request.protection, self.passphrase == nil { throw KeyPairSetupError.passphraseMissing }
            let text = try OpenSSHPrivateKeyFile.encode(key, passphrase: self.passphrase)
            try SafeFileWriter.write(text, to: request.privateKeyPath, mode: 0o600, replace: request.replaceExisting)
        })
        let replacingPublic = request.replaceExisting && access(request.publicKeyPath, F_OK) == 0
        plan.steps.append(Plan.Step(
            change: replacingPublic ? .replaceFile : .writeFile,
            summary: "\(replacingPublic ? "Replace" : "Write") the public key \(request.publicKeyPath)",
            location: .local(path: request.publicKeyPath), mode: 0o644
        ) { [self] in
            guard let key = self.generated.withLock({ $0 }) else { throw KeyPairSetupError.noKeyGenerated }
            let line = PublicKeyLine(key: key.publicKey, comment: request.comment).text + "\n"
            do {
                try SafeFileWriter.write(Array(line.utf8), to: request.publicKeyPath, mode: 0o644, replace: request.replaceExisting)
            } catch {
                // Without its public half the new private key is confusing; take it back out.
                unlink(request.privateKeyPath)
                throw error
            }
        })
        return plan
    }
}

/// A key pair plan applied out of order or without what it needs.
public enum KeyPairSetupError: Error, CustomStringConvertible {
    case noKeyGenerated
    case passphraseMissing

    public var description: String {
        switch self {
        case .noKeyGenerated: "No key was generated before the write step."
        case .passphraseMissing: "A passphrase was planned but none was supplied."
        }
    }
}
