import Testing
@testable import Wizard

/// The one line breaker under the help, the review and the z/OS artifacts.
@Suite("WordWrap")
struct WordWrapTests {
    @Test("breaks at the last space that fits, keeps spacing, cuts long words, hangs and keeps as asked", arguments: [
        ("short", 10, 0, 0, ["short"]),
        ("", 10, 0, 0, [""]),
        ("aaa bbb ccc", 7, 0, 0, ["aaa bbb", "ccc"]),
        ("abc def", 3, 0, 0, ["abc", "def"]),
        ("a  b  c", 4, 0, 0, ["a  b", " c"]),
        ("abcdefghij", 4, 0, 0, ["abcd", "efgh", "ij"]),
        ("ab", 0, 0, 0, ["a", "b"]),
        ("ab cd", -3, 0, 0, ["a", "b", "c", "d"]),
        ("1. alpha beta gamma", 10, 3, 3, ["1. alpha", "   beta", "   gamma"]),
        ("    xxxxxxxx", 6, 4, 0, ["    xx", "xxxxxx"]),
        ("    xxxxxxxx", 6, 0, 0, ["   ", "xxxxxx", "xx"]),
        ("aaaa bbbb", 4, 0, 10, ["aaaa", "  bb", "  bb"]),
        ("word averyveryverylongword end", 10, 0, 2, ["word", "  averyver", "  yverylon", "  gword", "  end"]),
    ])
    func lines(line: String, width: Int, keeping: Int, hang: Int, expected: [String]) {
        #expect(WordWrap.lines(line, width: width, keeping: keeping, hangingIndent: hang) == expected)
    }

    @Test("no piece is wider than the width, and no character but a broken-at space is lost")
    func bounds() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab  cdé-1.")
        for _ in 0..<2000 {
            let line = String((0..<Int.random(in: 0..<120, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let width = Int.random(in: 1...40, using: &generator)
            let pieces = WordWrap.lines(line, width: width)
            #expect(pieces.allSatisfy { $0.count <= width }, "\(line.debugDescription) at \(width): \(pieces)")
            #expect(pieces.joined().filter { $0 != " " } == line.filter { $0 != " " }, "\(line.debugDescription) at \(width)")
        }
    }
}
