import COpenSSL

/// The public half of a private key file as `ssh-keygen -l` lists it when no `.pub` lies beside it.
///
/// ssh-keygen first loads the whole key without a passphrase and takes its comment; when that
/// fails (the key is encrypted, or its private part is damaged or of a kind it does not load) it
/// falls back to the public key in the openssh-key-v1 envelope, which it reads without judging
/// the rest of the file, and prints "no comment". DSA and FIDO security-key files are listed the
/// same way; sshauth never uses their private halves.
public enum PrivateKeyListing {
    /// The key and, when the whole file was readable without a passphrase, its comment's bytes
    /// (OpenSSH does not require them to be UTF-8; the listing escapes what is not printable).
    public static func publicHalf(_ text: [UInt8]) throws(SSHKeyError) -> (key: any FingerprintedKey, comment: [UInt8]?) {
        guard OpenSSHPrivateKeyFile.looksLikeOne(text) else {
            do {
                let (key, comment) = try PrivateKeyFile.publicHalf(text)
                return (key, comment.map { Array($0.utf8) })
            } catch where error.kind == .unknownKeyType && PEMKeyFile.holdsPrivateKey(text) {
                return (try dsaKey(ofPEM: text), nil)
            }
        }
        if let (key, comment) = try? PrivateKeyFile.publicHalf(text) { return (key, comment.map { Array($0.utf8) }) }
        let envelope = try Envelope(text: text)
        let key = try anyKey(envelope.publicBlob)
        return (key, envelope.isPlain ? try? envelope.comment(matching: key) : nil)
    }

    /// A public key of any kind a fingerprint listing shows, from its wire blob.
    static func anyKey(_ blob: [UInt8]) throws(SSHKeyError) -> any FingerprintedKey {
        do {
            return try SSHPublicKey(blob: blob)
        } catch where error.kind == .unknownKeyType {
            var reader = SSHWireReader(blob)
            let typeName = String(decoding: try reader.readString(), as: UTF8.self)
            if typeName == DSAPublicKey.typeName { return try DSAPublicKey(blob: blob) }
            if SecurityKeyPublicKey.Kind(rawValue: typeName) != nil { return try SecurityKeyPublicKey(blob: blob) }
            throw error
        }
    }

    /// A PEM DSA private key's public half (`BEGIN DSA PRIVATE KEY` or PKCS#8), read by OpenSSL.
    private static func dsaKey(ofPEM text: [UInt8]) throws(SSHKeyError) -> DSAPublicKey {
        let key = try PEMKeyFile.readKey(text, passphrase: nil)
        guard EVP_PKEY_is_a(key.pointer, "DSA") == 1 else {
            throw SSHKeyError(.unknownKeyType, "the key is not RSA, ECDSA on P-256/384/521, Ed25519 or DSA")
        }
        var writer = SSHWireWriter()
        writer.writeString(DSAPublicKey.typeName)
        for name in [OSSL_PKEY_PARAM_FFC_P, OSSL_PKEY_PARAM_FFC_Q, OSSL_PKEY_PARAM_FFC_G, OSSL_PKEY_PARAM_PUB_KEY] {
            writer.writePositiveMPInt(try key.bigNumber(name))
        }
        return try DSAPublicKey(blob: writer.bytes)
    }

    /// The openssh-key-v1 envelope as ssh-keygen's fallback reads it: the armour, the magic, three
    /// strings it skips (cipher, KDF, KDF options), exactly one key, and that key's blob.
    struct Envelope {
        let publicBlob: [UInt8]
        /// Whether the file says it is not encrypted, as OpenSSH needs it to load the key without a
        /// passphrase: cipher and KDF "none", no KDF options.
        let isPlain: Bool
        /// What follows the public key: the private section's string when the file is whole.
        let rest: [UInt8]

