/// Typing into a one-line field, shared by every form and text screen.
enum TextEntry {
    /// Applies an editing key (see ``LineEditor``) to `text`, with the cursor `afterCursor`
    /// characters before its end; false for keys that are not editing (the caller decides).
    static func apply(_ key: WizardEvent.Key, to text: inout String, afterCursor: inout Int) -> Bool {
        var line = text
        var after = afterCursor
        guard LineEditor.apply(key, to: &line, afterCursor: &after) else { return false }
        text = line
        afterCursor = after
        return true
    }
}

extension Character {
    /// Whether the character can go into a one-line field (no line breaks or control characters).
    var isTypable: Bool { !isNewline && (asciiValue.map { $0 >= 0x20 } ?? true) }
}

extension CaseIterable where Self: RawRepresentable, RawValue == Int {
    /// The next case in declaration order, after the last the first (Tab in a form).
    var next: Self { Self(rawValue: (rawValue + 1) % Self.allCases.count)! }
    /// The case before, before the first the last (Shift-Tab).
    var previous: Self { Self(rawValue: (rawValue + Self.allCases.count - 1) % Self.allCases.count)! }
}
