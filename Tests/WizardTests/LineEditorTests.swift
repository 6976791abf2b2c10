import Testing
@testable import Wizard

/// The text-field component every form shares: readline editing at a cursor, for plain text and
/// for masked secrets, and the sideways-scrolled window a field shows.
@Suite struct LineEditorTests {
    /// `keys` applied to `text` with the cursor at its end; the result and the cursor's index.
    static func edit(_ text: String, _ keys: [WizardEvent.Key]) -> (String, Int) {
        var line = text
        var after = 0
        for key in keys { _ = LineEditor.apply(key, to: &line, afterCursor: &after) }
        return (line, line.count - after)
    }

    static func typing(_ text: String) -> [WizardEvent.Key] { text.map { .character($0) } }

    @Test("each readline key at the cursor", arguments: [
        // (start text, keys, text after, cursor after)
        ("abc", [.left, .left, .character("X")], "aXbc", 2),
        ("abc", [.home, .character("X")], "Xabc", 1),
        ("abc", [.control("a"), .control("f"), .character("X")], "aXbc", 2),
        ("abc", [.home, .end, .character("X")], "abcX", 4),
        ("abc", [.home, .control("e"), .control("b"), .character("X")], "abXc", 3),
        ("abc", [.left, .backspace], "ac", 1),
        ("abc", [.home, .backspace], "abc", 0),
        ("abc", [.left, .left, .delete], "ac", 1),
        ("abc", [.delete], "abc", 3),
        ("abc", [.home, .control("d")], "bc", 0),
        ("hello world", [.left, .left, .control("u")], "ld", 0),
        ("hello world", [.left, .left, .left, .control("k")], "hello wo", 8),
        ("ssh -p 22 host", [.control("w")], "ssh -p 22 ", 10),
        ("ssh -p 22   ", [.control("w")], "ssh -p ", 7),
        ("one two", [.left, .left, .control("w")], "one wo", 4),
        ("", [.left, .right, .home, .end, .backspace, .delete, .control("u"), .control("k"), .control("w")], "", 0),
        ("ab", [.right, .right, .left, .left, .left, .character("X")], "Xab", 1),
        ("caf\u{e9}", [.left, .character("\u{2192}")], "caf\u{2192}\u{e9}", 4),
    ] as [(String, [WizardEvent.Key], String, Int)])
    func readlineKeys(_ start: String, _ keys: [WizardEvent.Key], _ text: String, _ cursor: Int) {
        let (edited, at) = Self.edit(start, keys)
        #expect(edited == text)
        #expect(at == cursor)
    }

    @Test("keys that are not editing are left to the caller; control characters are not typed", arguments: [
        WizardEvent.Key.enter, .escape, .tab, .backTab, .up, .down, .pageUp, .pageDown, .help, .interrupt,
        .control("z"), .character("\u{7}"), .character("\n"),
    ])
    func notEditing(_ key: WizardEvent.Key) {
        var line = "abc"
        var after = 1
        #expect(!LineEditor.apply(key, to: &line, afterCursor: &after))
        #expect(line == "abc" && after == 1)
    }

    @Test("a cursor from outside the line is brought inside it")
    func cursorClamped() {
        var line = "abc"
        var after = 10
        _ = LineEditor.apply(.character("X"), to: &line, afterCursor: &after)
        #expect(line == "Xabc" && after == 3)
    }

    @Test("a masked secret is edited at its cursor as plain text is, byte for byte in UTF-8")
    func secretAtCursor() {
        var secret = TypedSecret()
        for key in Self.typing("p\u{e9}\u{20ac}\u{1F511}x") + [.left, .left, .backspace, .character("Z"), .home, .delete, .character("\u{e9}")] {
            let handled = secret.edit(key)
            #expect(handled)
        }
        #expect(String(decoding: secret.bytes, as: UTF8.self) == "\u{e9}\u{e9}Z\u{1F511}x")
        #expect(secret.cursor == 1)
        #expect(secret.count == 5)
        _ = secret.edit(.control("k"))
        #expect(String(decoding: secret.bytes, as: UTF8.self) == "\u{e9}")
        _ = secret.edit(.control("u"))
        #expect(secret.isEmpty && secret.cursor == 0)
    }

