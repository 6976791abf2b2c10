import COpenSSL

/// Writes labelled certificates and their keys as one PKCS#12 file.
enum PKCS12Writer {
    static func encode(_ certificates: [RingCertificate], password: UnsafePointer<CChar>) throws(KeyRingError) -> [UInt8] {
        var certificateBags: OpaquePointer?
        var keyBags: OpaquePointer?
        defer {
            if let certificateBags { OPENSSL_sk_pop_free(certificateBags) { PKCS12_SAFEBAG_free(OpaquePointer($0)) } }
            if let keyBags { OPENSSL_sk_pop_free(keyBags) { PKCS12_SAFEBAG_free(OpaquePointer($0)) } }
        }
        for entry in certificates {
            // The certificate's SHA-1 is what OpenSSL itself uses as localKeyID: unique per certificate.
            var keyID = DigestAlgorithm.sha1.hash(try entry.certificate.der())
            guard let bag = PKCS12_add_cert(&certificateBags, entry.certificate.pointer) else { throw .openSSL("storing a certificate") }
            try label(bag, entry.label)
            guard let key = entry.privateKey else { continue }
            guard PKCS12_add_localkeyid(bag, &keyID, Int32(keyID.count)) == 1 else { throw .openSSL("tying a certificate to its key") }
            guard let keyBag = PKCS12_add_key_ex(&keyBags, key.pointer, 0, PKCS12_DEFAULT_ITER, NID_aes_256_cbc, password, nil, nil) else {
                throw .openSSL("encrypting a private key")
            }
            try label(keyBag, entry.label)
            guard PKCS12_add_localkeyid(keyBag, &keyID, Int32(keyID.count)) == 1 else { throw .openSSL("tying a key to its certificate") }
        }

        var safes: OpaquePointer?
        defer { if let safes { OPENSSL_sk_pop_free(safes) { PKCS7_free($0?.assumingMemoryBound(to: PKCS7.self)) } } }
        if let certificateBags {
            guard PKCS12_add_safe_ex(&safes, certificateBags, NID_aes_256_cbc, PKCS12_DEFAULT_ITER, password, nil, nil) == 1 else {
                throw .openSSL("encrypting the certificates")
            }
        }
        // The key bags are already encrypted one by one, so their safe is plain data (as OpenSSL does it).
        if let keyBags {
            guard PKCS12_add_safe_ex(&safes, keyBags, -1, 0, nil, nil, nil) == 1 else { throw .openSSL("storing the keys") }
        }
        if safes == nil {
            safes = OPENSSL_sk_new_null()
            guard safes != nil else { throw .openSSL("making an empty ring") }
        }
        guard let pkcs12 = PKCS12_add_safes_ex(safes, 0, nil, nil) else { throw .openSSL("assembling the ring") }
        defer { PKCS12_free(pkcs12) }
        guard PKCS12_set_mac(pkcs12, password, -1, nil, 0, PKCS12_DEFAULT_ITER, EVP_sha256()) == 1 else {
            throw .openSSL("protecting the ring with a MAC")
        }
        let length = i2d_PKCS12(pkcs12, nil)
        guard length > 0 else { throw .openSSL("encoding the ring") }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_PKCS12(pkcs12, &cursor)
        }
        guard written == length else { throw .openSSL("encoding the ring") }
        return bytes
    }

    private static func label(_ bag: OpaquePointer, _ label: RingLabel?) throws(KeyRingError) {
        guard let label else { return }
        guard PKCS12_add_friendlyname_utf8(bag, label.text, -1) == 1 else { throw .openSSL("labelling a bag") }
    }
}
