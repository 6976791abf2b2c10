import Foundation
import SSHKeys
import TestSupport
import Testing

/// `sshauth convert` end to end, cross-checked in every direction with ssh-keygen -e/-i and with
/// openssl where ssh-keygen 9.2 has no Ed25519 support; fingerprints compared with ssh-keygen -l.
@Suite struct ConvertCommandTests {
    static let kinds: [[String]] = [["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"], ["-t", "ecdsa", "-b", "384"],
                                    ["-t", "ecdsa", "-b", "521"], ["-t", "rsa", "-b", "2048"]]
    static let passphrase = "convert pass phrase"

    /// The SHA256 fingerprint ssh-keygen -l prints for a file.
    static func fingerprint(_ path: String, passphrase: String? = nil) throws -> String {
        let listed = try ExternalTool.run(["ssh-keygen", "-l", "-f", path])
        try #require(listed.status == 0, "ssh-keygen -l \(path): \(listed.stderr)")
        return String(listed.stdout.split(separator: " ")[1])
    }

    /// `type base64` of a public key line, without the comment.
    static func keyText(_ line: String) -> String {
        line.split(separator: " ").prefix(2).joined(separator: " ")
    }

    static func run(_ arguments: [String]) throws -> ExternalTool.Output {
        let result = try SSHAuthBinary.run(["convert"] + arguments)
        #expect(result.status == 0, "sshauth convert \(arguments): \(result.stderr)")
        return result
    }

    @Test("every direction against ssh-keygen -e/-i -m RFC4716|PKCS8, fingerprints equal, encrypted and not",
          arguments: kinds, [false, true])
    func againstSSHKeygen(_ typeArguments: [String], encrypted: Bool) throws {
        let scratch = try TemporaryDirectory()
        let id = scratch.file("id")
        let made = try ExternalTool.run(["ssh-keygen", "-q"] + typeArguments + ["-N", encrypted ? Self.passphrase : "", "-C", "conv@test", "-f", id])
        try #require(made.status == 0, "\(made.stderr)")
        let pass = try scratch.write("pass", Self.passphrase + "\n")
        let isEd25519 = typeArguments[1] == "ed25519"
        let publicLine = try String(contentsOfFile: id + ".pub", encoding: .utf8)
        let expected = Self.keyText(publicLine) + "\n"
        let fingerprint = try Self.fingerprint(id + ".pub")
        let old = encrypted ? ["--old-passphrase-file", pass] : []
        let new = encrypted ? ["--passphrase-file", pass] : ["--no-passphrase"]

        // sshauth -> RFC 4716 -> ssh-keygen -i, from the private key and from the .pub.
        for input in [id, id + ".pub"] {
            let rfc = try Self.run([input, "--to", "rfc4716"] + old)
            #expect(rfc.stdout.hasPrefix("---- BEGIN SSH2 PUBLIC KEY ----\n"))
            let rfcPath = try scratch.write("ours.rfc", rfc.stdout)
            let imported = try ExternalTool.run(["ssh-keygen", "-i", "-m", "RFC4716", "-f", rfcPath])
            #expect(imported.stdout == expected, "\(imported.stderr)")
        }
        // ssh-keygen -e -m RFC4716 -> sshauth -> OpenSSH .pub, written with -o.
        let exported = try ExternalTool.run(["ssh-keygen", "-e", "-m", "RFC4716", "-f", id + ".pub"])
        let theirs = try scratch.write("theirs.rfc", exported.stdout)
        _ = try Self.run([theirs, "--to", "openssh", "-o", scratch.file("from-rfc.pub")])
        #expect(Self.keyText(try String(contentsOfFile: scratch.file("from-rfc.pub"), encoding: .utf8)) + "\n" == expected)
        #expect(try Self.fingerprint(scratch.file("from-rfc.pub")) == fingerprint)
        #expect(Self.mode(scratch.file("from-rfc.pub")) == 0o644)

        // The public half as SubjectPublicKeyInfo, and back.
        let spki = try Self.run([id, "--to", "pkcs8", "--public"] + old)
        #expect(spki.stdout.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        let spkiPath = try scratch.write("ours.spki", spki.stdout)
        let back = try Self.run([spkiPath, "--to", "openssh"])
        #expect(back.stdout == expected)
        if isEd25519 {
            // ssh-keygen 9.2 refuses Ed25519 SPKI both ways; OpenSSL reads ours.
            #expect(try ExternalTool.run(["openssl", "pkey", "-pubin", "-in", spkiPath, "-noout"]).status == 0)
        } else {
            let theirSPKI = try ExternalTool.run(["ssh-keygen", "-e", "-m", "PKCS8", "-f", id + ".pub"])
            #expect(spki.stdout == theirSPKI.stdout)
            let imported = try ExternalTool.run(["ssh-keygen", "-i", "-m", "PKCS8", "-f", spkiPath])
            #expect(imported.stdout == expected)
        }

        // The private key as PKCS#8, and back to openssh-key-v1.
        let p8 = scratch.file("id.p8")
        _ = try Self.run([id, "--to", "pkcs8", "-o", p8] + old + new)
        #expect(Self.mode(p8) == 0o600)
        let p8Text = try String(contentsOfFile: p8, encoding: .utf8)
        #expect(p8Text.hasPrefix(encrypted ? "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" : "-----BEGIN PRIVATE KEY-----\n"))
        if isEd25519 {
            let checked = try ExternalTool.run(["openssl", "pkey", "-in", p8, "-passin", "file:" + pass, "-check", "-noout"])
            #expect(checked.status == 0, "\(checked.stderr)")
        } else {
            let derived = try ExternalTool.run(["ssh-keygen", "-y", "-P", encrypted ? Self.passphrase : "", "-f", p8])
            #expect(derived.stdout == expected, "\(derived.stderr)")
        }
        // A PKCS#8 key from ssh-keygen -p -m PKCS8 (RSA, ECDSA) or from the step above (Ed25519).
        var pkcs8Input = p8
        if !isEd25519 {
            pkcs8Input = scratch.file("theirs.p8")
            try FileManager.default.copyItem(atPath: id, toPath: pkcs8Input)
            let phrase = encrypted ? Self.passphrase : ""
            let rewritten = try ExternalTool.run(["ssh-keygen", "-p", "-m", "PKCS8", "-P", phrase, "-N", phrase, "-f", pkcs8Input])
            try #require(rewritten.status == 0, "\(rewritten.stderr)")
        }
        let openssh = scratch.file("id.back")
        _ = try Self.run([pkcs8Input, "--to", "openssh", "-o", openssh] + old + new)
        #expect(Self.mode(openssh) == 0o600)
        #expect(try String(contentsOfFile: openssh, encoding: .utf8).hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----\n"))
        let derived = try ExternalTool.run(["ssh-keygen", "-y", "-P", encrypted ? Self.passphrase : "", "-f", openssh])
        #expect(derived.stdout == expected, "\(derived.stderr)")
        #expect(try Self.fingerprint(openssh) == fingerprint)
        if encrypted {
            #expect(try ExternalTool.run(["ssh-keygen", "-y", "-P", "wrong", "-f", openssh]).status != 0)
        }
    }

