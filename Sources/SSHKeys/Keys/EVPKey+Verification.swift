import COpenSSL

/// Checking signatures with an OpenSSL key (made from an SSH public key with `init(publicKey:)`).
extension EVPKey {
    /// Whether `signature` (in OpenSSL's encoding for this key type: raw for Ed25519, DER for
    /// ECDSA, PKCS #1 v1.5 for RSA) signs `message` with `digest` (nil for Ed25519, which hashes
    /// inside). Any failure, including a malformed signature, is "does not verify".
    func verifies(_ signature: [UInt8], of message: some ContiguousBytes, digest: DigestAlgorithm?) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit_ex(context, nil, digest?.rawValue, nil, nil, pointer, nil) == 1 else {
            ERR_clear_error()
            return false
        }
        let result = message.withUnsafeBytes { bytes in
            EVP_DigestVerify(context, signature, signature.count, bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count)
        }
        ERR_clear_error()
        return result == 1
    }
}
