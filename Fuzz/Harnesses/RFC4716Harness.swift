import SSHKeys

extension Harness {
    /// RFC 4716 public keys: an accepted file, written back out, has lines of at most 72 bytes and
    /// reads back as the same key and comment (control characters in the comment become spaces).
    static let rfc4716PublicKey = Harness(name: "rfc4716-public-key") { input in
        let text = Array(input)
        _ = RFC4716PublicKeyFile.looksLikeOne(text)
        _ = try? PublicKeyFile.read(text)
        guard let (key, comment) = try? RFC4716PublicKeyFile.read(text) else { return }
        let written = RFC4716PublicKeyFile.encode(key, comment: comment)
        guard written.split(separator: UInt8(ascii: "\n")).allSatisfy({ $0.count <= 72 }) else { violated("written lines fit in 72 bytes") }
        let again: (key: SSHPublicKey, comment: String?)
        do { again = try RFC4716PublicKeyFile.read(written) } catch { violated("a written file reads back", "\(error)") }
        let expected = String(String.UnicodeScalarView((comment ?? "").unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
        guard again.key == key, (again.comment ?? "") == expected else { violated("a written file reads back the same", "\(again.comment ?? "nil")") }
    }
}
