import AuthSetup
import SSHKeys

/// What connecting to the target found out, before any credential was sent.
public struct TargetCheck: Sendable, Equatable {
    /// The account, host and port reached, after ~/.ssh/config was applied.
    public let user: String
    public let hostName: String
    public let port: Int
    /// The alias the user typed, when a Host block resolved it.
    public let alias: String?
    public let hostKeyType: String
    public let fingerprint: String
    public let randomart: String
    public let verdict: Verdict
    /// The login methods the server offers the user.
    public let methods: [String]
    /// For a changed key: the fingerprints recorded on the lines the verdict names, in their order.
    public let recordedFingerprints: [String]

    public enum Verdict: Sendable, Equatable {
        case known
        case unknown
        /// The host is known with another key in `file` on `lines`: possibly an attack.
        case changed(file: String, lines: [Int])
        case revoked(file: String, line: Int)
    }

    /// `user@host`, with the port when it is not 22, for sentences.
    public var targetName: String {
        port == 22 ? "\(user)@\(hostName)" : "\(user)@\(hostName) port \(port)"
    }

    /// The host as the user knows it: the alias when one was used (a name the user chose).
    public var host: String { alias ?? hostName }

    /// The name known_hosts lists the target under: the host, or `[host]:port` for other ports.
    public var knownHostsName: String { KnownHostsFile.lookupName(host: hostName, port: port) }

    /// For a changed key: the exact command that removes the old entries, to run once the
    /// administrator has confirmed the new key; nil for any other verdict.
    public var removeOldEntryCommand: String? {
        guard case .changed(let file, _) = verdict else { return nil }
        return ["ssh-keygen", "-R", knownHostsName, "-f", file].map(ShellQuoting.quote).joined(separator: " ")
    }

    /// The ssh command that logs in to the target interactively.
    public var sshCommand: String {
        (["ssh"] + (port == 22 ? [] : ["-p", String(port)]) + ["\(user)@\(hostName)"]).map(ShellQuoting.quote).joined(separator: " ")
    }

    public init(user: String, hostName: String, port: Int = 22, alias: String?, hostKeyType: String, fingerprint: String, randomart: String,
                verdict: Verdict, methods: [String], recordedFingerprints: [String] = []) {
        self.user = user
        self.hostName = hostName
        self.port = port
        self.alias = alias
        self.hostKeyType = hostKeyType
        self.fingerprint = fingerprint
        self.randomart = randomart
        self.verdict = verdict
        self.methods = methods
        self.recordedFingerprints = recordedFingerprints
    }
}
