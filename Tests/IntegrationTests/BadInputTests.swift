import Foundation
import TestSupport
import Testing

/// Every bad input gets one clear sentence, a non-zero exit status, and leaves nothing written.
@Suite struct BadInputTests {
    /// One row: files to lay out, the command, and a fragment the error sentence must contain.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let files: [String: [UInt8]]
        let arguments: [String]
        let expected: String
        var testDescription: String { name }

        init(_ name: String, files: [String: [UInt8]] = [:], _ arguments: [String], expect expected: String) {
            self.name = name
            self.files = files
            self.arguments = arguments
            self.expected = expected
        }
    }

    static let ed25519Line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEpdmP58NrU/oCzvj7VrIRXNw9a08j5EhD2guLwDqDFo alice@example"
    static let ecdsa256Blob = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBHdf004KKcjjqlOzSjQUJGXrYIWBajhXt9lNE5fMzPahgGnhArPM/kvi3M+RIMbPLmROTQCfI7o+y9OXcsTun5U="
    static let ed25519Blob = "AAAAC3NzaC1lZDI1NTE5AAAAIEpdmP58NrU/oCzvj7VrIRXNw9a08j5EhD2guLwDqDFo"
    static let privateKey = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
        QyNTUxOQAAACDhgk5i+kZJslvd1vnL+R8T7tSM5fErUpXnciKoUEhw9QAAAJDCJs1BwibN
        QQAAAAtzc2gtZWQyNTUxOQAAACDhgk5i+kZJslvd1vnL+R8T7tSM5fErUpXnciKoUEhw9Q
        AAAEDPqpEdGM0gKa4lB/h0aaQ+hmwA4CE67jj9ndtIG+U/J+GCTmL6RkmyW93W+cv5HxPu
        1Izl8StSledyIqhQSHD1AAAAC3Rlc3RAdmVjdG9yAQI=
        -----END OPENSSH PRIVATE KEY-----

        """

    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    static let cases: [Case] = [
        // fingerprint: malformed key lines
        Case("truncated base64", files: ["k.pub": text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEpdmP58NrU\n")], ["fingerprint", "k.pub"], expect: "k.pub:1:"),
        Case("padding stripped", files: ["k.pub": text("ecdsa-sha2-nistp256 \(String(ecdsa256Blob.dropLast()))\n")], ["fingerprint", "k.pub"], expect: "base64"),
        Case("extra padding", files: ["k.pub": text("ecdsa-sha2-nistp256 \(ecdsa256Blob)=\n")], ["fingerprint", "k.pub"], expect: "base64"),
        Case("type word does not match blob", files: ["k.pub": text("ssh-rsa \(ed25519Blob) x\n")], ["fingerprint", "k.pub"], expect: "does not match"),
        Case("wrong curve for type", files: ["k.pub": text("ecdsa-sha2-nistp384 \(ecdsa256Blob) x\n")], ["fingerprint", "k.pub"], expect: "does not match"),
        Case("unknown key type", files: ["k.pub": text("ssh-ed448 AAAAB3NzaC1kc3MAAACBAP== x\n")], ["fingerprint", "k.pub"], expect: "unknown key type"),
        Case("a DSA line with broken base64", files: ["k.pub": text("ssh-dss AAAAB3NzaC1kc3MAAACBAP== x\n")], ["fingerprint", "k.pub"], expect: "base64"),
        Case("type with no key data", files: ["k.pub": text("ssh-ed25519\n")], ["fingerprint", "k.pub"], expect: "k.pub:1:"),
        Case("empty file", files: ["k.pub": []], ["fingerprint", "k.pub"], expect: "holds no public key"),
        Case("only comments", files: ["k.pub": text("# nothing here\n\n")], ["fingerprint", "k.pub"], expect: "holds no public key"),
        Case("binary garbage", files: ["k.pub": (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }], ["fingerprint", "k.pub"], expect: "k.pub:"),
        Case("a 1 MB line", files: ["k.pub": text("ssh-ed25519 " + String(repeating: "A", count: 1 << 20) + "\n")], ["fingerprint", "k.pub"], expect: "k.pub:1:"),
        Case("one good line, one bad", files: ["k.pub": text(ed25519Line + "\nssh-ed25519 !!!!\n")], ["fingerprint", "k.pub"], expect: "k.pub:2:"),
        Case("cert-authority marker", files: ["k.pub": text("@cert-authority *.example.com \(ed25519Line)\n")], ["fingerprint", "k.pub"], expect: "@cert-authority"),
        Case("missing file", ["fingerprint", "absent.pub"], expect: "No such file"),
        Case("a directory", files: ["d/x": []], ["fingerprint", "d"], expect: "not a file"),
        Case("unknown hash", ["fingerprint", "-E", "sha1", "x"], expect: "sha1"),
        // fingerprint: broken private keys
        Case("private key with bad magic", files: ["id": text(privateKey.replacingOccurrences(of: "b3BlbnNzaC1rZXktdjEAAAAABG5v", with: "b3BlbnNzaC1rZXktdjIAAAAABG5v"))], ["fingerprint", "id"], expect: "magic"),
        // (fingerprint lists such a key from its envelope, as ssh-keygen does; using it needs the whole key)
        Case("private key check mismatch", files: ["id": text(privateKey.replacingOccurrences(of: "JDCJs1BwibN", with: "JDCJs1BwibO"))], ["convert", "id", "--to", "pkcs8", "-o", "x", "--no-passphrase"], expect: "check values"),
        Case("private key truncated", files: ["id": text(String(privateKey.prefix(200)))], ["fingerprint", "id"], expect: "END OPENSSH PRIVATE KEY"),
        Case("private key with CRLF", files: ["id": text(privateKey.replacingOccurrences(of: "\n", with: "\r\n"))], ["fingerprint", "id"], expect: "id:"),
        // keygen
        Case("RSA 1024", ["keygen", "-t", "rsa", "-b", "1024", "-f", "out/id", "--no-passphrase"], expect: "at least 2048"),
        Case("RSA too large", ["keygen", "-t", "rsa", "-b", "20000", "-f", "out/id", "--no-passphrase"], expect: "16384"),
        Case("ECDSA odd size", ["keygen", "-t", "ecdsa", "-b", "300", "-f", "out/id", "--no-passphrase"], expect: "256, 384 or 521"),
        Case("unknown key type for keygen", ["keygen", "-t", "dsa", "-f", "out/id", "--no-passphrase"], expect: "dsa"),
        Case("directory path is a file", files: ["plain": text("x")], ["keygen", "-f", "plain/id", "--no-passphrase"], expect: "plain"),
        Case("existing key without --force", files: ["id": text("keep me"), "id.pub": text("keep me too")], ["keygen", "-f", "id", "--no-passphrase"], expect: "--force"),
        Case("existing .pub only without --force", files: ["id.pub": text("keep me")], ["keygen", "-f", "id", "--no-passphrase"], expect: "--force"),
        Case("no terminal and no passphrase flag", ["keygen", "-f", "out/id"], expect: "--no-passphrase"),
        Case("passphrase file readable by others", files: ["pass@644": text("secret")], ["keygen", "-f", "out/id", "--passphrase-file", "pass"], expect: "chmod 600"),
        Case("passphrase file missing", ["keygen", "-f", "out/id", "--passphrase-file", "nope"], expect: "No such file"),
        Case("passphrase file empty", files: ["pass": []], ["keygen", "-f", "out/id", "--passphrase-file", "pass"], expect: "empty"),
        Case("passphrase flags contradict", files: ["pass": text("x")], ["keygen", "-f", "out/id", "--passphrase-file", "pass", "--no-passphrase"], expect: "contradict"),
    ]

    @Test("bad input: one sentence, non-zero exit, nothing written", arguments: cases)
    func badInput(_ row: Case) throws {
        let scratch = try TemporaryDirectory()
        for (name, bytes) in row.files {
            let parts = name.split(separator: "@")
            let path = scratch.file(String(parts[0]))
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            chmod(path, parts.count > 1 ? mode_t(parts[1], radix: 8)! : 0o600)
        }
        let before = listing(of: scratch.path)
        let contentsBefore = before.map { try? Data(contentsOf: URL(fileURLWithPath: scratch.file($0))) }
        let arguments = row.arguments.map { argument in
            argument.contains("/") || row.files.keys.contains(where: { $0.hasPrefix(argument) }) || ["absent.pub", "nope", "x", "id", "pass", "d", "k.pub"].contains(argument)
                ? scratch.file(argument) : argument
        }
        let result = try SSHAuthBinary.run(arguments)
        #expect(result.status != 0, "\(row.name): exit status 0")
        #expect(result.stderr.contains(row.expected), "\(row.name): \(result.stderr)")
        // One sentence per problem: a line per unusable key line, or our one line, or the parser's usage error.
        let lines = result.stderr.split(separator: "\n")
        #expect(!lines.isEmpty, "\(row.name): no message")
        if result.status == 64 {
            #expect(lines.first?.hasPrefix("Error: ") == true && lines.count <= 4, "\(row.name): \(result.stderr)")
        } else {
            #expect(lines.allSatisfy { $0.hasPrefix("sshauth: ") || $0.hasPrefix(scratch.path) }, "\(row.name): \(result.stderr)")
        }
        #expect(listing(of: scratch.path) == before, "\(row.name): files changed")
        #expect(before.map { try? Data(contentsOf: URL(fileURLWithPath: scratch.file($0))) } == contentsBefore, "\(row.name): contents changed")
    }

    @Test("a passphrase file owned by another user is refused")
    func foreignPassphraseFile() throws {
        let scratch = try TemporaryDirectory()
        let secret = try scratch.write("pass", "secret", mode: 0o600)
        chown(secret, 65534, 65534)
        let result = try SSHAuthBinary.run(["keygen", "-f", scratch.file("id"), "--passphrase-file", secret])
        #expect(result.status != 0)
        #expect(result.stderr.contains("owned by uid 65534"))
        // A mode change cannot give a file to its reader: the advice is a copy of one's own, or chown.
        #expect(result.stderr.contains("chown"), "\(result.stderr)")
        #expect(!result.stderr.contains("chmod 600 \(secret)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("id")))
    }

    /// A row of ``unboundedInput(_:)``: `{}` in an argument stands for the scratch directory, which
    /// holds `fifo` (a named pipe), `huge` (a sparse 2 GiB file), `k.pub` (one key) and `two.pub` (two).
    static let unboundedCases: [Case] = [
        Case("fingerprint /dev/zero", ["fingerprint", "/dev/zero"], expect: "/dev/zero is a character device"),
        Case("fingerprint a named pipe", ["fingerprint", "{}/fifo"], expect: "fifo is a named pipe"),
        Case("fingerprint a sparse 2 GiB file", ["fingerprint", "{}/huge"], expect: "huge is larger than 256 MiB"),
        Case("install -i /dev/zero", ["install", "-i", "/dev/zero", "-p", "1", "nobody@127.0.0.1"], expect: "/dev/zero is a character device"),
        Case("install -i a named pipe", ["install", "-i", "{}/fifo", "-p", "1", "nobody@127.0.0.1"], expect: "fifo is a named pipe"),
        Case("install -i a sparse 2 GiB file", ["install", "-i", "{}/huge", "-p", "1", "nobody@127.0.0.1"], expect: "huge is larger than 1 MiB"),
        Case("check -i /dev/zero", ["check", "-i", "/dev/zero", "-p", "1", "nobody@127.0.0.1"], expect: "/dev/zero is a character device"),
        Case("install --known-hosts /dev/zero", ["install", "-i", "{}/k.pub", "--known-hosts", "/dev/zero", "-p", "1", "nobody@127.0.0.1"],
             expect: "/dev/zero is a character device"),
        Case("install --known-hosts a named pipe", ["install", "-i", "{}/k.pub", "--known-hosts", "{}/fifo", "-p", "1", "nobody@127.0.0.1"],
             expect: "fifo is a named pipe"),
        Case("check --known-hosts a sparse 2 GiB file", ["check", "--known-hosts", "{}/huge", "-p", "1", "nobody@127.0.0.1"],
             expect: "huge is larger than 64 MiB"),
        Case("install -i a file of two keys", ["install", "-i", "{}/two.pub", "-p", "1", "nobody@127.0.0.1"],
             expect: "two.pub holds 2 public keys (lines 1, 3)"),
        Case("-p and :port disagree", ["install", "-i", "{}/k.pub", "-p", "2222", "nobody@127.0.0.1:22"],
             expect: "'nobody@127.0.0.1:22' names port 22 but -p says 2222"),
        Case("-p and :port disagree (check)", ["check", "-p", "22", "[::1]:2222"], expect: "names port 2222 but -p says 22"),
    ]

    @Test("devices, pipes, huge files, two keys, two ports: one sentence, quickly, nothing written", arguments: unboundedCases)
    func unboundedInput(_ row: Case) throws {
        let scratch = try TemporaryDirectory()
        try #require(mkfifo(scratch.file("fifo"), 0o600) == 0)
        try Data().write(to: URL(fileURLWithPath: scratch.file("huge")))
        try #require(truncate(scratch.file("huge"), 2 << 30) == 0)
        _ = try scratch.write("k.pub", Self.ed25519Line + "\n")
        _ = try scratch.write("two.pub", Self.ed25519Line + "\n# and another\necdsa-sha2-nistp256 \(Self.ecdsa256Blob) bob@example\n")
        let before = listing(of: scratch.path)
        let started = Date()
        let result = try SSHAuthBinary.run(row.arguments.map { $0.replacingOccurrences(of: "{}", with: scratch.path) })
        let elapsed = Date().timeIntervalSince(started)
        // check reports on standard output ("PROBLEM  stopped: ..."), the other commands on standard error.
        let message = result.stderr.isEmpty ? result.stdout : result.stderr
        #expect(result.status != 0, "\(row.name): exit status 0")
        #expect(message.contains(row.expected), "\(row.name): \(message)")
        #expect(message.split(separator: "\n").count == 1, "\(row.name): \(message)")
        #expect(elapsed < 5, "\(row.name): took \(elapsed) s")
        #expect(listing(of: scratch.path) == before, "\(row.name): files changed")
    }

    @Test("control characters in what a sentence quotes (a file name here) are shown as \\xNN: no control byte but the line end reaches stderr",
          arguments: [["install", "--offline", "-i", "{}", "u@h"], ["fingerprint", "{}"], ["apply", "{}"], ["keygen", "-f", "{}/id", "--no-passphrase"]])
    func controlCharactersEscaped(_ template: [String]) throws {
        let path = "/nonexistent/\u{1B}]0;owned\u{07}\u{1B}[2J\r\u{9B}31m.pub"
        let result = try SSHAuthBinary.run(template.map { $0.replacingOccurrences(of: "{}", with: path) })
        #expect(result.status != 0)
        let controls = result.stderr.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty, "\(template[0]): \(result.stderr.debugDescription)")
        #expect(result.stderr.contains("\\x1b"), "\(template[0]): the name is still shown: \(result.stderr.debugDescription)")
    }
}
