import Foundation
import TestSupport
import Testing
@testable import SSHKeys

/// A fresh Ed25519 key from the real ssh-keygen, with its `type base64` text.
private struct GeneratedKey {
    let key: SSHPublicKey
    let text: String

    init(comment: String = "generated") throws {
        let directory = try TemporaryDirectory()
        let made = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", directory.file("id")])
        try #require(made.status == 0, "\(made.stderr)")
        let line = try PublicKeyLine(parsing: String(decoding: try directory.read("id.pub"), as: UTF8.self))
        key = line.key
        text = line.keyText
    }
}

/// An options string and what sshd makes of it.
struct AuthorizedKeyOptionCase: Sendable, CustomTestStringConvertible {
    let options: String
    let expected: Result<[AuthorizedKeyOption], SSHKeyError>

    static func good(_ options: String, _ parsed: [AuthorizedKeyOption]) -> AuthorizedKeyOptionCase {
        AuthorizedKeyOptionCase(options: options, expected: .success(parsed))
    }

    /// A rejected options string; `detail` is a fragment of the error's detail.
    static func bad(_ options: String, _ detail: String) -> AuthorizedKeyOptionCase {
        AuthorizedKeyOptionCase(options: options, expected: .failure(SSHKeyError(.malformed, detail)))
    }

    var testDescription: String { options }
}

@Suite("AuthorizedKeys")
struct AuthorizedKeysFileTests {
    private static let key = Result { try GeneratedKey(comment: "alice@laptop") }

