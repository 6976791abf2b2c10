/// A file that holds one public key, in any format sshauth reads: an OpenSSH `.pub` line,
/// RFC 4716, or PEM (SubjectPublicKeyInfo `BEGIN PUBLIC KEY`, PKCS#1 `BEGIN RSA PUBLIC KEY`).
public enum PublicKeyFile {
    /// The key and its comment (nil where the format has none, as in PEM).
    public static func read(_ text: [UInt8]) throws(SSHKeyError) -> (key: SSHPublicKey, comment: String?) {
        if RFC4716PublicKeyFile.looksLikeOne(text) { return try RFC4716PublicKeyFile.read(text) }
        if let label = PEMKeyFile.firstBeginLabel(text) {
            guard label == "PUBLIC KEY" || label == "RSA PUBLIC KEY" else {
                throw SSHKeyError(.notAPublicKey, "PEM \"\(KeyText.printable(label.utf8.prefix(64)))\" holds no key sshauth reads")
            }
            return (try PEMKeyFile.readPublicKey(text), nil)
        }
        let lines = String(decoding: text, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .filter { line in
                let content = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
                return !content.isEmpty && !content.hasPrefix("#")
            }
        guard let line = lines.first else { throw SSHKeyError(.notAPublicKey, "the file holds no key") }
        guard lines.count == 1 else { throw SSHKeyError(.trailingData, "the file holds \(lines.count) lines of keys; name a file with one") }
        let parsed = try PublicKeyLine(parsing: line)
        return (parsed.key, parsed.comment.isEmpty ? nil : parsed.comment)
    }
}
