import Foundation
import TestSupport
import Testing
@testable import SSHKeys

/// A fresh key from the real ssh-keygen, with its `type base64` text.
private struct GeneratedKey {
    let key: SSHPublicKey
    let text: String

    init(type: String = "ed25519") throws {
        let directory = try TemporaryDirectory()
        let made = try ExternalTool.run(["ssh-keygen", "-q", "-t", type, "-N", "", "-f", directory.file("id")])
        try #require(made.status == 0, "\(made.stderr)")
        let line = try PublicKeyLine(parsing: String(decoding: try directory.read("id.pub"), as: UTF8.self))
        key = line.key
        text = line.keyText
    }
}

/// A host field, a host and port to look up, and whether ssh would apply the line.
struct KnownHostsPatternCase: Sendable, CustomTestStringConvertible {
    let patterns: String
    let host: String
    let port: Int
    let matches: Bool

    init(_ patterns: String, _ host: String, port: Int = 22, matches: Bool) {
        self.patterns = patterns
        self.host = host
        self.port = port
        self.matches = matches
    }

    var testDescription: String {
        let shown = patterns.count > 60 ? "\(patterns.prefix(30))… (\(patterns.utf8.count) bytes)" : patterns
        return "\(shown) \(matches ? "matches" : "does not match") \(host):\(port)"
    }
}

private func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

@Suite("KnownHosts")
struct KnownHostsFileTests {
    private static let key = Result { try GeneratedKey() }

