import Foundation
import TestSupport
import Testing
@testable import AuthSetup

/// Reading `~/.ssh/config` the way ssh does: pure cases first, then the same answers as the real
/// `ssh -G` for a table of configurations.
@Suite("SSHClientConfig")
struct SSHClientConfigTests {
    typealias Config = SSHClientConfig

    static let local = Config.LocalFacts(user: "alice", home: "/home/alice", uid: 1001, hostName: "laptop.lan",
                                         variable: { $0 == "KEYS" ? "/srv/keys" : nil })

    static func config(_ text: String, home: String? = nil) throws -> Config {
        try Config(text: text, path: "/cfg", home: home)
    }

    static func resolve(_ text: String, _ target: String) throws -> ResolvedTarget {
        try config(text).resolve(target: TargetAddress(parsing: target), local: local)
    }

    // MARK: Words

    @Test("option values split like ssh's argv_split", arguments: [
        ("a b\tc", ["a", "b", "c"]),
        ("\"a b\" c", ["a b", "c"]),
        ("'a b' \"c d\"", ["a b", "c d"]),
        ("a\\ b", ["a b"]),
        ("\"a\\\"b\"", ["a\"b"]),
        ("x\"y z\"w", ["xy zw"]),
        ("a #comment", ["a"]),
        ("a b#c", ["a", "b#c"]),
        ("#only", []),
        ("\"\"", [""]),
        ("a\\", ["a\\"]),
        ("a\\n", ["a\\n"]),
    ])
    func split(text: String, words: [String]) throws {
        let split = try #require(Config.Tokens.split(Array(text.utf8)[...]))
        #expect(split.map { String(decoding: $0, as: UTF8.self) } == words)
    }

    @Test("an unclosed quote is refused", arguments: ["\"a", "'a", "a \"b c", "\"a'"])
    func unclosedQuote(text: String) {
        #expect(Config.Tokens.split(Array(text.utf8)[...]) == nil)
    }

    @Test("%-tokens and ${variables}", arguments: [
        ("%h-%p", "h.example-22", true),
        ("100%%", "100%", true),
        ("%%h", "%h", true),
        ("${KEYS}/%h", "/srv/keys/h.example", true),
        ("%z", "ssh does not know the token %z there", false),
        ("trailing%", "it ends with a lone '%'", false),
        ("${NOPE}", "the environment variable NOPE is not set", false),
        ("${KEYS", "'${' has no closing '}'", false),
        ("${}", "'${}' names no variable", false),
    ])
    func expansion(text: String, expected: String, succeeds: Bool) {
        let tokens: [UInt8: String] = [UInt8(ascii: "h"): "h.example", UInt8(ascii: "p"): "22"]
        switch Config.Expansion.expand(text, tokens: tokens, variables: { $0 == "KEYS" ? "/srv/keys" : nil }) {
        case .success(let value): #expect(succeeds && value == expected)
        case .failure(let failure): #expect(!succeeds && failure.reason == expected)
        }
    }

    @Test("~ expansion, as tilde_expand_filename", arguments: [
        ("~", "/home/alice", "/home/alice/"), ("~/", "/home/alice", "/home/alice/"), ("~/x", "/home/alice", "/home/alice/x"),
        ("~//x", "/home/alice", "/home/alice/x"), ("~/x", "/", "/x"), ("x/~", "/home/alice", "x/~"),
        ("/abs", "/home/alice", "/abs"), ("~root/x", "/home/alice", "/root/x"),
    ])
    func tilde(path: String, home: String, expected: String) throws {
        #expect(try Config.Expansion.tilde(path, home: home).get() == expected)
    }

    @Test("~user of an unknown user cannot be expanded")
    func tildeUnknownUser() {
        #expect(throws: Config.ExpansionFailure.self) { try Config.Expansion.tilde("~no-such-user-sshauth/x", home: "/h").get() }
    }

    // MARK: Resolution

