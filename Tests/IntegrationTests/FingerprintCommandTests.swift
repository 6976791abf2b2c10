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

    @Test("private key files list as ssh-keygen lists them, with and without the .pub next to them")
    func privateKeyFiles() throws {
        let scratch = try TemporaryDirectory()
        let cases: [(String, [String])] = [("plain", ["-t", "ed25519", "-N", ""]), ("encrypted", ["-t", "ed25519", "-N", "pw"]),
                                           ("pem", ["-t", "rsa", "-b", "2048", "-m", "PEM", "-N", ""]),
                                           ("pkcs8", ["-t", "ecdsa", "-m", "PKCS8", "-N", ""])]
        for (name, arguments) in cases {
            let path = scratch.file(name)
            try #require(try ExternalTool.run(["ssh-keygen", "-q"] + arguments + ["-C", "\(name) comment", "-f", path]).status == 0)
            for withPublic in [true, false] {
                if !withPublic { try FileManager.default.removeItem(atPath: path + ".pub") }
                let ours = try SSHAuthBinary.run(["fingerprint", "-v", path])
                let theirs = try ExternalTool.run(["ssh-keygen", "-lv", "-f", path])
                #expect(ours.status == 0, "\(name): \(ours.stderr)")
                #expect(ours.stdout == theirs.stdout, "\(name), .pub present: \(withPublic)")
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
}
