import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// The public keys this client holds, to tell which of a target's authorized keys are ours: every
/// key in a `.pub` file of `~/.ssh`, and every key the running ssh-agent holds. Keys are matched
/// by blob, so comments and options never matter.
public struct LocalKeys: Sendable {
    /// Where a local copy of a key was found.
    public enum Source: Sendable, Equatable {
        /// A `.pub` file (its path as found).
        case publicKeyFile(String)
        /// The ssh-agent, with the comment it gave the key.
        case agent(comment: String)
    }

    /// Each key blob with every place it was found, in the order found.
    private var sources: [[UInt8]: [Source]] = [:]

    public init() {}

    /// Records that `key` is held at `source`.
    public mutating func add(_ key: SSHPublicKey, from source: Source) {
        if sources[key.blob]?.contains(source) == true { return }
        sources[key.blob, default: []].append(source)
    }

    /// Where `key` is held here; empty when nowhere.
    public func sources(of key: SSHPublicKey) -> [Source] {
        sources[key.blob] ?? []
    }

    /// The keys in the `.pub` files of `sshDirectory` (names sorted) and, unless `agent` is false,
    /// those the agent named by `SSH_AUTH_SOCK` lists. A file or agent that cannot be read adds
    /// nothing: knowing fewer local keys only leaves more lines unmatched.
    public static func gather(sshDirectory: String, agent: Bool = true) -> LocalKeys {
        var keys = LocalKeys()
        for name in KeyFiles.names(in: sshDirectory).sorted() where name.hasSuffix(".pub") {
            let path = sshDirectory + "/" + name
            // A regular file only: a FIFO or device named *.pub must not stall or flood the listing.
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                  let text = try? LocalFile.readAll(path, kind: .key) else { continue }
            for key in publicKeys(in: text) { keys.add(key, from: .publicKeyFile(path)) }
        }
        if agent { keys.addAgentKeys() }
        return keys
    }

    /// Adds the keys the agent at `SSH_AUTH_SOCK` holds (no agent, one that holds nothing, or one
    /// that does not answer within its 10 seconds: none).
    private mutating func addAgentKeys() {
        guard let agent = try? SSHAgentClient.fromEnvironment(), let held = try? agent.identities() else { return }
        for identity in held {
            guard let key = try? SSHPublicKey(blob: identity.blob) else { continue }
            add(key, from: .agent(comment: identity.comment))
        }
    }

    private static func publicKeys(in text: [UInt8]) -> [SSHPublicKey] {
        var found: [SSHPublicKey] = []
        text.withUnsafeBufferPointer { buffer in
            PublicKeyScanner.scan(buffer) { _, outcome in
                if case .key(let key, _) = outcome { found.append(key) }
            }
        }
        return found
    }
}
