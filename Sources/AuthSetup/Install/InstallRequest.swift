import SSHKeys

/// What to install where: one public key into one account's authorized_keys on one target.
public struct InstallRequest: Sendable, Equatable {
    public var key: SSHPublicKey
    /// The comment written after the key (usually the one in the `.pub` file).
    public var comment: String
    /// The local `.pub` file the key came from, for the "by hand" commands in the plan.
    public var publicKeyFile: String
    public var user: String
    public var host: String
    public var port: Int
    /// The authorized_keys file: nil for `.ssh/authorized_keys`; relative paths start at the remote home.
    public var targetPath: String?
    /// Whether a group- or world-writable home may be tightened (it is only reported otherwise).
    public var fixHomePermissions: Bool
    /// The known_hosts file the user gave (nil for ssh's own), for the "by hand" commands that run ssh.
    public var knownHostsFile: String? = nil

    public init(key: SSHPublicKey, comment: String, publicKeyFile: String, user: String, host: String, port: Int,
                targetPath: String? = nil, fixHomePermissions: Bool = false) {
        self.key = key
        self.comment = comment
        self.publicKeyFile = publicKeyFile
        self.user = user
        self.host = host
        self.port = port
        self.targetPath = targetPath
        self.fixHomePermissions = fixHomePermissions
    }

    /// The line that goes into authorized_keys.
    public var line: String {
        PublicKeyLine(key: key, comment: comment).text.trimmingTrailingSpace()
    }

    /// The authorized_keys path on the target, absolute, given the remote home.
    /// The file on the target: `targetPath` as sshd reads AuthorizedKeysFile (absolute, or relative
    /// to the home), with a typed `~/` meaning the home too, as the audit reads it.
    public func authorizedKeysPath(home: String) -> String {
        Self.authorizedKeysPath(targetPath, home: home)
    }

    /// The same rule for a `--target-path` (nil: `.ssh/authorized_keys`) with no key to install.
    public static func authorizedKeysPath(_ targetPath: String?, home: String) -> String {
        var relative = targetPath ?? ".ssh/authorized_keys"
        if relative.hasPrefix("/") { return relative }
        if relative.hasPrefix("~/") { relative.removeFirst(2) }
        return (home.hasSuffix("/") ? home : home + "/") + relative
    }

    /// `user@host` with the port when it is not 22, for sentences.
    public var targetName: String {
        port == 22 ? "\(user)@\(host)" : "\(user)@\(host) port \(port)"
    }
}

private extension String {
    /// An empty comment leaves `type base64 ` with a trailing space; an authorized_keys line needs none.
    func trimmingTrailingSpace() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
