/// A key file that OpenSSH reads line by line (authorized_keys, known_hosts), with every line's
/// original text kept.
///
/// Parsing never fails: blank lines, comments and lines OpenSSH would skip are kept as lines of
/// their own kind. The model exists so that keys can be looked up and a new line appended with
/// ``appendText(for:to:)``; existing lines are never rewritten. What a line may hold beyond that is
/// each file's own rule, given by `LineContent`.
public struct KeyFile<LineContent: KeyFileContent>: Sendable, Equatable {
    /// What a line of this kind of file may hold.
    public typealias Content = LineContent

    /// Every line in order, numbered from 1.
    public let lines: [KeyFileLine<Content>]
    /// False only for a non-empty file whose last byte is not `\n`.
    public let endsWithNewline: Bool

    /// Parses the file's bytes.
    public init(bytes: [UInt8]) {
        (lines, endsWithNewline) = bytes.withUnsafeBufferPointer { text in
            let split = Self.lineRanges(text)
            let lines = split.ranges.enumerated().map { offset, range in
                KeyFileLine<Content>(number: offset + 1, bytes: UnsafeBufferPointer(rebasing: text[range]))
            }
            return (lines, split.endsWithNewline)
        }
    }

    /// Parses the file's text.
    public init(text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// Exactly the text to append to `existing` to add `line` (which must not contain `\n`):
    /// a newline first when the file does not end with one, then the line and its newline.
    public static func appendText(for line: String, to existing: Self) -> String {
        precondition(!line.utf8.contains(UInt8(ascii: "\n")), "an appended line must not contain a newline")
        return (existing.endsWithNewline ? "" : "\n") + line + "\n"
    }

    /// The byte ranges of a file's lines without their `\n`, and whether the file ends with one.
    /// An empty file counts as ending with one: nothing needs repairing before an append.
    private static func lineRanges(_ text: UnsafeBufferPointer<UInt8>) -> (ranges: [Range<Int>], endsWithNewline: Bool) {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count, text[end] != UInt8(ascii: "\n") { end += 1 }
            ranges.append(start..<end)
            start = end + 1
        }
        return (ranges, text.last.map { $0 == UInt8(ascii: "\n") } ?? true)
    }
}

/// One line of a key file.
public struct KeyFileLine<LineContent: KeyFileContent>: Sendable, Equatable {
    /// What a line of this kind of file may hold.
    public typealias Content = LineContent

    /// 1-based.
    public let number: Int
    /// The original line without its `\n`; a CR before it is kept (bytes that are not UTF-8 show as U+FFFD).
    public let text: String
    /// What the line holds.
    public let content: Content

    init(number: Int, bytes: UnsafeBufferPointer<UInt8>) {
        self.number = number
        text = String(decoding: bytes, as: UTF8.self)
        // One CR before the line end is part of a CRLF ending, so CRLF files parse like LF files.
        content = Content(parsing: bytes.last == UInt8(ascii: "\r") ? UnsafeBufferPointer(rebasing: bytes.dropLast()) : bytes)
    }
}

/// What a line of a key file may hold: the kinds every such file shares, and its own entries.
public protocol KeyFileContent: Sendable, Equatable {
    /// Empty or only spaces and tabs.
    static var blank: Self { get }
    /// The first non-blank character is `#`.
    static var comment: Self { get }
    /// A line OpenSSH would skip, and why.
    static func invalid(_ reason: SSHKeyError) -> Self
    /// The file's own reading of a line that is neither blank nor a comment; `start` is its first
    /// non-blank byte. What it throws makes the line ``invalid(_:)``.
    static func entry(_ line: UnsafeBufferPointer<UInt8>, from start: Int) throws(SSHKeyError) -> Self
}

extension KeyFileContent {
    /// Parses a line without its line ending.
    init(parsing line: UnsafeBufferPointer<UInt8>) {
        let start = KeyText.skipBlanks(line, from: 0)
        guard start < line.count else {
            self = .blank
            return
        }
        guard line[start] != UInt8(ascii: "#") else {
            self = .comment
            return
        }
        do {
            self = try Self.entry(line, from: start)
        } catch {
            self = .invalid(error)
        }
    }
}

extension KeyText {
    /// The comment of a key line: everything after the blanks that follow the key, which ends at `keyEnd`.
    static func comment(_ line: UnsafeBufferPointer<UInt8>, afterKeyEndingAt keyEnd: Int) -> String {
        String(decoding: line[skipBlanks(line, from: keyEnd)...], as: UTF8.self)
    }
}
