/// What a z/OS user types to use a key ring certificate for SSH: the ssh-keygen command that
/// exports its public key, the cozsftp command line, and the COZCFG lines for the Co:Z Launcher.
public struct KeyRingUsage: Sendable {
    public let ring: KeyRingName
    public let label: RACFLabel
    public let target: TargetAddress
    /// The file the exported public key is written to, in the z/OS UNIX working directory.
    public let publicKeyFile: String

    /// Refuses a ring name with `:`, which Co:Z uses to separate ring and label. Without
    /// `publicKeyFile` the public key goes to the label (blanks and the like as `_`) plus `.pub`.
    public init(ring: KeyRingName, label: RACFLabel, target: TargetAddress, publicKeyFile: String? = nil) throws(ZOSInputError) {
        if ring.value.contains(":") {
            throw ZOSInputError(.ringName, .unusable(reason: "Co:Z separates the ring from the label with ':', so the ring name cannot contain one"), input: ring.value)
        }
        self.ring = ring
        self.label = label
        self.target = target
        self.publicKeyFile = publicKeyFile ?? Self.fileName(for: label)
    }

    /// The text: shell commands with `#` comments, and the COZCFG DD statement with its data.
    public func text() throws(ZOSInputError) -> String {
        let ringAndLabel = "\(ring):\(label.value)"
        var destination = TargetAddress(user: target.user, host: target.host).displayName
        if let port = target.port { destination = "-P \(port) " + ShellQuoting.quote(destination) } else {
            destination = ShellQuoting.quote(destination)
        }
        var lines = [
            "# Export the certificate's public key in OpenSSH format, in the z/OS UNIX",
            "# shell as the user who owns the key ring; then add it to the target's",
            "# authorized_keys (move it as text, so that it arrives in ASCII):",
            "_ZOS_SSH_KEY_RING_LABEL=\(Self.shellValue("\(ring) \(label.value)")) ssh-keygen -y > \(ShellQuoting.quote(publicKeyFile))",
            "",
            "# Co:Z SFTP with the certificate as its identity:",
            "cozsftp -k \(ShellQuoting.quote(ringAndLabel)) \(destination)",
            "",
            "# Co:Z Launcher: in the JCL of the launcher step",
            "//COZCFG   DD *",
        ]
        lines += try Self.propertyLines("saf-cert=" + ringAndLabel)
        lines.append("/*")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The value in double quotes, as IBM's documentation writes it, unless it holds a character
    /// the shell would still interpret there; then in single quotes.
    static func shellValue(_ value: String) -> String {
        let interpreted: Set<Character> = ["$", "`", "\"", "\\", "!"]
        if value.contains(where: { interpreted.contains($0) }) {
            return "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
        }
        return "\"\(value)\""
    }

    /// A COZCFG property as in-stream data lines of at most 71 columns. A longer one is continued
    /// with a backslash at the end of the line, as Co:Z allows; it is broken only between two
    /// characters that are neither blank nor a backslash, before a letter or digit, so that the
    /// next line can neither lose a blank nor end the data.
    static func propertyLines(_ property: String) throws(ZOSInputError) -> [String] {
        var rest = Array(property)
        var lines: [String] = []
        while rest.count > JCLBuilder.maximumColumns {
            let candidates = stride(from: JCLBuilder.maximumColumns - 1, through: 1, by: -1)
            guard let cut = candidates.first(where: { index in
                let before = rest[index - 1]
                let after = rest[index]
                return before != " " && before != "\\" && (after.isLetter || after.isNumber) && after.isASCII
            }) else {
                throw ZOSInputError(.line, .doesNotFit, input: property)
            }
            lines.append(String(rest[..<cut]) + "\\")
            rest = Array(rest[cut...])
        }
        lines.append(String(rest))
        return lines
    }

    static func fileName(for label: RACFLabel) -> String {
        let kept = label.value.map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "-") ? character : "_"
        }
        return String(kept) + ".pub"
    }
}
