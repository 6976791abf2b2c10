import Foundation
import TestSupport
import Testing
@testable import SSHKeys

/// The RFC 4716 public key codec: what ssh-keygen -e writes and other tools write is read; what
/// sshauth writes is read by ssh-keygen -i; a table of bad files each gets its own error.
@Suite struct RFC4716Tests {
    static let keyTypes: [[String]] = [["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"], ["-t", "ecdsa", "-b", "384"],
                                       ["-t", "ecdsa", "-b", "521"], ["-t", "rsa", "-b", "2048"]]

    /// A fresh ssh-keygen key pair; returns the private key path and its .pub line.
    static func sshKeygenKey(_ typeArguments: [String], in directory: TemporaryDirectory) throws -> (String, PublicKeyLine) {
        let path = directory.file("id")
        let made = try ExternalTool.run(["ssh-keygen", "-q"] + typeArguments + ["-N", "", "-C", "rfc@test", "-f", path])
        try #require(made.status == 0, "\(made.stderr)")
        let line = try PublicKeyLine(parsing: String(decoding: try directory.read("id.pub"), as: UTF8.self))
        return (path, line)
    }

    @Test("ssh-keygen -e output reads as the same key; sshauth's output reads in ssh-keygen -i as the same key", arguments: keyTypes)
    func bothWays(_ typeArguments: [String]) throws {
        let directory = try TemporaryDirectory()
        let (path, line) = try Self.sshKeygenKey(typeArguments, in: directory)
        let exported = try ExternalTool.run(["ssh-keygen", "-e", "-m", "RFC4716", "-f", path + ".pub"])
        try #require(exported.status == 0, "\(exported.stderr)")
        let read = try RFC4716PublicKeyFile.read(Array(exported.stdout.utf8))
        #expect(read.key == line.key)
        #expect(read.comment?.contains("converted by") == true)

        let ours = RFC4716PublicKeyFile.encode(line.key, comment: "rfc@test")
        let oursPath = try directory.write("ours.rfc", ours)
        let imported = try ExternalTool.run(["ssh-keygen", "-i", "-m", "RFC4716", "-f", oursPath])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == line.keyText + "\n")
        // Lines as the RFC asks: at most 72 bytes, the body as wide as ssh-keygen writes it.
        let lines = String(decoding: ours, as: UTF8.self).split(separator: "\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 72 })
        #expect(lines[1] == "Comment: \"rfc@test\"")
        #expect(lines.dropFirst(2).dropLast().dropLast().allSatisfy { $0.count == 70 })
        let exportedBody = exported.stdout.split(separator: "\n").dropFirst(2)
        #expect(Array(lines.dropFirst(2)) == Array(exportedBody))
    }

    @Test("what other tools write: quoted or bare comments, continued headers, other headers, CRLF or CR, blank lines around")
    func otherWriters() throws {
        let key = try KeyGeneration.generate(.ed25519, rsaBits: 0, comment: "").publicKey
        let body = Base64.encode(key.blob)
        let cases: [(String, String?)] = [
            ("---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"quoted comment\"\n\(body)\n---- END SSH2 PUBLIC KEY ----\n", "quoted comment"),
            ("---- BEGIN SSH2 PUBLIC KEY ----\nComment: bare comment\n\(body)\n---- END SSH2 PUBLIC KEY ----\n", "bare comment"),
            ("---- BEGIN SSH2 PUBLIC KEY ----\nSubject: me\nx-private: \"ignored\"\ncomment: \"a long \\\ncomment\"\n\(body)\n---- END SSH2 PUBLIC KEY ----\n", "a long comment"),
            ("---- BEGIN SSH2 PUBLIC KEY ----\r\nComment: \"crlf\"\r\n\(body.prefix(40))\r\n\(body.dropFirst(40))\r\n---- END SSH2 PUBLIC KEY ----\r\n", "crlf"),
            ("---- BEGIN SSH2 PUBLIC KEY ----\rComment: \"cr\"\r\(body)\r---- END SSH2 PUBLIC KEY ----\r", "cr"),
            ("\n\n---- BEGIN SSH2 PUBLIC KEY ----  \n\(body)\n---- END SSH2 PUBLIC KEY ----\n\n", nil),
            ("---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"no final newline\"\n\(body)\n---- END SSH2 PUBLIC KEY ----", "no final newline"),
        ]
        for (text, comment) in cases {
            let read = try RFC4716PublicKeyFile.read(Array(text.utf8))
            #expect(read.key == key, "\(text)")
            #expect(read.comment == comment, "\(text)")
            #expect(RFC4716PublicKeyFile.looksLikeOne(Array(text.utf8)))
        }
    }

