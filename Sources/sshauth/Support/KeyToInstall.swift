import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// The public key a command installs or checks, and where its private half is.
struct KeyToInstall {
    let line: PublicKeyLine
    let publicKeyPath: String
    /// The private key file next to the .pub (or given directly), when there is one.
    let privateKeyPath: String?
    /// Whether the running ssh-agent holds the key, so ssh can log in with it without the file.
    let agentHoldsKey: Bool

    /// Reads `-i` (a .pub or a private key) or, without it, the newest `~/.ssh/id_*.pub`.
    static func load(_ path: String?, account: UserAccount) throws(CommandFailure) -> KeyToInstall {
        guard let path = path ?? KeyFiles.defaultPublicKeys(in: account.sshDirectory).first else {
            throw CommandFailure("no key to install: there is no ~/.ssh/id_*.pub in \(account.sshDirectory); make one with 'sshauth keygen' or name one with -i.")
        }
        let text: [UInt8]
        do { text = try LocalFile.readAll(path, kind: .key) } catch { throw CommandFailure(error.description) }
        if PrivateKeyFile.announcesPrivateKey(text) {
            do {
                let (key, comment) = try PrivateKeyFile.publicHalf(text)
                let line = PublicKeyLine(key: key, comment: comment ?? "")
                return KeyToInstall(line: line, publicKeyPath: path, privateKeyPath: path, agentHoldsKey: false)
            } catch {
                throw CommandFailure("\(path): \(error); give the .pub file with -i instead.")
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
                default:
                    break
                }
            }
        }
        guard let line = found else {
            throw CommandFailure("\(path) holds no public key\(firstProblem.map { " (\($0))" } ?? ""); give a .pub file made by ssh-keygen or sshauth keygen.")
        }
        // Installing only the first of several keys would leave the others out without a word.
        guard keyLines.count == 1 else {
            throw CommandFailure("\(path) holds \(keyLines.count) public keys (lines \(keyLines.map(String.init).joined(separator: ", "))); give a file with only the key to install, one install per key.")
        }
        let privatePath = path.hasSuffix(".pub") ? String(path.dropLast(4)) : nil
        let privateExists = privatePath.map { LocalFile.exists($0) } ?? false
        // The agent only matters when there is no private key file to log in with.
        return KeyToInstall(line: line, publicKeyPath: path, privateKeyPath: privateExists ? privatePath : nil,
                            agentHoldsKey: !privateExists && agentHolds(line.key))
    }

    /// Asks `ssh-add -L` whether the agent holds the key (no agent: no).
    private static func agentHolds(_ key: SSHPublicKey) -> Bool {
        guard getenv("SSH_AUTH_SOCK") != nil else { return false }
        guard let result = ProgramRunner.run(["ssh-add", "-L"]), result.status == 0 else { return false }
        let encoded = Base64.encode(key.blob)
        return result.output.split(separator: "\n").contains { $0.split(separator: " ").dropFirst().first.map(String.init) == encoded }
    }
}
