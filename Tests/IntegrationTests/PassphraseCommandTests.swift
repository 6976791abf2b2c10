import Flows
import Foundation
import SSHKeys
import TestSupport
import Testing

/// `sshauth passphrase` end to end, judged by ssh-keygen: the new passphrase opens the key, the
/// old one no longer does, and nothing else about the file changes.
@Suite struct PassphraseCommandTests {
    final class Files {
        let scratch: TemporaryDirectory
        let key: String
        let old: String
        let new: String
        let wrong: String

        /// An ssh-keygen key in `scratch/id` made with `arguments` (type, format, rounds) and the
        /// old passphrase (or none), plus the passphrase files.
        init(_ arguments: [String], passphrase: String? = "old pass phrase", mode: mode_t = 0o600) throws {
            scratch = try TemporaryDirectory()
            key = scratch.file("id")
            let made = try ExternalTool.run(["ssh-keygen", "-q"] + arguments + ["-N", passphrase ?? "", "-C", "pass@test", "-f", key])
            try #require(made.status == 0, "\(made.stderr)")
            chmod(key, mode)
            old = try scratch.write("old", "old pass phrase\n")
            new = try scratch.write("new", "new pass phrase\n")
            wrong = try scratch.write("wrong", "not it\n")
        }

        /// `type base64` and a newline, as ssh-keygen -y prints a key without a comment.
        var publicKey: String {
            get throws { ConvertCommandTests.keyText(try String(contentsOfFile: key + ".pub", encoding: .utf8)) + "\n" }
        }

        /// The .pub line with its comment, as ssh-keygen -y prints an openssh-key-v1 key.
        var publicLine: String {
            get throws { try String(contentsOfFile: key + ".pub", encoding: .utf8) }
        }

        func derive(_ passphrase: String) throws -> ExternalTool.Output {
            try ExternalTool.run(["ssh-keygen", "-y", "-P", passphrase, "-f", key])
        }
    }

    static func inode(_ path: String) -> (ino_t, mode_t) {
        var info = stat()
        _ = lstat(path, &info)
        return (info.st_ino, info.st_mode & 0o7777)
    }

    @Test("the passphrase changes in place: ssh-keygen -y takes the new one and refuses the old; format, KDF rounds, comment and mode kept",
          arguments: [["-t", "ed25519", "-a", "16"], ["-t", "ecdsa", "-a", "32"], ["-t", "rsa", "-b", "2048", "-a", "8"]])
    func change(_ arguments: [String]) throws {
        let files = try Files(arguments, mode: 0o400)
        let (inodeBefore, _) = Self.inode(files.key)
        let result = try SSHAuthBinary.run(["passphrase", "-f", files.key, "--old-passphrase-file", files.old, "--new-passphrase-file", files.new])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Your identification has been saved with the new passphrase.\n")
        #expect(!result.stdout.contains("pass phrase") && !result.stderr.contains("pass phrase"))
        let withNew = try files.derive("new pass phrase")
        #expect(withNew.status == 0, "\(withNew.stderr)")
        #expect(withNew.stdout == (try files.publicLine), "comment kept")
        #expect(try files.derive("old pass phrase").status != 0)
        let (inodeAfter, mode) = Self.inode(files.key)
        #expect(mode == 0o400)
        #expect(inodeAfter != inodeBefore, "a new file was renamed into place")
        let parsed = try OpenSSHPrivateKeyFile(text: try files.scratch.read("id"))
        #expect(parsed.rounds == Int(arguments[arguments.count - 1]))
        #expect(try files.scratch.list() == ["id", "id.pub", "new", "old", "wrong"], "no temporary file left")
    }

    @Test("a passphrase is added to an unencrypted key and removed again with --no-passphrase")
    func addAndRemove() throws {
        let files = try Files(["-t", "ed25519"], passphrase: nil)
        let added = try SSHAuthBinary.run(["passphrase", "-f", files.key, "--new-passphrase-file", files.new])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try files.derive("").status != 0)
        #expect(try files.derive("new pass phrase").stdout == (try files.publicLine))
        #expect(try OpenSSHPrivateKeyFile(text: try files.scratch.read("id")).rounds == OpenSSHPrivateKeyFile.defaultRounds)
        let removed = try SSHAuthBinary.run(["passphrase", "-f", files.key, "--old-passphrase-file", files.new, "--no-passphrase"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("without a passphrase"))
        #expect(try files.derive("").stdout == (try files.publicLine))
        #expect(Self.inode(files.key).1 == 0o600)
    }