    @Test("HMAC-SHA1 known answers (RFC 2202)")
    func hmacKnownAnswers() {
        #expect(HMACSHA1.authenticationCode(key: [UInt8](repeating: 0x0B, count: 20), message: Array("Hi There".utf8))
            == hex("b617318655057264e28bc0b6fb378c8ef146be00"))
        #expect(HMACSHA1.authenticationCode(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
            == hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"))
    }

    @Test("entries hashed by ssh-keygen -H match their own host and port only")
    func hashedBySSHKeygen() throws {
        let key = try Self.key.get()
        let directory = try TemporaryDirectory()
        let names = ["example.com", "[example.com]:2222", "Example.ORG", "192.0.2.1"]
        let path = try directory.write("known_hosts", names.map { "\($0) \(key.text)\n" }.joined())
        let hashing = try ExternalTool.run(["ssh-keygen", "-H", "-f", path])
        try #require(hashing.status == 0, "\(hashing.stderr)")

        let file = KnownHostsFile(bytes: try directory.read("known_hosts"))
        let hosts = file.lines.compactMap { line -> HostPatterns? in
            guard case let .entry(nil, hosts, lineKey, _) = line.content, lineKey == key.key else { return nil }
            return hosts
        }
        try #require(hosts.count == 4, "\(file.lines.map(\.text))")
        for patterns in hosts {
            guard case .hashed = patterns else {
                Issue.record("ssh-keygen -H left a plain entry: \(patterns.text)")
                return
            }
        }
        // (host, port, index of the only line that applies)
        let probes: [(String, Int, Int?)] = [
            ("example.com", 22, 0), ("EXAMPLE.com", 22, 0), ("example.com", 2222, 1),
            ("example.org", 22, 2), ("Example.ORG", 22, 2), ("192.0.2.1", 22, 3),
            ("example.com", 2200, nil), ("example.net", 22, nil), ("192.0.2.10", 22, nil), ("example.org", 2222, nil),
        ]
        for (host, port, expected) in probes {
            for (index, patterns) in hosts.enumerated() {
                #expect(patterns.matches(host: host, port: port) == (index == expected), "line \(index + 1) vs \(host):\(port)")
            }
            // For another port ssh falls back to the bare host's line ("found matching key w/out port").
            let bare = port == 22 ? nil : probes.first { $0.0.lowercased() == host.lowercased() && $0.1 == 22 }?.2
            #expect(file.verdict(host: host, port: port, key: key.key) == ((expected ?? bare).map { .known(line: $0 + 1) } ?? .unknown))
        }
        // Given ssh-keygen's salt, our writer produces its line byte for byte.
        for (index, name) in [("example.com", 22), ("example.com", 2222), ("Example.ORG", 22), ("192.0.2.1", 22)].enumerated() {
            guard case let .hashed(salt, _) = hosts[index] else { continue }
            #expect(KnownHostsFile.entryText(host: name.0, port: name.1, key: key.key, hashed: true, salt: salt) == file.lines[index].text)
        }
    }

    @Test("entries we write are found by ssh-keygen -F", arguments: [true, false])
    func foundBySSHKeygen(hashed: Bool) throws {
        let key = try Self.key.get()
        let directory = try TemporaryDirectory()
        let hosts: [(String, Int)] = [("example.com", 22), ("Mixed.Example.NET", 22), ("example.com", 2222), ("2001:db8::1", 22), ("198.51.100.7", 2022)]
        let entries = hosts.map { KnownHostsFile.entryText(host: $0.0, port: $0.1, key: key.key, hashed: hashed) }
        let path = try directory.write("known_hosts", "# written by the test\n" + entries.map { $0 + "\n" }.joined())
        for (index, (host, port)) in hosts.enumerated() {
            let query = KnownHostsFile.lookupName(host: host, port: port)
            let found = try ExternalTool.run(["ssh-keygen", "-F", query, "-f", path])
            #expect(found.status == 0, "\(query): \(found.stderr)")
            #expect(found.stdout.contains("found: line \(index + 2)"), "\(query): \(found.stdout)")
        }
        for query in ["example.org", "[example.com]:2200", "example.net"] {
            #expect(try ExternalTool.run(["ssh-keygen", "-F", query, "-f", path]).status != 0, "\(query)")
        }
        if hashed {
            #expect(entries[0].hasPrefix("|1|"))
            #expect(entries[0] != KnownHostsFile.entryText(host: "example.com", port: 22, key: key.key, hashed: true), "salts are random")
        } else {
            #expect(entries.map { String($0.prefix { $0 != " " }) }
                == ["example.com", "mixed.example.net", "[example.com]:2222", "2001:db8::1", "[198.51.100.7]:2022"])
        }
        let file = KnownHostsFile(bytes: try directory.read("known_hosts"))
        for (index, (host, port)) in hosts.enumerated() {
            #expect(file.verdict(host: host, port: port, key: key.key) == .known(line: index + 2))
        }
    }

    static let patternCases: [KnownHostsPatternCase] = [
        .init("*.example.com,!bad.example.com", "a.example.com", matches: true),
        .init("*.example.com,!bad.example.com", "bad.example.com", matches: false),
        .init("*.example.com,!bad.example.com", "example.com", matches: false),
        .init("*.EXAMPLE.com", "Deep.Sub.example.com", matches: true),
        .init("host?.test", "host1.test", matches: true),
        .init("host?.test", "host12.test", matches: false),
        .init("!only.negated", "other.test", matches: false),
        .init("[*.example.com]:2222", "a.example.com", port: 2222, matches: true),
        .init("[*.example.com]:2222", "a.example.com", matches: false),
        .init("*.example.com", "a.example.com", port: 2222, matches: false),
        .init("192.0.2.*", "192.0.2.77", matches: true),
        .init("192.0.2.*", "192.0.20.1", matches: false),
        .init("a.test,,b.test", "b.test", matches: true),
        .init("*", "anything.test", matches: true),
        .init("*a*b*c", "xaybzc", matches: true),
        .init("*a*b*c", "xaybzcx", matches: false),
        .init("plain.test", "plain.test.", matches: false),
        .init("plain.test,", "plain.test", matches: true),
        // ssh gives up on a whole field when one pattern is over 1022 bytes, even after a match.
        .init("plain.test," + String(repeating: "x", count: 1023), "plain.test", matches: false),
        .init(String(repeating: "x", count: 1022) + ",plain.test", "plain.test", matches: true),
    ]

    @Test("wildcards and negation match as in ssh-keygen -F", arguments: patternCases)
    func patterns(_ testCase: KnownHostsPatternCase) throws {
        let key = try Self.key.get()
        let file = KnownHostsFile(text: "\(testCase.patterns) \(key.text)\n")
        guard case let .entry(nil, hosts, _, _) = file.lines[0].content else {
            Issue.record("not an entry: \(file.lines[0].content)")
            return
        }
        #expect(hosts == .plain(testCase.patterns.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        #expect(hosts.matches(host: testCase.host, port: testCase.port) == testCase.matches)

        let directory = try TemporaryDirectory()
        let path = try directory.write("known_hosts", file.lines[0].text + "\n")
        let query = KnownHostsFile.lookupName(host: testCase.host, port: testCase.port)
        let found = try ExternalTool.run(["ssh-keygen", "-F", query, "-f", path])
        #expect((found.status == 0) == testCase.matches, "ssh-keygen -F \(query): \(found.stdout)")
    }

    @Test("markers, comments after the key, and lines ssh would skip")
    func lineKinds() throws {
        let key = try Self.key.get()
        let input = [
            "# known hosts",
            "",
            "@revoked * \(key.text)",
            "@cert-authority *.example.com \(key.text) the CA",
            "  example.com,192.0.2.1\t\(key.text)   added by hand ",
            "@trusted example.com \(key.text)",
            "@revoked @revoked example.com \(key.text)",
            "@revoked",
            "example.com",
            "example.com # no key",
            "example.com ssh-ed25519 AAA",
            "|1|c2hvcnQ=|c2hvcnQ= \(key.text)",
            "|2|AAAAAAAAAAAAAAAAAAAAAAAAAAA=|AAAAAAAAAAAAAAAAAAAAAAAAAAA= \(key.text)",
            "|1|!!!!|AAAA \(key.text)",
        ].joined(separator: "\n")
        let file = KnownHostsFile(text: input)
        #expect(!file.endsWithNewline)
        #expect(file.lines.map(\.text).joined(separator: "\n") == input)
        let contents = file.lines.map(\.content)
        #expect(contents[0] == .comment)
        #expect(contents[1] == .blank)
        #expect(contents[2] == .entry(marker: .revoked, hosts: .plain(["*"]), key: key.key, comment: ""))
        #expect(contents[3] == .entry(marker: .certAuthority, hosts: .plain(["*.example.com"]), key: key.key, comment: "the CA"))
        #expect(contents[4] == .entry(marker: nil, hosts: .plain(["example.com", "192.0.2.1"]), key: key.key, comment: "added by hand "))
        let expectedErrors: [(SSHKeyError.Kind, String)] = [
            (.malformed, "unknown marker @trusted"),
            (.malformed, "only one marker"),
            (.notAPublicKey, "no host names"),
            (.notAPublicKey, "no key"),
            (.notAPublicKey, "no key"),
            (.badBase64, "the base64 text"),
            (.malformed, "20 bytes"),
            (.malformed, "|1|salt|hash"),
            (.badBase64, "hashed host name"),
        ]
        for (offset, (kind, detail)) in expectedErrors.enumerated() {
            guard case let .invalid(error) = contents[5 + offset] else {
                Issue.record("line \(6 + offset) should be invalid: \(contents[5 + offset])")
                continue
            }
            #expect(error.kind == kind, "line \(6 + offset): \(error)")
            #expect(error.description.contains(detail), "line \(6 + offset): \(error)")
        }
    }

    @Test("verdicts: known, changed, unknown and revoked")
    func verdicts() throws {
        let known = try Self.key.get()
        let other = try GeneratedKey()
        let third = try GeneratedKey()
        let revoked = try GeneratedKey()
        let ecdsa = try GeneratedKey(type: "ecdsa")
        let file = KnownHostsFile(text: """
            # line 1
            example.com \(known.text)
            changed.test \(other.text)
            changed.test,example.com \(third.text)
            @revoked * \(revoked.text)
            @cert-authority *.ca.test \(known.text)
            ecdsa-only.test \(ecdsa.text)
            @revoked only.test \(other.text)
            example.com \(known.text) a second copy
            \(KnownHostsFile.entryText(host: "hashed.test", port: 2222, key: other.key, hashed: true))

            """)
        #expect(file.verdict(host: "example.com", port: 22, key: known.key) == .known(line: 2))
        #expect(file.verdict(host: "EXAMPLE.COM", port: 22, key: known.key) == .known(line: 2))
        #expect(file.verdict(host: "example.com", port: 22, key: other.key) == .changed(lines: [2, 4, 9]))
        #expect(file.verdict(host: "changed.test", port: 22, key: known.key) == .changed(lines: [3, 4]))
        // Like ssh ("found matching key w/out port"): a key known for the bare host is known on other ports.
        #expect(file.verdict(host: "example.com", port: 2222, key: known.key) == .known(line: 2))
        #expect(file.verdict(host: "nowhere.test", port: 22, key: known.key) == .unknown)
        #expect(file.verdict(host: "example.com", port: 22, key: revoked.key) == .revoked(line: 5))
        #expect(file.verdict(host: "nowhere.test", port: 2222, key: revoked.key) == .revoked(line: 5))
        // @cert-authority lines vouch for certificates, not for the CA key as a host key.
        #expect(file.verdict(host: "host.ca.test", port: 22, key: known.key) == .unknown)
        // Keys of another algorithm family make a host new, not changed.
        #expect(file.verdict(host: "ecdsa-only.test", port: 22, key: known.key) == .unknown)
        #expect(file.verdict(host: "ecdsa-only.test", port: 22, key: ecdsa.key) == .known(line: 7))
        // @revoked applies only where its host patterns match.
        #expect(file.verdict(host: "only.test", port: 22, key: other.key) == .revoked(line: 8))
        #expect(file.verdict(host: "changed.test", port: 22, key: other.key) == .known(line: 3))
        #expect(file.verdict(host: "hashed.test", port: 2222, key: other.key) == .known(line: 10))
        #expect(file.verdict(host: "hashed.test", port: 2222, key: known.key) == .changed(lines: [10]))
        #expect(file.verdict(host: "hashed.test", port: 22, key: other.key) == .unknown)
    }

    /// An `@revoked` host field, the host and port looked up, and whether the key is revoked there.
    struct RevokedCase: Sendable, CustomTestStringConvertible {
        let field: String
        let host: String
        let port: Int
        let revoked: Bool
        var testDescription: String { "@revoked \(field) \(revoked ? "revokes" : "does not revoke") \(host):\(port)" }
    }

    static let revokedCases: [RevokedCase] = [
        RevokedCase(field: "127.0.0.1", host: "127.0.0.1", port: 22, revoked: true),
        RevokedCase(field: "127.0.0.1", host: "127.0.0.1", port: 2222, revoked: true),
        RevokedCase(field: "[127.0.0.1]:2222", host: "127.0.0.1", port: 2222, revoked: true),
        RevokedCase(field: "[127.0.0.1]:2222", host: "127.0.0.1", port: 22, revoked: false),
        RevokedCase(field: "[127.0.0.1]:2222", host: "127.0.0.1", port: 2200, revoked: false),
        RevokedCase(field: "127.0.0.*", host: "127.0.0.1", port: 2222, revoked: true),
        RevokedCase(field: "other.test,Example.COM", host: "example.com", port: 2222, revoked: true),
        RevokedCase(field: "*,!example.com", host: "example.com", port: 22, revoked: false),
        RevokedCase(field: "*,![example.com]:2222,!example.com", host: "example.com", port: 2222, revoked: false),
        RevokedCase(field: hashedField("example.com"), host: "example.com", port: 2222, revoked: true),
        RevokedCase(field: hashedField("[example.com]:2222"), host: "example.com", port: 2222, revoked: true),
        RevokedCase(field: hashedField("[example.com]:2222"), host: "example.com", port: 22, revoked: false),
        RevokedCase(field: "example.org", host: "example.com", port: 2222, revoked: false),
    ]

    /// `|1|salt|hash` for `name`, with a fixed salt.
    static func hashedField(_ name: String) -> String {
        let salt = [UInt8](repeating: 7, count: HMACSHA1.length)
        return HostPatterns.hashed(salt: salt, hash: HMACSHA1.authenticationCode(key: salt, message: Array(name.utf8))).text
    }

    @Test("@revoked matches as ssh matches it: any pattern, hashed or not, the bare host on every port",
          arguments: revokedCases)
    func revokedOnEveryPort(_ sample: RevokedCase) throws {
        let key = try Self.key.get()
        let name = KnownHostsFile.lookupName(host: sample.host, port: sample.port)
        // A line that would make the key known for the exact name must not outweigh the revocation.
        let file = KnownHostsFile(text: "\(name) \(key.text)\n@revoked \(sample.field) \(key.text)\n")
        #expect(file.verdict(host: sample.host, port: sample.port, key: key.key) == (sample.revoked ? .revoked(line: 2) : .known(line: 1)))
        let alone = KnownHostsFile(text: "@revoked \(sample.field) \(key.text)\n")
        #expect(alone.verdict(host: sample.host, port: sample.port, key: key.key) == (sample.revoked ? .revoked(line: 1) : .unknown))
    }

    @Test("CRLF lines keep their CR in the text only")
    func crlf() throws {
        let key = try Self.key.get()
        let input = "# c\r\nexample.com \(key.text) note\r\nexample.org \(key.text)\r\n"
        let file = KnownHostsFile(text: input)
        #expect(file.lines.map(\.text).joined(separator: "\n") + "\n" == input)
        #expect(file.lines[0].text == "# c\r")
        #expect(file.lines[1].content == .entry(marker: nil, hosts: .plain(["example.com"]), key: key.key, comment: "note"))
        #expect(file.lines[2].content == .entry(marker: nil, hosts: .plain(["example.org"]), key: key.key, comment: ""))
        #expect(file.verdict(host: "example.org", port: 22, key: key.key) == .known(line: 3))
    }

    @Test("append text repairs a missing final newline and nothing else")
    func appendText() throws {
        let key = try Self.key.get()
        let entry = KnownHostsFile.entryText(host: "new.example.com", port: 22, key: key.key, hashed: false)
        #expect(entry == "new.example.com \(key.text)")
        #expect(KnownHostsFile.appendText(for: entry, to: KnownHostsFile(text: "")) == entry + "\n")
        #expect(KnownHostsFile.appendText(for: entry, to: KnownHostsFile(text: "# x\n")) == entry + "\n")
        #expect(KnownHostsFile.appendText(for: entry, to: KnownHostsFile(text: "# x")) == "\n" + entry + "\n")

        let existing = "old.example.com \(key.text)"
        let after = KnownHostsFile(text: existing + KnownHostsFile.appendText(for: entry, to: KnownHostsFile(text: existing)))
        #expect(after.lines.map(\.text) == [existing, entry])
        #expect(after.endsWithNewline)
        #expect(after.verdict(host: "new.example.com", port: 22, key: key.key) == .known(line: 2))
    }

    @Test("a file of thousands of hashed lines is checked in one pass")
    func largeFile() throws {
        let key = try Self.key.get()
        let other = try GeneratedKey()
        var input = ""
        for index in 0..<3000 {
            input += KnownHostsFile.entryText(host: "host\(index).example.com", port: 22, key: other.key, hashed: true) + "\n"
        }
        input += KnownHostsFile.entryText(host: "target.example.com", port: 22, key: key.key, hashed: true) + "\n"
        let file = KnownHostsFile(text: input)
        #expect(file.lines.count == 3001)
        #expect(file.verdict(host: "target.example.com", port: 22, key: key.key) == .known(line: 3001))
        #expect(file.verdict(host: "host1234.example.com", port: 22, key: key.key) == .changed(lines: [1235]))
        #expect(file.verdict(host: "elsewhere.example.com", port: 22, key: key.key) == .unknown)
    }
}
