import SSHKeys

/// What a target's authorized_keys holds, line by line, as `sshauth keys` lists it: each key with
/// its type, size, fingerprint, comment, options as written and the local copies it matches, and
/// each line sshd would skip with the reason. Blank lines and `#` comments are left out.
public struct AuthorizedKeysListing: Sendable {
    /// One listed line.
    public enum Entry: Sendable {
        case key(ListedKey)
        case invalid(InvalidLine)

        /// The line's number in the file, from 1.
        public var line: Int {
            switch self {
            case .key(let key): key.line
            case .invalid(let invalid): invalid.line
            }
        }
    }

    /// A line that authorizes a key.
    public struct ListedKey: Sendable {
        public let line: Int
        public let key: SSHPublicKey
        /// SHA256, as `ssh-keygen -l` prints it.
        public let fingerprint: Fingerprint
        public let comment: String
        /// The options exactly as the line writes them (empty when the line starts with the key).
        public let optionsText: String
        /// The options as sshd reads them.
        public let options: [AuthorizedKeyOption]
        /// Where this client holds the same key; empty when nowhere.
        public let localCopies: [LocalKeys.Source]
    }

    /// A line sshd skips.
    public struct InvalidLine: Sendable {
        public let line: Int
        /// Why it holds no usable key.
        public let reason: String
        /// The line's first ``startLength`` characters, so that it can be found in the file.
        public let start: String
    }

    /// How much of a skipped line is shown: enough to recognise it, and never a whole long line.
    public static let startLength = 40

    /// The absolute path on the target.
    public let path: String
    /// The path for people: `~/...` under the home.
    public let shownPath: String
    /// The listed lines in file order; nil when the file does not exist.
    public let entries: [Entry]?

    /// Lists `bytes` (nil: no file) and matches each key against `localKeys`.
    public init(path: String, shownPath: String, bytes: [UInt8]?, localKeys: LocalKeys) {
        self.path = path
        self.shownPath = shownPath
        guard let bytes else {
            entries = nil
            return
        }
        entries = AuthorizedKeysFile(bytes: bytes).lines.compactMap { line -> Entry? in
            switch line.content {
            case .blank, .comment:
                return nil
            case let .key(options, key, comment):
                return .key(ListedKey(line: line.number, key: key, fingerprint: Fingerprint(of: key), comment: Self.withoutCR(comment),
                                      optionsText: options.isEmpty ? "" : Self.optionsToken(of: line.text),
                                      options: options, localCopies: localKeys.sources(of: key)))
            case let .invalid(error):
                let text = Self.withoutCR(line.text).drop { $0 == " " || $0 == "\t" }
                return .invalid(InvalidLine(line: line.number, reason: error.description, start: String(text.prefix(Self.startLength))))
            }
        }
    }

    /// The keys listed.
    public var keys: [ListedKey] {
        (entries ?? []).compactMap { if case .key(let key) = $0 { key } else { nil } }
    }

    /// The lines that hold no usable key.
    public var invalidLines: [InvalidLine] {
        (entries ?? []).compactMap { if case .invalid(let line) = $0 { line } else { nil } }
    }

    /// A CRLF file's lines keep their CR in the parsed text; it is no part of a comment.
    private static func withoutCR(_ text: String) -> String {
        text.hasSuffix("\r") ? String(text.dropLast()) : text
    }

    /// The options token of a line that starts with options: from its first non-blank character to
    /// the first space or tab outside double quotes, where `\"` does not end a quote (sshd's rule).
    static func optionsToken(of line: String) -> String {
        let characters = Array(withoutCR(line).unicodeScalars.drop { $0 == " " || $0 == "\t" })
        var quoted = false
        var index = 0
        while index < characters.count, quoted || (characters[index] != " " && characters[index] != "\t") {
            if characters[index] == "\\", index + 1 < characters.count, characters[index + 1] == "\"" {
                index += 1
            } else if characters[index] == "\"" {
                quoted.toggle()
            }
            index += 1
        }
        var token = String.UnicodeScalarView()
        token.append(contentsOf: characters[..<min(index, characters.count)])
        return String(token)
    }
}
