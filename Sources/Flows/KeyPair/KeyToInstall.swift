import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// The public key a set-up installs (or `check` looks for), and where its private half is.
public struct KeyToInstall: Sendable {
    public let line: PublicKeyLine
    public let publicKeyPath: String
    /// The private key file next to the .pub (or given directly), when there is one.
    public let privateKeyPath: String?
    /// Whether the running ssh-agent holds the key, so ssh can log in with it without the file.
    public let agentHoldsKey: Bool
    /// Whether the key was given as a PuTTY .ppk file, which ssh cannot log in with.
    public let isPuTTYKeyFile: Bool

    public init(line: PublicKeyLine, publicKeyPath: String, privateKeyPath: String?, agentHoldsKey: Bool, isPuTTYKeyFile: Bool = false) {
        self.line = line
        self.publicKeyPath = publicKeyPath
        self.privateKeyPath = privateKeyPath
        self.agentHoldsKey = agentHoldsKey
        self.isPuTTYKeyFile = isPuTTYKeyFile
    }

    /// A key that a plan is about to write: its private half will be at `privateKeyPath`.
    public init(planned key: SSHPrivateKey, comment: String, privateKeyPath: String) {
        self.init(line: PublicKeyLine(key: key.publicKey, comment: comment), publicKeyPath: privateKeyPath + ".pub",
                  privateKeyPath: privateKeyPath, agentHoldsKey: false)
    }

    /// The key installed when none is named: the newest `~/.ssh/id_*.pub`, as ssh-copy-id picks it.
    public static func defaultPublicKey(account: UserAccount) throws(FlowFailure) -> String {
        guard let path = KeyFiles.defaultPublicKeys(in: account.sshDirectory).first else {
            throw FlowFailure("no key to install: there is no ~/.ssh/id_*.pub in \(account.sshDirectory); make one with 'sshauth keygen' or name one with -i.")
        }
        return path
    }

    /// Reads `path` (a .pub or a private key) or, without it, the newest `~/.ssh/id_*.pub`.
    public static func load(_ given: String?, account: UserAccount) throws(FlowFailure) -> KeyToInstall {
        let path: String
        if let given { path = given } else { path = try defaultPublicKey(account: account) }
        let text: [UInt8]
        do { text = try LocalFile.readAll(path, kind: .key) } catch { throw FlowFailure(error.description) }
        if PrivateKeyFile.announcesPrivateKey(text) {
            do {
                let (key, comment) = try PrivateKeyFile.publicHalf(text)
                let line = PublicKeyLine(key: key, comment: comment ?? "")
                // ssh reads no .ppk file, so such a key cannot prove its own login from here.
                let isPuTTY = PuTTYKeyFile.looksLikeOne(text)
                return KeyToInstall(line: line, publicKeyPath: path, privateKeyPath: isPuTTY ? nil : path, agentHoldsKey: false, isPuTTYKeyFile: isPuTTY)
            } catch {
                throw FlowFailure("\(path): \(error); give the .pub file with -i instead.")
            }
        }
        var found: PublicKeyLine?
        var keyLines: [Int] = []
        var firstProblem: SSHKeyError?
        text.withUnsafeBufferPointer { buffer in
            PublicKeyScanner.scan(buffer) { lineNumber, outcome in
                switch outcome {
                case .key(let key, let comment):
                    keyLines.append(lineNumber)
                    if found == nil { found = PublicKeyLine(key: key, comment: String(decoding: comment, as: UTF8.self)) }
                case .invalid(let error) where firstProblem == nil:
                    firstProblem = error
                case .securityKey(let key, _) where firstProblem == nil:
                    firstProblem = SSHKeyError(.unknownKeyType, "\(key.kind.rawValue) is a FIDO security-key key, which sshauth lists but does not install; ssh-copy-id can append it")
                case .certificate(let certificate, _) where firstProblem == nil:
                    firstProblem = SSHKeyError(.unknownKeyType, "\(certificate.typeName) is an OpenSSH certificate, which a target trusts through its CA (a cert-authority line or sshd's TrustedUserCAKeys), not through authorized_keys; install the plain key (the .pub file without -cert)")
                case .dsa where firstProblem == nil:
                    firstProblem = SSHKeyError(.unknownKeyType, "ssh-dss is a DSA key, which OpenSSH no longer accepts for logins (off since 7.0, removed in 9.8); sshauth lists it but does not install it: make an Ed25519 key with 'sshauth keygen'")
                default:
                    break
                }
            }
        }
        guard let line = found else {
            throw FlowFailure("\(path) holds no public key\(firstProblem.map { " (\($0))" } ?? ""); give a .pub file made by ssh-keygen or sshauth keygen.")
        }
        // Installing only the first of several keys would leave the others out without a word.
        guard keyLines.count == 1 else {
            throw FlowFailure("\(path) holds \(keyLines.count) public keys (lines \(keyLines.map(String.init).joined(separator: ", "))); give a file with only the key to install, one install per key.")
        }
        let privatePath = path.hasSuffix(".pub") ? String(path.dropLast(4)) : nil
        let privateExists = privatePath.map { LocalFile.exists($0) } ?? false
        // The agent only matters when there is no private key file to log in with.
        return KeyToInstall(line: line, publicKeyPath: path, privateKeyPath: privateExists ? privatePath : nil,
                            agentHoldsKey: !privateExists && agentHolds(line.key))
    }

    /// Asks the agent at `SSH_AUTH_SOCK` whether it holds the key (no agent, or one that does not
    /// answer within its 10 seconds: no).
    private static func agentHolds(_ key: SSHPublicKey) -> Bool {
        guard let agent = try? SSHAgentClient.fromEnvironment(), let held = try? agent.identities() else { return false }
        return held.contains { $0.blob == key.blob }
    }
}
