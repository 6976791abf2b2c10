import Flows
import SSHKeys
import Testing

/// The listing's reading of lines, without a target: options as written, skipped lines cut to 40
/// characters, and control characters from the file escaped on the terminal but kept in JSON.
@Suite struct AuthorizedKeysListingTests {
    private static let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"

    private static func listing(_ text: String, localKeys: LocalKeys = LocalKeys()) -> AuthorizedKeysListing {
        AuthorizedKeysListing(path: "/home/u/.ssh/authorized_keys", shownPath: "~/.ssh/authorized_keys", bytes: Array(text.utf8), localKeys: localKeys)
    }

    @Test("options are given as the line writes them: quotes, escaped quotes, blanks inside quotes, case and leading blanks", arguments: [
        (#"no-pty "# + key + " c", "no-pty"),
        (#"  NO-PTY,Restrict "# + key, "NO-PTY,Restrict"),
        (#"command="echo a b",from="10.*" "# + key + " c", #"command="echo a b",from="10.*""#),
        (#"command="say \"hi there\"" "# + key, #"command="say \"hi there\"""#),
        ("\tpermitopen=\"h:1\"\t" + key + " c\r", #"permitopen="h:1""#),
        (key + " plain", ""),
    ])
    func optionsAsWritten(_ line: String, _ expected: String) throws {
        let keys = Self.listing(line + "\n").keys
        try #require(keys.count == 1, "\(line)")
        #expect(keys[0].optionsText == expected)
    }

    @Test("a skipped line keeps its reason and at most its first 40 characters, leading blanks dropped")
    func skippedLine() throws {
        let long = "  ssh-ed25519 " + String(repeating: "A", count: 100) + "= x"
        let invalid = Self.listing("#\n" + long + "\n").invalidLines
        try #require(invalid.count == 1)
        #expect(invalid[0].line == 2)
        #expect(invalid[0].start == String(long.dropFirst(2).prefix(40)))
        #expect(!invalid[0].reason.isEmpty)
    }

    @Test("control characters in a comment or option are escaped in the text and kept in JSON; a local copy matches by key, not comment")
    func controlCharacters() throws {
        var local = LocalKeys()
        let parsed = try PublicKeyLine(parsing: Self.key + " another-comment")
        local.add(parsed.key, from: .publicKeyFile("/home/me/.ssh/id_ed25519.pub"))
        local.add(parsed.key, from: .agent(comment: "me@laptop"))
        local.add(parsed.key, from: .agent(comment: "me@laptop"))
        let listing = Self.listing("environment=\"A=\u{1B}[2J\" " + Self.key + " evil\u{1B}]0;title\u{07}\n", localKeys: local)
        let target = Target(user: "u", host: "h", port: 22, knownHostsFiles: [])
        let text = listing.renderedText(target: target, localHome: "/home/me")
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}"), "\(text)")
        #expect(text.contains(#"environment="A=\x1b[2J""#) && text.contains(#"evil\x1b]0;title\x07"#), "\(text)")
        #expect(text.contains("~/.ssh/id_ed25519.pub, agent (me@laptop)"), "\(text)")
        let json = listing.renderedJSON()
        #expect(json.contains(#"evil\u001b]0;title\u0007"#), "\(json)")
    }
}
