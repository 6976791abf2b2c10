import Testing
@testable import SSHKeys

/// FIDO security-key public blobs: what parses, and what is refused with which kind.
@Suite struct SecurityKeyPublicKeyTests {
    static func blob(_ fields: [[UInt8]]) -> [UInt8] {
        var writer = SSHWireWriter(capacity: 128)
        for field in fields { writer.writeString(field) }
        return writer.bytes
    }

    static let ed25519Type = Array("sk-ssh-ed25519@openssh.com".utf8)
    static let ecdsaType = Array("sk-ecdsa-sha2-nistp256@openssh.com".utf8)
    static let ssh = Array("ssh:".utf8)

    @Test("an Ed25519-SK blob parses: 256 bits, its application, fingerprinted over the whole blob")
    func ed25519() throws {
        let bytes = Self.blob([Self.ed25519Type, [UInt8](repeating: 7, count: 32), Self.ssh])
        let key = try SecurityKeyPublicKey(blob: bytes)
        #expect(key.kind == .ed25519)
        #expect(key.application == "ssh:")
        #expect(key.bits == 256)
        #expect(key.listingName == "ED25519-SK")
        #expect(Fingerprint(of: key).digest == DigestAlgorithm.sha256.hash(bytes))
    }

    @Test("bad blobs are refused with the right kind", arguments: [
        ("public key of 31 bytes", blob([ed25519Type, [UInt8](repeating: 7, count: 31), ssh]), SSHKeyError.Kind.malformed),
        ("no application", blob([ed25519Type, [UInt8](repeating: 7, count: 32)]), .truncated),
        ("trailing data", blob([ed25519Type, [UInt8](repeating: 7, count: 32), ssh, [1]]), .trailingData),
        ("another curve", blob([ecdsaType, Array("nistp384".utf8), [4] + [UInt8](repeating: 1, count: 64), ssh]), .curveMismatch),
        ("compressed point", blob([ecdsaType, Array("nistp256".utf8), [2] + [UInt8](repeating: 1, count: 32), ssh]), .malformed),
        ("point off the curve", blob([ecdsaType, Array("nistp256".utf8), [4] + [UInt8](repeating: 1, count: 64), ssh]), .malformed),
        ("plain type name", blob([Array("ssh-ed25519".utf8), [UInt8](repeating: 7, count: 32), ssh]), .unknownKeyType),
    ] as [(String, [UInt8], SSHKeyError.Kind)])
    func refused(_ name: String, _ bytes: [UInt8], _ kind: SSHKeyError.Kind) {
        #expect(throws: SSHKeyError.self, "\(name)") { try SecurityKeyPublicKey(blob: bytes) }
        do { _ = try SecurityKeyPublicKey(blob: bytes) } catch { #expect(error.kind == kind, "\(name): \(error)") }
    }
}
