import Foundation
import TestSupport
import Testing
@testable import SSHKeys

/// Inputs the fuzz harnesses (Fuzz/) found to crash or break a property, each kept as a test,
/// with the real ssh-keygen as the judge of what the answer should have been.
@Suite struct FuzzFindingTests {
    /// public-key-line, minimised: an RSA exponent written as one zero byte trapped on an unwrap.
    @Test("an RSA key whose exponent is a lone zero byte is rejected as truncated, not a crash")
    func loneZeroExponentTruncated() {
        #expect(throws: SSHKeyError.self) { try PublicKeyLine(parsing: "ssh-rsa AAAAB3NzaC1yc2EAAAABAADM") }
    }

    /// The same exponent in a complete key: ssh-keygen lists it, with the fingerprint of the key
    /// re-encoded canonically (zero as the empty string), and so do we.
    @Test("an RSA key with a lone zero byte as exponent is listed as ssh-keygen lists it")
    func loneZeroExponentMatchesSSHKeygen() throws {
        var writer = SSHWireWriter(capacity: 160)
        writer.writeString(SSHKeyAlgorithm.rsa.name)
        writer.writeString([UInt8(0)])
        writer.writeString([UInt8(0)] + [UInt8](repeating: 0xC3, count: 128))
        let text = "ssh-rsa \(Base64.encode(writer.bytes)) zero-exponent"
        let line = try PublicKeyLine(parsing: text)
        let directory = try TemporaryDirectory()
        let path = try directory.write("zero.pub", text + "\n")
        let expected = try ExternalTool.run(["ssh-keygen", "-l", "-f", path])
        try #require(expected.status == 0, "\(expected.stderr)")
        #expect(FingerprintListing.line(for: line.key, comment: Array(line.comment.utf8), hash: .sha256) + "\n" == expected.stdout)
    }

    /// Fuzz/differential: ssh-keygen reads the key type and the curve name as C strings, which may
    /// end in one NUL byte, and lists such a key with the fingerprint of its canonical encoding.
    @Test("a key whose type or curve name ends in a NUL byte is listed as ssh-keygen lists it", arguments: [
        (["-t", "ed25519"], false), (["-t", "ecdsa", "-b", "256"], false), (["-t", "ecdsa", "-b", "384"], true),
        (["-t", "rsa", "-b", "1024"], false),
    ])
    func nameEndingInNULMatchesSSHKeygen(_ typeArguments: [String], nulOnCurve: Bool) throws {
        let directory = try TemporaryDirectory()
        let made = try ExternalTool.run(["ssh-keygen", "-q", "-N", "", "-C", "", "-f", directory.file("k")] + typeArguments)
        try #require(made.status == 0, "\(made.stderr)")
        let original = try PublicKeyLine(parsing: String(decoding: try directory.read("k.pub"), as: UTF8.self))
        var reader = SSHWireReader(original.key.blob)
        var fields: [[UInt8]] = []
        while !reader.isAtEnd { fields.append(Array(try reader.readString())) }
        fields[nulOnCurve ? 1 : 0].append(0)
        var writer = SSHWireWriter(capacity: original.key.blob.count + 1)
        for field in fields { writer.writeString(field) }
        let text = "\(original.key.algorithm.name) \(Base64.encode(writer.bytes)) nul"
        let path = try directory.write("nul.pub", text + "\n")
        let expected = try ExternalTool.run(["ssh-keygen", "-l", "-f", path])
        try #require(expected.status == 0, "\(expected.stderr)")
        let line = try PublicKeyLine(parsing: text)
        #expect(line.key == original.key)
        #expect(FingerprintListing.line(for: line.key, comment: Array(line.comment.utf8), hash: .sha256) + "\n" == expected.stdout)
    }

    @Test("a NUL byte before the end of a key's type name is refused, as ssh-keygen refuses it")
    func nulInsideTypeNameRefused() throws {
        var writer = SSHWireWriter(capacity: 60)
        writer.writeString(Array("ssh-ed25519\0\0".utf8))
        writer.writeString([UInt8](repeating: 7, count: 32))
        let text = "ssh-ed25519 \(Base64.encode(writer.bytes)) two-nuls"
        let directory = try TemporaryDirectory()
        let path = try directory.write("nul.pub", text + "\n")
        let expected = try ExternalTool.run(["ssh-keygen", "-l", "-f", path])
        #expect(expected.status != 0)
        #expect(throws: SSHKeyError.self) { try PublicKeyLine(parsing: text) }
    }

    /// Fuzz/differential: ssh-keygen -l skips one leading token and exactly one blank after it. A
    /// token starting with `@` that is not a marker is such a token; a second blank hides the key.
    @Test("fingerprint lists odd '@' tokens and a doubled blank after options as ssh-keygen -l does")
    func leadingTokenRulesMatchSSHKeygen() throws {
        let directory = try TemporaryDirectory()
        let made = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", directory.file("k")])
        try #require(made.status == 0, "\(made.stderr)")
        let key = String(decoding: try directory.read("k.pub"), as: UTF8.self).split(separator: " ").prefix(2).joined(separator: " ")
        let lines = [
            "@bogus \(key) L1", "@ \(key) L2", "@revoked,* \(key) L3", "@bogus host \(key) L4", "no-pty  \(key) L5",
            "no-pty \t\(key) L6", "host.example \(key) L7", "@revoked * \(key) L8", "|1|x| \(key) L9", "no-pty \(key) L10",
        ]
        let text = lines.joined(separator: "\n") + "\n"
        let path = try directory.write("mixed", text)
        let expected = try ExternalTool.run(["ssh-keygen", "-l", "-f", path])
        try #require(expected.status == 0, "\(expected.stderr)")
        let listing = Array(text.utf8).withUnsafeBufferPointer { FingerprintListing.list($0, hash: .sha256, visual: false) }
        #expect(String(decoding: listing.output, as: UTF8.self) == expected.stdout)
        #expect(expected.stdout.split(separator: "\n").count == 6)
    }
}
