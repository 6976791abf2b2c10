import Foundation
import TestSupport
import Testing
@testable import SSHKeys

/// A line that must not parse, and the kind of error it must give.
struct BadKeyLine: Sendable, CustomTestStringConvertible {
    let name: String
    let kind: SSHKeyError.Kind
    let line: @Sendable () -> String

    init(_ name: String, _ kind: SSHKeyError.Kind, _ line: @escaping @Sendable () -> String) {
        self.name = name
        self.kind = kind
        self.line = line
    }

    var testDescription: String { name }
}

/// A line that must parse, with the comment it must yield.
struct GoodKeyLine: Sendable, CustomTestStringConvertible {
    let name: String
    let line: String
    let algorithm: SSHKeyAlgorithm
    let comment: String
    let text: String

    var testDescription: String { name }
}

/// `.pub` lines: `type base64 [comment]`, parsed strictly.
@Suite("PublicKeyLineParsing")
struct PublicKeyLineParsingTests {
    static let ed25519Base64 = "AAAAC3NzaC1lZDI1NTE5AAAAIEpdmP58NrU/oCzvj7VrIRXNw9a08j5EhD2guLwDqDFo"
    static let ecdsaBase64 = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBHdf004KKcjjqlOzSjQUJGXrYIWBajhXt9lNE5fMzPahgGnhArPM/kvi3M+RIMbPLmROTQCfI7o+y9OXcsTun5U="
    static var ed25519Blob: [UInt8] { try! Base64.decode(ed25519Base64) }
    static var ecdsaBlob: [UInt8] { try! Base64.decode(ecdsaBase64) }

    static func blob(_ build: (inout SSHWireWriter) -> Void) -> String {
        var writer = SSHWireWriter()
        build(&writer)
        return Base64.encode(writer.bytes)
    }

    /// An RSA blob with exponent 65537 and a random modulus of exactly `bits` bits.
    static func rsaBlob(bits: Int) -> String {
        var modulus = (0..<(bits + 7) / 8).map { _ in UInt8.random(in: 0...255) }
        let topBit = (bits - 1) % 8
        modulus[0] = modulus[0] & UInt8((1 << (topBit + 1)) - 1) | UInt8(1 << topBit)
        modulus[modulus.count - 1] |= 1
        return blob { writer in
            writer.writeString("ssh-rsa")
            writer.writePositiveMPInt([0x01, 0x00, 0x01] as [UInt8])
            writer.writePositiveMPInt(modulus)
        }
    }

