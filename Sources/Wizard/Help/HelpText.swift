/// Lays help texts out for a given width.
///
/// The texts are Markdown-like plain text: `#` headings, paragraphs, list items starting with
/// `- ` or `1. `, and code lines indented by four spaces. Widths are counted in characters, which
/// is exact for the ASCII the help is written in.
public enum HelpText {
    /// `text` wrapped to lines of at most `width` characters.
    ///
    /// - Paragraphs and list items are reflowed: consecutive lines are joined and filled again, so
    ///   the source's own line breaks do not show as ragged edges at other widths.
    /// - A list item's continuation lines hang under its text, not under its marker.
    /// - Code lines (four or more leading spaces) keep their line breaks and spacing, since
    ///   commands and JCL must be copied as written. A code line wider than `width` is cut, unless
    ///   `cuttingCode` is false: a terminal that scrolls can show it whole, and a command cut
    ///   short is worse than one that runs over the edge.
    /// - Headings stay lines of their own; blank lines are kept.
    /// - A word longer than the line is cut, so that apart from uncut code no line is ever wider
    ///   than `width` (at least 1).
    public static func wrap(_ text: String, width: Int, cuttingCode: Bool = true) -> [String] {
        let width = max(width, 1)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { lines.removeLast() }

        var output: [String] = []
        var block: Block?
        func flush() {
            if let pending = block { output += pending.filled(width: width) }
            block = nil
        }
        for line in lines {
            switch Kind(of: line) {
            case .blank:
                flush()
                output.append("")
            case .code:
                flush()
                output.append(cuttingCode ? String(line.prefix(width)) : String(line))
            case .heading:
                flush()
                output += Block(prefix: "", text: line).filled(width: width)
            case .listItem(let markerEnd):
                flush()
                block = Block(prefix: String(line[..<markerEnd]), text: line[markerEnd...])
            case .text(let indentEnd):
                if block != nil {
                    block?.append(line)
                } else {
                    block = Block(prefix: String(line[..<indentEnd]), text: line[indentEnd...])
                }
            }
        }
        flush()
        return output
    }

    /// What a source line is, which decides how it is laid out.
    private enum Kind {
        case blank
        case code
        case heading
        /// A list item; the marker (with its indentation) ends at the index.
        case listItem(markerEnd: Substring.Index)
        /// Prose; its indentation (under four spaces) ends at the index.
        case text(indentEnd: Substring.Index)

        init(of line: Substring) {
            let indentEnd = line.firstIndex { $0 != " " } ?? line.endIndex
            let indent = line.distance(from: line.startIndex, to: indentEnd)
            if indentEnd == line.endIndex {
                self = .blank
            } else if indent >= 4 || line[indentEnd] == "\t" {
                self = .code
            } else if indent == 0, line[indentEnd] == "#" {
                self = .heading
            } else if let markerEnd = Kind.listMarkerEnd(line[indentEnd...]) {
                self = .listItem(markerEnd: markerEnd)
            } else {
                self = .text(indentEnd: indentEnd)
            }
        }

        /// The end of a `- ` or `12. ` marker at the start of `text`, with the space after it.
        private static func listMarkerEnd(_ text: Substring) -> Substring.Index? {
            if text.hasPrefix("- ") { return text.index(text.startIndex, offsetBy: 2) }
            let digitsEnd = text.firstIndex { !$0.isASCII || !$0.isNumber } ?? text.endIndex
            guard digitsEnd != text.startIndex, text[digitsEnd...].hasPrefix(". ") else { return nil }
            return text.index(digitsEnd, offsetBy: 2)
        }
    }

    /// A paragraph, list item or heading being collected: its first-line prefix and its words.
    private struct Block {
        let prefix: String
        var words: [Substring]

        init(prefix: String, text: Substring) {
            self.prefix = prefix
            words = text.split(separator: " ")
        }

        mutating func append(_ line: Substring) {
            words += line.split(separator: " ")
        }

        /// The words filled into lines of at most `width` characters, the first line starting with
        /// the prefix and the others indented by as much.
        func filled(width: Int) -> [String] {
            var words = self.words
            var first = prefix
            // A hanging indent that eats most of a narrow line would leave a column of fragments;
            // then the marker becomes an ordinary word and nothing is indented.
            if prefix.count * 2 > width {
                words = prefix.split(separator: " ") + words
                first = ""
            }
            guard !words.isEmpty else { return [] }
            return WordWrap.lines(first + words.joined(separator: " "), width: width, keeping: first.count, hangingIndent: first.count)
        }
    }
}