    /// Cases from OpenSSH's regress/unittests/authopt, plus quoting and the newer keywords.
    static let optionCases: [AuthorizedKeyOptionCase] = [
        .good("restrict", [.flag(.restrict, negated: false)]),
        .good("RESTRICT,No-Pty", [.flag(.restrict, negated: false), .flag(.pty, negated: true)]),
        .good("cert-authority", [.flag(.certAuthority, negated: false)]),
        .good("port-forwarding", [.flag(.portForwarding, negated: false)]),
        .good("no-port-forwarding", [.flag(.portForwarding, negated: true)]),
        .good("no-agent-forwarding", [.flag(.agentForwarding, negated: true)]),
        .good("no-X11-forwarding", [.flag(.x11Forwarding, negated: true)]),
        .good("pty", [.flag(.pty, negated: false)]),
        .good("no-user-rc", [.flag(.userRC, negated: true)]),
        .good("no-touch-required", [.flag(.touchRequired, negated: true)]),
        .good("verify-required", [.flag(.verifyRequired, negated: false)]),
        .good("restrict,port-forwarding", [.flag(.restrict, negated: false), .flag(.portForwarding, negated: false)]),
        .good(#"command="/bin/true""#, [.command("/bin/true")]),
        .good(#"restrict,command="/bin/true",restrict"#,
              [.flag(.restrict, negated: false), .command("/bin/true"), .flag(.restrict, negated: false)]),
        .good(#"principals="gregor,josef,K""#, [.principals("gregor,josef,K")]),
        .good(#"from="127.0.0.0/8""#, [.from("127.0.0.0/8")]),
        .good(#"FROM="*.example.com,!bad.example.com""#, [.from("*.example.com,!bad.example.com")]),
        .good(#"environment="foo=1",environment="bar=2""#,
              [.environment(name: "foo", value: "1"), .environment(name: "bar", value: "2")]),
        .good(#"environment="PATH_2=/a b=c""#, [.environment(name: "PATH_2", value: "/a b=c")]),
        .good(#"permitopen="foo:123",permitopen="bar:*""#, [.permitOpen("foo:123"), .permitOpen("bar:*")]),
        .good(#"permitopen="[::1]:22""#, [.permitOpen("[::1]:22")]),
        .good(#"permitlisten="8080",permitlisten="localhost:9090""#, [.permitListen("8080"), .permitListen("localhost:9090")]),
        .good(#"tunnel="1""#, [.tunnel("1")]),
        .good(#"tunnel="any""#, [.tunnel("any")]),
        .good(#"expiry-time="20300101""#, [.expiryTime("20300101")]),
        .good(#"expiry-time="203001311200Z""#, [.expiryTime("203001311200Z")]),
        .good(#"expiry-time="20300131120059UTC""#, [.expiryTime("20300131120059UTC")]),
        // Blanks and commas inside quotes belong to the value; \" is a literal quote.
        .good(#"command="echo \"hi there\", bye",no-pty"#, [.command(#"echo "hi there", bye"#), .flag(.pty, negated: true)]),
        .good(#"command="a\b""#, [.command(#"a\b"#)]),
        .good(#"command="""#, [.command("")]),

        .bad("restrict,", "empty option"),
        .bad(",", "empty option"),
        .bad("restrict,,pty", "empty option"),
        .bad("BLAH", "unknown option BLAH"),
        .bad("BLAH,", "unknown option BLAH"),
        .bad("pty=1", "unknown option pty"),
        .bad("no-cert-authority", "cert-authority cannot be negated"),
        .bad("no-restrict", "restrict cannot be negated"),
        .bad("command=oops", "must be in double quotes"),
        .bad("principals=estragon", "must be in double quotes"),
        .bad("from=127.0.0.1", "must be in double quotes"),
        .bad(#"command="a"b"#, "unexpected text after the value of command"),
        .bad(#"command="a",command="b""#, "more than one command option"),
        .bad(#"principals="a",PRINCIPALS="b""#, "more than one principals option"),
        .bad(#"from="a",from="b""#, "more than one from option"),
        .bad(#"tunnel="1",tunnel="2""#, "more than one tunnel option"),
        .bad(#"environment=",=bah""#, "environment must be NAME=value"),
        .bad(#"environment="=bah""#, "environment must be NAME=value"),
        .bad(#"environment="foo""#, "environment must be NAME=value"),
        .bad(#"tunnel="blah""#, "tunnel must be"),
        .bad(#"permitopen="foo:bar""#, "permitopen must be"),
        .bad(#"permitopen="foo:""#, "permitopen must be"),
        .bad(#"permitopen="foo""#, "permitopen must be"),
        .bad(#"permitopen="[:""#, "permitopen must be"),
        .bad(#"permitopen="foo:0""#, "permitopen must be"),
        .bad(#"permitlisten="host:70000""#, "permitlisten must be"),
        .bad(#"expiry-time="2030""#, "expiry-time must be"),
        .bad(#"expiry-time="20301301""#, "expiry-time must be"),
    ]

    @Test("options parse as sshd reads them", arguments: optionCases)
    func options(_ testCase: AuthorizedKeyOptionCase) throws {
        let key = try Self.key.get()
        let file = AuthorizedKeysFile(text: "\(testCase.options) \(key.text) alice@laptop\n")
        let content = try #require(file.lines.first?.content)
        switch testCase.expected {
        case let .success(expected):
            #expect(content == .key(options: expected, key: key.key, comment: "alice@laptop"))
        case let .failure(expected):
            guard case let .invalid(error) = content else {
                Issue.record("expected an error containing \"\(expected.detail)\", got \(content)")
                return
            }
            #expect(error.kind == .malformed)
            #expect(error.detail.contains(expected.detail), "\(error.detail)")
        }
    }

    @Test("option text renders lines that parse back to the same options")
    func optionTextRoundTrips() throws {
        let key = try Self.key.get()
        let options: [AuthorizedKeyOption] = [
            .flag(.restrict, negated: false), .flag(.pty, negated: false), .flag(.x11Forwarding, negated: true),
            .command(#"echo "quoted, with blanks" and a\backslash"#), .from("10.0.0.0/8,!10.1.2.3"),
            .environment(name: "LANG", value: "C.UTF-8"), .permitOpen("localhost:5432"), .tunnel("any"),
        ]
        let text = options.map(\.text).joined(separator: ",")
        #expect(text.hasPrefix(#"restrict,pty,no-x11-forwarding,command="echo \"quoted, with blanks\" and a\backslash""#))
        let file = AuthorizedKeysFile(text: "\(text) \(key.text)")
        #expect(file.lines.first?.content == .key(options: options, key: key.key, comment: ""))
    }

    @Test("lines keep their text; blank, comment and key lines are told apart")
    func lineKinds() throws {
        let key = try Self.key.get()
        let input = [
            "# managed by hand",
            "",
            "   \t",
            "  # indented comment",
            "\(key.text) alice@laptop",
            " \t\(key.text)   comment with  blanks ",
            "\(key.text)",
            "no-pty \(key.text) with options",
            "ssh-ed25519 AAA",
            "garbage",
            #"command="unterminated \#(key.text)"#,
        ].joined(separator: "\n") + "\n"
        let file = AuthorizedKeysFile(text: input)
        #expect(file.lines.map(\.number) == Array(1...11))
        #expect(file.lines.map(\.text).joined(separator: "\n") + "\n" == input)
        #expect(file.endsWithNewline)
        let contents = file.lines.map(\.content)
        #expect(contents[0] == .comment)
        #expect(contents[1] == .blank)
        #expect(contents[2] == .blank)
        #expect(contents[3] == .comment)
        #expect(contents[4] == .key(options: [], key: key.key, comment: "alice@laptop"))
        #expect(contents[5] == .key(options: [], key: key.key, comment: "comment with  blanks "))
        #expect(contents[6] == .key(options: [], key: key.key, comment: ""))
        #expect(contents[7] == .key(options: [.flag(.pty, negated: true)], key: key.key, comment: "with options"))
        #expect(contents[8] == .invalid(SSHKeyError(.badBase64)))
        #expect(contents[9] == .invalid(SSHKeyError(.unknownKeyType, "garbage")))
        guard case let .invalid(unterminated) = contents[10] else {
            Issue.record("an unterminated quote must make the line invalid")
            return
        }
        #expect(unterminated.detail.contains("quote"))
    }

    @Test("CRLF: the CR stays in the text but not in the parsed comment")
    func crlf() throws {
        let key = try Self.key.get()
        let input = "# comment\r\n\r\nrestrict \(key.text) bob@desk\r\n\(key.text)\r\n"
        let file = AuthorizedKeysFile(text: input)
        #expect(file.lines.map(\.text) == ["# comment\r", "\r", "restrict \(key.text) bob@desk\r", "\(key.text)\r"])
        #expect(file.lines.map(\.text).joined(separator: "\n") + "\n" == input)
        #expect(file.lines[0].content == .comment)
        #expect(file.lines[1].content == .blank)
        #expect(file.lines[2].content == .key(options: [.flag(.restrict, negated: false)], key: key.key, comment: "bob@desk"))
        #expect(file.lines[3].content == .key(options: [], key: key.key, comment: ""))
    }

    @Test("a missing final newline is noticed and the text still round-trips")
    func missingFinalNewline() throws {
        let key = try Self.key.get()
        let input = "# first\n\(key.text) last"
        let file = AuthorizedKeysFile(text: input)
        #expect(!file.endsWithNewline)
        #expect(file.lines.count == 2)
        #expect(file.lines.map(\.text).joined(separator: "\n") == input)

        #expect(AuthorizedKeysFile(text: "").lines.isEmpty)
        #expect(AuthorizedKeysFile(text: "").endsWithNewline)
        #expect(AuthorizedKeysFile(text: "\n").lines.map(\.content) == [.blank])
        #expect(AuthorizedKeysFile(text: "\n\n").lines.count == 2)
        #expect(AuthorizedKeysFile(bytes: Array("x".utf8)).endsWithNewline == false)
    }

    @Test("the key is found by blob whatever its comment and options")
    func lookupByBlob() throws {
        let key = try Self.key.get()
        let other = try GeneratedKey(comment: "someone-else")
        let file = AuthorizedKeysFile(text: """
            # keys
            \(other.text) someone-else
            cert-authority \(key.text) as a CA it does not count
            command="x",command="y" \(key.text) invalid options do not count
            \(key.text.dropLast(1)) cut short
            from="10.0.0.0/8",no-pty \(key.text) a different comment
            \(key.text) alice@laptop

            """)
        #expect(file.lineNumber(containing: key.key) == 6)
        #expect(file.lineNumber(containing: other.key) == 2)
        let stranger = try GeneratedKey()
        #expect(file.lineNumber(containing: stranger.key) == nil)
        #expect(AuthorizedKeysFile(text: "cert-authority \(key.text)\n").lineNumber(containing: key.key) == nil)
    }

    @Test("append text repairs a missing final newline and nothing else")
    func appendText() throws {
        let key = try Self.key.get()
        let line = "\(key.text) alice@laptop"
        #expect(AuthorizedKeysFile.appendText(for: line, to: AuthorizedKeysFile(text: "")) == line + "\n")
        #expect(AuthorizedKeysFile.appendText(for: line, to: AuthorizedKeysFile(text: "# x\n")) == line + "\n")
        #expect(AuthorizedKeysFile.appendText(for: line, to: AuthorizedKeysFile(text: "# x")) == "\n" + line + "\n")
        #expect(AuthorizedKeysFile.appendText(for: line, to: AuthorizedKeysFile(text: "# x\r\n")) == line + "\n")
        #expect(AuthorizedKeysFile.appendText(for: line, to: AuthorizedKeysFile(text: "\n")) == line + "\n")

        let existing = "# x\n\(key.text.prefix(20))"
        let appended = AuthorizedKeysFile(text: existing + AuthorizedKeysFile.appendText(for: line, to: AuthorizedKeysFile(text: existing)))
        #expect(appended.lines.map(\.text) == ["# x", String(key.text.prefix(20)), line])
        #expect(appended.lineNumber(containing: key.key) == 3)
    }

    @Test("a file of thousands of lines parses and is searched in one pass")
    func largeFile() throws {
        let key = try Self.key.get()
        let other = try GeneratedKey()
        var input = ""
        for index in 0..<5000 {
            input += index % 10 == 0 ? "# block \(index)\n" : "restrict,command=\"run \(index)\" \(other.text) user\(index)\n"
        }
        input += "\(key.text) alice@laptop\n"
        let file = AuthorizedKeysFile(text: input)
        #expect(file.lines.count == 5001)
        #expect(file.lineNumber(containing: key.key) == 5001)
        #expect(file.lineNumber(containing: other.key) == 2)
    }
}
