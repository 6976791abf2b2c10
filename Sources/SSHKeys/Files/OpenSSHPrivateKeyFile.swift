import COpenSSL

/// The `openssh-key-v1` private key file format (OpenSSH's PROTOCOL.key), read and written.
///
/// The envelope carries the public key in the clear, so it can be listed and fingerprinted
/// without the passphrase; the private section is decrypted only by ``decrypt(passphrase:)``.
public struct OpenSSHPrivateKeyFile: Sendable {
    static let begin = Array("-----BEGIN OPENSSH PRIVATE KEY-----\n".utf8)
    static let end = Array("-----END OPENSSH PRIVATE KEY-----\n".utf8)
    static let magic = Array("openssh-key-v1\0".utf8)
    /// KDF rounds OpenSSH has written by default since 9.4.
    public static let defaultRounds = 24
    static let saltLength = 16

    /// How the private section's key is derived from the passphrase.
    enum KDF: Sendable, Equatable {
        case none
        case bcrypt(salt: [UInt8], rounds: Int)
    }

    /// The public key from the unencrypted envelope.
    public let publicKey: SSHPublicKey
    let cipher: PrivateKeyCipher
    let kdf: KDF
    let privateSection: [UInt8]

    /// Whether a passphrase is needed to read the private key.
    public var isEncrypted: Bool { cipher != .none }

    /// The bcrypt rounds of an encrypted file.
    public var rounds: Int? {
        if case .bcrypt(_, let rounds) = kdf { return rounds }
        return nil
    }

    /// Whether `text` starts the way an openssh-key-v1 file must.
    public static func looksLikeOne(_ text: some Collection<UInt8>) -> Bool {
        text.starts(with: begin)
    }

    /// Parses the armour and the envelope, following OpenSSH's strictness: the file must start with
    /// the BEGIN line, end with the END line and a newline, and use LF line endings.
    public init(text: [UInt8]) throws(SSHKeyError) {
        guard text.starts(with: Self.begin) else {
            throw SSHKeyError(.unsupportedFormat, "the file does not start with \"-----BEGIN OPENSSH PRIVATE KEY-----\"")
        }
        guard let endIndex = Self.indexOfEndMarker(in: text) else {
            throw SSHKeyError(.truncated, "the \"-----END OPENSSH PRIVATE KEY-----\" line is missing")
        }
        var decoded = try Self.decodedBody(text, endIndex: endIndex)
        defer { wipe(&decoded) }
        try self.init(decoded: decoded)
    }

    /// The base64 between the armour lines, decoded as OpenSSH's `b64_pton` decodes it: every
    /// space, tab, CR, LF, vertical tab and form feed inside is skipped, and the text ends at a NUL
    /// byte (it is a C string there).
    static func decodedBody(_ text: [UInt8], endIndex: Int) throws(SSHKeyError) -> [UInt8] {
        var base64 = [UInt8]()
        base64.reserveCapacity(endIndex - Self.begin.count)
        for byte in text[Self.begin.count..<endIndex] {
            if byte == 0 { break }
            if byte == 0x20 || (0x09...0x0D).contains(byte) { continue }
            base64.append(byte)
        }
        defer { wipe(&base64) }
        return try base64.withUnsafeBufferPointer { (buffer) throws(SSHKeyError) in try Base64.decode(buffer) }
    }

