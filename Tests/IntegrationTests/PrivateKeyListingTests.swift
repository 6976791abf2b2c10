import Foundation
import TestSupport
import Testing

/// `fingerprint` on a private key file with no `.pub` beside it lists what `ssh-keygen -l` lists:
/// DSA and security-key files too, and the envelope's public key when the rest of the file is damaged.
@Suite struct PrivateKeyListingTests {
    /// An SSH wire string.
    static func string(_ bytes: [UInt8]) -> [UInt8] { withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes }
    static func string(_ text: String) -> [UInt8] { string(Array(text.utf8)) }

    /// An openssh-key-v1 file around `publicBlob` and `privateSection` (before padding), armoured as ssh-keygen does.
    static func file(cipher: String = "none", kdf: String = "none", kdfOptions: [UInt8] = [], publicBlob: [UInt8],
                     privateSection: [UInt8], block: Int = 8) -> [UInt8] {
        var section = privateSection
        var pad: UInt8 = 1
        while section.count % block != 0 { section.append(pad); pad += 1 }
        let body = Array("openssh-key-v1\0".utf8) + string(cipher) + string(kdf) + string(kdfOptions)
            + withUnsafeBytes(of: UInt32(1).bigEndian, Array.init) + string(publicBlob) + string(section)
        let encoded = Data(body).base64EncodedString()
        var lines = ["-----BEGIN OPENSSH PRIVATE KEY-----"]
        var rest = Substring(encoded)
        while !rest.isEmpty { lines.append(String(rest.prefix(70))); rest = rest.dropFirst(70) }
        lines.append("-----END OPENSSH PRIVATE KEY-----")
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// A security-key Ed25519 key file as ssh-keygen -t ed25519-sk writes it (the key handle is random here).
    static func securityKeyFile(encrypted: Bool) -> [UInt8] {
        let pk = [UInt8](repeating: 0x5A, count: 32)
        let publicBlob = string("sk-ssh-ed25519@openssh.com") + string(pk) + string("ssh:")
        if encrypted {
            let options = string([UInt8](repeating: 7, count: 16)) + withUnsafeBytes(of: UInt32(16).bigEndian, Array.init)
            return file(cipher: "aes256-ctr", kdf: "bcrypt", kdfOptions: options, publicBlob: publicBlob,
                        privateSection: [UInt8](repeating: 0xC3, count: 160), block: 16)
        }
        let check = [UInt8]([1, 2, 3, 4])
        let section = check + check + string("sk-ssh-ed25519@openssh.com") + string(pk) + string("ssh:") + [0x01]
            + string([UInt8](repeating: 0x42, count: 64)) + string([]) + string("token key")
        return file(publicBlob: publicBlob, privateSection: section)
    }

    /// Runs both tools on `bytes` (as a file with no .pub beside it) and compares what they print.
    static func compare(_ bytes: [UInt8], flags: [String] = []) throws -> String {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write("key", bytes)
        let theirs = try ExternalTool.run(["ssh-keygen", "-l"] + flags + ["-f", path], stdin: [])
        let ours = try SSHAuthBinary.run(["fingerprint"] + flags + [path])
        #expect(theirs.status == 0, "ssh-keygen did not list it: \(theirs.stderr)")
        #expect(ours.status == 0, "\(ours.stderr)")
        #expect(ours.stdout == theirs.stdout)
        return ours.stdout
    }

    @Test("a DSA private key, openssh-key-v1 and PEM, is listed as ssh-keygen lists it", arguments: ["RFC4716", "PEM"])
    func dsa(_ format: String) throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("dsa")
        let made = try ExternalTool.run(["ssh-keygen", "-q", "-t", "dsa", "-N", "", "-C", "old dsa key", "-m", format, "-f", path])
        try #require(made.status == 0, "\(made.stderr)")
        let listed = try Self.compare(try scratch.read("dsa"), flags: ["-v"])
        #expect(listed.contains("(DSA)"))
    }

    @Test("a security-key private key, plain and encrypted, is listed as ssh-keygen lists it", arguments: [false, true])
    func securityKey(encrypted: Bool) throws {
        let listed = try Self.compare(Self.securityKeyFile(encrypted: encrypted))
        #expect(listed.contains("(ED25519-SK)"))
        #expect(listed.contains(encrypted ? "no comment" : "token key"), "\(listed)")
    }

