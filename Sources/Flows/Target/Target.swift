import AuthSetup
import RemoteAccess

/// One target account as ssh will reach it: the typed name with ~/.ssh/config applied.
public struct Target: Sendable, Equatable {
    public let user: String
    public let host: String
    public let port: Int
    /// The ssh_config Host alias that was typed, when one was.
    public let alias: String?
    /// Files to check host keys against; a new key is recorded in the first.
    public let knownHostsFiles: [String]

    public init(user: String, host: String, port: Int, alias: String? = nil, knownHostsFiles: [String]) {
        self.user = user
        self.host = host
        self.port = port
        self.alias = alias
        self.knownHostsFiles = knownHostsFiles
    }

    public var knownHostsFile: String? { knownHostsFiles.first }

    /// `user@host`, with the port when it is not 22, for sentences.
    public var displayName: String {
        port == 22 ? "\(user)@\(host)" : "\(user)@\(host) port \(port)"
    }

    /// The name known_hosts files use for it: `host`, or `[host]:port` for another port.
    public var knownHostsName: String {
        port == 22 ? host : "[\(host)]:\(port)"
    }

    /// Resolves a typed target through the user's ssh_config. `portOption` is `-p`, which must
    /// agree with a typed `:port`; `knownHostsFile` replaces the files ssh_config names.
    public static func resolve(_ address: TargetAddress, portOption: Int? = nil, knownHostsFile: String?,
                               account: UserAccount) throws(FlowFailure) -> (target: Target, warnings: [String]) {
        let typedPort: Int?
        let config: SSHClientConfig
        do {
            typedPort = try address.port(option: portOption)
            config = try SSHClientConfig.load(path: account.sshDirectory + "/config")
        } catch {
            throw FlowFailure(error.description)
        }
        let resolved = config.resolve(target: address, localUser: account.name, localHome: account.home)
        let target = Target(user: resolved.user, host: resolved.host, port: typedPort ?? resolved.port, alias: resolved.alias,
                            knownHostsFiles: knownHostsFile.map { [$0] } ?? resolved.knownHostsFiles)
        return (target, resolved.warnings.map(\.description))
    }
}

extension Target {
    /// Connects and judges the host key against the known_hosts files; nothing is sent but the
    /// key exchange. The caller settles the verdict (`HostKeyDecision`) before any credential.
    public func connect(timeoutSeconds: Int) throws(FlowFailure) -> TargetConnection {
        do {
            return try TargetConnection(user: user, host: host, port: port, knownHostsFiles: knownHostsFiles, timeoutSeconds: timeoutSeconds)
        } catch {
            throw FlowFailure(error.description)
        }
    }
}
