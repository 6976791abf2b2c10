import Testing
@testable import SSHKeys

/// One `bcrypt_pbkdf` known answer; the key length is the length of `expected`.
struct BcryptPBKDFVector: Sendable, CustomTestStringConvertible {
    let passphrase: [UInt8]
    let salt: [UInt8]
    let rounds: Int
    let expectedHex: String

    init(_ passphrase: [UInt8], _ salt: [UInt8], _ rounds: Int, _ expectedHex: String) {
        self.passphrase = passphrase
        self.salt = salt
        self.rounds = rounds
        self.expectedHex = expectedHex
    }

    var testDescription: String {
        "pass \(passphrase.count)B, salt \(salt.count)B, \(rounds) rounds, \(expectedHex.count / 2)B out"
    }
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func hex(_ data: [UInt8]) -> String {
    data.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

@Suite("BcryptPBKDF")
struct BcryptPBKDFTests {
    /// Vectors from OpenBSD's regression tests, from keys OpenSSH writes (16-byte salt, 48-byte
    /// output for aes256-ctr key and IV), and one whose length leaves the last block short.
    static let vectors: [BcryptPBKDFVector] = [
        .init(bytes("password"), bytes("salt"), 4,
              "5bbf0cc293587f1c3635555c27796598d47e579071bf427e9d8fbe842aba34d9"),
        .init(bytes("password"), [0], 4, "c12b566235eee04c212598970a579a67"),
        .init([0], bytes("salt"), 4, "6051be18c2f4f82cbf0efee5471b4bb9"),
        .init(bytes("password\0"), bytes("salt\0"), 4,
              "7410e44cf4fa07bfaac8a928b1727fac001375e7bf7384370f48efd121743050"),
        .init(bytes("pass\0wor"), bytes("sa\0l"), 4, "c2bffd9db38f6569efef4372f4de83c0"),
        .init(bytes("pass\0word"), bytes("sa\0lt"), 4, "4ba4ac3925c0e8d7f0cdb6bb1684a56f"),
        .init(bytes("password"), bytes("salt"), 8,
              "e1367ec5151a33faac4cc1c144cd23fa15d5548493ecc99b9b5d9c0d3b27bec7"
                  + "6227ea66088b849b20ab7aa478010246e74bba51723fefa9f9474d6508845e8d"),
        .init(bytes("password"), bytes("salt"), 42, "833cf0dcf56db65608e8f0dc0ce882bd"),
        .init(bytes("pw"), Array(0..<16), 16,
              "936104ab12ea59c4b74d9f0074669f9d7ed6afaffa1471b35c71a87e8693e967"
                  + "d9d12c0bf877293a149ff6a3047d4dbc"),
        .init(bytes("pw"), Array(0..<16), 24,
              "c0f0e0ed046462f28cb6f84d8376213597c9222c7ca69b2b752b64fd4bd5bf29"
                  + "3b607172db94ef73cb1e81c36090904f"),
        .init(bytes("sshauth"), bytes("uneven"), 2,
              "af95e079dec5baa53a979d0c391a7a52703b803a4b32e848bd4e559f53e54efb"
                  + "e532844c031947dfea9abb1dff332e80a5a1c067afa37f37f229cf316515476f43"),
    ]

    @Test("known answers", arguments: vectors)
    func knownAnswer(_ vector: BcryptPBKDFVector) throws {
        let key = try BcryptPBKDF.deriveKey(
            passphrase: vector.passphrase, salt: vector.salt,
            rounds: vector.rounds, keyLength: vector.expectedHex.count / 2)
        #expect(hex(key) == vector.expectedHex)
    }

    @Test("bcryptHash gives 32 bytes that depend on both inputs")
    func bcryptHashShape() {
        let pass = [UInt8](repeating: 1, count: 64)
        let salt = [UInt8](repeating: 2, count: 64)
        let hash = BcryptPBKDF.bcryptHash(sha2pass: pass, sha2salt: salt)
        #expect(hash.count == 32)
        #expect(hash != BcryptPBKDF.bcryptHash(sha2pass: salt, sha2salt: pass))
    }

    @Test("the largest key length and salt are accepted")
    func limitsAccepted() throws {
        let key = try BcryptPBKDF.deriveKey(
            passphrase: bytes("pw"), salt: [1], rounds: 1, keyLength: BcryptPBKDF.maxKeyLength)
        #expect(key.count == 1024)
        let salted = try BcryptPBKDF.deriveKey(
            passphrase: bytes("pw"), salt: [UInt8](repeating: 7, count: BcryptPBKDF.maxSaltLength),
            rounds: 1, keyLength: 1)
        #expect(salted.count == 1)
    }

    /// Each bad input, with the error it must raise.
    static let rejections: [(passphrase: [UInt8], salt: [UInt8], rounds: Int, keyLength: Int,
                             error: BcryptPBKDFError)] = [
        ([], [1], 1, 16, .init(kind: .emptyPassphrase, value: 0)),
        ([1], [], 1, 16, .init(kind: .emptySalt, value: 0)),
        ([1], [UInt8](repeating: 0, count: (1 << 20) + 1), 1, 16, .init(kind: .saltTooLong, value: (1 << 20) + 1)),
        ([1], [1], 0, 16, .init(kind: .badRounds, value: 0)),
        ([1], [1], -3, 16, .init(kind: .badRounds, value: -3)),
        ([1], [1], 1, 0, .init(kind: .badKeyLength, value: 0)),
        ([1], [1], 1, -1, .init(kind: .badKeyLength, value: -1)),
        ([1], [1], 1, 1025, .init(kind: .badKeyLength, value: 1025)),
    ]

    @Test("bad input is rejected", arguments: rejections.indices)
    func rejected(_ index: Int) {
        let bad = Self.rejections[index]
        #expect(throws: bad.error) {
            try BcryptPBKDF.deriveKey(
                passphrase: bad.passphrase, salt: bad.salt, rounds: bad.rounds, keyLength: bad.keyLength)
        }
    }
}