    private init(decoded: [UInt8]) throws(SSHKeyError) {
        var reader = SSHWireReader(decoded)
        defer { reader.wipe() }
        guard (try? reader.readBytes(Self.magic.count))?.elementsEqual(Self.magic) == true else {
            throw SSHKeyError(.unsupportedFormat, "the key data does not start with the openssh-key-v1 magic")
        }
        let cipherName = try reader.readText()
        guard let cipher = PrivateKeyCipher(rawValue: cipherName) else {
            throw SSHKeyError(.unsupportedCipher, KeyText.printable(cipherName.utf8.prefix(64)))
        }
        let kdfName = try reader.readText()
        let kdfOptions = try reader.readString()
        switch kdfName {
        case "none":
            guard cipher == .none else { throw SSHKeyError(.malformed, "an encrypted key must name a KDF") }
            guard kdfOptions.isEmpty else { throw SSHKeyError(.malformed, "KDF \"none\" takes no options") }
            kdf = .none
        case "bcrypt":
            guard cipher != .none else { throw SSHKeyError(.malformed, "an unencrypted key must not name a KDF") }
            var options = SSHWireReader(Array(kdfOptions))
            let salt = Array(try options.readString())
            let rounds = Int(try options.readUInt32())
            guard options.isAtEnd, !salt.isEmpty, rounds > 0 else {
                throw SSHKeyError(.malformed, "the bcrypt KDF options are invalid")
            }
            kdf = .bcrypt(salt: salt, rounds: rounds)
        default:
            throw SSHKeyError(.unsupportedCipher, "KDF \(KeyText.printable(kdfName.utf8.prefix(64)))")
        }
        guard try reader.readUInt32() == 1 else {
            throw SSHKeyError(.malformed, "the file must hold exactly one key")
        }
        publicKey = try SSHPublicKey(blob: Array(try reader.readString()))
        let section = try reader.readString()
        guard reader.isAtEnd else { throw SSHKeyError(.trailingData, "after the private section") }
        guard section.count % cipher.blockSize == 0 else {
            throw SSHKeyError(.malformed, "the private section is not a whole number of cipher blocks")
        }
        self.cipher = cipher
        privateSection = Array(section)
    }