    static let badLines: [BadKeyLine] = [
        BadKeyLine("empty line", .notAPublicKey) { "" },
        BadKeyLine("only blanks", .notAPublicKey) { " \t  " },
        BadKeyLine("only a newline", .notAPublicKey) { "\n" },
        BadKeyLine("type word and nothing else", .notAPublicKey) { "ssh-ed25519" },
        BadKeyLine("type word and blanks (missing blob)", .notAPublicKey) { "ssh-ed25519 \t " },
        BadKeyLine("unknown type ssh-dss", .unknownKeyType) {
            "ssh-dss AAAAB3NzaC1kc3MAAACBAP1/U4EddRIpUt9KnC7s5Of2EbdSPO9EAMMeP4C2USZpRV1AIlH7WT2NWPq/xfW6MPbLm1Vs14E7gB00b/JmYLdrmVClpJ+f6AR7ECLCT7up1/63xhv4O1fnxqimFQ8E+4P208UewwI1VBNaFpEy9nXzrith1yrv8iIDGZ3RSAHHAAAAFQCXYFCPFSMLzLKSuYKi64QL8Fgc9QAAAIEA9+GghdabPd7LvKtcNrhXuXmUr7v6OuqC+VdMCz0HgmdRWVeOutRZT+ZxBxCBgLRJFnEj6EwoFhO3zwkyjMim4TwWeotUfI0o4KOuHiuzpnWRbqN/C/ohNWLx+2J6ASQ7zKTxvqhRkImog9/hWuWfBpKLZl6Ae1UlZAFMO/7PSSo= dsa"
        },
        BadKeyLine("upper-case type word", .unknownKeyType) { "SSH-ED25519 \(ed25519Base64) x" },
        BadKeyLine("authorized_keys options in front", .unknownKeyType) { "no-pty ssh-ed25519 \(ed25519Base64) x" },
        BadKeyLine("binary garbage", .unknownKeyType) {
            String(decoding: [0x01, 0xFE, 0x80, 0x00, 0x7F, 0x1B, 0x9B, 0xC3, 0x20, 0x41, 0x41, 0x41, 0x41], as: UTF8.self)
        },
        BadKeyLine("ed25519 blob under ssh-rsa", .typeMismatch) { "ssh-rsa \(ed25519Base64) x" },
        BadKeyLine("ecdsa blob under ssh-ed25519", .typeMismatch) { "ssh-ed25519 \(ecdsaBase64) x" },
        BadKeyLine("ecdsa-nistp256 blob under ecdsa-sha2-nistp384", .typeMismatch) { "ecdsa-sha2-nistp384 \(ecdsaBase64) x" },
        BadKeyLine("curve nistp384 inside an ecdsa-sha2-nistp256 blob", .curveMismatch) {
            let point = [0x04] + [UInt8](repeating: 0x11, count: 96)
            return "ecdsa-sha2-nistp256 " + blob { w in
                w.writeString("ecdsa-sha2-nistp256"); w.writeString("nistp384"); w.writeString(point)
            } + " x"
        },
        BadKeyLine("ECDSA point not uncompressed", .malformed) {
            var point = Array(ecdsaBlob.suffix(65))
            point[0] = 0x02
            return "ecdsa-sha2-nistp256 " + blob { w in
                w.writeString("ecdsa-sha2-nistp256"); w.writeString("nistp256"); w.writeString(point)
            }
        },
        BadKeyLine("Ed25519 key of 31 bytes", .malformed) {
            "ssh-ed25519 " + blob { w in w.writeString("ssh-ed25519"); w.writeString([UInt8](repeating: 7, count: 31)) }
        },
        BadKeyLine("truncated base64 (last character dropped)", .badBase64) { "ssh-ed25519 \(ed25519Base64.dropLast()) x" },
        BadKeyLine("badly padded base64 (padding removed)", .badBase64) { "ecdsa-sha2-nistp256 \(ecdsaBase64.dropLast()) x" },
        BadKeyLine("extra padding", .badBase64) { "ecdsa-sha2-nistp256 \(ecdsaBase64)= x" },
        BadKeyLine("bad character inside the base64", .badBase64) {
            var text = Array(ed25519Base64)
            text[20] = "*"
            return "ssh-ed25519 \(String(text)) x"
        },
        BadKeyLine("blob truncated mid-field", .truncated) {
            "ssh-ed25519 " + Base64.encode(ed25519Blob.prefix(ed25519Blob.count - 10)) + " x"
        },
        BadKeyLine("blob truncated inside the type length", .truncated) { "ssh-ed25519 AAA= x" },
        BadKeyLine("trailing bytes after the blob", .trailingData) {
            "ssh-ed25519 " + Base64.encode(ed25519Blob + [0]) + " x"
        },
        BadKeyLine("RSA of 768 bits", .rsaTooSmall) { "ssh-rsa \(rsaBlob(bits: 768)) small" },
        BadKeyLine("RSA of 1023 bits", .rsaTooSmall) { "ssh-rsa \(rsaBlob(bits: 1023)) small" },
        BadKeyLine("RSA of 16385 bits", .malformed) { "ssh-rsa \(rsaBlob(bits: 16385)) huge" },
        BadKeyLine("RSA with a negative modulus", .malformed) {
            "ssh-rsa " + blob { w in
                w.writeString("ssh-rsa"); w.writePositiveMPInt([0x01, 0x00, 0x01] as [UInt8])
                w.writeString([0x80] + [UInt8](repeating: 0x55, count: 255))
            }
        },
        BadKeyLine("two lines in one", .malformed) { "ssh-ed25519 \(ed25519Base64) a\nssh-ed25519 \(ed25519Base64) b" },
        BadKeyLine("a 1 MB line of base64", .truncated) { "ssh-ed25519 " + String(repeating: "QUFB", count: 262_144) },
        BadKeyLine("a 1 MB blob behind a valid key", .trailingData) {
            "ssh-ed25519 " + Base64.encode(ed25519Blob + [UInt8](repeating: 0, count: 786_432)) + " big"
        },
    ]

