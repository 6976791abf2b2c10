import COpenSSL

/// Keys in OpenSSL's PEM encodings: PKCS#1 and SEC1 private keys (`BEGIN RSA/EC PRIVATE KEY`),
/// PKCS#8 (`BEGIN PRIVATE KEY`, `BEGIN ENCRYPTED PRIVATE KEY`), and public keys as SPKI
/// (`BEGIN PUBLIC KEY`) or PKCS#1 (`BEGIN RSA PUBLIC KEY`).
public enum PEMKeyFile {
    /// Whether the text is PEM armour of any kind.
    public static func looksLikePEM(_ text: [UInt8]) -> Bool {
        firstBeginLabel(text) != nil
    }

    /// Whether the text holds a private key (of any PEM flavour, encrypted or not).
    public static func holdsPrivateKey(_ text: [UInt8]) -> Bool {
        firstBeginLabel(text)?.hasSuffix("PRIVATE KEY") ?? false
    }

    /// Whether a passphrase is needed to read the private key.
    public static func isEncrypted(_ text: [UInt8]) -> Bool {
        guard let label = firstBeginLabel(text) else { return false }
        return label == "ENCRYPTED PRIVATE KEY" || contains(text, "Proc-Type: 4,ENCRYPTED")
    }

    /// Reads a private key. PEM keys carry no comment, so the comment is empty.
    public static func readPrivateKey(_ text: [UInt8], passphrase: SecretBytes?) throws(SSHKeyError) -> SSHPrivateKey {
        try readKey(text, passphrase: passphrase).sshPrivateKey(comment: "")
    }

    /// The OpenSSL key of a PEM private key file, whatever its type, after OpenSSL's pairwise check
    /// that its private and public halves belong together (an RSA key whose n is not p times q is
    /// refused, as OpenSSH refuses it).
    static func readKey(_ text: [UInt8], passphrase: SecretBytes?) throws(SSHKeyError) -> EVPKey {
        let key = try decodeKey(text, passphrase: passphrase)
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else { throw .openSSL("checking the PEM private key") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_pairwise_check(context) == 1 else {
            ERR_clear_error()
            throw SSHKeyError(.malformed, "the PEM private key's numbers do not belong together (OpenSSL's key check failed)")
        }
        return key
    }

    private static func decodeKey(_ text: [UInt8], passphrase: SecretBytes?) throws(SSHKeyError) -> EVPKey {
        let encrypted = isEncrypted(text)
        if encrypted, passphrase?.isEmpty ?? true { throw SSHKeyError(.passphraseRequired) }
        return try withMemoryBIO(text) { (bio) throws(SSHKeyError) -> EVPKey in
            // The callback hands OpenSSL our passphrase and never prompts: with no passphrase it fails.
            let pointer = passphrase.map { Unmanaged.passUnretained($0).toOpaque() }
            guard let key = PEM_read_bio_PrivateKey(bio, nil, supplyPassphrase, pointer) else {
                throw encrypted ? SSHKeyError(.wrongPassphrase) : .openSSL("reading the PEM private key")
            }
            return EVPKey(taking: key)
        }
    }

    /// Reads a public key from SPKI or PKCS#1 PEM.
    public static func readPublicKey(_ text: [UInt8]) throws(SSHKeyError) -> SSHPublicKey {
        let key = try withMemoryBIO(text) { (bio) throws(SSHKeyError) -> EVPKey in
            // One decoder covers both SPKI and the RSA-only PKCS#1 structure.
            var read: OpaquePointer?
            guard let decoder = OSSL_DECODER_CTX_new_for_pkey(&read, "PEM", nil, nil, cossl_selection_public_key(), nil, nil) else {
                throw .openSSL("setting up the PEM decoder")
            }
            defer { OSSL_DECODER_CTX_free(decoder) }
            guard OSSL_DECODER_from_bio(decoder, bio) == 1, let read else { throw .openSSL("reading the PEM public key") }
            return EVPKey(taking: read)
        }
        return try key.sshPublicKey()
    }

    private static func withMemoryBIO<R>(_ text: [UInt8], _ body: (OpaquePointer) throws(SSHKeyError) -> R) throws(SSHKeyError) -> R {
        let result = text.withUnsafeBytes { (raw) -> Result<R, SSHKeyError> in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return .failure(.openSSL("creating a memory BIO")) }
            defer { BIO_free(bio) }
            return Result { () throws(SSHKeyError) in try body(bio) }
        }
        return try result.get()
    }

    /// The label of the first `-----BEGIN X-----` line, if any.
    static func firstBeginLabel(_ text: [UInt8]) -> String? {
        let marker = Array("-----BEGIN ".utf8)
        guard let start = text.firstRange(of: marker)?.upperBound else { return nil }
        let tail = text[start...]
        guard let stop = tail.firstRange(of: Array("-----".utf8))?.lowerBound else { return nil }
        return String(decoding: text[start..<stop], as: UTF8.self)
    }

    private static func contains(_ text: [UInt8], _ needle: String) -> Bool {
        text.firstRange(of: Array(needle.utf8)) != nil
    }
}

/// OpenSSL's `pem_password_cb`: copies the passphrase held by a ``SecretBytes`` into OpenSSL's buffer.
private func supplyPassphrase(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int32, _ writing: Int32, _ context: UnsafeMutableRawPointer?) -> Int32 {
    guard let buffer, let context else { return -1 }
    let secret = Unmanaged<SecretBytes>.fromOpaque(context).takeUnretainedValue()
    return secret.withBytes { bytes in
        let count = min(bytes.count, Int(size))
        bytes.baseAddress.map { UnsafeMutableRawPointer(buffer).copyMemory(from: $0, byteCount: count) }
        return Int32(count)
    }
}
