import Foundation
import TestSupport
import Testing
@testable import SSHKeys

/// The pieces of an openssh-key-v1 body, to rebuild it with one thing changed.
struct PrivateKeyBody {
    var magic: [UInt8]
    var cipher: String
    var kdf: String
    var kdfOptions: [UInt8]
    var keyCount: UInt32
    var publicKeys: [[UInt8]]
    var section: [UInt8]
    var trailer: [UInt8] = []

    init(decoding body: [UInt8]) throws {
        var reader = SSHWireReader(body)
        magic = Array(try reader.readBytes(15))
        cipher = try reader.readText()
        kdf = try reader.readText()
        kdfOptions = Array(try reader.readString())
        keyCount = try reader.readUInt32()
        publicKeys = [Array(try reader.readString())]
        section = Array(try reader.readString())
        #expect(reader.isAtEnd)
    }

    /// The offset of the private section's content in the encoded body.
    var sectionOffset: Int { encoded().count - trailer.count - section.count }

    func encoded() -> [UInt8] {
        var writer = SSHWireWriter()
        writer.writeBytes(magic)
        writer.writeString(cipher)
        writer.writeString(kdf)
        writer.writeString(kdfOptions)
        writer.writeUInt32(keyCount)
        for key in publicKeys { writer.writeString(key) }
        writer.writeString(section)
        writer.writeBytes(trailer)
        return writer.bytes
    }
}

/// The openssh-key-v1 private key format (PROTOCOL.key), read as strictly as OpenSSH 9.2 reads it.
@Suite("OpenSSHPrivateKeyFileParsing")
struct OpenSSHPrivateKeyFileParsingTests {
    static let vector = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
        QyNTUxOQAAACDhgk5i+kZJslvd1vnL+R8T7tSM5fErUpXnciKoUEhw9QAAAJDCJs1BwibN
        QQAAAAtzc2gtZWQyNTUxOQAAACDhgk5i+kZJslvd1vnL+R8T7tSM5fErUpXnciKoUEhw9Q
        AAAEDPqpEdGM0gKa4lB/h0aaQ+hmwA4CE67jj9ndtIG+U/J+GCTmL6RkmyW93W+cv5HxPu
        1Izl8StSledyIqhQSHD1AAAAC3Rlc3RAdmVjdG9yAQI=
        -----END OPENSSH PRIVATE KEY-----

        """
    static let vectorPub = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOGCTmL6RkmyW93W+cv5HxPu1Izl8StSledyIqhQSHD1 test@vector"
    static let encryptedVector = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABD3jBhN2w
        PskRPgLJOiKP3pAAAAAgAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIOGCTmL6RkmyW93W
        +cv5HxPu1Izl8StSledyIqhQSHD1AAAAkNxe6+XO9HSG+dbxFXQBtGLuR1QtLKAGZswCO/
        M2W2DUIU7nTEVOnhS0/JV46oeAYjtGEQrFmwgJRsyEQUX5DLNhhHrC2914ggeTLOr/VUn0
        G2ZtUXC5ETImqEzr6/KPe6Df7r92Fk4/OrVIRs5uuT64tdiLUKvomc/W9PSXmj1TYnVIz5
        jx4YU3cb1DMSSTiA==
        -----END OPENSSH PRIVATE KEY-----

        """
    static let beginLine = "-----BEGIN OPENSSH PRIVATE KEY-----"
    static let endLine = "-----END OPENSSH PRIVATE KEY-----"

    static func secret(_ text: String) -> SecretBytes { SecretBytes(Array(text.utf8)) }

    /// The decoded body of an armoured file.
    static func body(of text: String) throws -> [UInt8] {
        let lines = text.split(separator: "\n")
        return try Base64.decode(lines.dropFirst().dropLast().joined())
    }

