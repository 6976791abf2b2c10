import Foundation
import Testing
@testable import SSHKeys

/// What sshauth writes as .ppk reads back as the same key, in both versions, with and without a
/// passphrase, laid out as PuTTY lays it out. (puttygen reading it: PuTTYgenCrossCheckTests.)
@Suite("PuTTYKeyFileRoundTrip")
struct PuTTYKeyFileRoundTripTests {
    /// Small Argon2 settings, so that the round trips stay quick.
    static let quick = PuTTYKeyFile.Argon2Parameters(flavour: .argon2id, memoryKiB: 64, passes: 1, parallelism: 1)
    static let keys: [SSHPrivateKey] = SSHKeyAlgorithm.allCases.map { try! KeyGeneration.generate($0, rsaBits: 2048, comment: "round trip \($0.name)") }

    struct Case: CustomTestStringConvertible, Sendable {
        let algorithm: SSHKeyAlgorithm
        let version: PuTTYKeyFile.Version
        let passphrase: String?
        var testDescription: String { "\(algorithm.displayName) v\(version.rawValue)" + (passphrase == nil ? "" : " encrypted") }
    }

    static let cases: [Case] = SSHKeyAlgorithm.allCases.flatMap { algorithm in
        [PuTTYKeyFile.Version.v2, .v3].flatMap { version in [nil, "pass phrase"].map { Case(algorithm: algorithm, version: version, passphrase: $0) } }
    }

    @Test("encode then read gives the same key; the layout is PuTTY's", arguments: cases)
    func roundTrip(_ test: Case) throws {
        let key = Self.keys.first { $0.algorithm == test.algorithm }!
        let passphrase = test.passphrase.map { SecretBytes(Array($0.utf8)) }
        let encoded = try PuTTYKeyFile.encode(key, passphrase: passphrase, version: test.version, argon2: Self.quick)
        let text = encoded.withBytes { Array($0) }
        let back = try PuTTYKeyFile.read(text, passphrase: passphrase)
        #expect(back.publicKey == key.publicKey)
        #expect(back.privateFields == key.privateFields)
        #expect(back.comment == key.comment)
        #expect(try PuTTYKeyFile.publicHalf(text).isEncrypted == (passphrase != nil))

        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        let names = lines.filter { $0.contains(": ") }.map { String($0.split(separator: ":")[0]) }
        var expected = ["PuTTY-User-Key-File-\(test.version.rawValue)", "Encryption", "Comment", "Public-Lines"]
        if test.version == .v3, passphrase != nil {
            expected += ["Key-Derivation", "Argon2-Memory", "Argon2-Passes", "Argon2-Parallelism", "Argon2-Salt"]
        }
        expected += ["Private-Lines", "Private-MAC"]
        #expect(names == expected)
        #expect(lines.allSatisfy { $0.contains(": ") || ($0.count <= 64 && $0.count % 4 == 0) })
        #expect(lines[1] == (passphrase == nil ? "Encryption: none" : "Encryption: aes256-cbc"))
        #expect(lines.last { $0.hasPrefix("Private-MAC: ") }!.count == "Private-MAC: ".count + (test.version == .v3 ? 64 : 40))
        if passphrase != nil {
            #expect(throws: SSHKeyError(.wrongPassphrase)) { try PuTTYKeyFile.read(text, passphrase: SecretBytes(Array("pass phrasE".utf8))) }
        }
    }

    @Test("an empty passphrase writes an unencrypted file, as PuTTYgen does")
    func emptyPassphrase() throws {
        let text = try PuTTYKeyFile.encode(Self.keys[0], passphrase: SecretBytes([])).withBytes { Array($0) }
        #expect(String(decoding: text, as: UTF8.self).contains("\nEncryption: none\n"))
        #expect(!String(decoding: text, as: UTF8.self).contains("Argon2"))
        #expect(try PuTTYKeyFile.read(text, passphrase: nil).privateFields == Self.keys[0].privateFields)
    }

    @Test("a comment with a line break cannot be written: one sentence, nothing returned")
    func commentWithLineBreak() {
        for breakCharacter in ["\n", "\r"] {
            var key = Self.keys[0]
            key.comment = "two\(breakCharacter)lines"
            #expect(throws: SSHKeyError(.malformed, "a .ppk comment cannot hold a line break; change the key's comment first")) {
                try PuTTYKeyFile.encode(key, passphrase: nil)
            }
        }
    }

    @Test("a comment that is not UTF-8 (PuTTYgen on Windows writes its code page) is kept as the MAC covers it")
    func latin1Comment() throws {
        let key = Self.keys[0]
        let original = try PuTTYKeyFile.encode(key, passphrase: nil).withBytes { Array($0) }
        let file = try PuTTYKeyFile.Contents(text: original)
        let comment: [UInt8] = Array("Jos".utf8) + [0xE9]
        let mac = try PuTTYKeyMaterial.version3(passphrase: nil, argon2: nil)
            .authenticationCode(version: .v3, algorithm: file.algorithmName, encryption: "none", comment: comment,
                                publicBlob: file.publicBlob, privatePlain: file.storedPrivateBlob.withBytes { Array($0) })
        var lines = String(decoding: original, as: UTF8.self).components(separatedBy: "\n")
        lines[lines.firstIndex { $0.hasPrefix("Private-MAC: ") }!] = "Private-MAC: " + mac.map { String(format: "%02x", $0) }.joined()
        let commentLine = lines.firstIndex { $0.hasPrefix("Comment: ") }!
        var text: [UInt8] = []
        for (index, line) in lines.enumerated() {
            text += index == commentLine ? Array("Comment: ".utf8) + comment : Array(line.utf8)
            if index < lines.count - 1 { text.append(UInt8(ascii: "\n")) }
        }
        let read = try PuTTYKeyFile.read(text, passphrase: nil)
        #expect(read.comment == "Jos\u{FFFD}")
        #expect(read.privateFields == key.privateFields)
    }
}