    @Test("a file damaged after its public key is listed from the envelope with no comment, as ssh-keygen lists it",
          arguments: ["trailing bytes", "wrong padding", "unknown KDF name", "unknown cipher", "spaces and a NUL in the base64"])
    func damaged(_ how: String) throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("ed")
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "the comment", "-f", path])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let decoded = [UInt8](Data(base64Encoded: lines.dropFirst().dropLast().joined())!)
        func rearmoured(_ body: [UInt8]) -> [UInt8] {
            Array(("-----BEGIN OPENSSH PRIVATE KEY-----\n" + Data(body).base64EncodedString() + "\n-----END OPENSSH PRIVATE KEY-----\n").utf8)
        }
        let bytes: [UInt8]
        switch how {
        case "trailing bytes": bytes = rearmoured(decoded + [0, 0, 0, 1, 9])
        case "wrong padding":
            var body = decoded
            body[body.count - 1] ^= 0x40
            bytes = rearmoured(body)
        case "unknown KDF name":
            // After the 15-byte magic come the cipher name (length and "none") and the KDF name.
            var body = decoded
            body[15 + 8 + 4] = UInt8(ascii: "N")
            bytes = rearmoured(body)
        case "unknown cipher":
            var body = decoded
            body[15 + 4] = UInt8(ascii: "x")
            bytes = rearmoured(body)
        default:
            // A space inside the text is skipped; the text ends at a NUL (both as OpenSSH's b64_pton
            // reads it), here after the public key (96 bytes in), so the private part is cut short.
            let encoded = Array(Data(decoded).base64EncodedString().utf8)
            var body: [UInt8] = Array("-----BEGIN OPENSSH PRIVATE KEY-----\n".utf8)
            body += encoded[0..<20]
            body.append(0x20)
            body += encoded[20..<128]
            body.append(0)
            body += encoded[128...]
            body += Array("\n-----END OPENSSH PRIVATE KEY-----\n".utf8)
            bytes = body
        }
        let listed = try Self.compare(bytes)
        #expect(listed.contains("no comment"), "\(listed)")
    }

    /// Reads `count` wire strings from `bytes` at `offset`, moving it on.
    static func strings(_ bytes: [UInt8], _ offset: inout Int, _ count: Int) -> [[UInt8]] {
        (0..<count).map { _ in
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            defer { offset += 4 + length }
            return Array(bytes[offset + 4..<offset + 4 + length])
        }
    }

    @Test("found by Fuzz/differential --private: an RSA key with a negative private number is listed from its envelope with no comment")
    func negativeRSANumber() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("rsa")
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "1024", "-N", "", "-C", "seed 3", "-f", path])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let body = [UInt8](try #require(Data(base64Encoded: lines.dropFirst().dropLast().joined())))
        var offset = 15
        let envelope = Self.strings(body, &offset, 3)
        #expect(envelope[0] == Array("none".utf8))
        offset += 4
        let (publicBlob, section) = { () -> ([UInt8], [UInt8]) in
            let two = Self.strings(body, &offset, 2)
            return (two[0], two[1])
        }()
        var at = 8
        var fields = Self.strings(section, &at, 8) // type, n, e, d, iqmp, p, q, comment
        fields[3] = [0x80] + fields[3].drop { $0 == 0 }.dropFirst()
        var rebuilt = Array(section[0..<8])
        for field in fields { rebuilt += Self.string(field) }
        let listed = try Self.compare(Self.file(publicBlob: publicBlob, privateSection: rebuilt))
        #expect(listed.contains("no comment"), "\(listed)")
    }

    @Test("found by Fuzz/differential --private: a PEM RSA key whose n is not p times q is refused, as ssh-keygen refuses it")
    func inconsistentPEMKey() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("pem")
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "1024", "-m", "PEM", "-N", "", "-f", path])
        try FileManager.default.removeItem(atPath: path + ".pub")
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        // A character in the middle of the key data: one of the private numbers changes, the DER stays whole.
        var middle = Array(lines[lines.count / 2])
        middle[30] = middle[30] == "A" ? "B" : "A"
        lines[lines.count / 2] = String(middle)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let theirs = try ExternalTool.run(["ssh-keygen", "-l", "-f", path], stdin: [])
        let ours = try SSHAuthBinary.run(["fingerprint", path])
        #expect(theirs.status != 0, "ssh-keygen listed it: \(theirs.stdout)")
        #expect(ours.status != 0, "\(ours.stdout)")
        #expect(ours.stderr.contains("do not belong together"), "\(ours.stderr)")
    }
}
