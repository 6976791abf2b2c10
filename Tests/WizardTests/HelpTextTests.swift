import Testing
import Wizard

/// Word wrapping of help texts: width, code lines, hanging indents, and the edges.
@Suite struct HelpTextTests {
    static let sample = """
        # A heading that is rather long for a narrow screen

        A paragraph written on
        several short lines that the wrapping joins and fills again.

        - A list item whose text is long enough to need a second and a third line.
        - Short item.
        12. A numbered item, also long enough to go on to another line.

            ssh -o BatchMode=yes -o IdentitiesOnly=yes -i ~/.ssh/id_ed25519 user@host true
            short code
        Text after code.
        """

    @Test("no line is wider than the width", arguments: [1, 2, 5, 10, 20, 33, 40, 60, 80, 100])
    func respectsWidth(_ width: Int) {
        for topic in HelpCatalog.topics {
            let lines = HelpText.wrap(topic.text, width: width)
            #expect(lines.allSatisfy { $0.count <= width }, "\(topic.id) at \(width)")
        }
        #expect(HelpText.wrap(Self.sample, width: width).allSatisfy { $0.count <= width })
    }

    @Test("paragraphs are joined and refilled; headings and blank lines stay")
    func paragraphs() {
        let lines = HelpText.wrap(Self.sample, width: 100)
        #expect(lines[0] == "# A heading that is rather long for a narrow screen")
        #expect(lines[1] == "")
        #expect(lines[2] == "A paragraph written on several short lines that the wrapping joins and fills again.")
        #expect(HelpText.wrap("one\ntwo\n\nthree", width: 40) == ["one two", "", "three"])
        #expect(HelpText.wrap("# Title\nText", width: 40) == ["# Title", "Text"])
        #expect(HelpText.wrap("a   b", width: 40) == ["a b"])
    }

    @Test("code lines keep their spacing and are not joined, only cut when too wide")
    func codeLines() {
        let code = "    ssh -o BatchMode=yes -o IdentitiesOnly=yes -i ~/.ssh/id_ed25519 user@host true"
        let wide = HelpText.wrap(Self.sample, width: 100)
        #expect(wide.contains(code))
        #expect(wide.contains("    short code"))
        #expect(wide.last == "Text after code.")
        let narrow = HelpText.wrap(Self.sample, width: 40)
        #expect(narrow.contains(String(code.prefix(40))))
        #expect(narrow.contains("    short code"))
        #expect(!narrow.contains { $0.hasPrefix("    ") && $0.contains("user@host") })
        #expect(HelpText.wrap("      indented   twice  ", width: 80) == ["      indented   twice  "])
        let uncut = HelpText.wrap(Self.sample, width: 40, cuttingCode: false)
        #expect(uncut.contains(code))
        #expect(uncut.filter { !$0.hasPrefix("    ") }.allSatisfy { $0.count <= 40 })
    }

    @Test("list items hang their continuation lines under their text")
    func hangingIndents() {
        let lines = HelpText.wrap(Self.sample, width: 30)
        let dash = lines.firstIndex { $0.hasPrefix("- A list item") }!
        #expect(lines[dash + 1].hasPrefix("  ") && !lines[dash + 1].hasPrefix("   "))
        #expect(lines[dash + 2].hasPrefix("  ") && !lines[dash + 2].hasPrefix("   "))
        #expect(lines.contains("- Short item."))
        let numbered = lines.firstIndex { $0.hasPrefix("12. A numbered") }!
        #expect(lines[numbered + 1].hasPrefix("    ") && !lines[numbered + 1].hasPrefix("     "))
        #expect(HelpText.wrap("- one two three four", width: 10) == ["- one two", "  three", "  four"])
        #expect(HelpText.wrap("  - nested item text", width: 12) == ["  - nested", "    item", "    text"])
        #expect(HelpText.wrap("- item\n  continued here", width: 40) == ["- item continued here"])
    }

    @Test("no word is lost or changed when nothing has to be cut", arguments: HelpCatalog.topics.map(\.id))
    func wordsKept(_ id: String) throws {
        let topic = try #require(HelpCatalog.topic(id))
        let wrapped = HelpText.wrap(topic.text, width: 100)
        #expect(wrapped.joined(separator: " ").split(separator: " ") == topic.text.split(whereSeparator: { $0 == " " || $0 == "\n" }))
        #expect(wrapped.filter { $0.hasPrefix("    ") } == topic.text.split(separator: "\n").filter { $0.hasPrefix("    ") }.map(String.init))
    }

    @Test("overlong words are cut; tiny widths still terminate")
    func edges() {
        let word = String(repeating: "x", count: 50)
        #expect(HelpText.wrap(word, width: 20) == [String(repeating: "x", count: 20), String(repeating: "x", count: 20), String(repeating: "x", count: 10)])
        #expect(HelpText.wrap("- " + word, width: 20).allSatisfy { $0.count <= 20 })
        #expect(HelpText.wrap("- abc", width: 1) == ["-", "a", "b", "c"])
        #expect(HelpText.wrap("abc", width: 0) == ["a", "b", "c"])
        #expect(HelpText.wrap("", width: 40) == [""])
        #expect(HelpText.wrap("text\n", width: 40) == ["text"])
    }
}