    @Test("the first value obtained wins; Host * defaults come after specific blocks")
    func firstValueWins() throws {
        let text = """
            Host alias
              HostName real.example.net
              Port 2222
              User first
              User second
            Host *
              User default
              Port 22222
              HostName never.example
            """
        let resolved = try Self.resolve(text, "alias")
        #expect(resolved == ResolvedTarget(user: "first", host: "real.example.net", port: 2222,
                                           knownHostsFiles: ["/home/alice/.ssh/known_hosts"], alias: "alias"))
        let other = try Self.resolve(text, "other")
        #expect(other == ResolvedTarget(user: "default", host: "never.example", port: 22222,
                                        knownHostsFiles: ["/home/alice/.ssh/known_hosts"], alias: "other"))
    }

    @Test("names are lower-cased, addresses rewritten in numeric form, as ssh does", arguments: [
        ("Host.Example", "host.example"), ("::0001", "::1"), ("127.1", "127.0.0.1"), ("FE80::1", "FE80::1"),
        ("0x7F000001", "127.0.0.1"), ("999.1.1.1", "999.1.1.1"), ("%X", "%X"), ("A:b", "A:b"),
    ])
    func connectionName(host: String, expected: String) {
        #expect(Config.connectionName(host, port: 22) == expected)
    }

    @Test("user@ and :port typed on the command line beat the configuration")
    func explicitWins() throws {
        let resolved = try Self.resolve("Host a\n User cfg\n Port 2000\n", "bob@a:3000")
        #expect(resolved.user == "bob")
        #expect(resolved.port == 3000)
    }

    @Test("without a configuration: the name typed, the local user, port 22, ~/.ssh/known_hosts")
    func defaults() throws {
        let resolved = try Self.resolve("", "Host.Example")
        #expect(resolved == ResolvedTarget(user: "alice", host: "host.example", port: 22, identityFiles: [],
                                           knownHostsFiles: ["/home/alice/.ssh/known_hosts"], alias: nil))
    }

    @Test("Host lines: wildcards, several patterns, negation, case-sensitive", arguments: [
        ("web1.example.com", "web"), ("a.example.com", "wild"), ("web12.example.com", "wild"),
        ("bastion.corp", "any"), ("app.corp", "corp"), ("WEB1.EXAMPLE.COM", "any"), ("x", "xy"), ("y", "xy"),
    ])
    func hostLines(name: String, user: String) throws {
        let text = """
            Host web?.example.com
              User web
            Host *.example.com
              User wild
            Host *.corp !bastion.corp
              User corp
            Host x y
              User xy
            Host !never
              User never
            Host *
              User any
            """
        #expect(try Self.resolve(text, name).user == user)
    }

    @Test("IdentityFile accumulates without duplicates; UserKnownHostsFile takes the first line's list")
    func accumulation() throws {
        let text = """
            Host a
              IdentityFile ~/.ssh/id_a
              UserKnownHostsFile ~/kh1 /etc/kh2
              IdentityFile ~/.ssh/id_a
            Host *
              IdentityFile ~/.ssh/id_all
              UserKnownHostsFile ~/never
            """
        let options = try Self.config(text).resolve(alias: "a")
        #expect(options.identityFiles == ["~/.ssh/id_a", "~/.ssh/id_all"])
        #expect(options.userKnownHostsFiles == ["~/kh1", "/etc/kh2"])
        let resolved = try Self.resolve(text, "a")
        #expect(resolved.identityFiles == ["/home/alice/.ssh/id_a", "/home/alice/.ssh/id_all"])
        #expect(resolved.knownHostsFiles == ["/home/alice/kh1", "/etc/kh2"])
    }

    @Test("UserKnownHostsFile none reads no known-hosts file; a comment-only line sets nothing")
    func knownHostsNone() throws {
        #expect(try Self.resolve("UserKnownHostsFile none\n", "a").knownHostsFiles == [])
        #expect(try Self.resolve("UserKnownHostsFile #x\nUserKnownHostsFile /k\n", "a").knownHostsFiles == ["/k"])
        #expect(throws: TargetError(.syntax(line: 1, reason: "'none' must stand alone in 'UserKnownHostsFile'"), input: "/cfg")) {
            try Self.config("UserKnownHostsFile none /k\n")
        }
    }

    @Test("tokens: HostName knows only %h; files know %h %p %r %u %d %n %k %l %L %i %C and ~")
    func tokens() throws {
        let text = """
            Host exp
              HostName %h.Example.org
              User remote
              Port 2500
              HostKeyAlias Alias
              IdentityFile ~/.ssh/id_%h_%p_%r
              IdentityFile %d/keys/%u@%l-%L-%i-%n-%k-%%
              UserKnownHostsFile ${KEYS}/kh_%C
            """
        let resolved = try Self.resolve(text, "exp")
        #expect(resolved.host == "exp.example.org")
        #expect(resolved.hostKeyAlias == "alias")
        #expect(resolved.identityFiles == [
            "/home/alice/.ssh/id_exp.example.org_2500_remote",
            "/home/alice/keys/alice@laptop.lan-laptop-1001-exp-alias-%",
        ])
        // SHA-1 of "laptop.lan" + "exp.example.org" + "2500" + "remote", as ssh computes %C.
        let hash = SHA1Hex.of("laptop.lanexp.example.org2500remote")
        #expect(resolved.knownHostsFiles == ["/srv/keys/kh_" + hash])
        #expect(resolved.warnings == [])
    }

    @Test("a token ssh refuses leaves the value as written, with a warning")
    func badTokens() throws {
        let resolved = try Self.resolve("Host a\n HostName %p.example\n IdentityFile ~/%j\n", "a")
        #expect(resolved.host == "%p.example")
        #expect(resolved.identityFiles == ["~/%j"])
        #expect(resolved.warnings == [
            TargetError(.badExpansion(line: 2, keyword: "HostName", reason: "ssh does not know the token %p there"), input: "/cfg"),
            TargetError(.badExpansion(line: 3, keyword: "IdentityFile", reason: "ssh does not know the token %j there"), input: "/cfg"),
        ])
    }

    @Test("Match all, host (after HostName), originalhost, user and localuser")
    func matchBlocks() throws {
        let text = """
            Host short
              HostName Long.Example.COM
            Match host long.example.com
              User matched
            Match originalhost SHORT,other
              Port 2800
            Match host *.com !originalhost short
              IdentityFile /k/com
            Match user admin
              IdentityFile /k/admin
            Match localuser alice
              IdentityFile /k/alice
            Match !localuser alice
              IdentityFile /k/notalice
            Match all
              Port 1
              UserKnownHostsFile /k/all
            """
        let short = try Self.resolve(text, "short")
        #expect(short.user == "matched")
        #expect(short.port == 2800)
        #expect(short.identityFiles == ["/k/alice"])
        #expect(short.knownHostsFiles == ["/k/all"])
        let com = try Self.resolve(text, "admin@x.com")
        #expect(com.port == 1)
        #expect(com.identityFiles == ["/k/com", "/k/admin", "/k/alice"])
        #expect(com.alias == nil)
    }

    @Test("Match exec, canonical and final are not evaluated: the block does not apply, with a warning")
    func unevaluatedMatch() throws {
        let text = """
            Match exec "true"
              User exec
            Match host nomatch exec "true"
              User quiet
            Match final
              User final
            Match localnetwork 10.0.0.0/8
              User newer
            """
        let resolved = try Self.resolve(text, "a")
        #expect(resolved.user == "alice")
        #expect(resolved.warnings.map(\.kind) == [
            .unevaluatedMatch(line: 1, criterion: "exec true"),
            .unevaluatedMatch(line: 5, criterion: "final"),
            .unevaluatedMatch(line: 7, criterion: "localnetwork 10.0.0.0/8"),
        ])
        let options = try Self.config("Match user bob\n Port 9\n").resolve(alias: "a")
        #expect(options.port == nil)
        #expect(options.warnings.map(\.kind) == [.unevaluatedMatch(line: 1, criterion: "user bob")])
    }

    @Test("ProxyJump, ProxyCommand and CanonicalizeHostname give warnings; 'none' and 'no' do not")
    func notFollowed() throws {
        let jump = try Self.resolve("Host a\n ProxyJump bastion\n ProxyCommand nc %h %p\n", "a")
        #expect(jump.warnings == [TargetError(.notFollowed(line: 2, keyword: "ProxyJump", value: "bastion"), input: "/cfg")])
        let command = try Self.resolve("ProxyCommand=ssh -W %h:%p gw\nCanonicalizeHostname yes\n", "a")
        #expect(command.warnings.map(\.kind) == [
            .notFollowed(line: 1, keyword: "ProxyCommand", value: "ssh -W %h:%p gw"),
            .notFollowed(line: 2, keyword: "CanonicalizeHostname", value: "yes"),
        ])
        #expect(try Self.resolve("ProxyCommand none\nProxyJump x\nCanonicalizeHostname no\nCanonicalizeHostname yes\n", "a").warnings == [])
    }

    @Test("syntax: Keyword=value, quotes, comments, any case, tabs and CRLF")
    func syntax() throws {
        let text = "# comment\r\n   HOST=eq  # trailing\r\n\tHostName=\"quoted.example\"\r\n  user = \"two words\"\r\n"
            + "PORT\t=\t2700\r\n  IdentityFile \"~/.ssh/my key\"\r\n\"Host\" 'q'\nUser q\n"
        let resolved = try Self.resolve(text, "eq")
        #expect(resolved == ResolvedTarget(user: "two words", host: "quoted.example", port: 2700,
                                           identityFiles: ["/home/alice/.ssh/my key"],
                                           knownHostsFiles: ["/home/alice/.ssh/known_hosts"], alias: "eq"))
        #expect(try Self.resolve(text, "q").user == "q")
    }

    @Test("lines ssh refuses are refused, wherever they are", arguments: [
        ("Host a\n Port 0\n", 2, "'0' is not a port"),
        ("Host a\n Port 65536\n", 2, "'65536' is not a port"),
        ("Host a\n Port nope-not-a-service\n", 2, "'nope-not-a-service' is not a port"),
        ("HostName a b\n", 1, "'HostName' takes one value but has 2"),
        ("User\n", 1, "'User' has no value"),
        ("User #x\n", 1, "'User' has no value"),
        ("Host other\n  IdentityFile\n", 2, "'IdentityFile' has no value"),
        ("Host \"unclosed\n", 1, "a quote is not closed"),
        ("Host a \"\"\n", 1, "'Host' has an empty value"),
        ("Match\n", 1, "'Match' has no value"),
        ("Match host\n", 1, "'Match host' has no value"),
        ("Match all host a\n", 1, "'all' cannot be combined with other Match criteria"),
        ("Match #x\n", 1, "'Match' needs at least one criterion"),
        ("CanonicalizeHostname maybe\n", 1, "'maybe' is not a value for 'CanonicalizeHostname'"),
    ])
    func refusedLines(text: String, line: Int, reason: String) {
        #expect(throws: TargetError(.syntax(line: line, reason: reason), input: "/cfg")) { try Self.config(text) }
    }

    @Test("Port accepts what ssh accepts: a sign, leading zeros, a service name")
    func ports() throws {
        #expect(try Self.resolve("Port +23\n", "a").port == 23)
        #expect(try Self.resolve("Port 0022\n", "a").port == 22)
        #expect(try Self.resolve("Port ssh\n", "a").port == 22)
    }

    @Test("keywords sshauth does not use are skipped unchecked")
    func unknownKeywords() throws {
        #expect(try Self.resolve("ForwardAgent yes\nSomethingNew \"x\nHost a\n User u\n", "a").user == "u")
    }

    // MARK: Files

    @Test("a missing file is an empty configuration; a missing directory too")
    func missingFile() throws {
        let scratch = try TemporaryDirectory()
        #expect(try Config.load(path: scratch.file("nope")).resolve(alias: "a") == ResolvedHostOptions())
        #expect(try Config.load(path: scratch.file("nope/config")).resolve(alias: "a") == ResolvedHostOptions())
    }

    @Test("Include: absolute, relative to ~/.ssh, globbed in order, state restored after the file")
    func include() throws {
        let scratch = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file(".ssh/conf.d"), withIntermediateDirectories: true)
        try scratch.write(".ssh/conf.d/20-b.conf", "Host b\n User from-b\n")
        try scratch.write(".ssh/conf.d/10-a.conf", "Host b\n User from-a\nHost zzz\n")
        try scratch.write("abs.conf", "Port 2400\nMatch host nomatch\n")
        let top = try scratch.write("config", """
            Host b
              Include \(scratch.file("abs.conf"))
              IdentityFile /after-include
            Include conf.d/*.conf missing-*.conf
            Host c
              Include ~/.ssh/conf.d/10-a.conf
            """)
        let config = try Config.load(path: top, home: scratch.path)
        let b = config.resolve(alias: "b")
        #expect(b.port == 2400)
        #expect(b.identityFiles == ["/after-include"])
        #expect(b.user == "from-a")
        // An Include inside a block that does not apply reads the file but applies nothing in it.
        #expect(config.resolve(alias: "c").user == nil)
        #expect(config.resolve(alias: "c").port == nil)
    }

    @Test("Include nests at most 16 deep, as in ssh; a file including itself is refused")
    func includeDepth() throws {
        let scratch = try TemporaryDirectory()
        for level in 0..<17 { try scratch.write("f\(level)", "Include \(scratch.file("f\(level + 1)"))\n") }
        try scratch.write("f17", "Port 1234\n")
        #expect(try Config.load(path: scratch.file("f1")).resolve(alias: "a").port == 1234)
        #expect(throws: TargetError(.includeTooDeep(line: 1), input: scratch.file("f16"))) { try Config.load(path: scratch.file("f0")) }
        let loop = try scratch.write("loop", "Include \(scratch.file("loop"))\n")
        #expect(throws: TargetError(.includeTooDeep(line: 1), input: loop)) { try Config.load(path: loop) }
    }

    @Test("files others could change are refused, as ssh refuses them")
    func unsafeFiles() throws {
        let scratch = try TemporaryDirectory()
        let open = try scratch.write("open", "Port 1\n", mode: 0o602)
        #expect(throws: TargetError(.unsafePermissions(reason: "anyone can write to it"), input: open)) { try Config.load(path: open) }
        let top = try scratch.write("top", "Include \(open)\n")
        #expect(throws: TargetError(.unsafePermissions(reason: "anyone can write to it"), input: open)) { try Config.load(path: top) }
        // The top-level text given directly is not a file, so only the include is checked.
        #expect(throws: TargetError.self) { try Config(text: "Include \(open)\n", path: "/cfg") }
    }

    @Test("a file that cannot be opened is an error naming it")
    func unreadable() throws {
        let scratch = try TemporaryDirectory()
        // A symlink to itself fails to open even for root, who can read anything else.
        let path = scratch.file("loop")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path)
        #expect(throws: TargetError(.unreadable(operation: "open", errno: ELOOP), input: path)) { try Config.load(path: path) }
    }

    @Test("a directory reads as an empty file, as in ssh")
    func directory() throws {
        let scratch = try TemporaryDirectory()
        #expect(try Config.load(path: scratch.path).resolve(alias: "a") == ResolvedHostOptions())
    }

    @Test("configuration errors are one sentence naming the file and line")
    func errorSentences() {
        let errors = [
            TargetError(.syntax(line: 3, reason: "'0' is not a port"), input: "/home/a/.ssh/config"),
            TargetError(.includeTooDeep(line: 1), input: "/c"),
            TargetError(.unsafePermissions(reason: "anyone can write to it"), input: "/c"),
            TargetError(.unreadable(operation: "open", errno: EACCES), input: "/c"),
            TargetError(.includeGlobFailed(line: 2, pattern: "/x/*"), input: "/c"),
            TargetError(.unevaluatedMatch(line: 4, criterion: "exec true"), input: "/c"),
            TargetError(.badExpansion(line: 5, keyword: "IdentityFile", reason: "the environment variable X is not set"), input: "/c"),
            TargetError(.notFollowed(line: 6, keyword: "ProxyJump", value: "gw"), input: "/c"),
        ]
        for error in errors {
            #expect(error.description.hasSuffix("."))
            #expect(!error.description.dropLast().contains(". "))
            #expect(error.description.contains(error.input))
        }
    }
}

