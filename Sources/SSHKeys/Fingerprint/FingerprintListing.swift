/// The lines `ssh-keygen -l` and `ssh-keygen -lv` print for a key.
public enum FingerprintListing {
    /// `BITS FINGERPRINT COMMENT (TYPE)`, with "no comment" when there is none, and the comment made
    /// safe for a terminal the way OpenSSH does (control bytes and invalid UTF-8 as `\ooo`).
    public static func line(for key: SSHPublicKey, comment: some Collection<UInt8>, hash: Fingerprint.Hash) -> String {
        var out = [UInt8]()
        append(key: key, comment: comment, hash: hash, visual: false, to: &out)
        out.removeLast()
        return String(decoding: out, as: UTF8.self)
    }

    /// The randomart for a key under a given hash, as `-lv` prints it below the line.
    public static func randomart(for key: SSHPublicKey, hash: Fingerprint.Hash) -> String {
        let fingerprint = Fingerprint(of: key, hash: hash)
        return Randomart.draw(
            digest: fingerprint.digest,
            title: Randomart.title(typeName: key.algorithm.shortName, bits: key.bits),
            hashLabel: hash.label)
    }

    /// Appends the listing for one key, newline-terminated, to a byte buffer (the fast path for large files).
    public static func append(key: SSHPublicKey, comment: some Collection<UInt8>, hash: Fingerprint.Hash, visual: Bool, to out: inout [UInt8]) {
        let fingerprint = Fingerprint(of: key, hash: hash)
        out += String(key.bits).utf8
        out.append(KeyText.space)
        out += fingerprint.description.utf8
        out.append(KeyText.space)
        if comment.isEmpty {
            out += "no comment".utf8
        } else {
            appendSanitised(comment, to: &out)
        }
        out += " (".utf8
        out += key.algorithm.shortName.utf8
        out += ")\n".utf8
        if visual {
            out += Randomart.draw(
                digest: fingerprint.digest,
                title: Randomart.title(typeName: key.algorithm.shortName, bits: key.bits),
                hashLabel: hash.label).utf8
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// Copies printable ASCII, tab and well-formed printable UTF-8; writes every other byte as a
    /// three-digit octal escape, so a hostile comment cannot drive the terminal.
    static func appendSanitised(_ text: some Collection<UInt8>, to out: inout [UInt8]) {
        let bytes = Array(text)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if (byte >= 0x20 && byte < 0x7F) || byte == KeyText.tab {
                out.append(byte)
                index += 1
                continue
            }
            if byte >= 0xC2, let length = validUTF8Length(bytes, at: index) {
                out += bytes[index..<index + length]
                index += length
                continue
            }
            out.append(UInt8(ascii: "\\"))
            out.append(UInt8(ascii: "0") + (byte >> 6))
            out.append(UInt8(ascii: "0") + (byte >> 3 & 7))
            out.append(UInt8(ascii: "0") + (byte & 7))
            index += 1
        }
    }

    /// The length of a well-formed, printable multi-byte UTF-8 sequence at `index`, or nil.
    private static func validUTF8Length(_ bytes: [UInt8], at index: Int) -> Int? {
        let lead = bytes[index]
        let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 0
        guard length > 0, index + length <= bytes.count else { return nil }
        guard let scalar = String(validating: bytes[index..<index + length], as: UTF8.self)?.unicodeScalars.first else {
            return nil
        }
        // C1 controls (U+0080–U+009F) are as dangerous as C0 ones.
        return scalar.value >= 0xA0 ? length : nil
    }
}
