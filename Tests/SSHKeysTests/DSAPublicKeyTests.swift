import Testing
@testable import SSHKeys

/// DSA public keys read as OpenSSH's key reader reads them: listed, never made.
@Suite struct DSAPublicKeyTests {
    static func blob(_ type: [UInt8], _ integers: [[UInt8]], trailing: [UInt8] = []) -> [UInt8] {
        var writer = SSHWireWriter(capacity: 64)
        writer.writeString(type)
        for integer in integers { writer.writeString(integer) }
        return writer.bytes + trailing
    }

    static let p: [UInt8] = [0x00, 0xC1] + [UInt8](repeating: 0x5A, count: 127)
    static let q: [UInt8] = [0x00, 0x9F] + [UInt8](repeating: 0x11, count: 19)
    static let g: [UInt8] = [0x0E] + [UInt8](repeating: 0x22, count: 127)
    static let y: [UInt8] = [0x00, 0x80] + [UInt8](repeating: 0x33, count: 127)
    static let type = Array("ssh-dss".utf8)

    @Test("a canonical key keeps its blob; its size is p's bit length")
    func canonical() throws {
        let bytes = Self.blob(Self.type, [Self.p, Self.q, Self.g, Self.y])
        let key = try DSAPublicKey(blob: bytes)
        #expect(key.blob == bytes)
        #expect(key.bits == 1024)
        #expect(key.listingName == "DSA")
    }

    @Test("a type name ending in NUL and superfluous zero bytes give the canonical key's blob, as ssh-keygen hashes it")
    func canonicalised() throws {
        let canonical = try DSAPublicKey(blob: Self.blob(Self.type, [Self.p, Self.q, Self.g, Self.y]))
        let withNUL = try DSAPublicKey(blob: Self.blob(Self.type + [0], [Self.p, Self.q, Self.g, Self.y]))
        let padded = try DSAPublicKey(blob: Self.blob(Self.type, [[0, 0] + Self.p, Self.q, [0] + Self.g, Self.y]))
        #expect(withNUL.blob == canonical.blob)
        #expect(padded.blob == canonical.blob)
    }

    @Test("refused as OpenSSH refuses it", arguments: [
        ("another type", blob(Array("ssh-rsa".utf8), [p, q, g, y]), SSHKeyError.Kind.unknownKeyType),
        ("a negative number", blob(type, [[0x80, 1], q, g, y]), .malformed),
        ("three numbers", blob(type, [p, q, g]), .truncated),
        ("data after y", blob(type, [p, q, g, y], trailing: [0]), .trailingData),
        ("a number over 16384 bits", blob(type, [[0x01] + [UInt8](repeating: 0, count: 2048), q, g, y]), .malformed),
    ])
    func refused(_ name: String, _ bytes: [UInt8], _ kind: SSHKeyError.Kind) {
        #expect(throws: SSHKeyError.self, "\(name)") { try DSAPublicKey(blob: bytes) }
        do { _ = try DSAPublicKey(blob: bytes) } catch { #expect(error.kind == kind, "\(name): \(error)") }
    }
}