    /// Armours a body as OpenSSH does: BEGIN line, base64 in 70-column lines, END line, newline.
    static func armour(_ body: [UInt8]) -> String {
        let base64 = Array(Base64.encode(body))
        var lines = [beginLine]
        var index = 0
        while index < base64.count {
            lines.append(String(base64[index..<min(index + 70, base64.count)]))
            index += 70
        }
        lines.append(endLine)
        return lines.joined(separator: "\n") + "\n"
    }

    static func parse(_ text: String) throws(SSHKeyError) -> OpenSSHPrivateKeyFile {
        try OpenSSHPrivateKeyFile(text: Array(text.utf8))
    }

    /// The error kind of parsing and then decrypting (without a passphrase) `text`, or nil if both work.
    static func failure(_ text: String, passphrase: SecretBytes? = nil) -> SSHKeyError.Kind? {
        do {
            _ = try parse(text).decrypt(passphrase: passphrase)
            return nil
        } catch {
            return error.kind
        }
    }

    // MARK: The vectors

    @Test("the unencrypted vector parses and matches its .pub")
    func unencryptedVector() throws {
        let file = try Self.parse(Self.vector)
        #expect(!file.isEncrypted)
        #expect(file.rounds == nil)
        #expect(PublicKeyLine(key: file.publicKey, comment: "test@vector").text == Self.vectorPub)
        let key = try file.decrypt(passphrase: nil)
        #expect(key.comment == "test@vector")
        #expect(key.algorithm == .ed25519)
        #expect(PublicKeyLine(key: key.publicKey, comment: key.comment).text == Self.vectorPub)
        #expect(try PublicKeyLine(parsing: Self.vectorPub).key == key.publicKey)
        // A passphrase given for an unencrypted file is not needed and does no harm.
        #expect(try file.decrypt(passphrase: Self.secret("unused")).publicKey == key.publicKey)
        #expect(OpenSSHPrivateKeyFile.looksLikeOne(Array(Self.vector.utf8)))
        let half = try PrivateKeyFile.publicHalf(Array(Self.vector.utf8))
        #expect(half.key == key.publicKey)
        #expect(half.comment == "test@vector")
    }

    @Test("the encrypted vector decrypts with pw (2 rounds), refuses a wrong or missing passphrase")
    func encryptedVector() throws {
        let file = try Self.parse(Self.encryptedVector)
        #expect(file.isEncrypted)
        #expect(file.rounds == 2)
        #expect(PublicKeyLine(key: file.publicKey, comment: "test@vector").text == Self.vectorPub)
        let key = try file.decrypt(passphrase: Self.secret("pw"))
        #expect(key.comment == "test@vector")
        #expect(key.publicKey == (try Self.parse(Self.vector).publicKey))
        #expect(key.privateFields == (try Self.parse(Self.vector).decrypt(passphrase: nil)).privateFields)
        #expect(throws: SSHKeyError(.wrongPassphrase)) { try file.decrypt(passphrase: Self.secret("wrong")) }
        #expect(throws: SSHKeyError(.passphraseRequired)) { try file.decrypt(passphrase: nil) }
        #expect(throws: SSHKeyError(.passphraseRequired)) { try file.decrypt(passphrase: SecretBytes([UInt8]())) }
        #expect(try PrivateKeyFile.isEncrypted(Array(Self.encryptedVector.utf8)))
        let half = try PrivateKeyFile.publicHalf(Array(Self.encryptedVector.utf8))
        #expect(half.key == file.publicKey)
        #expect(half.comment == nil)
    }

    @Test("re-encoding the vector's key reproduces it except for the check integers")
    func encodeReproducesVector() throws {
        let key = try Self.parse(Self.vector).decrypt(passphrase: nil)
        let ours = try OpenSSHPrivateKeyFile.encode(key, passphrase: nil).withBytes { String(decoding: $0, as: UTF8.self) }
        var mine = try PrivateKeyBody(decoding: Self.body(of: ours))
        let theirs = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        #expect(mine.section.count == theirs.section.count)
        #expect(mine.section[0..<4] == mine.section[4..<8])
        mine.section.replaceSubrange(0..<8, with: theirs.section[0..<8])
        #expect(mine.encoded() == theirs.encoded())
        #expect(mine.encoded() == (try Self.body(of: Self.vector)))
    }

