import COpenSSL

/// Reads a PKCS#12 file bag by bag, keeping each certificate's friendlyName and matching private
/// keys to certificates by localKeyID (or, for files without one, by the key itself).
final class PKCS12Reader {
    private let pkcs12: OpaquePointer

    /// Parses the outer structure; fails for anything that is not PKCS#12.
    init(_ bytes: [UInt8], name: String) throws(KeyRingError) {
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_PKCS12(nil, &cursor, buffer.count)
        }
        guard let parsed else {
            ERR_clear_error()
            throw KeyRingError(.notAKeyRing, name)
        }
        pkcs12 = parsed
    }

    deinit {
        PKCS12_free(pkcs12)
    }

    /// A bag's content before certificates and keys are paired.
    private struct Certificate {
        let label: String?
        let keyID: [UInt8]?
        let certificate: X509Certificate
    }

    private struct Key {
        let keyID: [UInt8]?
        let label: String?
        let key: EVPKey
    }

    /// The labelled certificates, and how many private keys matched none of them.
    func certificates(password: UnsafePointer<CChar>, name: String) throws(KeyRingError) -> (certificates: [RingCertificate], unpairedKeys: Int) {
        // The MAC is checked first: it is what tells a wrong password from a damaged file.
        let hasMAC = PKCS12_mac_present(pkcs12) == 1
        if hasMAC {
            guard PKCS12_verify_mac(pkcs12, password, -1) == 1 else {
                ERR_clear_error()
                throw KeyRingError(.wrongPassword, name)
            }
        }
        guard let safes = PKCS12_unpack_authsafes(pkcs12) else { throw corrupt("its contents cannot be decoded") }
        defer { OPENSSL_sk_pop_free(safes) { PKCS7_free($0?.assumingMemoryBound(to: PKCS7.self)) } }
        var certificates: [Certificate] = []
        var keys: [Key] = []
        for safe in OpenSSLStack.elements(safes) {
            let p7 = UnsafeMutablePointer<PKCS7>(safe)
            let bags: OpaquePointer?
            switch OBJ_obj2nid(p7.pointee.type) {
            case NID_pkcs7_data: bags = PKCS12_unpack_p7data(p7)
            case NID_pkcs7_encrypted: bags = PKCS12_unpack_p7encdata(p7, password, -1)
            default: continue
            }
            // Without a MAC, a safe that does not decrypt most likely means a wrong password.
            guard let bags else { throw hasMAC ? corrupt("a safe cannot be decrypted with the ring password") : KeyRingError(.wrongPassword, name) }
            defer { OPENSSL_sk_pop_free(bags) { PKCS12_SAFEBAG_free(OpaquePointer($0)) } }
            try collect(bags, password: password, certificates: &certificates, keys: &keys)
        }
        return pair(certificates, keys)
    }

    private func collect(_ bags: OpaquePointer, password: UnsafePointer<CChar>,
                         certificates: inout [Certificate], keys: inout [Key]) throws(KeyRingError) {
        for bag in OpenSSLStack.elements(bags) {
            switch PKCS12_SAFEBAG_get_nid(bag) {
            case NID_certBag:
                // Certificate bags may hold other things (SDSI certificates); only X.509 ones matter here.
                guard PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate else { continue }
                guard let x509 = PKCS12_SAFEBAG_get1_cert(bag) else { throw corrupt("a certificate cannot be decoded") }
                certificates.append(Certificate(label: friendlyName(bag), keyID: localKeyID(bag), certificate: X509Certificate(taking: x509)))
            case NID_pkcs8ShroudedKeyBag:
                guard let info = PKCS12_decrypt_skey_ex(bag, password, -1, nil, nil) else {
                    throw corrupt("a private key cannot be decrypted with the ring password")
                }
                defer { PKCS8_PRIV_KEY_INFO_free(info) }
                keys.append(Key(keyID: localKeyID(bag), label: friendlyName(bag), key: try privateKey(info)))
            case NID_keyBag:
                guard let info = PKCS12_SAFEBAG_get0_p8inf(bag) else { throw corrupt("a private key cannot be decoded") }
                keys.append(Key(keyID: localKeyID(bag), label: friendlyName(bag), key: try privateKey(info)))
            case NID_safeContentsBag:
                if let nested = PKCS12_SAFEBAG_get0_safes(bag) {
                    try collect(nested, password: password, certificates: &certificates, keys: &keys)
                }
            default:
                continue
            }
        }
    }

    /// Each certificate with its key: the one with the same localKeyID, else the one that matches it.
    private func pair(_ certificates: [Certificate], _ keys: [Key]) -> (certificates: [RingCertificate], unpairedKeys: Int) {
        var unused = keys
        let paired = certificates.map { entry in
            var index = entry.keyID.flatMap { id in unused.firstIndex { $0.keyID == id } }
            if index == nil { index = unused.firstIndex { entry.certificate.matches($0.key) } }
            let key = index.map { unused.remove(at: $0) }
            let label = entry.label ?? key?.label
            return RingCertificate(label: label.map(RingLabel.init(stored:)), certificate: entry.certificate, privateKey: key?.key)
        }
        return (paired, unused.count)
    }

    private func privateKey(_ info: OpaquePointer) throws(KeyRingError) -> EVPKey {
        guard let key = EVP_PKCS82PKEY_ex(info, nil, nil) else { throw corrupt("a private key cannot be decoded") }
        return EVPKey(taking: key)
    }

    private func friendlyName(_ bag: OpaquePointer) -> String? {
        guard let name = PKCS12_get_friendlyname(bag) else { return nil }
        defer { CRYPTO_free(name, #fileID, #line) }
        return String(cString: name)
    }

    private func localKeyID(_ bag: OpaquePointer) -> [UInt8]? {
        guard let attribute = PKCS12_SAFEBAG_get0_attr(bag, NID_localKeyID) else { return nil }
        var bytes = [UInt8](repeating: 0, count: 64)
        let length = ASN1_TYPE_get_octetstring(attribute, &bytes, Int32(bytes.count))
        guard length > 0 else { return nil }
        return Array(bytes.prefix(min(Int(length), bytes.count)))
    }

    private func corrupt(_ detail: String) -> KeyRingError {
        ERR_clear_error()
        return KeyRingError(.corrupt, detail)
    }
}
