import Foundation
import TestSupport
import Testing

/// `sshauth fingerprint` prints what `ssh-keygen -l[v]` prints, byte for byte, on fresh keys of every kind.
@Suite struct FingerprintCommandTests {
    /// A mixed file: .pub lines, authorized_keys lines with options, known_hosts lines (plain and hashed), comments.
    private static func mixedFile(in scratch: TemporaryDirectory) throws -> String {
        // Bare keys come first: ssh-keygen 9.2 prints a stale comment for a bare key that follows a
        // commented line (fixed in 9.4, which sshauth follows), so the comparison avoids that order.
        var bare: [String] = []
        var lines = ["# a comment line", ""]
        let kinds: [[String]] = [["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"], ["-t", "ecdsa", "-b", "384"],
                                 ["-t", "ecdsa", "-b", "521"], ["-t", "rsa", "-b", "2048"], ["-t", "rsa", "-b", "3072"]]
        for (index, arguments) in kinds.enumerated() {
            let path = scratch.file("k\(index)")
            let made = try ExternalTool.run(["ssh-keygen", "-q"] + arguments + ["-N", "", "-C", "key \(index) comment", "-f", path])
            try #require(made.status == 0)
            let line = try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .newlines)
            let key = line.split(separator: " ").prefix(2).joined(separator: " ")
            bare.append("  \(key)")
            lines.append(line)
            lines.append("\tfrom=\"10.0.0.0/8,!10.1.*\",command=\"echo \\\"hi there\\\"\",no-pty \(key) trailing words here")
            lines.append("restrict \(key) #not a comment")
            lines.append("host\(index).example.com,192.0.2.\(index) \(key)")
            lines.append("[host\(index).example.com]:2222 \(key)")
        }
        lines = bare + lines
        let path = try scratch.write("mixed", lines.joined(separator: "\n") + "\n")
        // Add hashed known_hosts lines made by ssh-keygen itself.
        let hosts = try scratch.write("hosts", lines.filter { $0.hasPrefix("host") }.joined(separator: "\n") + "\n")
        _ = try ExternalTool.run(["ssh-keygen", "-H", "-f", hosts])
        let hashed = try String(contentsOfFile: hosts, encoding: .utf8)
        try (lines.joined(separator: "\n") + "\n" + hashed).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("-l, -lv and -E md5 match ssh-keygen on a mixed file", arguments: [[], ["-v"], ["-E", "md5"], ["-v", "-E", "md5"]])
    func mixedFileMatches(_ flags: [String]) throws {
        let scratch = try TemporaryDirectory()
        let path = try Self.mixedFile(in: scratch)
        let ours = try SSHAuthBinary.run(["fingerprint"] + flags + [path])
        let theirs = try ExternalTool.run(["ssh-keygen", "-l"] + flags + ["-f", path])
        #expect(ours.status == 0, "\(ours.stderr)")
        #expect(ours.stdout == theirs.stdout)
        #expect(ours.stdout.split(separator: "\n").filter { $0.hasSuffix(")") }.count == 6 * 6 + 12)
    }

    /// RFC 4251 `string`.
    private static func string(_ bytes: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes
    }