    @Test("an existing output is kept without --force, with the sentence naming -o; --force replaces it")
    func force() throws {
        let scratch = try TemporaryDirectory()
        let id = scratch.file("id")
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", id])
        let out = try scratch.write("out", "keep me\n", mode: 0o600)
        let refused = try SSHAuthBinary.run(["convert", id, "--to", "pkcs8", "-o", out, "--no-passphrase"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "sshauth: \(out) already exists; pass --force to replace it, or choose another file with -o. Nothing was written.\n")
        #expect(try scratch.read("out") == Array("keep me\n".utf8))
        _ = try Self.run([id, "--to", "pkcs8", "-o", out, "--no-passphrase", "--force"])
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(Self.mode(out) == 0o600)
        #expect(try scratch.list() == ["id", "id.pub", "out"], "no temporary file left")
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        /// The arguments after `convert`; {KEY}, {ENC}, {PASS}, {OPEN} and {DIR} stand for files the test makes.
        let arguments: [String]
        /// A part of the one sentence on standard error.
        let says: String
        var status: Int32 = 1
        var testDescription: String { name }
    }

    static let badInputs: [BadCase] = [
        BadCase(name: "a missing file", arguments: ["{DIR}/none", "--to", "openssh"], says: "Cannot open {DIR}/none: No such file or directory."),
        BadCase(name: "a truncated private key", arguments: ["{DIR}/cut", "--to", "pkcs8", "-o", "{DIR}/out"], says: "{DIR}/cut: the key data is cut short"),
        BadCase(name: "a truncated RFC 4716 file", arguments: ["{DIR}/cut.rfc", "--to", "openssh"], says: "the key data is cut short: the \"---- END SSH2 PUBLIC KEY ----\" line is missing"),
        BadCase(name: "a file in no key format", arguments: ["{DIR}/text", "--to", "openssh"], says: "{DIR}/text: "),
        BadCase(name: "a file with two keys", arguments: ["{DIR}/two", "--to", "rfc4716"], says: "holds 2 lines of keys; name a file with one"),
        BadCase(name: "an SSH.com private key", arguments: ["{DIR}/sshcom", "--to", "openssh"], says: "an SSH.com private key; convert it with 'ssh-keygen -i -f FILE' first"),
        BadCase(name: "an unknown output format", arguments: ["{KEY}", "--to", "putty"], says: "--to", status: 64),
        BadCase(name: "a public key to .ppk, which holds private keys only", arguments: ["{KEY}.pub", "--to", "ppk"],
                says: "a .ppk file holds a private key; PuTTYgen exports public keys as RFC 4716"),
        BadCase(name: "a wrong passphrase", arguments: ["{ENC}", "--to", "pkcs8", "-o", "{DIR}/out", "--old-passphrase-file", "{DIR}/wrong", "--no-passphrase"],
                says: "the passphrase for {ENC} is wrong; nothing was written."),
        BadCase(name: "a wrong passphrase for an encrypted PEM key's public half", arguments: ["{DIR}/enc.pem", "--to", "openssh", "--public", "--old-passphrase-file", "{DIR}/wrong"],
                says: "the passphrase for {DIR}/enc.pem is wrong; nothing was written."),
        BadCase(name: "an encrypted key, no passphrase file and no terminal", arguments: ["{ENC}", "--to", "pkcs8", "-o", "{DIR}/out", "--no-passphrase"],
                says: "{ENC} is protected by a passphrase and there is no terminal to ask on; pass --old-passphrase-file FILE. Nothing was written."),
        BadCase(name: "a new private key, no passphrase source and no terminal", arguments: ["{KEY}", "--to", "pkcs8", "-o", "{DIR}/out"],
                says: "pass --passphrase-file FILE, or --no-passphrase for an unencrypted key. Nothing was written."),
        BadCase(name: "a private output without -o", arguments: ["{KEY}", "--to", "openssh"],
                says: "{KEY} holds a private key, which sshauth writes only to a file: give -o FILE, or --public for its public half. Nothing was written."),
        BadCase(name: "a passphrase file others can read", arguments: ["{ENC}", "--to", "openssh", "-o", "{DIR}/out", "--old-passphrase-file", "{OPEN}", "--no-passphrase"],
                says: "Run 'chmod 600 {OPEN}'"),
        BadCase(name: "--passphrase-file with --no-passphrase", arguments: ["{KEY}", "--to", "openssh", "-o", "{DIR}/out", "--passphrase-file", "{PASS}", "--no-passphrase"],
                says: "contradict each other", status: 64),
        BadCase(name: "an output directory others can write", arguments: ["{KEY}", "--to", "openssh", "-o", "{DIR}/open/out", "--no-passphrase"],
                says: "Refusing to write {DIR}/open/out"),
    ]

    @Test("bad input: one sentence naming the input, a non-zero status, nothing written", arguments: badInputs)
    func badInput(_ bad: BadCase) throws {
        let scratch = try TemporaryDirectory()
        let key = scratch.file("key")
        let encrypted = scratch.file("enc")
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ecdsa", "-N", "right one", "-f", encrypted])
        let pem = scratch.file("enc.pem")
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "right one", "-f", pem])
        let keyText = try scratch.read("key")
        try scratch.write("cut", Array(keyText.prefix(keyText.count / 2)) + Array("-----END OPENSSH PRIVATE KEY-----\n".utf8))
        let rfc = try ExternalTool.run(["ssh-keygen", "-e", "-f", key + ".pub"]).stdout
        try scratch.write("cut.rfc", String(rfc.split(separator: "\n").dropLast().joined(separator: "\n")) + "\n")
        try scratch.write("text", "just some words\n")
        let pub = try String(contentsOfFile: key + ".pub", encoding: .utf8)
        try scratch.write("two", pub + pub)
        try scratch.write("sshcom", "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nAAAA\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n")
        try scratch.write("wrong", "not the passphrase\n")
        try scratch.write("pass", "a passphrase\n")
        try scratch.write("open-pass", "right one\n", mode: 0o644)
        try FileManager.default.createDirectory(atPath: scratch.file("open"), withIntermediateDirectories: false)
        chmod(scratch.file("open"), 0o777)
        let before = try scratch.list()

        let substitutions = ["{KEY}": key, "{ENC}": encrypted, "{PASS}": scratch.file("pass"), "{OPEN}": scratch.file("open-pass"), "{DIR}": scratch.path]
        func substitute(_ text: String) -> String {
            substitutions.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
        let started = Date()
        let result = try SSHAuthBinary.run(["convert"] + bad.arguments.map(substitute))
        #expect(result.status == bad.status, "\(result.stderr)")
        #expect(result.stderr.contains(substitute(bad.says)), "\(result.stderr)")
        if bad.status == 1 {
            #expect(result.stderr.hasPrefix("sshauth: "))
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one sentence: \(result.stderr)")
        }
        #expect(result.stdout.isEmpty)
        #expect(try scratch.list() == before, "nothing written")
        #expect(try scratch.list("open").isEmpty)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }
}