    // MARK: Bad inputs

    @Test("bad magic is not this format")
    func badMagic() throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        body.magic = Array("openssh-key-v2\0".utf8)
        #expect(Self.failure(Self.armour(body.encoded())) == .unsupportedFormat)
        body.magic = Array("openssh-key-v1X".utf8)
        #expect(Self.failure(Self.armour(body.encoded())) == .unsupportedFormat)
        // The armour helper itself is faithful: unchanged, it reproduces the vector.
        let original = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        #expect(Self.armour(original.encoded()) == Self.vector)
    }

    @Test("a check-integer mismatch in an unencrypted file is malformed", arguments: [4, 5, 7])
    func checkIntMismatch(byte: Int) throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        body.section[byte] ^= 0x01
        let text = Self.armour(body.encoded())
        let file = try Self.parse(text)  // the envelope is fine
        do {
            _ = try file.decrypt(passphrase: nil)
            Issue.record("a check-int mismatch was accepted")
        } catch {
            #expect(error.kind == .malformed)
        }
    }

    @Test("wrong padding bytes are malformed", arguments: [
        [UInt8](arrayLiteral: 0x01, 0x03),
        [0x02, 0x02],
        [0x00, 0x00],
        [0x01, 0x01],
        [0x01, 0x02, 0x03, 0x05, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A],  // a whole block more, one byte wrong
    ])
    func wrongPadding(padding: [UInt8]) throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        #expect(body.section.suffix(2) == [0x01, 0x02])
        body.section.removeLast(2)
        body.section += padding
        #expect(Self.failure(Self.armour(body.encoded())) == .malformed)
    }

    @Test("padding of a whole block or more is accepted when its bytes count up, as OpenSSH accepts it")
    func paddingOfAWholeBlock() throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        body.section += [0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A]
        #expect(Self.failure(Self.armour(body.encoded())) == nil)
        let key = try OpenSSHPrivateKeyFile(text: Array(Self.armour(body.encoded()).utf8)).decrypt(passphrase: nil)
        #expect(key.comment == "test@vector")
    }

    @Test("a body truncated at any of several points is refused", arguments: [0, 1, 10, 14, 15, 18, 30, 40, 51, 60, 94, 97, 100, 150, 200, 230, 241])
    func truncatedBody(length: Int) throws {
        let body = try Self.body(of: Self.vector)
        #expect(body.count == 242)
        let text = Self.armour(Array(body.prefix(length)))
        let kind = Self.failure(text)
        if length < 15 {
            #expect(kind == .unsupportedFormat, "cut at \(length)")
        } else {
            #expect(kind == .truncated, "cut at \(length)")
        }
    }

    @Test("a private section shortened consistently (length fixed up) is refused")
    func shortenedSection() throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        body.section.removeLast(8)  // still a whole number of blocks, but the comment is cut
        #expect(Self.failure(Self.armour(body.encoded())) == .truncated)
    }

    @Test("armour truncated: no END line", arguments: [1, 2, 3, 5])
    func truncatedArmour(keptLines: Int) {
        let lines = Self.vector.split(separator: "\n", omittingEmptySubsequences: false)
        let text = lines.prefix(keptLines + 1).joined(separator: "\n") + "\n"
        #expect(Self.failure(text) == .truncated)
    }

    @Test("CRLF line endings are refused, as OpenSSH refuses them")
    func crlfRefused() {
        let crlf = Self.vector.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(Self.failure(crlf) == .unsupportedFormat)
        // Only the END line with CRLF: the END marker (with its LF) is never found.
        let endOnly = Self.vector.replacingOccurrences(of: Self.endLine + "\n", with: Self.endLine + "\r\n")
        #expect(Self.failure(endOnly) == .truncated)
    }

    @Test("the END line must be followed by a newline")
    func missingFinalNewline() {
        let text = String(Self.vector.dropLast())
        #expect(text.hasSuffix(Self.endLine))
        #expect(Self.failure(text) == .truncated)
    }

    @Test("leading garbage before BEGIN is refused", arguments: ["x", "\n", " ", "garbage line\n", "\u{feff}"])
    func leadingGarbage(prefix: String) {
        #expect(Self.failure(prefix + Self.vector) == .unsupportedFormat)
        #expect(!OpenSSHPrivateKeyFile.looksLikeOne(Array((prefix + Self.vector).utf8)))
    }

    @Test("text after END is ignored, as OpenSSH ignores it")
    func textAfterEnd() throws {
        #expect(Self.failure(Self.vector + "trailing words\n") == nil)
    }

    @Test("a file holding two keys is refused")
    func twoKeys() throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        body.keyCount = 2
        body.publicKeys.append(body.publicKeys[0])
        #expect(Self.failure(Self.armour(body.encoded())) == .malformed)
        body.keyCount = 0
        body.publicKeys = []
        #expect(Self.failure(Self.armour(body.encoded())) == .malformed)
    }

    @Test("cipher none with kdf bcrypt is malformed")
    func cipherNoneWithBcrypt() throws {
        let encrypted = try PrivateKeyBody(decoding: Self.body(of: Self.encryptedVector))
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        body.kdf = "bcrypt"
        body.kdfOptions = encrypted.kdfOptions
        #expect(Self.failure(Self.armour(body.encoded())) == .malformed)
    }

    @Test("an encrypted cipher with kdf none is malformed")
    func cipherWithoutKDF() throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.encryptedVector))
        body.kdf = "none"
        body.kdfOptions = []
        #expect(Self.failure(Self.armour(body.encoded()), passphrase: Self.secret("pw")) == .malformed)
    }

    @Test("unknown ciphers and KDFs are unsupported", arguments: [("3des-cbc", "bcrypt"), ("aes128-ctr", "bcrypt"), ("chacha20-poly1305@openssh.com", "bcrypt"), ("aes256-ctr", "scrypt")])
    func unknownCipher(cipher: String, kdf: String) throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.encryptedVector))
        body.cipher = cipher
        body.kdf = kdf
        #expect(Self.failure(Self.armour(body.encoded()), passphrase: Self.secret("pw")) == .unsupportedCipher)
    }

    @Test("bcrypt options with zero rounds or an empty salt are malformed", arguments: [(16, UInt32(0)), (0, 2)])
    func badKDFOptions(saltLength: Int, rounds: UInt32) throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.encryptedVector))
        var options = SSHWireWriter()
        options.writeString([UInt8](repeating: 0xAA, count: saltLength))
        options.writeUInt32(rounds)
        body.kdfOptions = options.bytes
        #expect(Self.failure(Self.armour(body.encoded()), passphrase: Self.secret("pw")) == .malformed)
    }

    @Test("bytes after the private section are refused")
    func trailingDataAfterSection() throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        body.trailer = [0, 0, 0, 0]
        #expect(Self.failure(Self.armour(body.encoded())) == .trailingData)
    }

    @Test("a private section that is not a whole number of blocks is refused")
    func sectionNotBlockAligned() throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        body.section.removeLast()
        #expect(Self.failure(Self.armour(body.encoded())) == .malformed)
    }

    @Test("an envelope public key that differs from the private one is refused")
    func envelopeMismatch() throws {
        var body = try PrivateKeyBody(decoding: Self.body(of: Self.vector))
        var other = body.publicKeys[0]
        other[other.count - 1] ^= 0x01
        body.publicKeys = [other]
        #expect(Self.failure(Self.armour(body.encoded())) == .malformed)
    }

    // MARK: Round trips

    static let roundTripCases: [(SSHKeyAlgorithm, Bool)] = SSHKeyAlgorithm.allCases.flatMap { [($0, false), ($0, true)] }

    @Test("encode → parse → decrypt round trip", arguments: roundTripCases)
    func roundTrip(algorithm: SSHKeyAlgorithm, withPassphrase: Bool) throws {
        let key = try KeyGeneration.generate(algorithm, rsaBits: 2048, comment: "round trip \(algorithm.name)")
        let passphrase = withPassphrase ? Self.secret("correct horse battery staple") : nil
        let encoded = try OpenSSHPrivateKeyFile.encode(key, passphrase: passphrase, rounds: 2)
        let bytes = encoded.withBytes { Array($0) }
        let text = String(decoding: bytes, as: UTF8.self)

        // Armour: exact BEGIN and END lines, 70-column base64, a final newline, LF only.
        #expect(text.hasPrefix(Self.beginLine + "\n"))
        #expect(text.hasSuffix("\n" + Self.endLine + "\n"))
        #expect(!bytes.contains(0x0D))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        let base64Lines = lines.dropFirst().dropLast(2)
        #expect(base64Lines.dropLast().allSatisfy { $0.utf8.count == 70 })
        #expect((1...70).contains(base64Lines.last?.utf8.count ?? 0))
        #expect(text == Self.armour(try Self.body(of: text)))

        let file = try OpenSSHPrivateKeyFile(text: bytes)
        #expect(file.isEncrypted == withPassphrase)
        #expect(file.rounds == (withPassphrase ? 2 : nil))
        #expect(file.publicKey == key.publicKey)
        let envelope = try PrivateKeyBody(decoding: Self.body(of: text))
        #expect(envelope.cipher == (withPassphrase ? "aes256-ctr" : "none"))
        #expect(envelope.kdf == (withPassphrase ? "bcrypt" : "none"))
        #expect(envelope.section.count % (withPassphrase ? 16 : 8) == 0)

        let decrypted = try file.decrypt(passphrase: passphrase)
        #expect(decrypted.publicKey == key.publicKey)
        #expect(decrypted.comment == key.comment)
        #expect(decrypted.privateFields == key.privateFields)
        if withPassphrase {
            #expect(throws: SSHKeyError(.wrongPassphrase)) { try file.decrypt(passphrase: Self.secret("correct horse battery stapler")) }
            #expect(throws: SSHKeyError(.passphraseRequired)) { try file.decrypt(passphrase: nil) }
        }
    }

    @Test("an empty passphrase writes an unencrypted file")
    func emptyPassphraseMeansUnencrypted() throws {
        let key = try Self.parse(Self.vector).decrypt(passphrase: nil)
        let encoded = try OpenSSHPrivateKeyFile.encode(key, passphrase: SecretBytes([UInt8]()), rounds: 2)
        let file = try OpenSSHPrivateKeyFile(text: encoded.withBytes { Array($0) })
        #expect(!file.isEncrypted)
        #expect(try file.decrypt(passphrase: nil).comment == "test@vector")
    }

    @Test("ssh-keygen reads what we encode, with and without a passphrase", arguments: [false, true])
    func sshKeygenReadsOurFile(withPassphrase: Bool) throws {
        let key = try Self.parse(Self.vector).decrypt(passphrase: nil)
        let encoded = try OpenSSHPrivateKeyFile.encode(key, passphrase: withPassphrase ? Self.secret("pw") : nil, rounds: 2)
        let directory = try TemporaryDirectory()
        let path = try directory.write("id", encoded.withBytes { String(decoding: $0, as: UTF8.self) })
        let result = try ExternalTool.run(["ssh-keygen", "-y", "-P", withPassphrase ? "pw" : "", "-f", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == Self.vectorPub + "\n")
    }
}
