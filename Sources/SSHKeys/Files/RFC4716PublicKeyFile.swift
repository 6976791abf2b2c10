/// The SSH public key file format of RFC 4716 (`---- BEGIN SSH2 PUBLIC KEY ----`), as
/// `ssh-keygen -e` and PuTTY write it, read and written.
///
/// Reading follows the RFC and what other tools write: CR, LF or CRLF line ends; header lines
/// `Tag: value`, continued on the next line after a final `\`; a `Comment` value in double quotes
/// or bare; every other header ignored; blank lines before the BEGIN line and after the END line.
public enum RFC4716PublicKeyFile {
    static let beginLine = "---- BEGIN SSH2 PUBLIC KEY ----"
    static let endLine = "---- END SSH2 PUBLIC KEY ----"
    /// The RFC's limit for a line, line end not counted.
    static let lineLimit = 72
    /// Body lines as ssh-keygen -e wraps them.
    static let bodyWidth = 70
    /// The RFC's limit for a header tag.
    static let tagLimit = 64

    /// Whether the first non-blank line of `text` is an RFC 4716 BEGIN line of any kind (public,
    /// or the SSH.com private key that ``read(_:)`` explains it does not read).
    public static func looksLikeOne(_ text: some Collection<UInt8>) -> Bool {
        guard let first = lines(Array(text.prefix(4096))).first(where: { !$0.isEmpty }) else { return false }
        return first.hasPrefix("---- BEGIN SSH2 ")
    }

    /// The public key and the `Comment` header (nil when there is none).
    public static func read(_ text: [UInt8]) throws(SSHKeyError) -> (key: SSHPublicKey, comment: String?) {
        var remaining = lines(text)[...]
        while remaining.first?.isEmpty == true { remaining.removeFirst() }
        guard let first = remaining.popFirst() else { throw SSHKeyError(.notAPublicKey, "the file is empty") }
        guard first == beginLine else {
            if first.hasPrefix("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY") {
                throw SSHKeyError(.unsupportedFormat, "an SSH.com private key; convert it with 'ssh-keygen -i -f FILE' first")
            }
            throw SSHKeyError(.notAPublicKey, "the first line is not \"\(beginLine)\"")
        }
        var comment: String?
        var body: [UInt8] = []
        var ended = false
        while let line = remaining.popFirst() {
            if line == endLine {
                ended = true
                break
            }
            if line.contains(":") {
                guard body.isEmpty else { throw SSHKeyError(.malformed, "a header line follows the key data") }
                var header = line
                while header.hasSuffix("\\") {
                    header.removeLast()
                    guard let next = remaining.popFirst(), next != endLine else {
                        throw SSHKeyError(.truncated, "a header ends in \\ but no line continues it")
                    }
                    header += next
                }
                let (tag, value) = try Self.header(header)
                if tag.lowercased() == "comment" { comment = unquoted(value) }
                continue
            }
            body += line.utf8
        }
        guard ended else { throw SSHKeyError(.truncated, "the \"\(endLine)\" line is missing") }
        guard remaining.allSatisfy(\.isEmpty) else { throw SSHKeyError(.trailingData, "after \"\(endLine)\"") }
        guard !body.isEmpty else { throw SSHKeyError(.truncated, "there is no key data between the BEGIN and END lines") }
        let blob = try body.withUnsafeBufferPointer { (buffer) throws(SSHKeyError) in try Base64.decode(buffer) }
        return (try SSHPublicKey(blob: blob), comment)
    }

    /// The key as an RFC 4716 file: a `Comment` header when `comment` is not empty (in quotes,
    /// continued over lines of at most 72 bytes), the key in base64 lines of 70 characters.
    /// Control characters in the comment, which no header line may hold, become spaces.
    public static func encode(_ key: SSHPublicKey, comment: String?) -> [UInt8] {
        var text = beginLine + "\n"
        if let comment, !comment.isEmpty {
            let safe = String(String.UnicodeScalarView(comment.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
            for line in wrapped("Comment: \"\(safe)\"") { text += line + "\n" }
        }
        let base64 = Base64.encode(key.blob)
        var index = base64.startIndex
        while index < base64.endIndex {
            let stop = base64.index(index, offsetBy: bodyWidth, limitedBy: base64.endIndex) ?? base64.endIndex
            text += base64[index..<stop] + "\n"
            index = stop
        }
        return Array((text + endLine + "\n").utf8)
    }

    /// Splits a header line into lines of at most 72 bytes, each but the last ending in `\`, never
    /// inside a UTF-8 sequence.
    static func wrapped(_ header: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var length = 0
        for scalar in header.unicodeScalars {
            let size = String(scalar).utf8.count
            if length + size > lineLimit - 1 {
                lines.append(String(current) + "\\")
                current = String.UnicodeScalarView()
                length = 0
            }
            current.append(scalar)
            length += size
        }
        lines.append(String(current))
        return lines
    }

    /// `Tag: value`: the tag is 1 to 64 printable ASCII characters, the value what follows the
    /// colon and its blanks.
    private static func header(_ line: String) throws(SSHKeyError) -> (tag: String, value: String) {
        let colon = line.firstIndex(of: ":")!
        let tag = line[..<colon]
        guard !tag.isEmpty, tag.utf8.count <= tagLimit, tag.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw SSHKeyError(.malformed, "the header tag \"\(KeyText.printable(tag.utf8.prefix(64)))\" is not 1 to 64 printable characters")
        }
        let value = line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" })
        return (String(tag), String(value))
    }

    private static func unquoted(_ value: String) -> String {
        guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return value }
        return String(value.dropFirst().dropLast())
    }

    /// The lines of `text` without their ends (CR, LF or CRLF) and without trailing blanks.
    private static func lines(_ text: [UInt8]) -> [String] {
        var result: [String] = []
        var start = 0
        var index = 0
        func finish(_ end: Int) {
            var stop = end
            while stop > start, text[stop - 1] == UInt8(ascii: " ") || text[stop - 1] == UInt8(ascii: "\t") { stop -= 1 }
            result.append(String(decoding: text[start..<stop], as: UTF8.self))
        }
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                finish(index)
                if byte == UInt8(ascii: "\r"), index + 1 < text.count, text[index + 1] == UInt8(ascii: "\n") { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < text.count { finish(text.count) }
        return result
    }
}
