/// One change to a one-line field, read from a key the way readline reads it.
enum LineEdit: Equatable {
    case insert([Character])
    case deleteBackward
    case deleteForward
    case left
    case right
    case start
    case end
    case killToStart
    case killToEnd
    case killWordBackward

    /// The change `key` asks for, or nil when the key is not for a line (Tab, Enter, Up...).
    init?(_ key: WizardEvent.Key) {
        switch key {
        case .character(let character):
            guard character.isTypable else { return nil }
            self = .insert([character])
        case .backspace: self = .deleteBackward
        case .delete, .control("d"): self = .deleteForward
        case .left, .control("b"): self = .left
        case .right, .control("f"): self = .right
        case .home, .control("a"): self = .start
        case .end, .control("e"): self = .end
        case .control("u"): self = .killToStart
        case .control("k"): self = .killToEnd
        case .control("w"): self = .killWordBackward
        default: return nil
        }
    }
}

/// A line the editor can change: plain text, or a secret that must never be copied into a String.
protocol EditableLine {
    /// How many positions the cursor can stand between (characters; Unicode scalars for a secret).
    var length: Int { get }
    /// Replaces the positions in `range` with `characters`.
    mutating func replace(_ range: Range<Int>, with characters: [Character])
    /// Where the word that ends at `index` starts, for Ctrl-W.
    func wordStart(before index: Int) -> Int
}

/// The readline editing every text field of the wizard shares: the cursor moves, and typing,
/// deleting and killing happen at the cursor.
enum LineEditor {
    /// Applies `key` to `line` with the cursor `afterCursor` positions before the end (0: at the
    /// end, where a field starts). False when the key is not for a line; the caller decides.
    static func apply(_ key: WizardEvent.Key, to line: inout some EditableLine, afterCursor: inout Int) -> Bool {
        guard let edit = LineEdit(key) else { return false }
        var cursor = line.length - min(max(afterCursor, 0), line.length)
        apply(edit, to: &line, cursor: &cursor)
        afterCursor = line.length - cursor
        return true
    }

    /// Applies one edit with the cursor at `cursor` (0: before the first position).
    static func apply(_ edit: LineEdit, to line: inout some EditableLine, cursor: inout Int) {
        cursor = min(max(cursor, 0), line.length)
        switch edit {
        case .insert(let characters):
            let before = line.length
            line.replace(cursor..<cursor, with: characters)
            cursor += line.length - before
        case .deleteBackward:
            guard cursor > 0 else { return }
            line.replace(cursor - 1..<cursor, with: [])
            cursor -= 1
        case .deleteForward:
            guard cursor < line.length else { return }
            line.replace(cursor..<cursor + 1, with: [])
        case .left: cursor = max(cursor - 1, 0)
        case .right: cursor = min(cursor + 1, line.length)
        case .start: cursor = 0
        case .end: cursor = line.length
        case .killToStart:
            line.replace(0..<cursor, with: [])
            cursor = 0
        case .killToEnd:
            line.replace(cursor..<line.length, with: [])
        case .killWordBackward:
            let start = line.wordStart(before: cursor)
            line.replace(start..<cursor, with: [])
            cursor = start
        }
    }
}

extension String: EditableLine {
    var length: Int { count }

    mutating func replace(_ range: Range<Int>, with characters: [Character]) {
        let lower = index(startIndex, offsetBy: range.lowerBound)
        let upper = index(lower, offsetBy: range.count)
        replaceSubrange(lower..<upper, with: characters)
    }

    /// As readline's Ctrl-W: back over blanks, then back to the blank before the word.
    func wordStart(before index: Int) -> Int {
        let characters = Array(prefix(index))
        var at = characters.count
        while at > 0, characters[at - 1].isWhitespace { at -= 1 }
        while at > 0, !characters[at - 1].isWhitespace { at -= 1 }
        return at
    }
}
