import COpenSSL

/// Writes keys in OpenSSL's PEM encodings: a private key as PKCS#8 (`BEGIN PRIVATE KEY`, or with a
/// passphrase `BEGIN ENCRYPTED PRIVATE KEY`), a public key as SubjectPublicKeyInfo (`BEGIN PUBLIC
/// KEY`, what `ssh-keygen -e -m PKCS8` writes). ``PEMKeyFile`` reads them back.
///
/// OpenSSH 9.2 reads RSA and ECDSA keys in these forms but not Ed25519 ones (neither the private
/// key nor `ssh-keygen -i` on the public one); OpenSSL reads all three.
public enum PKCS8KeyFile {
    /// The private key as PKCS#8 PEM. With a non-empty passphrase it is encrypted as OpenSSL 3
    /// does by default: PBES2, PBKDF2 with HMAC-SHA256 and a random salt, AES-256-CBC.
    /// The key's comment is not kept: PKCS#8 has no place for it.
    public static func encode(_ key: SSHPrivateKey, passphrase: SecretBytes?) throws(SSHKeyError) -> SecretBytes {
        let openSSLKey = try EVPKey(privateKey: key)
        return try withSecureBIO { (bio) throws(SSHKeyError) in
            let written: Int32
            if let passphrase, !passphrase.isEmpty {
                written = passphrase.withBytes { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { text in
                        PEM_write_bio_PKCS8PrivateKey(bio, openSSLKey.pointer, EVP_aes_256_cbc(),
                                                      text.baseAddress, Int32(text.count), nil, nil)
                    }
                }
            } else {
                written = PEM_write_bio_PKCS8PrivateKey(bio, openSSLKey.pointer, nil, nil, 0, nil, nil)
            }
            guard written == 1 else { throw .openSSL("writing the PKCS#8 private key") }
        }
    }

    /// The public key as a PEM SubjectPublicKeyInfo.
    public static func encodePublic(_ key: SSHPublicKey) throws(SSHKeyError) -> [UInt8] {
        let openSSLKey = try EVPKey(publicKey: key)
        let text = try withSecureBIO { (bio) throws(SSHKeyError) in
            guard PEM_write_bio_PUBKEY(bio, openSSLKey.pointer) == 1 else { throw .openSSL("writing the public key") }
        }
        return text.withBytes { Array($0) }
    }

    /// Runs `body` on a memory BIO whose buffer OpenSSL wipes when it is freed, and returns what
    /// was written into it.
    private static func withSecureBIO(_ body: (OpaquePointer) throws(SSHKeyError) -> Void) throws(SSHKeyError) -> SecretBytes {
        guard let bio = BIO_new(BIO_s_secmem()) else { throw .openSSL("creating a memory BIO") }
        defer { BIO_free(bio) }
        try body(bio)
        var start: UnsafeMutablePointer<CChar>?
        let length = cossl_bio_get_mem_data(bio, &start)
        guard length > 0, let start else { throw .openSSL("reading the encoded key") }
        return SecretBytes(UnsafeRawBufferPointer(start: start, count: Int(length)))
    }
}