    /// The END line must start a line and be followed by its newline.
    static func indexOfEndMarker(in text: [UInt8]) -> Int? {
        var index = begin.count
        while index + end.count <= text.count {
            if text[index - 1] == UInt8(ascii: "\n"), text[index] == end[0],
               text[index..<index + end.count].elementsEqual(end) {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Decrypts and checks the private section: the check integers (a mismatch means a wrong
    /// passphrase), the key fields against the envelope's public key, the comment and the padding.
    public func decrypt(passphrase: SecretBytes?) throws(SSHKeyError) -> SSHPrivateKey {
        var plain: [UInt8]
        switch kdf {
        case .none:
            plain = privateSection
        case .bcrypt(let salt, let rounds):
            guard let passphrase, !passphrase.isEmpty else { throw SSHKeyError(.passphraseRequired) }
            let material = try Self.deriveKeyAndIV(passphrase: passphrase, salt: salt, rounds: rounds, cipher: cipher)
            plain = try cipher.apply(privateSection, keyAndIV: material, encrypt: false)
        }
        defer { wipe(&plain) }
        var reader = SSHWireReader(plain)
        defer { reader.wipe() }
        let check1 = try reader.readUInt32()
        let check2 = try reader.readUInt32()
        guard check1 == check2 else {
            throw isEncrypted ? SSHKeyError(.wrongPassphrase) : SSHKeyError(.malformed, "the check values differ")
        }
        let (innerPublic, fields) = try SSHPrivateKey.read(from: &reader)
        guard innerPublic == publicKey else {
            throw SSHKeyError(.malformed, "the private key does not match the public key in the file")
        }
        // OpenSSH reads the comment as a C string: a NUL may only end it, and is not part of it.
        let (commentBytes, _) = SSHPublicKey.withoutFinalNUL(try reader.readString())
        guard !commentBytes.contains(0) else { throw SSHKeyError(.malformed, "a NUL byte inside the comment") }
        guard let comment = String(validating: commentBytes, as: UTF8.self) else {
            throw SSHKeyError(.malformed, "the comment is not valid UTF-8")
        }
        let padding = reader.readRest()
        // OpenSSH checks only that the padding counts 1, 2, 3, ...; it sets no upper bound, nor do we.
        for (index, byte) in padding.enumerated() where byte != UInt8(truncatingIfNeeded: index + 1) {
            throw SSHKeyError(.malformed, "the padding of the private section is wrong")
        }
        return try SSHPrivateKey(publicKey: publicKey, privateFields: fields, comment: comment)
    }

    /// Encodes `key` as an openssh-key-v1 file; with a non-empty passphrase the private section is
    /// encrypted with aes256-ctr under a bcrypt_pbkdf key (16-byte random salt, `rounds` rounds).
    /// The result holds private key material and is returned as ``SecretBytes``.
    public static func encode(_ key: SSHPrivateKey, passphrase: SecretBytes?, rounds: Int = defaultRounds) throws(SSHKeyError) -> SecretBytes {
        let encrypted = passphrase.map { !$0.isEmpty } ?? false
        let cipher: PrivateKeyCipher = encrypted ? .aes256ctr : .none
        var kdfOptions = SSHWireWriter()
        var salt = [UInt8]()
        if encrypted {
            salt = try randomBytes(saltLength)
            kdfOptions.writeString(salt)
            kdfOptions.writeUInt32(UInt32(rounds))
        }

        var section = SSHWireWriter(capacity: 4096)
        let check = UInt32(bigEndianBytes: try randomBytes(4))
        section.writeUInt32(check)
        section.writeUInt32(check)
        section.writeString(key.algorithm.name)
        key.privateFields.withBytes { section.writeBytes($0) }
        section.writeString(key.comment)
        var pad: UInt8 = 0
        while section.bytes.count % cipher.blockSize != 0 {
            pad &+= 1
            section.writeBytes(CollectionOfOne(pad))
        }
        var plain = section.bytes
        section.wipe()
        defer { wipe(&plain) }
        var sealed = plain
        if encrypted, let passphrase {
            let material = try deriveKeyAndIV(passphrase: passphrase, salt: salt, rounds: rounds, cipher: cipher)
            sealed = try cipher.apply(plain, keyAndIV: material, encrypt: true)
        }
        defer { wipe(&sealed) }

        var body = SSHWireWriter(capacity: sealed.count + 512)
        body.writeBytes(magic)
        body.writeString(cipher.rawValue)
        body.writeString(encrypted ? "bcrypt" : "none")
        body.writeString(kdfOptions.bytes)
        body.writeUInt32(1)
        body.writeString(key.publicKey.blob)
        body.writeString(sealed)
        var encodedBody = body.bytes
        body.wipe()
        defer { wipe(&encodedBody) }
        var base64 = Base64.encodeBytes(encodedBody)
        defer { wipe(&base64) }

        var text = begin
        text.reserveCapacity(base64.count + base64.count / 70 + 80)
        var index = 0
        while index < base64.count {
            let stop = min(index + 70, base64.count)
            text += base64[index..<stop]
            text.append(UInt8(ascii: "\n"))
            index = stop
        }
        text += end
        return SecretBytes(consuming: &text)
    }

    private static func deriveKeyAndIV(passphrase: SecretBytes, salt: [UInt8], rounds: Int, cipher: PrivateKeyCipher) throws(SSHKeyError) -> SecretBytes {
        var pass = passphrase.withBytes { Array($0) }
        defer { wipe(&pass) }
        do {
            var derived = try BcryptPBKDF.deriveKey(passphrase: pass, salt: salt, rounds: rounds, keyLength: cipher.keyLength + cipher.ivLength)
            return SecretBytes(consuming: &derived)
        } catch {
            throw SSHKeyError(.malformed, "bcrypt_pbkdf refused its input: \(error)")
        }
    }
}

/// Random bytes from OpenSSL's CSPRNG.
func randomBytes(_ count: Int) throws(SSHKeyError) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw .openSSL("reading random bytes") }
    return bytes
}

extension UInt32 {
    init(bigEndianBytes bytes: [UInt8]) {
        self = bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }
}
