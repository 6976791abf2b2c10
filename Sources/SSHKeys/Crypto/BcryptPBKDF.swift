import COpenSSL

/// Why `BcryptPBKDF.deriveKey` rejected its input.
public struct BcryptPBKDFError: Error, Equatable, CustomStringConvertible {
    /// Which precondition failed.
    public enum Kind: Sendable, Equatable {
        case emptyPassphrase
        case emptySalt
        case saltTooLong
        case badRounds
        case badKeyLength
    }

    public let kind: Kind
    /// The offending input: the passphrase or salt length, the rounds, or the key length.
    public let value: Int

    public init(kind: Kind, value: Int) {
        self.kind = kind
        self.value = value
    }

    public var description: String {
        switch kind {
        case .emptyPassphrase: "bcrypt_pbkdf: the passphrase is empty"
        case .emptySalt: "bcrypt_pbkdf: the salt is empty"
        case .saltTooLong: "bcrypt_pbkdf: the salt is \(value) bytes, more than \(BcryptPBKDF.maxSaltLength)"
        case .badRounds: "bcrypt_pbkdf: \(value) rounds, at least 1 is needed"
        case .badKeyLength: "bcrypt_pbkdf: key length \(value) is not in 1...\(BcryptPBKDF.maxKeyLength)"
        }
    }
}

/// OpenSSH's `bcrypt_pbkdf`, the key derivation used by encrypted `openssh-key-v1` private keys.
///
/// It is PBKDF2-shaped, with SHA-512 plus a bcrypt-like Blowfish hash as the pseudo-random
/// function, and spreads each block's bytes across the whole key so that no part of the key
/// can be computed with less than the full work.
public enum BcryptPBKDF {
    /// The longest salt OpenSSH accepts.
    public static let maxSaltLength = 1 << 20
    /// The longest key OpenSSH will derive (32 blocks of 32 bytes).
    public static let maxKeyLength = hashLength * hashLength

    /// Size of one `bcryptHash` output.
    static let hashLength = 32
    private static let sha512Length = 64
    /// The text that `bcryptHash` encrypts, 64 times over.
    private static let magic = Array("OxychromaticBlowfishSwatDynamite".utf8)

    /// Derives `keyLength` bytes from `passphrase` and `salt` with `rounds` iterations.
    ///
    /// - Throws: `BcryptPBKDFError` when the passphrase or salt is empty, the salt is longer
    ///   than `maxSaltLength`, `rounds` is below 1, or `keyLength` is not in `1...maxKeyLength`.
    public static func deriveKey(passphrase: [UInt8], salt: [UInt8], rounds: Int, keyLength: Int) throws -> [UInt8] {
        guard !passphrase.isEmpty else { throw BcryptPBKDFError(kind: .emptyPassphrase, value: 0) }
        guard !salt.isEmpty else { throw BcryptPBKDFError(kind: .emptySalt, value: 0) }
        guard salt.count <= maxSaltLength else { throw BcryptPBKDFError(kind: .saltTooLong, value: salt.count) }
        guard rounds >= 1 else { throw BcryptPBKDFError(kind: .badRounds, value: rounds) }
        guard (1...maxKeyLength).contains(keyLength) else {
            throw BcryptPBKDFError(kind: .badKeyLength, value: keyLength)
        }

        let stride = (keyLength + hashLength - 1) / hashLength
        var amount = (keyLength + stride - 1) / stride
        var key = [UInt8](repeating: 0, count: keyLength)

        var sha2pass = [UInt8](repeating: 0, count: sha512Length)
        var sha2salt = [UInt8](repeating: 0, count: sha512Length)
        var countSalt = salt + [0, 0, 0, 0]
        var tmp = [UInt8](repeating: 0, count: hashLength)
        var out = [UInt8](repeating: 0, count: hashLength)
        defer {
            wipe(&sha2pass)
            wipe(&sha2salt)
            wipe(&countSalt)
            wipe(&tmp)
            wipe(&out)
        }
        sha512(passphrase, into: &sha2pass)

        var remaining = keyLength
        var count: UInt32 = 1
        while remaining > 0 {
            countSalt[salt.count] = UInt8(truncatingIfNeeded: count >> 24)
            countSalt[salt.count + 1] = UInt8(truncatingIfNeeded: count >> 16)
            countSalt[salt.count + 2] = UInt8(truncatingIfNeeded: count >> 8)
            countSalt[salt.count + 3] = UInt8(truncatingIfNeeded: count)

            sha512(countSalt, into: &sha2salt)
            replace(&tmp, with: bcryptHash(sha2pass: sha2pass, sha2salt: sha2salt))
            // Element-wise, so out and tmp never share (copy-on-write) storage that a wipe would miss.
            for index in 0..<hashLength {
                out[index] = tmp[index]
            }
            for _ in 1..<rounds {
                sha512(tmp, into: &sha2salt)
                replace(&tmp, with: bcryptHash(sha2pass: sha2pass, sha2salt: sha2salt))
                for index in 0..<hashLength {
                    out[index] ^= tmp[index]
                }
            }

            // Byte i of this block goes to key[i * stride + count - 1]: the blocks interleave.
            amount = min(amount, remaining)
            var written = 0
            while written < amount {
                let destination = written * stride + Int(count) - 1
                if destination >= keyLength { break }
                key[destination] = out[written]
                written += 1
            }
            remaining -= written
            count += 1
        }
        return key
    }

    /// The Blowfish-based hash at the core of `bcrypt_pbkdf`: an eksblowfish key schedule over
    /// the two 64-byte SHA-512 digests, then 64 encryptions of `magic`. Returns 32 bytes.
    static func bcryptHash(sha2pass: [UInt8], sha2salt: [UInt8]) -> [UInt8] {
        let blowfish = Blowfish()
        blowfish.expandState(data: sha2salt, key: sha2pass)
        for _ in 0..<64 {
            blowfish.expand0State(key: sha2salt)
            blowfish.expand0State(key: sha2pass)
        }

        // The magic text is whole big-endian words, so reading it cyclically never wraps.
        var cipherText = [UInt32](repeating: 0, count: hashLength / 4)
        for index in cipherText.indices {
            for byte in magic[(4 * index)..<(4 * index + 4)] {
                cipherText[index] = (cipherText[index] << 8) | UInt32(byte)
            }
        }
        cipherText.withUnsafeMutableBufferPointer { words in
            for _ in 0..<64 {
                blowfish.encipherBlocks(words)
            }
        }

        // Unlike the input, the output words are written little-endian.
        var result = [UInt8](repeating: 0, count: hashLength)
        for (index, word) in cipherText.enumerated() {
            result[4 * index] = UInt8(truncatingIfNeeded: word)
            result[4 * index + 1] = UInt8(truncatingIfNeeded: word >> 8)
            result[4 * index + 2] = UInt8(truncatingIfNeeded: word >> 16)
            result[4 * index + 3] = UInt8(truncatingIfNeeded: word >> 24)
        }
        cipherText.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
        return result
    }

    private static func sha512(_ input: [UInt8], into digest: inout [UInt8]) {
        precondition(digest.count == sha512Length)
        input.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { digest in
                _ = SHA512(input.baseAddress, input.count, digest.baseAddress)
            }
        }
    }

    /// Wipes `old` before it takes `new`'s storage, so the secret it held is not freed unwiped.
    private static func replace(_ old: inout [UInt8], with new: [UInt8]) {
        wipe(&old)
        old = new
    }

    /// Zeroes secret bytes with a wipe the optimiser cannot drop.
    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }
}
