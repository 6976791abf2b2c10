/// The line-drawing and marker characters, in Unicode or, where the locale is not UTF-8, in ASCII.
public struct Glyphs: Sendable, Equatable {
    public let horizontal: Character
    public let pointer: Character
    public let check: Character
    public let cross: Character
    public let bullet: Character

    public static let unicode = Glyphs(horizontal: "─", pointer: "▶", check: "✓", cross: "✗", bullet: "•")
    public static let ascii = Glyphs(horizontal: "-", pointer: ">", check: "+", cross: "x", bullet: "*")

    /// `text` as this set can show it: with the ASCII set, arrows are spelled out (`Up/Down`,
    /// `Left/Right`, `<` and `>` around a choice) and other non-ASCII marks get an ASCII stand-in,
    /// because a terminal outside UTF-8 would draw them as blanks.
    public func spell(_ text: String) -> String {
        guard self == .ascii else { return text }
        var spelled = text
        for (unicode, ascii) in Self.spellings { spelled = spelled.replacing(unicode, with: ascii) }
        return spelled
    }

    /// With the ASCII set, replaces every character left outside ASCII (in help text, in a
    /// typed value) by one ASCII stand-in per column, so nothing turns into a blank.
    func standIns(in buffer: inout ScreenBuffer) {
        guard self == .ascii else { return }
        for row in 0..<buffer.size.rows {
            for column in 0..<buffer.size.columns {
                var cell = buffer[row, column]
                guard cell.isContinuation || !cell.character.isASCII else { continue }
                // The cut mark keeps one column: a lone "." would not read as a cut, ">" does.
                let spelled = cell.isContinuation ? "?" : cell.character == ScreenBuffer.cutMark ? ">" : spell(String(cell.character))
                cell.character = spelled.count == 1 && spelled.first!.isASCII ? spelled.first! : "?"
                cell.isContinuation = false
                buffer[row, column] = cell
            }
        }
    }

    /// Longer patterns first, so that a pair of arrows becomes one word pair.
    private static let spellings: [(String, String)] = [
        ("\u{2191}/\u{2193}", "Up/Down"), ("\u{2191}\u{2193}", "Up/Down"), ("\u{2190}\u{2192}", "Left/Right"),
        ("\u{2191}", "Up"), ("\u{2193}", "Down"), ("\u{2190}", "<"), ("\u{2192}", ">"),
        ("\u{2022}", "*"), ("\u{2026}", "..."), ("\u{2014}", "--"), ("\u{2013}", "-"), ("\u{2018}", "'"), ("\u{2019}", "'"),
        ("\u{201C}", "\""), ("\u{201D}", "\""), ("\u{2713}", "+"), ("\u{2717}", "x"), ("\u{25B6}", ">"), ("\u{2500}", "-"),
        ("\u{00D7}", "x"),
    ]
}
