import COpenSSL

/// PuTTY's key file (.ppk), versions 2 and 3.
///
/// A text file of `Name: value` lines in a fixed order: the version and algorithm, the encryption
/// (`none` or `aes256-cbc`), the comment, the public blob in base64 lines, for an encrypted version 3
/// file the Argon2 settings, the private blob in base64 lines (encrypted with a passphrase), and a
/// MAC over all of it. The public key and the comment are in the clear, so they are read without
/// the passphrase; the private key is used only after its MAC has been checked.
public enum PuTTYKeyFile {
    public enum Version: Int, Sendable { case v2 = 2, v3 = 3 }

    /// What every .ppk file starts with, before its version number.
    static let signature = Array("PuTTY-User-Key-File-".utf8)
    /// Base64 characters per blob line: what PuTTY writes, and the most it reads.
    static let base64LineLength = 64
    /// The most lines a blob may take (an RSA key of 16384 bits needs about 110 private lines).
    public static let maximumBlobLines = 256
    /// The longest line read; only a comment could come near it.
    public static let maximumLineLength = 8192
    static let saltLength = 16
    static let maximumSaltLength = 64

    /// Whether the text starts as a .ppk file does.
    public static func looksLikeOne(_ text: some Collection<UInt8>) -> Bool {
        text.starts(with: signature)
    }

    /// The public key, the comment and whether the private part is encrypted; .ppk keeps the first two
    /// in the clear, so no passphrase is needed. (The MAC cannot be checked without the passphrase.)
    public static func publicHalf(_ text: [UInt8]) throws(SSHKeyError) -> (key: SSHPublicKey, comment: String, isEncrypted: Bool) {
        let file = try Contents(text: text)
        return (file.publicKey, file.comment, file.isEncrypted)
    }

    /// The private key, after checking the MAC (a wrong passphrase is `.wrongPassphrase`, a damaged
    /// unencrypted file is `.malformed` with a sentence) and that the private fields match the public key.
    public static func read(_ text: [UInt8], passphrase: SecretBytes?) throws(SSHKeyError) -> SSHPrivateKey {
        try read(text, passphrase: passphrase, limits: .standard)
    }

    /// ``read(_:passphrase:)`` with other limits on the Argon2 work the file may ask for.
    public static func read(_ text: [UInt8], passphrase: SecretBytes?, limits: Argon2Limits) throws(SSHKeyError) -> SSHPrivateKey {
        try Contents(text: text).decrypt(passphrase: passphrase, limits: limits)
    }

    /// The key as a .ppk file (v3 by default); with a non-empty passphrase the private blob is
    /// encrypted with aes256-cbc under keys from Argon2id with ``Argon2Parameters/standard`` (v3) or
    /// from SHA-1 (v2). The result holds private key material.
    public static func encode(_ key: SSHPrivateKey, passphrase: SecretBytes?, version: Version = .v3) throws(SSHKeyError) -> SecretBytes {
        try encode(key, passphrase: passphrase, version: version, argon2: .standard)
    }

    /// ``encode(_:passphrase:version:)`` with other Argon2 settings (used by version 3 only).
    public static func encode(_ key: SSHPrivateKey, passphrase: SecretBytes?, version: Version, argon2: Argon2Parameters) throws(SSHKeyError) -> SecretBytes {
        guard !key.comment.utf8.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
            throw SSHKeyError(.malformed, "a .ppk comment cannot hold a line break; change the key's comment first")
        }
        let passphrase = passphrase.flatMap { $0.isEmpty ? nil : $0 }
        let encryption: Encryption = passphrase == nil ? .none : .aes256cbc
        var salt: [UInt8] = []
        let material: PuTTYKeyMaterial
        switch version {
        case .v3:
            if passphrase != nil {
                try argon2.checkMinimum()
                salt = try randomBytes(saltLength)
            }
            material = try PuTTYKeyMaterial.version3(passphrase: passphrase, argon2: passphrase == nil ? nil : (argon2, salt))
        case .v2:
            material = PuTTYKeyMaterial.version2(passphrase: passphrase)
        }

        var plain = try PuTTYPrivateBlob.blob(of: key, blockSize: encryption == .none ? 1 : Encryption.blockSize)
        defer { wipe(&plain) }
        let algorithm = Array(key.algorithm.name.utf8), comment = Array(key.comment.utf8)
        let mac = try material.authenticationCode(version: version, algorithm: algorithm, encryption: encryption.rawValue,
                                                  comment: comment, publicBlob: key.publicKey.blob, privatePlain: plain)
        var sealed = encryption == .none ? plain : try PrivateKeyCipher.aes256cbc.apply(plain, keyAndIV: material.cipherKeyAndIV, encrypt: true)
        defer { wipe(&sealed) }