    @Test("a long UTF-8 comment is continued over lines of at most 72 bytes, never inside a character, and reads back whole")
    func longComment() throws {
        let key = try KeyGeneration.generate(.ecdsaP256, rsaBits: 0, comment: "").publicKey
        let comment = String(repeating: "Schlüssel für die Übertragung ", count: 6) + "\u{1}end"
        let text = RFC4716PublicKeyFile.encode(key, comment: comment)
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 72 })
        #expect(lines.filter { $0.hasSuffix("\\") }.count >= 2)
        let read = try RFC4716PublicKeyFile.read(text)
        #expect(read.key == key)
        #expect(read.comment == comment.replacingOccurrences(of: "\u{1}", with: " "))
        // ssh-keygen skips continued header lines and reads the key all the same.
        let directory = try TemporaryDirectory()
        let imported = try ExternalTool.run(["ssh-keygen", "-i", "-f", try directory.write("long.rfc", text)])
        #expect(imported.stdout == PublicKeyLine(key: key, comment: "").keyText + "\n")
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let kind: SSHKeyError.Kind
        var testDescription: String { name }
    }

    static let body = "AAAAC3NzaC1lZDI1NTE5AAAAIBCu7nDZNwZlYDqGgLkmwGLDJl0XDpwnE3e8iE4C2mdB"
    static let begin = "---- BEGIN SSH2 PUBLIC KEY ----\n"
    static let end = "---- END SSH2 PUBLIC KEY ----\n"
    static let badInputs: [BadCase] = [
        BadCase(name: "empty", text: "", kind: .notAPublicKey),
        BadCase(name: "only blank lines", text: "\n \n", kind: .notAPublicKey),
        BadCase(name: "no BEGIN line", text: body + "\n" + end, kind: .notAPublicKey),
        BadCase(name: "BEGIN of another kind", text: "---- BEGIN SSH2 PRIVATE KEY ----\n" + body + "\n" + end, kind: .notAPublicKey),
        BadCase(name: "an SSH.com private key", text: "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n" + body + "\n", kind: .unsupportedFormat),
        BadCase(name: "truncated: no END line", text: begin + body + "\n", kind: .truncated),
        BadCase(name: "truncated: cut inside the body", text: begin + body.prefix(30) + "\n", kind: .truncated),
        BadCase(name: "no key data", text: begin + "Comment: \"x\"\n" + end, kind: .truncated),
        BadCase(name: "a header continued into the END line", text: begin + "Comment: \"x\\\n" + end, kind: .truncated),
        BadCase(name: "a header continued past the end", text: begin + "Comment: \"x\\\n", kind: .truncated),
        BadCase(name: "a header after the key data", text: begin + body + "\nComment: \"late\"\n" + end, kind: .malformed),
        BadCase(name: "an empty header tag", text: begin + ": value\n" + body + "\n" + end, kind: .malformed),
        BadCase(name: "a header tag longer than 64", text: begin + String(repeating: "t", count: 65) + ": v\n" + body + "\n" + end, kind: .malformed),
        BadCase(name: "a header tag with a space", text: begin + "My Tag: v\n" + body + "\n" + end, kind: .malformed),
        BadCase(name: "base64 cut between quanta, without padding", text: begin + String(body.dropLast(2)) + "\n" + end, kind: .badBase64),
        BadCase(name: "not base64 at all", text: begin + "this is not base64!\n" + end, kind: .badBase64),
        BadCase(name: "an unknown key type inside", text: begin + Base64.encode(Array("\0\0\0\u{7}ssh-foo\0\0\0\u{1}x".utf8)) + "\n" + end, kind: .unknownKeyType),
        BadCase(name: "a key blob cut short", text: begin + Base64.encode(Array("\0\0\0\u{b}ssh-ed25519\0\0\0\u{20}abc".utf8)) + "\n" + end, kind: .truncated),
        BadCase(name: "text after the END line", text: begin + body + "\n" + end + "more\n", kind: .trailingData),
    ]

    @Test("bad RFC 4716 files: each gets its own error", arguments: badInputs)
    func badInput(_ bad: BadCase) {
        #expect {
            _ = try RFC4716PublicKeyFile.read(Array(bad.text.utf8))
        } throws: { error in
            (error as? SSHKeyError)?.kind == bad.kind
        }
    }
}
