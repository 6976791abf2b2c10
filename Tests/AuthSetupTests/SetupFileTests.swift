import Testing
@testable import AuthSetup

/// The set-up file's text: every set-up read back as it was written, and every mistake refused with
/// its file, its line and one sentence saying what to do.
@Suite("SetupFile")
struct SetupFileTests {
    static let file = "/home/alice/build.setup"

    static func target(_ text: String) -> TargetAddress {
        // Only well-formed literals are used here.
        (try? TargetAddress(parsing: text)) ?? TargetAddress(host: "invalid")
    }

    /// One set-up per mechanism with nothing but what it needs, and one with every optional field set.
    static let setups: [(String, Setup)] = [
        ("key-pair, existing key", Setup(mechanism: .keyPair, targets: [target("alice@build.example.org")],
                                         key: .existing(publicKey: "/home/alice/.ssh/id_ed25519.pub"))),
        ("key-pair, make the key only", Setup(mechanism: .keyPair, targets: [],
                                              key: .new(Setup.NewKey(type: "ed25519", file: "/home/alice/.ssh/id_batch")))),
        ("askpass", Setup(mechanism: .askpass, targets: [target("batch@zos.example.org:2222")], askpass: Setup.AskpassChoice())),
        ("certificate", Setup(mechanism: .certificate, targets: [target("alice@zos.example.org")],
                              certificate: Setup.CertificateChoice(ring: "/home/alice/rings/alice.p12", label: "ALICE SSH"))),
        ("key-pair, every field", Setup(
            mechanism: .keyPair, targets: [target("alice@host1.example.org"), target("bob@[fe80::1%eth0]:2200"), target("::1")],
            knownHostsFile: "/home/alice/.ssh/known_hosts.build", unknownHostKey: .pin("SHA256:" + String(repeating: "Ab+/", count: 10) + "xyz"),
            login: .identity(path: "/home/alice/.ssh/id_old", passphrase: .descriptor(3)), timeoutSeconds: 600,
            key: .new(Setup.NewKey(type: "rsa", bits: 4096, comment: "no", file: "/home/alice/.ssh/id rsa #1", passphrase: .file("/home/alice/.pass"), replace: true)),
            install: Setup.InstallChoice(targetPath: ".ssh/authorized_keys2", fixHomePermissions: true, verify: false))),
        ("askpass, every field", Setup(
            mechanism: .askpass, targets: [target("batch@zos.example.org")], unknownHostKey: .acceptNew, login: .password(.file("/home/alice/zos.pw")),
            timeoutSeconds: 1, askpass: Setup.AskpassChoice(directory: "/home/alice/askpass", name: "zos-batch_1.prod", standaloneHelper: true, replace: true))),
        ("certificate, every field", Setup(
            mechanism: .certificate, targets: [target("alice@zos.example.org:22")], login: .password(.descriptor(0)),
            install: Setup.InstallChoice(targetPath: "/u/alice/.ssh/authorized_keys"),
            certificate: Setup.CertificateChoice(ring: "/home/alice/rings/alice.p12", label: "ALICE  SSH 2", ringPassword: .file("/home/alice/ring.pw"),
                                                 new: Setup.NewCertificate(commonName: "Alice: batch #7", organization: "Example \"Ltd\"", organizationalUnit: "0755",
                                                                           country: "us", key: "ECDSA:384", notAfter: "2030-02-28"),
                                                 allowExpired: true))),
        ("identity without a passphrase, ask for the ring password", Setup(
            mechanism: .certificate, targets: [target("alice@zos.example.org")], login: .identity(path: "/home/alice/.ssh/id_ed25519", passphrase: nil),
            certificate: Setup.CertificateChoice(ring: "/r.p12", label: "L", new: Setup.NewCertificate(commonName: "n", notAfter: "2031-01-01")))),
        ("ecdsa key with a passphrase asked", Setup(
            mechanism: .keyPair, targets: [target("h")], login: .password(.ask),
            key: .new(Setup.NewKey(type: "ecdsa", bits: 521, comment: "alice@laptop: ~ & ü\u{A0}", file: "/k", passphrase: .ask)))),
    ]