    @Test("a wrong old passphrase changes nothing: bytes and inode unchanged", arguments: [["-t", "ed25519"], ["-t", "rsa", "-b", "2048", "-m", "PKCS8"]])
    func wrongPassphrase(_ arguments: [String]) throws {
        let files = try Files(arguments)
        let bytes = try files.scratch.read("id")
        let (inode, mode) = Self.inode(files.key)
        let result = try SSHAuthBinary.run(["passphrase", "-f", files.key, "--old-passphrase-file", files.wrong, "--new-passphrase-file", files.new])
        #expect(result.status == 1)
        #expect(result.stderr == "sshauth: the passphrase for \(files.key) is wrong; nothing was changed.\n")
        #expect(try files.scratch.read("id") == bytes)
        #expect(Self.inode(files.key) == (inode, mode))
        #expect(try files.scratch.list() == ["id", "id.pub", "new", "old", "wrong"])
        #expect(try files.derive("old pass phrase").status == 0)
    }

    @Test("an older PEM key (BEGIN RSA/EC PRIVATE KEY) becomes PKCS#8 and says so; a PKCS#8 key stays PKCS#8",
          arguments: [["-t", "rsa", "-b", "2048"], ["-t", "ecdsa"]])
    func pemKeys(_ arguments: [String]) throws {
        let files = try Files(arguments + ["-m", "PEM"])
        #expect(try String(contentsOfFile: files.key, encoding: .utf8).contains("PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED"))
        let first = try SSHAuthBinary.run(["passphrase", "-f", files.key, "--old-passphrase-file", files.old, "--new-passphrase-file", files.new])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("it is now PKCS#8 PEM"))
        #expect(try String(contentsOfFile: files.key, encoding: .utf8).hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"))
        #expect(try files.derive("new pass phrase").stdout == (try files.publicKey))
        let second = try SSHAuthBinary.run(["passphrase", "-f", files.key, "--old-passphrase-file", files.new, "--no-passphrase"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stdout.contains("PKCS#8"))
        #expect(try String(contentsOfFile: files.key, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(try files.derive("").stdout == (try files.publicKey))
    }