        init(text: [UInt8]) throws(SSHKeyError) {
            guard let endIndex = OpenSSHPrivateKeyFile.indexOfEndMarker(in: text) else {
                throw SSHKeyError(.truncated, "the \"-----END OPENSSH PRIVATE KEY-----\" line is missing")
            }
            var decoded = try OpenSSHPrivateKeyFile.decodedBody(text, endIndex: endIndex)
            defer { wipe(&decoded) }
            var reader = SSHWireReader(decoded)
            defer { reader.wipe() }
            guard (try? reader.readBytes(OpenSSHPrivateKeyFile.magic.count))?.elementsEqual(OpenSSHPrivateKeyFile.magic) == true else {
                throw SSHKeyError(.unsupportedFormat, "the key data does not start with the openssh-key-v1 magic")
            }
            let cipher = try reader.readString()
            let kdf = try reader.readString()
            let kdfOptions = try reader.readString()
            guard try reader.readUInt32() == 1 else { throw SSHKeyError(.malformed, "the file must hold exactly one key") }
            publicBlob = Array(try reader.readString())
            isPlain = cipher.elementsEqual("none".utf8) && kdf.elementsEqual("none".utf8) && kdfOptions.isEmpty
            rest = Array(reader.readRest())
        }

        /// The comment of an unencrypted file whose private section is whole and holds the
        /// envelope's key: the check values, the key's fields, the comment and the padding, read as
        /// OpenSSH reads them for listing. This is looser than loading the key for use (the
        /// Ed25519 secret's copy of the public key, for one, is not compared), as ssh-keygen is.
        func comment(matching key: any FingerprintedKey) throws(SSHKeyError) -> [UInt8] {
            var outer = SSHWireReader(rest)
            var reader = SSHWireReader(Array(try outer.readString()))
            defer { reader.wipe() }
            guard outer.isAtEnd, try reader.readUInt32() == reader.readUInt32() else { throw SSHKeyError(.malformed, "the check values differ") }
            let typeName = Array(try reader.readString())
            var inner = SSHWireWriter()
            inner.writeString(typeName)
            switch String(decoding: typeName, as: UTF8.self) {
            case SSHKeyAlgorithm.ed25519.name:
                inner.writeString(try reader.readString())
                guard try reader.readString().count == 64 else { throw SSHKeyError(.malformed, "an Ed25519 secret must be 64 bytes") }
            case SSHKeyAlgorithm.ecdsaP256.name, SSHKeyAlgorithm.ecdsaP384.name, SSHKeyAlgorithm.ecdsaP521.name:
                for _ in 0..<2 { inner.writeString(try reader.readString()) } // curve, point
                _ = try reader.readPositiveMPInt() // the private scalar
            case SSHKeyAlgorithm.rsa.name:
                // OpenSSH refuses a negative number in any of them.
                let n = try reader.readPositiveMPInt(), e = try reader.readPositiveMPInt()
                inner.writePositiveMPInt(e)
                inner.writePositiveMPInt(n)
                for _ in 0..<4 { _ = try reader.readPositiveMPInt() } // d, iqmp, p, q
            case DSAPublicKey.typeName:
                for _ in 0..<4 { inner.writePositiveMPInt(try reader.readPositiveMPInt()) }
                _ = try reader.readPositiveMPInt() // x
            case SecurityKeyPublicKey.Kind.ed25519.rawValue:
                for _ in 0..<2 { inner.writeString(try reader.readString()) } // key, application
                _ = try reader.readBytes(1) // flags
                for _ in 0..<2 { _ = try reader.readString() } // key handle, reserved
            case SecurityKeyPublicKey.Kind.ecdsaP256.rawValue:
                for _ in 0..<3 { inner.writeString(try reader.readString()) } // curve, point, application
                _ = try reader.readBytes(1)
                for _ in 0..<2 { _ = try reader.readString() }
            default:
                throw SSHKeyError(.unknownKeyType)
            }
            guard try PrivateKeyListing.anyKey(inner.bytes).blob == key.blob else {
                throw SSHKeyError(.malformed, "the private key does not match the public key in the file")
            }
            let (comment, _) = SSHPublicKey.withoutFinalNUL(try reader.readString())
            guard !comment.contains(0) else { throw SSHKeyError(.malformed, "a NUL byte inside the comment") }
            for (index, byte) in reader.readRest().enumerated() where byte != UInt8(truncatingIfNeeded: index + 1) {
                throw SSHKeyError(.malformed, "the padding of the private section is wrong")
            }
            return Array(comment)
        }
    }
}