/// Hex SHA-1 of a string, computed independently of the code under test (by sha1sum).
enum SHA1Hex {
    static func of(_ text: String) -> String {
        guard let output = try? ExternalTool.run(["sha1sum"], stdin: Array(text.utf8)) else { return "sha1sum unavailable" }
        return output.stdout.split(separator: " ").first.map(String.init) ?? ""
    }
}

/// The same configurations given to the real ssh: `ssh -G` prints the user, host, port,
/// HostKeyAlias and known-hosts files it resolved, and `ssh -v` through a ProxyCommand that exits
/// at once prints the identity files it expanded, without any network.
@Suite("SSHClientConfig against ssh -G")
struct SSHClientConfigCrossCheckTests {
    /// A configuration (with `SCRATCH` standing for the test's directory and `LOCALUSER` for the
    /// local account), extra files beside it, and the targets to resolve.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let config: String
        var files: [String: String] = [:]
        let targets: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "wildcards and several patterns", config: """
            Host web?.example.com
              User web
            Host *.example.com db*
              User wild
              Port 2201
            Host db*
              HostName %h.internal.example
            Host *
              Port 2299
            """, targets: ["web1.example.com", "a.example.com", "web12.example.com", "db7", "other", "WEB1.EXAMPLE.COM"]),
        Case(name: "negation", config: """
            Host *.corp !bastion.corp
              User corpuser
            Host !nothing other
              Port 2022
            Host !*.corp
              IdentityFile ~/.ssh/id_notcorp
            """, targets: ["app.corp", "bastion.corp", "other", "nothing"]),
        Case(name: "first value wins, Host * after a specific block", config: """
            Host alias
              HostName real.example.net
              Port 2222
              User first
              User second
              IdentityFile ~/.ssh/id_alias
            Host *
              User default
              Port 22222
              HostName default.example
              IdentityFile ~/.ssh/id_default
              IdentityFile ~/.ssh/id_alias
            """, targets: ["alias", "unknown", "bob@alias:2000", "Alias"]),
        Case(name: "Match all, host, originalhost, user, localuser", config: """
            Host a
              User ua
              HostName A-Real.Example
            Match host a-real.example
              Port 2301
            Match originalhost B,c
              Port 2302
            Match user admin,!root
              IdentityFile /k/admin
            Match localuser LOCALUSER
              IdentityFile /k/local
            Match !host d* host *
              IdentityFile /k/notd
            Match all
              Port 2300
              User ub
            """, targets: ["a", "b", "C", "admin@x", "d"]),
        Case(name: "pattern lists: upper-case patterns, negation, a trailing comma; Host by exact case", config: """
            Match host WEB*,!web-old*
              Port 2401
            Match originalhost db1,
              User dbuser
            Host Mixed
              Port 2402
            """, targets: ["web1", "WEB2", "web-old3", "db1", "mixed", "Mixed"]),
        Case(name: "Include of other files", config: """
            Include SCRATCH/included.conf
            Host main
              User mainuser
              Include SCRATCH/inner.conf
            Host other
              Include SCRATCH/never.conf SCRATCH/missing-*.conf
            """, files: [
                "included.conf": "Host inc\n  HostName inc.example\n  User incuser\nPort 2400\nMatch host nomatch\n",
                "inner.conf": "Port 2401\nHost *\n  IdentityFile ~/.ssh/id_inner\n",
                "never.conf": "Port 2402\nHost *\n  User never\n",
            ], targets: ["inc", "main", "other", "zzz"]),
        Case(name: "% tokens, ~ and ${HOME}", config: """
            Host exp
              HostName %h.example.org
              User remote
              Port 2500
              HostKeyAlias Key.Alias
              IdentityFile ~/.ssh/id_%h_%p_%r
              IdentityFile %d/keys/%u@%l_%L_%i_%n_%k_%%
              UserKnownHostsFile ~/.ssh/kh_%h %d/kh_%C ${HOME}/kh_env
            Host EXP
              HostName %%literal%h
            """, targets: ["exp", "bob@exp:2600", "EXP"]),
        Case(name: "Keyword=value, quotes, comments, case, CRLF", config: "# leading comment\r\n"
            + "   HOST=eq  # trailing comment\r\n\tHostName=\"quoted.example\"\r\n  user = \"two words\"\r\n"
            + "PORT\t=\t2700\r\n  IdentityFile \"~/.ssh/my key\"\r\n\"Host\" 'q' \"r\"\n  User=qr\nHost ::1\n  Port 2701\n",
            targets: ["eq", "q", "r", "::1", "[::1]:22"]),
        Case(name: "addresses, and names ssh does not lower-case", config: """
            Host lit
              HostName %%Lit
            Host up
              HostName Up.Example
            """, targets: ["lit", "up", "::0001", "127.1", "FE80::1", "0x7f000001", "1.2.3", "999.1.1.1",
                          "[fe80::1%lo]:22", "2130706433"]),
        Case(name: "odd but valid syntax", config: """
            Match host=eq*
              User m-eq
            Host a,b
              User comma
            Host c # a comment
              Port=2800 # another
            Host "d e" f
              User quoted-pattern
            Match all # the rest
              Port 2801
            """, targets: ["eqx", "a", "c", "f"]),
        Case(name: "UserKnownHostsFile none, Port by service name", config: """
            Host n
              UserKnownHostsFile none
              Port ssh
            Host s
              Port +23
            """, targets: ["n", "s"]),
    ]

    @Test("resolves targets as ssh does", arguments: cases)
    func matchesSSH(_ testCase: Case) throws {
        let scratch = try TemporaryDirectory()
        let account = try UserAccount.current()
        func filled(_ text: String) -> String {
            text.replacingOccurrences(of: "SCRATCH", with: scratch.path).replacingOccurrences(of: "LOCALUSER", with: account.name)
        }
        for (name, text) in testCase.files { try scratch.write(name, filled(text)) }
        let path = try scratch.write("config", filled(testCase.config))
        let config = try SSHClientConfig.load(path: path)

        for text in testCase.targets {
            let target = try TargetAddress(parsing: text)
            let ours = config.resolve(target: target, localUser: account.name, localHome: account.home)
            let ssh = try SSH.resolve(config: path, target: target)
            let context = Comment(rawValue: "\(testCase.name): \(text)")
            #expect(ours.host == ssh.single("hostname"), context)
            #expect(String(ours.port) == ssh.single("port"), context)
            #expect(ours.user == ssh.single("user"), context)
            #expect(ours.hostKeyAlias == ssh.options["hostkeyalias"]?.first, context)
            #expect(ours.warnings == [], context)

            let sshKnownHosts = ssh.single("userknownhostsfile")?.split(separator: " ").map(String.init) ?? []
            let standard = [account.sshDirectory + "/known_hosts", account.sshDirectory + "/known_hosts2"]
            if sshKnownHosts == ["none"] {
                #expect(ours.knownHostsFiles == [], context)
            } else if sshKnownHosts == standard {
                // ssh reads known_hosts2 too, but writes to the first file only.
                #expect(ours.knownHostsFiles == [standard[0]], context)
            } else {
                #expect(ours.knownHostsFiles == sshKnownHosts, context)
            }

            let (sshIdentities, log) = try SSH.identityFiles(config: path, target: target)
            let logged = Comment(rawValue: "\(testCase.name): \(text)\n\(log)")
            if ours.identityFiles.isEmpty {
                // ssh falls back to its default keys, which sshauth leaves to its caller.
                #expect(!sshIdentities.isEmpty && sshIdentities.allSatisfy { $0.hasPrefix(account.sshDirectory + "/id_") }, logged)
            } else {
                #expect(ours.identityFiles == sshIdentities, logged)
            }
        }
    }

    @Test("refuses what ssh refuses", arguments: [
        "Host a\n Port 0\n", "HostName a b\n", "User\n", "User #x\n", "Host other\n  IdentityFile\n", "Host \"unclosed\n",
        "Host a \"\"\n", "Match\n", "Match host\n", "Match all host a\n", "Match #x\n", "CanonicalizeHostname maybe\n",
        "UserKnownHostsFile none /k\n", "Include SCRATCH/config\n", "Include SCRATCH/open.conf\n", "Host x\nInclude SCRATCH/bad.conf\n",
    ])
    func refusals(text: String) throws {
        let scratch = try TemporaryDirectory()
        try scratch.write("open.conf", "Port 1\n", mode: 0o602)
        try scratch.write("bad.conf", "Port 0\n")
        let path = try scratch.write("config", text.replacingOccurrences(of: "SCRATCH", with: scratch.path))
        let ssh = try ExternalTool.run(["ssh", "-G", "-F", path, "a"])
        #expect(ssh.status != 0, Comment(rawValue: ssh.stderr))
        #expect(throws: TargetError.self) { try SSHClientConfig.load(path: path) }
    }

    @Test("names ssh refuses on its command line are refused here", arguments: [
        "a,b", "a$b", "a\\b", "a;b", "a'b", "a`b", "a{b", "a\"b", "a b", "-a", "a%b", "a!b", "a*b", "a#b", "a=b",
        "u,v@h", "u$v@h", "DOMAIN\\u@h", "u\\@h", "u;v@h", "u{v@h", "u -v@h", "u%v@h", "-u@h",
    ])
    func commandLineNames(text: String) throws {
        let scratch = try TemporaryDirectory()
        let empty = try scratch.write("empty", "")
        let ssh = try ExternalTool.run(["ssh", "-G", "-F", empty, text])
        let ours = Result { () throws(TargetError) in try TargetAddress(parsing: text) }
        #expect((ssh.status == 0) == ((try? ours.get()) != nil), Comment(rawValue: ssh.stderr))
    }

    @Test("Include nests 16 deep and no deeper, in ssh and here")
    func includeDepth() throws {
        let scratch = try TemporaryDirectory()
        for level in 0..<17 { try scratch.write("f\(level)", "Include \(scratch.file("f\(level + 1)"))\n") }
        try scratch.write("f17", "Port 1234\n")
        let deepest = try ExternalTool.run(["ssh", "-G", "-F", scratch.file("f1"), "a"])
        #expect(deepest.stdout.contains("\nport 1234\n"))
        #expect(try SSHClientConfig.load(path: scratch.file("f1")).resolve(alias: "a").port == 1234)
        let tooDeep = try ExternalTool.run(["ssh", "-G", "-F", scratch.file("f0"), "a"])
        #expect(tooDeep.stderr.contains("Too many recursive configuration includes"))
        #expect(throws: TargetError.self) { try SSHClientConfig.load(path: scratch.file("f0")) }
    }

    @Test("a group-writable include is accepted exactly when ssh accepts it")
    func groupWritable() throws {
        let scratch = try TemporaryDirectory()
        try scratch.write("group.conf", "Port 2345\n", mode: 0o620)
        let path = try scratch.write("config", "Include \(scratch.file("group.conf"))\n")
        let ssh = try ExternalTool.run(["ssh", "-G", "-F", path, "a"])
        let ours = Result { () throws(TargetError) in try SSHClientConfig.load(path: path) }
        #expect((ssh.status == 0) == ((try? ours.get()) != nil), Comment(rawValue: ssh.stderr))
    }
}