    @Test("a key another program rewrites while the new passphrase is asked is left as that program wrote it")
    func changedMeanwhile() throws {
        let files = try Files(["-t", "ed25519"])
        let theirs = Array("rewritten by another program\n".utf8)
        let key = files.key
        #expect {
            _ = try KeyPassphraseChange.change(key, oldPassphrase: { SecretBytes(Array("old pass phrase".utf8)) }, newPassphrase: {
                _ = FileManager.default.createFile(atPath: key, contents: Data(theirs))
                return SecretBytes(Array("new pass phrase".utf8))
            })
        } throws: { error in
            "\(error)" == "\(key) was changed by another program while sshauth was updating it, so sshauth left it as that program wrote it; run the command again."
        }
        #expect(try files.scratch.read("id") == theirs)
        #expect(try files.scratch.list() == ["id", "id.pub", "new", "old", "wrong"], "no temporary file left")
    }

    @Test("a key reached through a symbolic link: the file it points to is replaced, the link stays a link")
    func symbolicLink() throws {
        let files = try Files(["-t", "ed25519"])
        let link = files.scratch.file("link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "id")
        let result = try SSHAuthBinary.run(["passphrase", "-f", link, "--old-passphrase-file", files.old, "--new-passphrase-file", files.new])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "id")
        #expect(try files.derive("new pass phrase").status == 0)
    }

    @Test("on a terminal: the old passphrase asked once, the new one twice; answers that differ change nothing")
    func terminalPrompts() throws {
        let files = try Files(["-t", "ed25519"])
        let bytes = try files.scratch.read("id")
        let command = "\(SSHAuthBinary.path) passphrase -f \(files.key); echo status=$?"
        let mismatch = try TmuxSession(command: command)
        try mismatch.waitFor("Enter passphrase for") { $0.contains("Enter passphrase for \(files.key):") }
        try mismatch.send("old pass phrase", literal: true)
        try mismatch.send("Enter")
        try mismatch.waitFor("new") { $0.contains("Enter new passphrase (empty for no passphrase):") }
        try mismatch.send("one", literal: true)
        try mismatch.send("Enter")
        try mismatch.waitFor("again") { $0.contains("Enter same passphrase again:") }
        try mismatch.send("two", literal: true)
        try mismatch.send("Enter")
        let ended = try mismatch.waitFor("status") { $0.contains("status=") }
        #expect(ended.contains("the two passphrases do not match"))
        #expect(ended.contains("status=1"))
        #expect(!ended.contains("old pass phrase"), "no echo")
        #expect(try files.scratch.read("id") == bytes)

        let session = try TmuxSession(command: command)
        try session.waitFor("Enter passphrase for") { $0.contains("Enter passphrase for") }
        try session.send("old pass phrase", literal: true)
        try session.send("Enter")
        try session.waitFor("new") { $0.contains("Enter new passphrase") }
        try session.send("typed new", literal: true)
        try session.send("Enter")
        try session.waitFor("again") { $0.contains("Enter same passphrase again:") }
        try session.send("typed new", literal: true)
        try session.send("Enter")
        let done = try session.waitFor("status") { $0.contains("status=") }
        #expect(done.contains("status=0"), "\(done)")
        #expect(try files.derive("typed new").status == 0)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        /// The arguments after `passphrase`; {KEY}, {PUB}, {OLD}, {NEW}, {OPEN} and {DIR} stand for files the test makes.
        let arguments: [String]
        let says: String
        var status: Int32 = 1
        var testDescription: String { name }
    }

    static let badInputs: [BadCase] = [
        BadCase(name: "no -f", arguments: [], says: "-f", status: 64),
        BadCase(name: "a missing file", arguments: ["-f", "{DIR}/none", "--no-passphrase"], says: "Cannot open {DIR}/none: No such file or directory."),
        BadCase(name: "a public key file", arguments: ["-f", "{PUB}", "--no-passphrase"], says: "{PUB}: not a private key format sshauth can read."),
        BadCase(name: "a truncated key", arguments: ["-f", "{DIR}/cut", "--no-passphrase"], says: "{DIR}/cut: "),
        BadCase(name: "an encrypted key, no old passphrase file and no terminal", arguments: ["-f", "{KEY}", "--new-passphrase-file", "{NEW}"],
                says: "{KEY} is protected by a passphrase and there is no terminal to ask on; pass --old-passphrase-file FILE. Nothing was changed."),
        BadCase(name: "no new passphrase source and no terminal", arguments: ["-f", "{KEY}", "--old-passphrase-file", "{OLD}"],
                says: "no new passphrase given and no terminal to ask on; pass --new-passphrase-file FILE, or --no-passphrase to remove it. Nothing was changed."),
        BadCase(name: "an old passphrase file others can read", arguments: ["-f", "{KEY}", "--old-passphrase-file", "{OPEN}", "--no-passphrase"],
                says: "Run 'chmod 600 {OPEN}'"),
        BadCase(name: "--new-passphrase-file with --no-passphrase", arguments: ["-f", "{KEY}", "--new-passphrase-file", "{NEW}", "--no-passphrase"],
                says: "contradict each other", status: 64),
        BadCase(name: "a key in a directory others can write", arguments: ["-f", "{DIR}/open/id", "--old-passphrase-file", "{OLD}", "--no-passphrase"],
                says: "Refusing to write {DIR}/open/id"),
    ]

    @Test("bad input: one sentence naming the input, a non-zero status, the key untouched", arguments: badInputs)
    func badInput(_ bad: BadCase) throws {
        let files = try Files(["-t", "ed25519"])
        let keyText = try files.scratch.read("id")
        try files.scratch.write("cut", Array(keyText.prefix(200)) + Array("\n-----END OPENSSH PRIVATE KEY-----\n".utf8))
        try files.scratch.write("open-pass", "old pass phrase\n", mode: 0o644)
        try FileManager.default.createDirectory(atPath: files.scratch.file("open"), withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: files.key, toPath: files.scratch.file("open/id"))
        chmod(files.scratch.file("open"), 0o777)
        let snapshot = try files.scratch.list().map { ($0, try? files.scratch.read($0)) }
        let substitutions = ["{KEY}": files.key, "{PUB}": files.key + ".pub", "{OLD}": files.old, "{NEW}": files.new,
                             "{OPEN}": files.scratch.file("open-pass"), "{DIR}": files.scratch.path]
        func substitute(_ text: String) -> String {
            substitutions.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
        let result = try SSHAuthBinary.run(["passphrase"] + bad.arguments.map(substitute))
        #expect(result.status == bad.status, "\(result.stderr)")
        #expect(result.stderr.contains(substitute(bad.says)), "\(result.stderr)")
        if bad.status == 1 {
            #expect(result.stderr.hasPrefix("sshauth: "))
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one sentence: \(result.stderr)")
        }
        #expect(try files.scratch.list().map { ($0, try? files.scratch.read($0)) }.elementsEqual(snapshot) { $0.0 == $1.0 && $0.1 == $1.1 })
        #expect(try files.scratch.list("open") == ["id"])
    }
}