    @Test("bad lines are refused with the right kind", arguments: badLines)
    func badLine(_ sample: BadKeyLine) {
        do {
            let parsed = try PublicKeyLine(parsing: sample.line())
            Issue.record("\(sample.name): parsed as \(parsed.key.algorithm) \(parsed.comment)")
        } catch {
            #expect(error.kind == sample.kind, "\(sample.name): \(error)")
        }
    }

    static let goodLines: [GoodKeyLine] = [
        GoodKeyLine(name: "plain", line: "ssh-ed25519 \(ed25519Base64) alice@example", algorithm: .ed25519,
                    comment: "alice@example", text: "ssh-ed25519 \(ed25519Base64) alice@example"),
        GoodKeyLine(name: "leading blanks", line: "  \t ssh-ed25519 \(ed25519Base64) alice", algorithm: .ed25519,
                    comment: "alice", text: "ssh-ed25519 \(ed25519Base64) alice"),
        GoodKeyLine(name: "tabs as separators", line: "ssh-ed25519\t\(ed25519Base64)\t\tbob", algorithm: .ed25519,
                    comment: "bob", text: "ssh-ed25519 \(ed25519Base64) bob"),
        GoodKeyLine(name: "LF at the end", line: "ssh-ed25519 \(ed25519Base64) carol\n", algorithm: .ed25519,
                    comment: "carol", text: "ssh-ed25519 \(ed25519Base64) carol"),
        GoodKeyLine(name: "CRLF at the end", line: "ssh-ed25519 \(ed25519Base64) dave\r\n", algorithm: .ed25519,
                    comment: "dave", text: "ssh-ed25519 \(ed25519Base64) dave"),
        GoodKeyLine(name: "CRLF with no comment", line: "ecdsa-sha2-nistp256 \(ecdsaBase64)\r\n", algorithm: .ecdsaP256,
                    comment: "", text: "ecdsa-sha2-nistp256 \(ecdsaBase64) "),
        GoodKeyLine(name: "empty comment keeps the trailing space in text", line: "ssh-ed25519 \(ed25519Base64)", algorithm: .ed25519,
                    comment: "", text: "ssh-ed25519 \(ed25519Base64) "),
        GoodKeyLine(name: "blanks after the key, no comment", line: "ssh-ed25519 \(ed25519Base64)  \t", algorithm: .ed25519,
                    comment: "", text: "ssh-ed25519 \(ed25519Base64) "),
        GoodKeyLine(name: "comment with spaces kept", line: "ssh-ed25519 \(ed25519Base64) my  laptop key", algorithm: .ed25519,
                    comment: "my  laptop key", text: "ssh-ed25519 \(ed25519Base64) my  laptop key"),
        GoodKeyLine(name: "blanks inside and after the comment kept, as ssh-keygen keeps them",
                    line: "ssh-ed25519 \(ed25519Base64)  two  words  \t", algorithm: .ed25519,
                    comment: "two  words  \t", text: "ssh-ed25519 \(ed25519Base64) two  words  \t"),
        GoodKeyLine(name: "padded ECDSA base64", line: "ecdsa-sha2-nistp256 \(ecdsaBase64) p256", algorithm: .ecdsaP256,
                    comment: "p256", text: "ecdsa-sha2-nistp256 \(ecdsaBase64) p256"),
    ]

    @Test("good lines parse", arguments: goodLines)
    func goodLine(_ sample: GoodKeyLine) throws {
        let parsed = try PublicKeyLine(parsing: sample.line)
        #expect(parsed.key.algorithm == sample.algorithm)
        #expect(parsed.key.bits == 256)
        #expect(parsed.comment == sample.comment)
        #expect(parsed.text == sample.text)
        #expect(parsed.keyText == String(sample.text.split(separator: " ").prefix(2).joined(separator: " ")))
        #expect(Base64.encode(parsed.key.blob) == (sample.algorithm == .ed25519 ? Self.ed25519Base64 : Self.ecdsaBase64))
    }

