import Testing
@testable import AuthSetup

/// `[user@]host[:port]` as typed on the command line.
@Suite("TargetAddress")
struct TargetAddressTests {
    @Test("accepted targets", arguments: [
        ("host", TargetAddress(host: "host")),
        ("myalias", TargetAddress(host: "myalias")),
        ("user@host", TargetAddress(user: "user", host: "host")),
        ("host:22", TargetAddress(host: "host", port: 22)),
        ("user@host:2222", TargetAddress(user: "user", host: "host", port: 2222)),
        ("host:1", TargetAddress(host: "host", port: 1)),
        ("192.0.2.1:65535", TargetAddress(host: "192.0.2.1", port: 65535)),
        ("host:0022", TargetAddress(host: "host", port: 22)),
        ("User.Name@Host.Example", TargetAddress(user: "User.Name", host: "Host.Example")),
        ("[::1]", TargetAddress(host: "::1")),
        ("[::1]:2222", TargetAddress(host: "::1", port: 2222)),
        ("user@[fe80::1%eth0]:22", TargetAddress(user: "user", host: "fe80::1%eth0", port: 22)),
        ("[host.example]:22", TargetAddress(host: "host.example", port: 22)),
        ("::1", TargetAddress(host: "::1")),
        ("fe80::1%eth0", TargetAddress(host: "fe80::1%eth0")),
        ("user@2001:db8::1", TargetAddress(user: "user", host: "2001:db8::1")),
        ("a@b@host", TargetAddress(user: "a@b", host: "host")),
        ("a@b@host:2022", TargetAddress(user: "a@b", host: "host", port: 2022)),
        ("bücher.example", TargetAddress(host: "bücher.example")),
        ("host-1", TargetAddress(host: "host-1")),
        ("user-@host-", TargetAddress(user: "user-", host: "host-")),
        ("DOMAIN\\user@host", TargetAddress(user: "DOMAIN\\user", host: "host")),
        ("u$er,x@host", TargetAddress(user: "u$er,x", host: "host")),
        ("host%x", TargetAddress(host: "host%x")),
    ])
    func accepted(text: String, expected: TargetAddress) throws {
        #expect(try TargetAddress(parsing: text) == expected)
    }

    @Test("refused targets", arguments: [
        ("", TargetError.Kind.empty),
        ("@host", .emptyUser),
        ("@", .emptyUser),
        ("@[::1]:22", .emptyUser),
        ("user@", .emptyHost),
        (":22", .emptyHost),
        ("user@:22", .emptyHost),
        ("[]", .emptyHost),
        ("[]:22", .emptyHost),
        ("host:", .invalidPort("")),
        ("host:0", .invalidPort("0")),
        ("host:65536", .invalidPort("65536")),
        ("host:-1", .invalidPort("-1")),
        ("host:+22", .invalidPort("+22")),
        ("host:22x", .invalidPort("22x")),
        ("host:ssh", .invalidPort("ssh")),
        ("host:99999999999999999999999", .invalidPort("99999999999999999999999")),
        ("[::1]:", .invalidPort("")),
        ("[::1]:0", .invalidPort("0")),
        ("ho st", .forbiddenCharacter(" ", in: .host)),
        ("us er@host", .forbiddenCharacter(" ", in: .user)),
        ("host\t", .forbiddenCharacter("\t", in: .host)),
        ("host\n", .forbiddenCharacter("\n", in: .host)),
        ("a/b", .forbiddenCharacter("/", in: .host)),
        ("us/er@host", .forbiddenCharacter("/", in: .user)),
        ("host\u{7}", .forbiddenCharacter("\u{7}", in: .host)),
        ("user\u{0}@host", .forbiddenCharacter("\u{0}", in: .user)),
        ("ho\u{200B}st", .forbiddenCharacter("\u{200B}", in: .host)),
        ("host\u{A0}", .forbiddenCharacter("\u{A0}", in: .host)),
        ("[fe80::1% eth0]", .forbiddenCharacter(" ", in: .host)),
        ("a,b", .forbiddenCharacter(",", in: .host)),
        ("$(reboot)", .forbiddenCharacter("$", in: .host)),
        ("a\\b", .forbiddenCharacter("\\", in: .host)),
        ("user@a;b", .forbiddenCharacter(";", in: .host)),
        ("u;v@host", .forbiddenCharacter(";", in: .user)),
        ("u`id`@host", .forbiddenCharacter("`", in: .user)),
        ("user\\@host", .forbiddenCharacter("\\", in: .user)),
        ("-oProxyCommand=x", .leadingDash(.host)),
        ("user@-host", .leadingDash(.host)),
        ("-l@host", .leadingDash(.user)),
        ("[-::1]", .leadingDash(.host)),
        ("[::1", .unbalancedBrackets),
        ("::1]", .unbalancedBrackets),
        ("ho[st", .unbalancedBrackets),
        ("[[::1]]", .unbalancedBrackets),
        ("[::1]]", .unbalancedBrackets),
        ("[::1]x", .textAfterBracket("x")),
        ("[::1]22", .textAfterBracket("22")),
        ("host:22:33", .ambiguousColons),
        ("a:b:c", .ambiguousColons),
        ("user@::1:zz:", .ambiguousColons),
    ])
    func refused(text: String, expected: TargetError.Kind) {
        #expect(throws: TargetError(expected, input: text)) { try TargetAddress(parsing: text) }
    }

