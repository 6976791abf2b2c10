/// A TSO command (RACDCERT, PERMIT, SETROPTS ...) laid out for a batch TSO step's SYSTSIN.
///
/// The command is written as logical lines of tokens; each logical line goes on a line of its
/// own, indented by its depth, and a line that would pass column 71 is broken between tokens.
/// Every line but the last ends in ` +`, TSO's continuation mark. A token is never split: a
/// break inside a quoted value would lose the blanks the `+` continuation drops, so a token that
/// cannot fit on a line even at column 2 is an error, never a long line.
public struct TSOCommand: Sendable, Equatable {
    /// An unbreakable piece of a command.
    public enum Token: Sendable, Equatable {
        /// Text without blanks, such as `GENCERT` or `ID(BATCHID)`.
        case word(String)
        /// A keyword and its opening parenthesis, such as `SUBJECTSDN(`; no blank follows it.
        case open(String)
        /// A closing parenthesis; no blank precedes it.
        case close
        /// A value that goes in apostrophes, with apostrophes inside doubled.
        case quoted(String)

        var text: String {
            switch self {
            case .word(let word): word
            case .open(let keyword): keyword + "("
            case .close: ")"
            case .quoted(let value): QuotedValue.quote(value)
            }
        }

        /// The text a complaint names: the value as given, for a quoted one.
        var input: String {
            if case .quoted(let value) = self { return value }
            return text
        }

        /// `KEYWORD('value')`, breakable after the parenthesis and before the closing one.
        public static func keyword(_ keyword: String, quoted value: String) -> [Token] {
            [.open(keyword), .quoted(value), .close]
        }
    }

    struct Line: Sendable, Equatable {
        var depth: Int
        var tokens: [Token]
    }

    private(set) var lines: [Line]

    /// A command whose first line holds `words`, such as `["RACDCERT", "ID(BATCHID)", "LIST"]`.
    public init(_ words: [String]) {
        lines = [Line(depth: 0, tokens: words.map(Token.word))]
    }

    /// Starts a new logical line at `depth` (each level indents by four columns).
    public mutating func line(depth: Int, _ tokens: [Token]) {
        lines.append(Line(depth: depth, tokens: tokens))
    }

    /// Adds tokens to the current logical line.
    public mutating func append(_ tokens: [Token]) {
        lines[lines.count - 1].tokens += tokens
    }

    /// The widest a continued line's text may be: 71 columns less the ` +` it ends with.
    static let continuedWidth = JCLBuilder.maximumColumns - 2

    /// The command as SYSTSIN lines, each at most 71 columns.
    public func rendered() throws(ZOSInputError) -> [String] {
        var physical: [String] = []
        for (lineIndex, line) in lines.enumerated() {
            let indent = 1 + 4 * line.depth
            var current = ""
            var currentIndent = indent
            var previous: Token?
            for (tokenIndex, token) in line.tokens.enumerated() {
                // The command's last token may end its line at column 71; others leave room for " +".
                let isLast = lineIndex == lines.count - 1 && tokenIndex == line.tokens.count - 1
                let width = isLast ? JCLBuilder.maximumColumns : Self.continuedWidth
                let text = token.text
                if let previous {
                    let separator = Self.glued(previous, token) ? "" : " "
                    if currentIndent + current.count + separator.count + text.count <= width {
                        current += separator + text
                    } else {
                        physical.append(Self.spaces(currentIndent) + current)
                        currentIndent = try Self.indent(for: token, preferred: indent + 2, width: width)
                        current = text
                    }
                } else {
                    currentIndent = try Self.indent(for: token, preferred: indent, width: width)
                    current = text
                }
                previous = token
            }
            if !current.isEmpty { physical.append(Self.spaces(currentIndent) + current) }
        }
        return physical.enumerated().map { index, text in
            index == physical.count - 1 ? text : text + " +"
        }
    }

    /// The indent a token starts a line at: the preferred one, or column 2 if only that fits.
    private static func indent(for token: Token, preferred: Int, width: Int) throws(ZOSInputError) -> Int {
        let count = token.text.count
        if preferred + count <= width { return preferred }
        if 1 + count <= width { return 1 }
        throw ZOSInputError(.line, .doesNotFit, input: token.input)
    }

    private static func glued(_ left: Token, _ right: Token) -> Bool {
        if case .open = left { return true }
        if case .close = right { return true }
        return false
    }

    private static func spaces(_ count: Int) -> String {
        String(repeating: " ", count: count)
    }
}