    @Test("render then parse gives the same set-up back", arguments: setups.indices)
    func roundTrip(_ index: Int) throws {
        let (name, setup) = Self.setups[index]
        let text = SetupFile.render(setup)
        let read = try SetupFile.parse(text, file: Self.file)
        #expect(read == setup, "\(name):\n\(text)")
        #expect(SetupFile.render(read) == text)
    }

    @Test("the rendered file starts with a comment saying it holds no secrets, and leaves defaults out")
    func renderedShape() {
        let minimal = SetupFile.render(Setup(mechanism: .keyPair, targets: [Self.target("alice@h")], key: .existing(publicKey: "/k.pub")))
        let lines = minimal.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("# sshauth set-up file"))
        #expect(lines[0].contains("no secrets"))
        #expect(lines.filter { !$0.hasPrefix("#") } == ["sshauth-setup: 1", "mechanism: key-pair", "target: alice@h", "key:", "  public-key: /k.pub"])
    }

    @Test("text that other YAML tools would read as something else is quoted; the word no stays text")
    func quoting() throws {
        for text in ["no", "yes", "true", "0755", "1e3", "~", "null", "-x", "a: b", "a #b", "[x]", "", "x:", " x", "é\u{7}"] {
            let rendered = SetupFileRenderer.scalar(text)
            #expect(rendered.hasPrefix("\""), "\(text) -> \(rendered)")
        }
        for text in ["alice@host", "/home/alice/.ssh/id_ed25519", "SHA256:abc+/d", "ALICE SSH"] {
            #expect(SetupFileRenderer.scalar(text) == text)
        }
        let setup = try SetupFile.parse("sshauth-setup: 1\nmechanism: key-pair\nkey:\n  new:\n    type: ed25519\n    comment: no\n    file: /k\n", file: Self.file)
        #expect(setup.key == .new(Setup.NewKey(type: "ed25519", comment: "no", file: "/k")))
    }

    @Test("any YAML style is read: flow mappings, quotes, comments, a list of targets, yes and no")
    func anyStyle() throws {
        let text = """
            # reviewed by bob
            {sshauth-setup: 1, mechanism: "key-pair", targets: ['alice@a', "bob@b:2222"],
             key: {new: {type: rsa, bits: 3072, file: "/home/alice/.ssh/id_rsa", passphrase: none, replace: yes}},
             install: {verify: no}}   # trailing comment
            """
        let setup = try SetupFile.parse(text, file: Self.file)
        #expect(setup == Setup(mechanism: .keyPair, targets: [Self.target("alice@a"), Self.target("bob@b:2222")],
                               key: .new(Setup.NewKey(type: "rsa", bits: 3072, file: "/home/alice/.ssh/id_rsa", replace: true)),
                               install: Setup.InstallChoice(verify: false)))
    }

    @Test("an askpass set-up without an askpass section takes the defaults")
    func askpassDefaults() throws {
        let setup = try SetupFile.parse("sshauth-setup: 1\nmechanism: askpass\ntarget: batch@zos\n", file: Self.file)
        #expect(setup.askpass == Setup.AskpassChoice())
        #expect(setup.login == .password(.ask))
    }

    struct BadFile: CustomTestStringConvertible, Sendable {
        let testDescription: String
        let text: String
        let line: Int?
        let phrase: String
    }

    static let head = "sshauth-setup: 1\nmechanism: key-pair\n"
    static let keyPair = head + "target: alice@host\nkey:\n  public-key: /home/alice/.ssh/id.pub\n"

    static let badFiles: [BadFile] = [
        BadFile(testDescription: "an empty file", text: "", line: 1, phrase: "the file is empty"),
        BadFile(testDescription: "only comments", text: "# nothing\n\n", line: 1, phrase: "the file is empty"),
        BadFile(testDescription: "a list at the top", text: "- a\n- b\n", line: 1, phrase: "holds a list rather than keys"),
        BadFile(testDescription: "no version", text: "mechanism: key-pair\n", line: 1, phrase: "has no 'sshauth-setup:' line"),
        BadFile(testDescription: "a future version", text: "# x\nsshauth-setup: 2\nmechanism: teleport\n", line: 2, phrase: "made by a newer sshauth"),
        BadFile(testDescription: "version zero", text: "sshauth-setup: 0\n", line: 1, phrase: "which is not one of 1"),
        BadFile(testDescription: "a quoted version", text: "sshauth-setup: \"1\"\n", line: 1, phrase: "'sshauth-setup' must be a whole number, written without quotes, not '1'"),
        BadFile(testDescription: "YAML syntax", text: head + "target: [alice@host\nkey: x\n", line: 4, phrase: "not valid YAML"),
        BadFile(testDescription: "a tab for indentation", text: head + "key:\n\tpublic-key: /k\n", line: 4, phrase: "not valid YAML"),
        BadFile(testDescription: "two documents", text: keyPair + "---\nsshauth-setup: 1\n", line: 6, phrase: "holds one document"),
        BadFile(testDescription: "an unknown top key", text: keyPair + "tagret: bob@host\n", line: 6,
                phrase: "'tagret' is not a key sshauth knows at the top level; the keys allowed there are sshauth-setup, mechanism, target"),
        BadFile(testDescription: "an unknown nested key", text: head + "target: h\nkey:\n  public-key: /k\n  publik-key: /j\n", line: 6,
                phrase: "'publik-key' is not a key sshauth knows in 'key'; the keys allowed there are public-key, new"),
        BadFile(testDescription: "a duplicate key", text: head + "target: a@h\ntarget: b@h\nkey: {public-key: /k}\n", line: 3, phrase: "'target' is given more than once"),
        BadFile(testDescription: "a duplicate key, quoted the second time", text: keyPair + "\"mechanism\": askpass\n", line: 2, phrase: "'mechanism' is given more than once"),
        BadFile(testDescription: "no mechanism", text: "sshauth-setup: 1\ntarget: h\n", line: 1, phrase: "'mechanism' is missing; write mechanism: followed by one of key-pair, askpass, certificate"),
        BadFile(testDescription: "an unknown mechanism", text: "sshauth-setup: 1\nmechanism: keypair\n", line: 2, phrase: "'mechanism' is 'keypair', which is not one of key-pair, askpass, certificate"),
        BadFile(testDescription: "the mechanism as a number", text: "sshauth-setup: 1\nmechanism: 2\n", line: 2, phrase: "which is not one of key-pair"),
        BadFile(testDescription: "no key for key-pair", text: head + "target: h\n", line: 1, phrase: "'key' is missing"),
        BadFile(testDescription: "no target for askpass", text: "sshauth-setup: 1\nmechanism: askpass\naskpass: {name: zos}\n", line: 1, phrase: "'target' is missing"),
        BadFile(testDescription: "no target for certificate", text: "sshauth-setup: 1\nmechanism: certificate\ncertificate: {ring: /r, label: L}\n", line: 1, phrase: "'target' is missing"),
        BadFile(testDescription: "no certificate section", text: "sshauth-setup: 1\nmechanism: certificate\ntarget: h\n", line: 1, phrase: "'certificate' is missing"),
        BadFile(testDescription: "a section of another mechanism", text: keyPair + "askpass:\n  name: x\n", line: 6, phrase: "'askpass' does not belong in a set-up whose mechanism is key-pair; remove it, or change 'mechanism'."),
        BadFile(testDescription: "install for askpass", text: "sshauth-setup: 1\nmechanism: askpass\ntarget: h\ninstall: {verify: false}\n", line: 4,
                phrase: "'install' does not belong in a set-up whose mechanism is askpass"),
        BadFile(testDescription: "target and targets", text: head + "target: a\ntargets: [b]\n", line: 4, phrase: "'targets' and 'target' are both given"),
        BadFile(testDescription: "an empty list of targets", text: head + "targets: []\n", line: 3, phrase: "a list of one or more targets"),
        BadFile(testDescription: "a bad target", text: head + "target: alice@bad host\n", line: 3, phrase: "'target': 'alice@bad host' has a space in the host name"),
        BadFile(testDescription: "a bad target in a list", text: head + "targets:\n  - a@h\n  - b@h:99999\n", line: 5, phrase: "has the port '99999', but a port must be a number from 1 to 65535"),
        BadFile(testDescription: "an inline password", text: keyPair + "login:\n  password: hunter2\n", line: 7,
                phrase: "a secret may not be written in a set-up file ('login.password'); name a file: {file: PATH}"),
        BadFile(testDescription: "an inline passphrase", text: head + "key:\n  new: {type: ed25519, file: /k, passphrase: 'correct horse'}\n", line: 4,
                phrase: "a secret may not be written in a set-up file ('key.new.passphrase')"),
        BadFile(testDescription: "an inline ring password", text: "sshauth-setup: 1\nmechanism: certificate\ntarget: h\ncertificate:\n  ring: /r\n  label: L\n  ring-password: s3cret\n", line: 7,
                phrase: "a secret may not be written in a set-up file ('certificate.ring-password')"),
        BadFile(testDescription: "a key named like a secret", text: keyPair + "password-text: hunter2\n", line: 6, phrase: "a secret may not be written in a set-up file ('password-text')"),
        BadFile(testDescription: "a misplaced private key path is an unknown key, not a secret", text: keyPair + "private-key: /home/alice/.ssh/id\n", line: 6, phrase: "'private-key' is not a key sshauth knows"),
        BadFile(testDescription: "password none", text: keyPair + "login: {password: none}\n", line: 6, phrase: "'login.password' is 'none', which is not one of ask, {file: PATH}, {fd: N}"),
        BadFile(testDescription: "a secret origin with file and fd", text: keyPair + "login: {password: {file: /p, fd: 3}}\n", line: 6, phrase: "'login.password.file' and 'login.password.fd' are both given"),
        BadFile(testDescription: "a nested key named like a secret", text: keyPair + "login:\n  secret: hunter2\n", line: 7, phrase: "a secret may not be written in a set-up file ('login.secret')"),
        BadFile(testDescription: "a path with ~", text: head + "target: h\nkey:\n  public-key: ~/.ssh/id.pub\n", line: 5, phrase: "nothing expands ~ in a set-up file"),
        BadFile(testDescription: "a relative path", text: keyPair + "known-hosts: known_hosts\n", line: 6, phrase: "'known-hosts' is 'known_hosts', a relative path"),
        BadFile(testDescription: "a relative password file", text: keyPair + "login:\n  password: {file: pw.txt}\n", line: 7, phrase: "'login.password.file' is 'pw.txt', a relative path"),
        BadFile(testDescription: "a timeout in words", text: keyPair + "timeout: ten\n", line: 6, phrase: "'timeout' must be a whole number of seconds, written without quotes, not 'ten'"),
        BadFile(testDescription: "a quoted timeout", text: keyPair + "timeout: \"30\"\n", line: 6, phrase: "written without quotes, not '30'"),
        BadFile(testDescription: "a timeout out of range", text: keyPair + "timeout: 601\n", line: 6, phrase: "'timeout' is '601', out of range; give 1 to 600 seconds"),
        BadFile(testDescription: "a huge number", text: keyPair + "timeout: 99999999999999999999999\n", line: 6, phrase: "out of range"),
        BadFile(testDescription: "RSA bits too small", text: head + "key:\n  new: {type: rsa, bits: 1024, file: /k}\n", line: 4, phrase: "'key.new.bits' is '1024', out of range; give 2048 to 16384 bits"),
        BadFile(testDescription: "ECDSA bits not a curve", text: head + "key:\n  new: {type: ecdsa, bits: 300, file: /k}\n", line: 4, phrase: "which is not one of 256, 384, 521"),
        BadFile(testDescription: "bits for ed25519", text: head + "key:\n  new:\n    type: ed25519\n    bits: 256\n    file: /k\n", line: 6, phrase: "an ed25519 key has one size only"),
        BadFile(testDescription: "a negative descriptor", text: keyPair + "login:\n  password:\n    fd: -1\n", line: 8, phrase: "'login.password.fd' must be a whole number"),
        BadFile(testDescription: "a descriptor out of range", text: keyPair + "login:\n  password:\n    fd: 2147483648\n", line: 8, phrase: "'login.password.fd' is '2147483648', out of range; give 0 to 2147483647."),
        BadFile(testDescription: "a pin that is not SHA256", text: keyPair + "unknown-host-key: MD5:aa:bb\n", line: 6, phrase: "which is not ask, accept-new or a SHA256 fingerprint"),
        BadFile(testDescription: "a SHA256 pin too short", text: keyPair + "unknown-host-key: SHA256:abc\n", line: 6, phrase: "a SHA256 fingerprint as ssh-keygen -l prints it"),
        BadFile(testDescription: "a boolean in words", text: keyPair + "install:\n  verify: maybe\n", line: 7, phrase: "'install.verify' must be true or false, not 'maybe'"),
        BadFile(testDescription: "a mapping where text is needed", text: keyPair + "known-hosts: {file: /k}\n", line: 6, phrase: "'known-hosts' must be text, not 'a mapping'"),
        BadFile(testDescription: "text where a mapping is needed", text: keyPair + "login: password\n", line: 6, phrase: "'login' must be a mapping of keys and values, not 'password'"),
        BadFile(testDescription: "a key with no value", text: keyPair + "known-hosts:\n", line: 6, phrase: "'known-hosts' has no value"),
        BadFile(testDescription: "an anchor and an alias", text: head + "target: &t alice@h\nkey: {public-key: /k}\nknown-hosts: *t\n", line: 3, phrase: "an anchor (&name) and its aliases cannot be used"),
        BadFile(testDescription: "an alias with no anchor", text: keyPair + "known-hosts: *nowhere\n", line: 6, phrase: "an alias (*name) cannot be used"),
        BadFile(testDescription: "an explicit tag", text: keyPair + "timeout: !!int 30\n", line: 6, phrase: "the tag '!!int' cannot be used"),
        BadFile(testDescription: "a custom tag", text: keyPair + "known-hosts: !path /k\n", line: 6, phrase: "the tag '!path' cannot be used"),
        BadFile(testDescription: "a merge key", text: keyPair + "install:\n  <<: {verify: false}\n", line: 7, phrase: "a merge key (<<) cannot be used"),
        BadFile(testDescription: "a key that is a list", text: keyPair + "[a, b]: c\n", line: 6, phrase: "a key that is itself a list or a mapping"),
        BadFile(testDescription: "identity for askpass", text: "sshauth-setup: 1\nmechanism: askpass\ntarget: h\nlogin:\n  identity: {file: /k}\n", line: 5, phrase: "cannot log in with a key"),
        BadFile(testDescription: "password and identity", text: keyPair + "login: {password: ask, identity: {file: /k}}\n", line: 6, phrase: "'login.identity' and 'login.password' are both given"),
        BadFile(testDescription: "a bad askpass name", text: "sshauth-setup: 1\nmechanism: askpass\ntarget: h\naskpass:\n  name: ../x\n", line: 5, phrase: "cannot be a file name here"),
        BadFile(testDescription: "a bad ring label", text: "sshauth-setup: 1\nmechanism: certificate\ntarget: h\ncertificate:\n  ring: /r\n  label: \"" + String(repeating: "L", count: 33) + "\"\n", line: 6,
                phrase: "is not 1 to 32 printable ASCII characters"),
        BadFile(testDescription: "a bad date", text: "sshauth-setup: 1\nmechanism: certificate\ntarget: h\ncertificate:\n  ring: /r\n  label: L\n  new:\n    cn: n\n    not-after: 2027-02-30\n", line: 9,
                phrase: "'2027-02-30' is not a date of the calendar"),
        BadFile(testDescription: "a bad country", text: "sshauth-setup: 1\nmechanism: certificate\ntarget: h\ncertificate:\n  ring: /r\n  label: L\n  new:\n    cn: n\n    c: USA\n    not-after: 2027-02-03\n", line: 9,
                phrase: "the subject field C 'USA' must be exactly two letters"),
        BadFile(testDescription: "a bad certificate key", text: "sshauth-setup: 1\nmechanism: certificate\ntarget: h\ncertificate:\n  ring: /r\n  label: L\n  new: {cn: n, key: dsa:1024, not-after: 2027-02-03}\n", line: 7,
                phrase: "'dsa:1024' is not a key type offered here"),
        BadFile(testDescription: "a target path that is a directory", text: keyPair + "install:\n  target-path: .ssh/\n", line: 7, phrase: "it names a directory, not a file"),
        BadFile(testDescription: "install with no target", text: head + "key: {public-key: /k}\ninstall: {verify: false}\n", line: 4, phrase: "none is named"),
        BadFile(testDescription: "a control character in text", text: keyPair + "known-hosts: \"/k\\tx\"\n", line: 6, phrase: "holds a control or invisible character"),
        BadFile(testDescription: "an invisible character, escaped", text: keyPair + "known-hosts: \"/k\\uFEFF\"\n", line: 6, phrase: "holds a control or invisible character"),
        BadFile(testDescription: "a line separator, escaped", text: keyPair + "known-hosts: \"/k\\u2028\"\n", line: 6, phrase: "holds a control or invisible character"),
        BadFile(testDescription: "a control character in the file", text: keyPair + "known-hosts: /k\u{1}\n", line: 6, phrase: "not valid YAML"),
        BadFile(testDescription: "nesting far too deep", text: keyPair + "x: " + String(repeating: "[", count: 5000) + "\n", line: 6, phrase: "nesting this deep cannot be used"),
    ]

    @Test("a bad file: one sentence with file:line and what to do", arguments: badFiles)
    func badFile(_ bad: BadFile) {
        do {
            let setup = try SetupFile.parse(bad.text, file: Self.file)
            Issue.record("accepted: \(setup)")
        } catch {
            let sentence = error.description
            let place = bad.line.map { "\(Self.file):\($0): " } ?? "\(Self.file): "
            #expect(sentence.hasPrefix(place), "\(sentence)")
            #expect(error.line == bad.line)
            #expect(sentence.contains(bad.phrase), "\(sentence)")
            #expect(sentence.hasSuffix(".") && !sentence.dropLast().contains("\n"), "\(sentence)")
        }
    }

    @Test("nesting as deep as libyaml allows is read without a crash; deeper is refused with a sentence")
    func deepNesting() {
        func nested(_ depth: Int) -> String {
            Self.keyPair + "x: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        }
        #expect(throws: SetupFileError(.unknownKey(allowed: SetupFileReader.topKeys), file: Self.file, line: 6, key: "x", input: "x")) {
            try SetupFile.parse(nested(998), file: Self.file)
        }
        let mappings = Self.keyPair + "x: " + String(repeating: "{a: ", count: 998) + "b" + String(repeating: "}", count: 998) + "\n"
        #expect(throws: SetupFileError(.unknownKey(allowed: SetupFileReader.topKeys), file: Self.file, line: 6, key: "x", input: "x")) {
            try SetupFile.parse(mappings, file: Self.file)
        }
        #expect(throws: SetupFileError(.unsupportedYAML(feature: "nesting this deep", advice: "a set-up needs a few levels of keys only"), file: Self.file, line: 6)) {
            try SetupFile.parse(nested(1200), file: Self.file)
        }
    }

    @Test("a secret written into the file never appears in the sentence")
    func secretNotRepeated() {
        for text in [Self.keyPair + "login:\n  password: hunter2\n", Self.keyPair + "passphrase: hunter2\n",
                     Self.head + "key:\n  new: {type: ed25519, file: /k, passphrase: hunter2}\n"] {
            do {
                _ = try SetupFile.parse(text, file: Self.file)
                Issue.record("accepted")
            } catch {
                #expect(error.kind == .inlineSecret)
                #expect(!error.description.contains("hunter2"), "\(error)")
                #expect(error.input == nil)
            }
        }
    }
}
