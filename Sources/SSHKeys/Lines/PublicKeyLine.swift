/// One line of a `.pub` file: `type base64 [comment]`.
///
/// Parsing is strict (no options, no host patterns); ``text`` renders the line the way
/// `ssh-keygen` writes it, including the trailing space it leaves when the comment is empty.
public struct PublicKeyLine: Sendable, Hashable {
    public var key: SSHPublicKey
    /// The comment after the key data; empty when there is none.
    public var comment: String

    public init(key: SSHPublicKey, comment: String) {
        self.key = key
        self.comment = comment
    }

    /// Parses a single line; a trailing newline (LF or CRLF) is allowed.
    public init(parsing line: some StringProtocol) throws(SSHKeyError) {
        var bytes = Array(line.utf8)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        if bytes.contains(UInt8(ascii: "\n")) { throw SSHKeyError(.malformed, "a public key must be a single line") }
        let parsed = try bytes.withUnsafeBufferPointer { (text) throws(SSHKeyError) -> (SSHPublicKey, String) in
            let start = KeyText.skipBlanks(text, from: 0)
            guard start < text.count else { throw SSHKeyError(.notAPublicKey, "the line is empty") }
            let (key, end) = try KeyText.readKey(text, from: start)
            let commentStart = KeyText.skipBlanks(text, from: end)
            return (key, String(decoding: text[commentStart...], as: UTF8.self))
        }
        self.init(key: parsed.0, comment: parsed.1)
    }

    /// `type base64 comment`, without a newline. An empty comment still leaves the separating space, as ssh-keygen does.
    public var text: String {
        "\(key.algorithm.name) \(Base64.encode(key.blob)) \(comment)"
    }

    /// `type base64` with no comment, as `ssh-keygen -y` prints a key without one.
    public var keyText: String {
        "\(key.algorithm.name) \(Base64.encode(key.blob))"
    }
}