    @Test("the user may be refused before the host: a bad user is reported even with a bad host")
    func userCheckedFirst() {
        #expect(throws: TargetError(.forbiddenCharacter(" ", in: .user), input: "a b@c d")) { try TargetAddress(parsing: "a b@c d") }
    }

    @Test("every refusal is one sentence that shows the input", arguments: [
        "", "@host", "user@", "host:0", "ho st", "a/b", "host\u{7}", "-x", "[::1", "[::1]x", "a:b:c",
    ])
    func refusalSentences(text: String) throws {
        let error = try #require(throws: TargetError.self) { try TargetAddress(parsing: text) }
        let sentence = error.description
        #expect(sentence.hasSuffix("."))
        #expect(!sentence.dropLast().contains(". "))
        #expect(!sentence.contains("\n"))
        if !text.isEmpty { #expect(sentence.contains(TargetError.quoted(text))) }
    }

    @Test("invisible characters are spelled out in messages")
    func invisibleCharactersSpelledOut() throws {
        let error = try #require(throws: TargetError.self) { try TargetAddress(parsing: "ho\u{7}st") }
        #expect(error.description.contains("'ho\\u{0007}st'"))
        #expect(error.description.contains("U+0007"))
    }

    @Test("displayName", arguments: [
        (TargetAddress(host: "host"), "host"),
        (TargetAddress(user: "user", host: "host"), "user@host"),
        (TargetAddress(host: "host", port: 2222), "host:2222"),
        (TargetAddress(user: "user", host: "host", port: 22), "user@host:22"),
        (TargetAddress(host: "::1"), "[::1]"),
        (TargetAddress(user: "user", host: "fe80::1%eth0", port: 22), "user@[fe80::1%eth0]:22"),
        (TargetAddress(user: "a@b", host: "host"), "a@b@host"),
    ])
    func displayName(address: TargetAddress, expected: String) throws {
        #expect(address.displayName == expected)
        #expect(try TargetAddress(parsing: address.displayName) == address)
    }

    @Test("-p and a typed :port: either alone is used, both must agree", arguments: [
        ("host", nil, nil),
        ("host", 2222, 2222),
        ("host:2222", nil, 2222),
        ("host:2222", 2222, 2222),
        ("[::1]:22", 22, 22),
    ] as [(String, Int?, Int?)])
    func portOption(text: String, option: Int?, expected: Int?) throws {
        #expect(try TargetAddress(parsing: text).port(option: option) == expected)
    }

    @Test("-p 2222 with host:22 is refused, naming both")
    func conflictingPort() throws {
        let address = try TargetAddress(parsing: "user@host:22")
        #expect(throws: TargetError(.conflictingPort(typed: 22, option: 2222), input: "user@host:22")) {
            try address.port(option: 2222)
        }
        #expect(TargetError(.conflictingPort(typed: 22, option: 2222), input: "user@host:22").description
                == "'user@host:22' names port 22 but -p says 2222; give the port once, either way.")
    }
}
