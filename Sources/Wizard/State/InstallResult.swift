import AuthSetup

/// What the result screen shows after the key pair flow: the key, the proof, what to copy.
public struct InstallResult: Sendable, Equatable {
    public let targetName: String
    public let fingerprint: String
    public let randomart: String
    public let privateKeyPath: String
    public let publicKeyPath: String
    /// The `ssh -i ...` line to log in with.
    public let loginCommand: String
    /// A `~/.ssh/config` block that makes `ssh NAME` use the key.
    public let hostBlock: String
    /// The name the block gives the target (`ssh NAME`); empty when the block names none.
    public let configName: String

    public init(targetName: String, fingerprint: String, randomart: String, privateKeyPath: String, publicKeyPath: String,
                loginCommand: String, hostBlock: String, configName: String = "") {
        self.targetName = targetName
        self.fingerprint = fingerprint
        self.randomart = randomart
        self.privateKeyPath = privateKeyPath
        self.publicKeyPath = publicKeyPath
        self.loginCommand = loginCommand
        self.hostBlock = hostBlock
        self.configName = configName
    }

    /// A short name for a target in `~/.ssh/config`: a host name's first label, or for an
    /// address `host-` and its digits (people do not type `ssh 10.1.2.3` by choice).
    public static func suggestedName(host: String) -> String {
        let isAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        if isAddress {
            return "host-" + host.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        }
        return host.split(separator: ".").first.map(String.init) ?? host
    }

    /// The `Host` block for `~/.ssh/config`: the known_hosts file the wizard used, when one was
    /// given, goes in too, so `ssh NAME` checks the host key where the wizard recorded it.
    public static func hostBlock(name: String, host: String, port: Int, user: String, identityFile: String, knownHostsFile: String?) -> String {
        var lines = ["Host \(name)", "    HostName \(host)"]
        if port != 22 { lines.append("    Port \(port)") }
        lines += ["    User \(user)", "    IdentityFile \(configWord(identityFile))", "    IdentitiesOnly yes"]
        if let knownHostsFile { lines.append("    UserKnownHostsFile \(configWord(knownHostsFile))") }
        return lines.joined(separator: "\n")
    }

    /// A path as ssh_config reads it: double quotes around one with blanks.
    static func configWord(_ path: String) -> String {
        path.contains(where: \.isWhitespace) ? "\"\(path)\"" : path
    }
}
