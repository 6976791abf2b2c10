import Foundation
import Testing
@testable import SSHKeys

/// Strict base64 as OpenSSH's `b64_pton` accepts it.
@Suite("Base64")
struct Base64Tests {
    @Test("round trip of random bytes matches Foundation", arguments: 0...64)
    func roundTrip(length: Int) throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<8 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let encoded = Base64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString())
            #expect(Base64.encodeBytes(bytes) == Array(encoded.utf8))
            #expect(encoded.utf8.count == (length + 2) / 3 * 4)
            #expect(try Base64.decode(encoded) == bytes)
        }
    }

    @Test("RFC 4648 §10 test vectors", arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func rfcVectors(plain: String, encoded: String) throws {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test("all 256 byte values survive, through both alphabet extremes")
    func everyByteValue() throws {
        let bytes = (0...255).map { UInt8($0) }
        let encoded = Base64.encode(bytes)
        #expect(encoded == Data(bytes).base64EncodedString())
        #expect(try Base64.decode(encoded) == bytes)
        #expect(try Base64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
    }

    @Test("strict decoding rejects", arguments: [
        "QQ",          // missing padding
        "QUI",         // missing padding, 3 symbols
        "Q",           // length 1
        "QQ===",       // extra padding (length 5)
        "QQ==" + "=",  // extra padding appended
        "Q===",        // three padding characters
        "====",        // only padding
        "QQ==QQ==",    // '=' in the middle
        "Q=Q=",        // '=' between symbols
        "=QQQ",        // '=' first
        "QQ#=",        // bad character
        "QU I",        // space inside
        "QUJD\n",      // newline (length 5)
        "QUJ\u{00}",   // NUL
        "QR==",        // non-zero trailing bits, one byte
        "QUJ=",        // non-zero trailing bits, two bytes
        "Zh==",        // non-zero trailing bits
        "Zm9=",        // non-zero trailing bits
        "QUJDQ",       // length not a multiple of 4
        "QUJDRA",      // length not a multiple of 4
        "QUJDREU",     // length not a multiple of 4
        "-_-_",        // URL-safe alphabet is not standard base64
        "Q\u{e9}A",     // non-ASCII, four bytes long
        "QQ=A",        // data after '='
        "QUJDQQ=A",    // data after '=' in the last group
    ])
    func strictRejects(_ text: String) {
        do {
            let bytes = try Base64.decode(text)
            Issue.record("\(text.debugDescription) decoded to \(bytes)")
        } catch {
            #expect(error.kind == .badBase64, "\(text.debugDescription)")
        }
    }

    @Test("the well-formed neighbours of the rejected inputs decode", arguments: [
        ("QQ==", [UInt8](arrayLiteral: 0x41)),
        ("QUI=", [0x41, 0x42]),
        ("QUJD", [0x41, 0x42, 0x43]),
        ("QUJDRA==", [0x41, 0x42, 0x43, 0x44]),
        ("////", [0xFF, 0xFF, 0xFF]),
        ("AAAA", [0, 0, 0]),
    ])
    func neighboursDecode(text: String, bytes: [UInt8]) throws {
        #expect(try Base64.decode(text) == bytes)
    }

    @Test("decoding from a buffer agrees with decoding from a string")
    func bufferEntryPoint() throws {
        let text = Array("c3NoLWVkMjU1MTk=".utf8)
        let decoded = try text.withUnsafeBufferPointer { (buffer) throws(SSHKeyError) in try Base64.decode(buffer) }
        #expect(decoded == Array("ssh-ed25519".utf8))
        let bad = Array("QR==".utf8)
        #expect(throws: SSHKeyError(.badBase64)) {
            try bad.withUnsafeBufferPointer { (buffer) throws(SSHKeyError) in try Base64.decode(buffer) }
        }
    }
}