    @Test("Ctrl-W in a masked field takes all before the cursor, so word breaks do not show")
    func secretWordKill() {
        var secret = TypedSecret()
        for key in Self.typing("two words") + [.left, .left] { _ = secret.edit(key) }
        _ = secret.edit(.control("w"))
        #expect(String(decoding: secret.bytes, as: UTF8.self) == "ds")
        #expect(secret.cursor == 0)
    }

    @Test("two secrets are equal by their bytes, wherever their cursors stand")
    func secretEquality() {
        var one = TypedSecret()
        var two = TypedSecret()
        for key in Self.typing("same") { _ = one.edit(key); _ = two.edit(key) }
        _ = two.edit(.home)
        #expect(one == two)
        _ = two.edit(.character("x"))
        #expect(one != two)
    }

    @Test("a value that fits is shown whole, the cursor at its insertion point", arguments: [
        ("abc", 3, 10, "abc", 3),
        ("abc", 0, 10, "abc", 0),
        ("abcd", 4, 5, "abcd", 4),
        ("a\u{4e2d}b", 2, 10, "a\u{4e2d}b", 3),
    ] as [(String, Int, Int, String, Int)])
    func windowWhole(_ value: String, _ cursor: Int, _ width: Int, _ text: String, _ column: Int) {
        let window = FieldWindow(Array(value), cursor: cursor, width: width)
        #expect(window.text == text)
        #expect(window.cursorColumn == column)
    }

    @Test("a longer value scrolls around the cursor and marks each cut", arguments: [
        // cursor at the end: the last characters after a left mark, a cell left for the cursor
        ("abcdefghij", 10, 6, "<ghij", 5),
        // cursor at the start: the first characters, a right mark at the band's end
        ("abcdefghij", 0, 6, "abcde>", 0),
        // cursor in the middle: as much of the left as keeps it and the right mark in view
        ("abcdefghij", 5, 6, "<cdef>", 4),
        ("abcdefghij", 2, 6, "abcde>", 2),
        // the value fits except for the cursor's own cell at the end
        ("abcdef", 6, 6, "<cdef", 5),
        // wide characters are never split
        ("\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}", 5, 6, "<\u{6587}\u{4e2d}", 5),
    ] as [(String, Int, Int, String, Int)])
    func windowScrolled(_ value: String, _ cursor: Int, _ width: Int, _ text: String, _ column: Int) {
        let window = FieldWindow(Array(value), cursor: cursor, width: width)
        #expect(window.text == text)
        #expect(window.cursorColumn == column)
        #expect(DisplayWidth.of(window.text) <= width)
        #expect(window.cursorColumn < width)
    }

    @Test("for every value, cursor and band width the cursor is in view and the shown text is the value's, cut marks aside")
    func windowProperties() {
        let value = Array("0123456789abcdefghij")
        for width in 4...24 {
            for cursor in 0...value.count {
                let window = FieldWindow(value, cursor: cursor, width: width)
                #expect(window.cursorColumn < width, "width \(width) cursor \(cursor)")
                #expect(DisplayWidth.of(window.text) <= width, "width \(width) cursor \(cursor)")
                var shown = window.text
                if shown.first == FieldWindow.leftCut { shown.removeFirst() }
                if shown.last == FieldWindow.rightCut { shown.removeLast() }
                shown = String(shown.reversed().drop { $0 == " " }.reversed())
                #expect(String(value).contains(shown), "width \(width) cursor \(cursor): \(window.text)")
                let start = window.text.first == FieldWindow.leftCut ? 1 : 0
                // The character under the cursor is the value's character at the cursor.
                if cursor < value.count {
                    let under = Array(window.text)[window.cursorColumn]
                    #expect(under == value[cursor], "width \(width) cursor \(cursor): \(window.text)")
                }
                // Without a left mark the value is shown from its start; without a right mark, to its end.
                if start == 0 { #expect(String(value).hasPrefix(shown), "width \(width) cursor \(cursor): \(window.text)") }
                if window.text.last != FieldWindow.rightCut { #expect(String(value).hasSuffix(shown), "width \(width) cursor \(cursor): \(window.text)") }
            }
        }
    }
}