    /// The fields of a wire blob, in order.
    private static func fields(_ blob: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var at = 0
        while at + 4 <= blob.count {
            let length = blob[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
            out.append(Array(blob[at + 4..<at + 4 + length]))
            at += 4 + length
        }
        return out
    }

    @Test("FIDO security-key keys (ED25519-SK, ECDSA-SK) list as ssh-keygen lists them, in every line format", arguments: [[], ["-v"], ["-E", "md5"]])
    func securityKeys(_ flags: [String]) throws {
        let scratch = try TemporaryDirectory()
        // No token is needed to list a key: the blobs are built from real public values.
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", scratch.file("ec")])
        let ecLine = try String(contentsOfFile: scratch.file("ec.pub"), encoding: .utf8).split(separator: " ")
        let point = Self.fields(Array(Data(base64Encoded: String(ecLine[1]))!))[2]
        let ed = Self.string(Array("sk-ssh-ed25519@openssh.com".utf8)) + Self.string((0..<32).map { _ in UInt8.random(in: 0...255) })
            + Self.string(Array("ssh:".utf8))
        let ec = Self.string(Array("sk-ecdsa-sha2-nistp256@openssh.com".utf8)) + Self.string(Array("nistp256".utf8)) + Self.string(point)
            + Self.string(Array("ssh:backup".utf8))
        let edKey = "sk-ssh-ed25519@openssh.com " + Data(ed).base64EncodedString()
        let ecKey = "sk-ecdsa-sha2-nistp256@openssh.com " + Data(ec).base64EncodedString()
        let lines = [edKey + " me@token", ecKey + " backup token", "no-touch-required,verify-required " + edKey + " with options",
                     "host.example.com " + ecKey, "[host.example.com]:2222 " + edKey]
        let path = try scratch.write("sk", lines.joined(separator: "\n") + "\n")
        let ours = try SSHAuthBinary.run(["fingerprint"] + flags + [path])
        let theirs = try ExternalTool.run(["ssh-keygen", "-l"] + flags + ["-f", path])
        #expect(ours.status == 0, "\(ours.stderr)")
        #expect(ours.stdout == theirs.stdout)
        #expect(ours.stdout.split(separator: "\n").filter { $0.hasSuffix("-SK)") }.count == 5)
        // Listed, but not installed: a clear sentence instead.
        let pub = try scratch.write("id_ed25519_sk.pub", edKey + " me@token\n")
        let install = try SSHAuthBinary.run(["install", "--offline", "-i", pub, "user@example.org"])
        #expect(install.status != 0)
        #expect(install.stderr.contains("FIDO security-key key, which sshauth lists but does not install"), "\(install.stderr)")
    }

    @Test("an ECDSA point that is not on its curve is refused, as ssh-keygen refuses it", arguments: ["ecdsa-sha2-nistp256", "sk-ecdsa-sha2-nistp256@openssh.com"])
    func pointOffTheCurve(_ type: String) throws {
        let scratch = try TemporaryDirectory()
        let point = [UInt8(4)] + (0..<64).map { _ in UInt8.random(in: 0...255) }
        var blob = Self.string(Array(type.utf8)) + Self.string(Array("nistp256".utf8)) + Self.string(point)
        if type.hasPrefix("sk-") { blob += Self.string(Array("ssh:".utf8)) }
        let path = try scratch.write("bad.pub", "\(type) \(Data(blob).base64EncodedString()) off-curve\n")
        let ours = try SSHAuthBinary.run(["fingerprint", path])
        let theirs = try ExternalTool.run(["ssh-keygen", "-l", "-f", path])
        #expect(theirs.status != 0)
        #expect(ours.status != 0)
        #expect(ours.stdout.isEmpty)
        #expect(ours.stderr.contains("not a valid public key on nistp256"), "\(ours.stderr)")
    }

    @Test("DSA keys (.pub, authorized_keys with options, known_hosts plain and hashed) list as ssh-keygen lists them; install refuses one",
          arguments: [[], ["-v"], ["-E", "md5"]])
    func dsaKeys(_ options: [String]) throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("old_dsa")
        try #require(try ExternalTool.run(["ssh-keygen", "-q", "-t", "dsa", "-N", "", "-C", "legacy dsa", "-f", path]).status == 0)
        let line = try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .newlines)
        let key = line.split(separator: " ").prefix(2).joined(separator: " ")
        let known = try scratch.write("known_hosts", "old.example.org,192.0.2.9 \(key)\n[old.example.org]:2222 \(key)\n")
        try #require(try ExternalTool.run(["ssh-keygen", "-q", "-H", "-f", known]).status == 0)
        let file = try scratch.write("mixed", [line, "no-pty,from=\"10.0.0.0/8\" \(key) with options",
                                               try String(contentsOfFile: known, encoding: .utf8).trimmingCharacters(in: .newlines)]
                                         .joined(separator: "\n") + "\n")
        for input in [path + ".pub", file, path] {
            let ours = try SSHAuthBinary.run(["fingerprint"] + options + [input])
            let theirs = try ExternalTool.run(["ssh-keygen", "-l"] + options + ["-f", input])
            #expect(ours.status == 0, "\(input): \(ours.stderr)")
            #expect(ours.stdout == theirs.stdout, "\(input)")
            #expect(ours.stdout.contains("(DSA)"))
        }
        let install = try SSHAuthBinary.run(["install", "--offline", "-i", path + ".pub", "nobody@127.0.0.1"])
        #expect(install.status != 0)
        #expect(install.stderr.contains("DSA key, which OpenSSH no longer accepts"), "\(install.stderr)")
    }

    @Test("private key files list as ssh-keygen lists them, with and without the .pub next to them, with a comment or an empty one",
          arguments: ["a comment", ""])
    func privateKeyFiles(_ comment: String) throws {
        let scratch = try TemporaryDirectory()
        let cases: [(String, [String])] = [("plain", ["-t", "ed25519", "-N", ""]), ("encrypted", ["-t", "ed25519", "-N", "pw"]),
                                           ("pem", ["-t", "rsa", "-b", "2048", "-m", "PEM", "-N", ""]),
                                           ("pkcs8", ["-t", "ecdsa", "-m", "PKCS8", "-N", ""])]
        for (name, arguments) in cases {
            let path = scratch.file(name)
            try #require(try ExternalTool.run(["ssh-keygen", "-q"] + arguments + ["-C", comment, "-f", path]).status == 0)
            for withPublic in [true, false] {
                if !withPublic { try FileManager.default.removeItem(atPath: path + ".pub") }
                let ours = try SSHAuthBinary.run(["fingerprint", "-v", path])
                let theirs = try ExternalTool.run(["ssh-keygen", "-lv", "-f", path])
                #expect(ours.status == 0, "\(name): \(ours.stderr)")
                #expect(ours.stdout == theirs.stdout, "\(name), comment '\(comment)', .pub present: \(withPublic)")
            }
        }
    }

    @Test("standard input is read with '-'")
    func standardInput() throws {
        let scratch = try TemporaryDirectory()
        let path = try Self.mixedFile(in: scratch)
        let input = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let ours = try SSHAuthBinary.run(["fingerprint", "-"], stdin: input)
        let theirs = try ExternalTool.run(["ssh-keygen", "-l", "-f", "-"], stdin: input)
        #expect(ours.status == 0)
        #expect(ours.stdout == theirs.stdout)
    }

    @Test("comments with control bytes and UTF-8 are made safe as ssh-keygen makes them")
    func hostileComments() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("k")
        try #require(try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path]).status == 0)
        let bare = try String(contentsOfFile: path + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        var bytes = Array(bare.utf8)
        bytes += Array(" a\u{01}b\tc\u{7f}d\\e\u{e9}f".utf8) + [0xFF] + Array("g \u{1b}[31mred\n".utf8)
        let file = scratch.file("hostile")
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let ours = try SSHAuthBinary.run(["fingerprint", file])
        let theirs = try ExternalTool.run(["ssh-keygen", "-l", "-f", file])
        #expect(ours.stdout == theirs.stdout)
        #expect(!ours.stdout.contains("\u{1b}"))
    }

    @Test("a private key whose .pub has no comment is listed with the .pub path as comment, as ssh-keygen lists it")
    func companionWithoutComment() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("id")
        try #require(try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "inside", "-f", path]).status == 0)
        let bare = try String(contentsOfFile: path + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        try (bare + "\n").write(toFile: path + ".pub", atomically: true, encoding: .utf8)
        let ours = try SSHAuthBinary.run(["fingerprint", path])
        let theirs = try ExternalTool.run(["ssh-keygen", "-l", "-f", path])
        #expect(ours.status == 0)
        #expect(ours.stdout == theirs.stdout)
        #expect(ours.stdout.contains(" \(path).pub (ED25519)"))
    }
}