    @Test("an RSA key of 1024 bits made by ssh-keygen is accepted for reading")
    func rsa1024Accepted() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("rsa1024")
        let made = try ExternalTool.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "1024", "-N", "", "-C", "old key", "-f", path])
        try #require(made.status == 0, "\(made.stderr)")
        let text = String(decoding: try directory.read("rsa1024.pub"), as: UTF8.self)
        let parsed = try PublicKeyLine(parsing: text)
        #expect(parsed.key.algorithm == .rsa)
        #expect(parsed.key.bits == 1024)
        #expect(parsed.comment == "old key")
        #expect(parsed.text + "\n" == text)
    }

    @Test("hand-built RSA blobs: 1024 bits accepted with exact bit count, 768 refused")
    func handBuiltRSA() throws {
        let good = try PublicKeyLine(parsing: "ssh-rsa \(Self.rsaBlob(bits: 1024)) x")
        #expect(good.key.bits == 1024)
        let odd = try PublicKeyLine(parsing: "ssh-rsa \(Self.rsaBlob(bits: 2047)) x")
        #expect(odd.key.bits == 2047)
        do {
            _ = try PublicKeyLine(parsing: "ssh-rsa \(Self.rsaBlob(bits: 768)) x")
            Issue.record("768-bit RSA accepted")
        } catch {
            #expect(error.kind == .rsaTooSmall)
            #expect(error.detail.contains("768"))
        }
    }

    @Test("the 768-bit RSA blob built by hand is also refused by ssh-keygen")
    func rsa768RefusedBySSHKeygen() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("small.pub", "ssh-rsa \(Self.rsaBlob(bits: 768)) small\n")
        let listed = try ExternalTool.run(["ssh-keygen", "-l", "-f", path])
        #expect(listed.status != 0)
    }

    /// An RSA blob whose exponent and modulus are written with `exponentPad` and `modulusPad`
    /// extra zero bytes in front (the modulus keeps its sign byte).
    static func paddedRSABlob(exponentPad: Int, modulusPad: Int, modulus: [UInt8]) -> [UInt8] {
        func string(_ bytes: [UInt8]) -> [UInt8] { withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes }
        return string(Array("ssh-rsa".utf8)) + string([UInt8](repeating: 0, count: exponentPad) + [0x01, 0x00, 0x01])
            + string([UInt8](repeating: 0, count: modulusPad + 1) + modulus)
    }

    @Test("RSA integers with superfluous zero bytes take their canonical form, as ssh-keygen re-encodes them",
          arguments: [(1, 0), (2, 0), (0, 1), (3, 5), (2045, 0)])
    func rsaCanonicalForm(_ pads: (Int, Int)) throws {
        var modulus = (0..<128).map { _ in UInt8.random(in: 0...255) }
        modulus[0] |= 0x80
        let canonical = try SSHPublicKey(blob: Self.paddedRSABlob(exponentPad: 0, modulusPad: 0, modulus: modulus))
        let padded = try SSHPublicKey(blob: Self.paddedRSABlob(exponentPad: pads.0, modulusPad: pads.1, modulus: modulus))
        #expect(padded == canonical)
        #expect(padded.bits == 1024)
        #expect(Fingerprint(of: padded) == Fingerprint(of: canonical))
    }

    @Test("RSA integers OpenSSH refuses: negative, or longer than 2049 bytes")
    func rsaIntegersRefused() throws {
        var modulus = (0..<128).map { _ in UInt8.random(in: 0...255) }
        modulus[0] |= 0x80
        func string(_ bytes: [UInt8]) -> [UInt8] { withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes }
        let negative = string(Array("ssh-rsa".utf8)) + string([0x01, 0x00, 0x01]) + string(modulus)
        #expect(throws: SSHKeyError.self) { try SSHPublicKey(blob: negative) }
        #expect(throws: SSHKeyError.self) { try SSHPublicKey(blob: Self.paddedRSABlob(exponentPad: 2047, modulusPad: 0, modulus: modulus)) }
    }
}
