/// How many terminal columns a character takes, without the C library (the Wizard has no C imports).
///
/// East Asian wide and fullwidth characters and emoji take two columns, combining marks none,
/// everything else one: enough for the texts the wizard shows (names, paths, box drawing).
enum DisplayWidth {
    static func of(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let value = scalar.value
        if value < 0x20 || (value >= 0x7F && value < 0xA0) { return 0 }
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark { return 0 }
        if isWide(value) || (scalar.properties.isEmojiPresentation && value >= 0x1F000) { return 2 }
        return 1
    }

    /// The width of a whole string.
    static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    private static func isWide(_ value: UInt32) -> Bool {
        (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
    }
}
