import Yams

/// A ``Setup`` as the text of a set-up file: block style, keys in a fixed order, values that are
/// defaults left out, and a comment for each part so that a colleague can review it.
struct SetupFileRenderer {
    private var lines: [String] = []

    static func render(_ setup: Setup) -> String {
        var renderer = SetupFileRenderer()
        renderer.top(setup)
        return renderer.lines.joined(separator: "\n") + "\n"
    }

    private mutating func top(_ setup: Setup) {
        lines.append("# sshauth set-up file: run it with 'sshauth apply FILE'. It holds no secrets, only where")
        lines.append("# they come from (ask: a question on the terminal; file: a file only you can read; fd: a descriptor).")
        line(0, "sshauth-setup", "\(Setup.currentVersion)")
        line(0, "mechanism", setup.mechanism.rawValue)
        switch setup.targets.count {
        case 0: break
        case 1: line(0, "target", Self.scalar(setup.targets[0].displayName))
        default:
            lines.append("targets:")
            for target in setup.targets { lines.append("  - " + Self.scalar(target.displayName)) }
        }
        if let knownHosts = setup.knownHostsFile { line(0, "known-hosts", Self.scalar(knownHosts)) }
        switch setup.unknownHostKey {
        case .ask: break
        case .acceptNew: line(0, "unknown-host-key", "accept-new")
        case .pin(let fingerprint): line(0, "unknown-host-key", Self.scalar(fingerprint))
        }
        if setup.timeoutSeconds != 10 { line(0, "timeout", "\(setup.timeoutSeconds)") }
        if setup.login != .password(.ask) {
            lines.append(setup.mechanism == .askpass ? "# The password to store, and to log in with once to prove it." : "# How to log in to the target to install.")
            lines.append("login:")
            switch setup.login {
            case .password(let origin):
                secret(1, "password", origin)
            case .identity(let path, let passphrase):
                lines.append("  identity:")
                line(2, "file", Self.scalar(path))
                if let passphrase { secret(2, "passphrase", passphrase) }
            }
        }
        if let key = setup.key { self.key(key) }
        if setup.install != Setup.InstallChoice() { install(setup.install) }
        if let askpass = setup.askpass, askpass != Setup.AskpassChoice() { self.askpass(askpass) }
        if let certificate = setup.certificate { self.certificate(certificate) }
    }

    private mutating func key(_ key: Setup.KeyChoice) {
        switch key {
        case .existing(let publicKey):
            lines.append("# The public key to install.")
            lines.append("key:")
            line(1, "public-key", Self.scalar(publicKey))
        case .new(let new):
            lines.append("# The key to make (its public half goes beside it, with .pub).")
            lines.append("key:")
            lines.append("  new:")
            line(2, "type", Self.scalar(new.type))
            if let bits = new.bits { line(2, "bits", "\(bits)") }
            if let comment = new.comment { line(2, "comment", Self.scalar(comment)) }
            line(2, "file", Self.scalar(new.file))
            if let passphrase = new.passphrase { secret(2, "passphrase", passphrase) }
            if new.replace { line(2, "replace", "true") }
        }
    }

    private mutating func install(_ install: Setup.InstallChoice) {
        lines.append("# Where and how the public key goes on the target.")
        lines.append("install:")
        if let path = install.targetPath { line(1, "target-path", Self.scalar(path)) }
        if install.fixHomePermissions { line(1, "fix-home-permissions", "true") }
        if !install.verify { line(1, "verify", "false") }
    }

    private mutating func askpass(_ askpass: Setup.AskpassChoice) {
        lines.append("# Where the stored password, its helper and the wrappers go.")
        lines.append("askpass:")
        if let directory = askpass.directory { line(1, "directory", Self.scalar(directory)) }
        if let name = askpass.name { line(1, "name", Self.scalar(name)) }
        if askpass.standaloneHelper { line(1, "helper", "standalone") }
        if askpass.replace { line(1, "replace", "true") }
    }

    private mutating func certificate(_ certificate: Setup.CertificateChoice) {
        lines.append("# The key ring and the certificate whose key is installed and loaded into ssh-agent.")
        lines.append("certificate:")
        line(1, "ring", Self.scalar(certificate.ring))
        line(1, "label", Self.scalar(certificate.label))
        if certificate.ringPassword != .ask { secret(1, "ring-password", certificate.ringPassword) }
        if certificate.allowExpired { line(1, "allow-expired", "true") }
        if let new = certificate.new {
            lines.append("  # Made when the label is not in the ring yet.")
            lines.append("  new:")
            line(2, "cn", Self.scalar(new.commonName))
            if let organization = new.organization { line(2, "o", Self.scalar(organization)) }
            if let unit = new.organizationalUnit { line(2, "ou", Self.scalar(unit)) }
            if let country = new.country { line(2, "c", Self.scalar(country)) }
            if new.key != Setup.NewCertificate(commonName: "", notAfter: "").key { line(2, "key", Self.scalar(new.key)) }
            line(2, "not-after", Self.scalar(new.notAfter))
        }
    }

    private mutating func line(_ depth: Int, _ key: String, _ value: String) {
        lines.append(String(repeating: "  ", count: depth) + key + ": " + value)
    }

    private mutating func secret(_ depth: Int, _ key: String, _ origin: Setup.SecretOrigin) {
        switch origin {
        case .ask:
            line(depth, key, "ask")
        case .file(let path):
            lines.append(String(repeating: "  ", count: depth) + key + ":")
            line(depth + 1, "file", Self.scalar(path))
        case .descriptor(let fd):
            lines.append(String(repeating: "  ", count: depth) + key + ":")
            line(depth + 1, "fd", "\(fd)")
        }
    }

    /// Text as a YAML scalar: plain where every YAML reader takes it as the same text, otherwise
    /// double-quoted with escapes. Words that YAML 1.1 tools would read as a boolean, a number or
    /// null (`no`, `0755`, `~`) are quoted too, so that any tool reading the file sees text.
    static func scalar(_ text: String) -> String {
        isSafePlain(text) ? text : doubleQuoted(text)
    }

    private static func isSafePlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        let inner = text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "/._-@:+=%,~ ".unicodeScalars.contains(scalar)
        }
        let startsWell = ("a"..."z").contains(first) || ("A"..."Z").contains(first) || ("0"..."9").contains(first) || "/._".unicodeScalars.contains(first)
        guard inner, startsWell, last != " ", last != ":", !text.contains(": "), !text.contains(" #") else { return false }
        return Resolver.default.resolveTag(of: .scalar(.init(text))) == .str
    }

    private static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{20}"..."\u{7E}": out.unicodeScalars.append(scalar)
            // Printable beyond ASCII, as YAML defines it, except the characters it treats as line breaks or a byte order mark.
            case "\u{A0}"..."\u{D7FF}" where scalar != "\u{2028}" && scalar != "\u{2029}",
                 "\u{E000}"..."\u{FFFD}" where scalar != "\u{FEFF}",
                 "\u{10000}"..."\u{10FFFF}":
                out.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let (escape, width) = scalar.value < 0x100 ? ("\\x", 2) : scalar.value < 0x10000 ? ("\\u", 4) : ("\\U", 8)
                out += escape + String(repeating: "0", count: width - hex.count) + hex
            }
        }
        return out + "\""
    }
}
