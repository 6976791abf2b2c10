import Foundation
import TestSupport
import Testing
import SSHKeys

/// A text, a comma-separated pattern list, whether patterns are lower-cased, and match.c's verdict.
struct PatternListCase: Sendable, CustomTestStringConvertible {
    let text: String
    let list: String
    let lowercasing: Bool
    let result: WildcardPattern.ListMatch

    init(_ text: String, _ list: String, lowercasing: Bool = true, _ result: WildcardPattern.ListMatch) {
        self.text = text
        self.list = list
        self.lowercasing = lowercasing
        self.result = result
    }

    var testDescription: String {
        "\(text.prefix(20)) vs \(list.count > 40 ? "\(list.prefix(20))… (\(list.count) bytes)" : list)\(lowercasing ? "" : " as written") → \(result)"
    }
}

/// OpenSSH's match_pattern and match_pattern_list, the one matcher for known_hosts and ssh_config.
@Suite("WildcardPattern")
struct WildcardPatternTests {
    @Test("one pattern: * any run, ? any one byte, the rest exactly, commas and ! ordinary", arguments: [
        ("host", "host", true), ("host", "Host", false), ("host", "hos", false), ("host", "hostx", false),
        ("host", "*", true), ("", "*", true), ("", "", true), ("x", "", false), ("", "?", false),
        ("host", "h*", true), ("host", "*t", true), ("host", "h*s*t", true),
        ("host", "h?st", true), ("hst", "h?st", false), ("web12.example.com", "web?.example.com", false),
        ("a.example.com", "*.example.com", true), ("example.com", "*.example.com", false),
        ("aXbXc", "*X*X*", true), ("abc", "a**c", true), ("ab", "a*b*c", false), ("::1", "::1", true),
        ("xaybzc", "*a*b*c", true), ("xaybzcx", "*a*b*c", false), ("aaaaaaaaaaaaaaaaaaab", "*a*a*a*a*b", true),
        ("a,b", "a,b", true), ("a", "a,b", false), ("!a", "!a", true), ("a", "!a", false),
        ("h*", "h\\*", false),
    ])
    func single(text: String, pattern: String, matches: Bool) {
        #expect(WildcardPattern.matches(Array(text.utf8), Array(pattern.utf8)) == matches)
    }

    @Test("one pattern, lower-cased on request; the text never is", arguments: [
        ("deep.example.com", "*.EXAMPLE.com", true, true),
        ("deep.example.com", "*.EXAMPLE.com", false, false),
        ("Deep.example.com", "deep.*", true, false),
        ("Deep.example.com", "Deep.*", true, false),
        ("ärger", "ÄRGER", true, false),
    ])
    func lowercasing(text: String, pattern: String, lowercasing: Bool, matches: Bool) {
        #expect(WildcardPattern.matches(Array(text.utf8), Array(pattern.utf8), lowercasingPattern: lowercasing) == matches)
    }

    static let longest = String(repeating: "x", count: WildcardPattern.longestListPattern)

    static let listCases: [PatternListCase] = [
        .init("a.example", "*.example", .matched),
        .init("a.example", "b*,a*", .matched),
        .init("a.example", "*.example,!a*", .excluded),
        .init("a.example", "!a*,*", .excluded),
        .init("b.example", "*.example,!a*", .matched),
        .init("c", "a,b", .unmatched),
        .init("c", "!a", .unmatched),
        .init("bad.example.com", "*.EXAMPLE.COM,!BAD.*", .excluded),
        .init("good.example.com", "*.EXAMPLE.COM,!BAD.*", .matched),
        .init("good.example.com", "*.EXAMPLE.COM", lowercasing: false, .unmatched),
        .init("b.test", "a.test,,b.test", .matched),
        .init("b.test", "b.test,", .matched),
        // A pattern of 1022 bytes is tried; one of 1023 ends the list unmatched, even after a match.
        .init("x.test", longest + ",x.test", .matched),
        .init("x.test", "x.test,x" + longest, .unmatched),
        .init("x.test", "!x" + longest + ",x.test", .unmatched),
        // Only the text that is empty tells the empty patterns apart.
        .init("", "", .unmatched),
        .init("", "a,", .unmatched),
        .init("", ",a", .matched),
        .init("", "a,,b", .matched),
        .init("", "a,!", .excluded),
        .init("", "*", .matched),
    ]

    @Test("pattern lists: ! excludes whatever else matched, empty and overlong patterns as in match.c", arguments: listCases)
    func list(_ testCase: PatternListCase) {
        #expect(WildcardPattern.matchList(Array(testCase.text.utf8), Array(testCase.list.utf8),
                                          lowercasingPatterns: testCase.lowercasing) == testCase.result)
    }

    /// ssh-keygen -F matches a known_hosts host field with match_pattern_list, lower-casing the patterns:
    /// every list case it can express (a non-empty name, patterns lower-cased) must get the same answer.
    @Test("pattern lists agree with ssh-keygen -F on a known_hosts line")
    func listsAgreeWithSSHKeygen() throws {
        let scratch = try TemporaryDirectory()
        let made = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", scratch.file("id")])
        try #require(made.status == 0, "\(made.stderr)")
        let keyText = String(decoding: try scratch.read("id.pub"), as: UTF8.self).split(separator: " ").prefix(2).joined(separator: " ")
        var compared = 0
        for testCase in Self.listCases where testCase.lowercasing && !testCase.text.isEmpty {
            let path = try scratch.write("known_hosts", "\(testCase.list) \(keyText)\n")
            let found = try ExternalTool.run(["ssh-keygen", "-F", testCase.text, "-f", path])
            #expect((found.status == 0) == (testCase.result == .matched), "ssh-keygen -F for \(testCase.testDescription)")
            compared += 1
        }
        #expect(compared >= 12)
    }
}