        var text: [UInt8] = []
        // Room for everything up front, so that no unwiped copy of the private lines is left behind by growing.
        text.reserveCapacity((key.publicKey.blob.count + sealed.count) * 3 / 2 + comment.count + 1024)
        text += Array("PuTTY-User-Key-File-\(version.rawValue): \(key.algorithm.name)\nEncryption: \(encryption.rawValue)\nComment: ".utf8)
        text += comment
        text.append(UInt8(ascii: "\n"))
        appendBlob(key.publicKey.blob, named: "Public-Lines", to: &text)
        if version == .v3, encryption != .none {
            text += Array("""
                Key-Derivation: \(argon2.flavour.rawValue)
                Argon2-Memory: \(argon2.memoryKiB)
                Argon2-Passes: \(argon2.passes)
                Argon2-Parallelism: \(argon2.parallelism)
                Argon2-Salt: \(hex(salt))

                """.utf8)
        }
        appendBlob(sealed, named: "Private-Lines", to: &text)
        text += Array("Private-MAC: \(hex(mac))\n".utf8)
        return SecretBytes(consuming: &text)
    }

    /// `NAME: count` and the blob in base64 lines of 64 characters.
    private static func appendBlob(_ blob: [UInt8], named name: String, to text: inout [UInt8]) {
        var base64 = Base64.encodeBytes(blob)
        defer { wipe(&base64) }
        let lines = (base64.count + base64LineLength - 1) / base64LineLength
        text += Array("\(name): \(lines)\n".utf8)
        var index = 0
        while index < base64.count {
            let stop = min(index + base64LineLength, base64.count)
            text += base64[index..<stop]
            text.append(UInt8(ascii: "\n"))
            index = stop
        }
    }

    /// How the private blob is stored.
    enum Encryption: String {
        case none = "none"
        case aes256cbc = "aes256-cbc"

        static let blockSize = 16
    }

    /// A parsed .ppk file, its private blob still as stored.
    struct Contents {
        let version: Version
        /// The header's algorithm name, as the MAC covers it.
        let algorithmName: [UInt8]
        let encryption: Encryption
        /// The comment's bytes, as the MAC covers them (PuTTYgen on Windows may write a non-UTF-8 code page).
        let commentBytes: [UInt8]
        /// The public blob as the file holds it, as the MAC covers it.
        let publicBlob: [UInt8]
        let publicKey: SSHPublicKey
        let argon2: (parameters: Argon2Parameters, salt: [UInt8])?
        /// The private blob as stored: the private key itself when the file is not encrypted.
        let storedPrivateBlob: SecretBytes
        let mac: [UInt8]

        var isEncrypted: Bool { encryption != .none }
        var comment: String { String(decoding: commentBytes, as: UTF8.self) }

        /// Reads the lines in PuTTY's order; everything but the MAC is checked here.
        init(text: [UInt8]) throws(SSHKeyError) {
            var lines = LineReader(text)
            let first = try lines.next(expecting: "PuTTY-User-Key-File-")
            guard first.starts(with: signature) else {
                throw SSHKeyError(.unsupportedFormat, "a PuTTY key file starts with \"PuTTY-User-Key-File-\"")
            }
            let afterSignature = first.dropFirst(signature.count)
            guard let colon = afterSignature.firstIndex(of: UInt8(ascii: ":")),
                  afterSignature[colon...].starts(with: Array(": ".utf8)) else {
                throw SSHKeyError(.malformed, "line 1 of the .ppk file should be \"PuTTY-User-Key-File-3: ALGORITHM\"")
            }
            let versionText = afterSignature[..<colon]
            guard let number = decimal(versionText), let version = Version(rawValue: number) else {
                throw SSHKeyError(.unsupportedFormat, "PuTTY key file version \(KeyText.printable(versionText.prefix(16))); sshauth reads versions 2 and 3 (re-save the key with a current PuTTYgen)")
            }
            self.version = version
            algorithmName = Array(afterSignature[(colon + 2)...])
            guard let algorithm = SSHKeyAlgorithm(nameBytes: algorithmName) else {
                throw SSHKeyError(.unknownKeyType, "the .ppk file holds a \(KeyText.printable(algorithmName.prefix(64))) key; sshauth reads Ed25519, ECDSA (P-256, P-384, P-521) and RSA keys")
            }

            let encryptionName = try lines.value(of: "Encryption")
            guard let encryption = Encryption(rawValue: String(decoding: encryptionName, as: UTF8.self)) else {
                throw SSHKeyError(.unsupportedCipher, "\(KeyText.printable(encryptionName.prefix(64))) (a .ppk file is encrypted with aes256-cbc or not at all)")
            }
            self.encryption = encryption
            commentBytes = Array(try lines.value(of: "Comment"))
            publicBlob = try lines.blob(named: "Public-Lines")
            let publicKey: SSHPublicKey
            do { publicKey = try SSHPublicKey(blob: publicBlob) } catch {
                throw SSHKeyError(error.kind, "in the public key of the .ppk file" + (error.detail.isEmpty ? "" : " (\(error.detail))"))
            }
            guard publicKey.algorithm == algorithm else {
                throw SSHKeyError(.typeMismatch, "the .ppk file's first line says \(algorithm.name) but its public key is \(publicKey.algorithm.name)")
            }
            self.publicKey = publicKey

            if version == .v3, encryption != .none {
                let flavourName = try lines.value(of: "Key-Derivation")
                guard let flavour = Argon2Flavour(rawValue: String(decoding: flavourName, as: UTF8.self)) else {
                    throw SSHKeyError(.unsupportedCipher, "key derivation \(KeyText.printable(flavourName.prefix(64))) (a .ppk file uses Argon2id, Argon2i or Argon2d)")
                }
                let parameters = Argon2Parameters(flavour: flavour, memoryKiB: try lines.number(of: "Argon2-Memory"),
                                                  passes: try lines.number(of: "Argon2-Passes"),
                                                  parallelism: try lines.number(of: "Argon2-Parallelism"))
                try parameters.checkMinimum()
                let saltText = try lines.value(of: "Argon2-Salt")
                guard let salt = unhex(saltText), salt.count >= 8, salt.count <= maximumSaltLength else {
                    throw SSHKeyError(.malformed, "line \(lines.lineNumber) of the .ppk file: Argon2-Salt must be 8 to \(maximumSaltLength) bytes in hexadecimal")
                }
                argon2 = (parameters, salt)
            } else {
                argon2 = nil
            }
            var stored = try lines.blob(named: "Private-Lines")
            storedPrivateBlob = SecretBytes(consuming: &stored)
            if encryption != .none {
                guard !storedPrivateBlob.isEmpty, storedPrivateBlob.count % Encryption.blockSize == 0 else {
                    throw SSHKeyError(.malformed, "the encrypted private blob of the .ppk file is not a whole number of 16-byte blocks")
                }
            }
            let macText = try lines.value(of: "Private-MAC")
            let macLength = version == .v3 ? 32 : 20
            guard let mac = unhex(macText), mac.count == macLength else {
                throw SSHKeyError(.malformed, "line \(lines.lineNumber) of the .ppk file: Private-MAC must be \(macLength * 2) hexadecimal digits")
            }
            self.mac = mac
            try lines.expectEnd()
        }

        /// Derives the keys, checks the MAC in constant time, and only then reads the private fields.
        func decrypt(passphrase given: SecretBytes?, limits: Argon2Limits) throws(SSHKeyError) -> SSHPrivateKey {
            var passphrase: SecretBytes?
            if isEncrypted {
                guard let given, !given.isEmpty else { throw SSHKeyError(.passphraseRequired) }
                passphrase = given
            }
            let material: PuTTYKeyMaterial
            switch version {
            case .v3:
                if let argon2 { try limits.check(argon2.parameters) }
                material = try PuTTYKeyMaterial.version3(passphrase: passphrase, argon2: argon2)
            case .v2:
                material = PuTTYKeyMaterial.version2(passphrase: passphrase)
            }
            var stored = storedPrivateBlob.withBytes { Array($0) }
            defer { wipe(&stored) }
            var plain = isEncrypted ? try PrivateKeyCipher.aes256cbc.apply(stored, keyAndIV: material.cipherKeyAndIV, encrypt: false) : stored
            defer { wipe(&plain) }
            let expected = try material.authenticationCode(version: version, algorithm: algorithmName, encryption: encryption.rawValue,
                                                           comment: commentBytes, publicBlob: publicBlob, privatePlain: plain)
            guard CRYPTO_memcmp(expected, mac, mac.count) == 0 else {
                throw isEncrypted
                    ? SSHKeyError(.wrongPassphrase)
                    : SSHKeyError(.malformed, "the .ppk file's Private-MAC does not match its contents, so the file was changed or damaged")
            }
            return try PuTTYPrivateBlob.key(from: plain, publicKey: publicKey, padding: isEncrypted ? Encryption.blockSize - 1 : 0,
                                            comment: comment)
        }
    }

    /// The lines of a .ppk file, ended by LF, CRLF or CR (PuTTY accepts all three).
    struct LineReader {
        private let text: [UInt8]
        private var index = 0
        /// The number of the line last read, from 1.
        private(set) var lineNumber = 0

        init(_ text: [UInt8]) {
            self.text = text
        }

        /// The next line, which must exist; `expecting` names it for the sentence when the file ends.
        mutating func next(expecting: String) throws(SSHKeyError) -> ArraySlice<UInt8> {
            guard index < text.count else {
                throw SSHKeyError(.truncated, "the .ppk file ends before its \"\(expecting)\" line")
            }
            var end = index
            while end < text.count, text[end] != UInt8(ascii: "\n"), text[end] != UInt8(ascii: "\r") {
                end += 1
                if end - index > maximumLineLength {
                    throw SSHKeyError(.malformed, "line \(lineNumber + 1) of the .ppk file is longer than \(maximumLineLength) bytes")
                }
            }
            let line = text[index..<end]
            if end < text.count {
                end += text[end] == UInt8(ascii: "\r") && end + 1 < text.count && text[end + 1] == UInt8(ascii: "\n") ? 2 : 1
            }
            index = end
            lineNumber += 1
            return line
        }

        /// The value of the next line, which must be `NAME: value`.
        mutating func value(of name: String) throws(SSHKeyError) -> ArraySlice<UInt8> {
            let line = try next(expecting: name + ":")
            let prefix = Array((name + ": ").utf8)
            guard line.starts(with: prefix) else {
                throw SSHKeyError(.malformed, "line \(lineNumber) of the .ppk file should be \"\(name): ...\", not \"\(KeyText.printable(line.prefix(40)))\"")
            }
            return line.dropFirst(prefix.count)
        }

        /// A decimal value, such as an Argon2 setting.
        mutating func number(of name: String) throws(SSHKeyError) -> Int {
            let text = try value(of: name)
            guard let number = decimal(text) else {
                throw SSHKeyError(.malformed, "line \(lineNumber) of the .ppk file: \(name) must be a whole number, not \"\(KeyText.printable(text.prefix(20)))\"")
            }
            return number
        }

        /// `NAME: count` and that many base64 lines, decoded.
        mutating func blob(named name: String) throws(SSHKeyError) -> [UInt8] {
            let count = try number(of: name)
            guard count >= 1, count <= maximumBlobLines else {
                throw SSHKeyError(.malformed, "line \(lineNumber) of the .ppk file: \(name) must be 1 to \(maximumBlobLines), not \(count)")
            }
            var blob: [UInt8] = []
            // Room for every line up front, so that growing leaves no unwiped copy behind.
            blob.reserveCapacity(count * base64LineLength / 4 * 3)
            for _ in 0..<count {
                let line = try next(expecting: "\(name) (\(count) lines of base64)")
                guard line.count <= base64LineLength, line.count % 4 == 0, !line.isEmpty,
                      let decoded = try? line.withUnsafeBufferPointer({ (buffer) throws(SSHKeyError) in try Base64.decode(buffer) }) else {
                    wipe(&blob)
                    throw SSHKeyError(.badBase64, "line \(lineNumber) of the .ppk file, one of the \(count) lines \(name) announces, is not a line of base64 of at most \(base64LineLength) characters")
                }
                var part = decoded
                blob += part
                wipe(&part)
            }
            return blob
        }

        /// Nothing may follow the MAC but empty lines.
        mutating func expectEnd() throws(SSHKeyError) {
            while index < text.count {
                let line = try next(expecting: "")
                guard line.isEmpty else {
                    throw SSHKeyError(.trailingData, "line \(lineNumber) of the .ppk file comes after its Private-MAC line, which must be the last")
                }
            }
        }
    }
}

/// A whole number written in decimal digits only (no sign, no spaces), below a billion.
private func decimal(_ text: some Collection<UInt8>) -> Int? {
    guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
    return text.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// Lower-case hexadecimal, as PuTTY writes salts and MACs.
private func hex(_ bytes: [UInt8]) -> String {
    String(decoding: bytes.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 15)]] }, as: UTF8.self)
}

/// Bytes from hexadecimal digits of either case, or nil.
private func unhex(_ text: some Collection<UInt8>) -> [UInt8]? {
    func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
    let digits = Array(text)
    guard digits.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    var index = 0
    while index < digits.count {
        guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
        bytes.append(high << 4 | low)
        index += 2
    }
    return bytes
}