/// What the real ssh client makes of a configuration.
enum SSH {
    struct Options {
        let options: [String: [String]]
        func single(_ key: String) -> String? { options[key]?.first }
    }

    /// `ssh -G`: the resolved options, one `keyword value` line each, without connecting.
    static func resolve(config: String, target: TargetAddress) throws -> Options {
        let output = try ExternalTool.run(["ssh", "-G", "-F", config] + arguments(target))
        guard output.status == 0 else { throw SSHFailed(stderr: output.stderr) }
        var options: [String: [String]] = [:]
        for line in output.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            options[String(parts[0]), default: []].append(String(parts[1]))
        }
        return Options(options: options)
    }

    /// The identity files ssh expanded, from `ssh -v` through a ProxyCommand that exits at once:
    /// ssh loads the identities after starting the proxy and before the (failing) handshake.
    static func identityFiles(config: String, target: TargetAddress) throws -> (files: [String], log: String) {
        let output = try ExternalTool.run(["ssh", "-v", "-F", config, "-o", "BatchMode=yes", "-o", "ProxyCommand=true"]
                                          + arguments(target) + ["true"])
        var files: [String] = []
        // ssh ends its log lines with CR LF, a single Character in Swift.
        for line in output.stderr.split(whereSeparator: \.isNewline) where line.hasPrefix("debug1: identity file ") {
            guard let type = line.range(of: " type ", options: .backwards) else { continue }
            let file = String(line[line.index(line.startIndex, offsetBy: "debug1: identity file ".count)..<type.lowerBound])
            // ssh also looks for a certificate next to each key.
            if let last = files.last, file == last + "-cert" { continue }
            files.append(file)
        }
        return (files, output.stderr)
    }

    static func arguments(_ target: TargetAddress) -> [String] {
        (target.port.map { ["-p", String($0)] } ?? []) + [(target.user.map { $0 + "@" } ?? "") + target.host]
    }

    struct SSHFailed: Error, CustomStringConvertible {
        let stderr: String
        var description: String { "ssh -G failed: \(stderr)" }
    }
}
