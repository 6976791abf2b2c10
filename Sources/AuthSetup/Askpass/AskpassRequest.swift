/// What `askpass setup` is asked to write: where, under which name, for which target.
public struct AskpassRequest: Sendable, Equatable {
    /// Which program ssh runs to fetch the password.
    public enum Helper: Sendable, Equatable {
        /// `sshauth askpass` (this binary, at this absolute path).
        case sshauth(binary: String)
        /// A small POSIX sh script, for hosts where sshauth is not installed.
        case standalone
    }

    public let directory: String
    public let name: String
    public let user: String
    public let host: String
    public let port: Int
    /// The target's host key as `keytype base64` (pinned: the runs trust nothing else).
    public let hostKey: String
    public let helper: Helper
    /// Replace files of an earlier set-up with the same name.
    public let replace: Bool

    public init(directory: String, name: String, user: String, host: String, port: Int, hostKey: String,
                helper: Helper, replace: Bool) {
        self.directory = directory
        self.name = name
        self.user = user
        self.host = host
        self.port = port
        self.hostKey = hostKey
        self.helper = helper
        self.replace = replace
    }

    /// The name the runs give ssh as `HostKeyAlias`: `[host]:port`, lower case, even for port 22.
    ///
    /// ssh looks the host key up under this name and also puts it in its password prompts
    /// (`USER@ALIAS's password: `), so the helper, which answers only prompts with this name,
    /// answers only an ssh that checked the server's key under it. A plain `ssh host` names
    /// the host alone, and so never gets the password, whatever server it reaches.
    public var hostKeyAlias: String {
        "[" + String(decoding: host.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self) + "]:" + String(port)
    }

    /// The pinned known_hosts line: the alias and the host key.
    public var knownHostsLine: String { hostKeyAlias + " " + hostKey }

    public var passwordFile: String { directory + "/" + name + ".password" }
    public var knownHostsFile: String { directory + "/" + name + ".known_hosts" }
    public var helperFile: String { directory + "/" + name + "-askpass" }
    public var sshWrapper: String { directory + "/" + name + "-ssh" }
    public var sftpWrapper: String { directory + "/" + name + "-sftp" }
    public var environmentFile: String { directory + "/" + name + ".env" }

    /// A name becomes part of file names: letters, digits and `._-`, not starting with a dot.
    public static func checkName(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
        if name.isEmpty || !allowed || name.hasPrefix(".") || name.count > 64 {
            return "the name \"\(name)\" cannot be a file name here; use 1-64 letters, digits, '.', '_' or '-', not starting with '.'."
        }
        return nil
    }

    /// The default name for a host: its name with anything unfit for a file name made `_`.
    public static func defaultName(host: String) -> String {
        let mapped = host.map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character)) ? character : "_"
        }
        let name = String(mapped.drop { $0 == "." })
        return name.isEmpty ? "target" : String(name.prefix(64))
    }

    /// A password ssh can take from askpass: it reads at most 1023 bytes and cuts at CR or LF.
    public static func checkPassword(_ bytes: some Collection<UInt8>) -> String? {
        if bytes.isEmpty { return "the password is empty." }
        if bytes.count > 1023 { return "the password is \(bytes.count) bytes long; ssh takes at most 1023 from an askpass helper." }
        if bytes.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) {
            return "the password holds a line break or NUL byte, which ssh cuts off when it reads an askpass answer."
        }
        return nil
    }
}
