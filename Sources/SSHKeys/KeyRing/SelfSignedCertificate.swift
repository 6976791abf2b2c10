import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Issues self-signed X.509 certificates: the analogue of `RACDCERT GENCERT` without SIGNWITH, and
/// of a same-key renewal (GENREQ of the existing label, then GENCERT of that request).
public enum SelfSignedCertificate {
    /// A new key of `key`'s kind and a version 3 certificate for it, valid from `notBefore` to
    /// `notAfter`. The times are taken as given, so a caller can also make certificates that have
    /// already expired (tests) — the command line checks dates before it gets here.
    public static func issue(label: RingLabel, subject: CertificateSubject, key spec: RingKeySpec,
                             notBefore: time_t = time(nil), notAfter: time_t) throws(KeyRingError) -> RingCertificate {
        let key = try spec.generate()
        guard let certificate = X509_new() else { throw .openSSL("creating a certificate") }
        let owned = X509Certificate(taking: certificate)
        let name = try subject.makeName()
        defer { X509_NAME_free(name) }
        // Version 3 (the value is zero-based), so that the extensions below are allowed.
        guard X509_set_version(certificate, 2) == 1,
              X509_set_subject_name(certificate, name) == 1,
              X509_set_issuer_name(certificate, name) == 1,
              X509_set_pubkey(certificate, key.pointer) == 1 else {
            throw .openSSL("filling in the certificate")
        }
        try setSerialAndValidity(certificate, notBefore: notBefore, notAfter: notAfter)
        try addExtension(certificate, NID_basic_constraints, "critical,CA:FALSE")
        try addExtension(certificate, NID_key_usage, "critical,digitalSignature")
        try addExtension(certificate, NID_subject_key_identifier, "hash")
        try sign(certificate, with: key)
        return RingCertificate(label: label, certificate: owned, privateKey: key)
    }

    /// The same certificate issued again with the same key and subject, a new serial number, valid
    /// from `now` to `notAfter`. The SSH public key is unchanged, so every authorized_keys line
    /// that holds it keeps working.
    public static func renew(_ old: RingCertificate, notAfter: time_t, now: time_t = time(nil)) throws(KeyRingError) -> RingCertificate {
        guard let key = old.privateKey else { throw KeyRingError(.noPrivateKey, old.label?.text ?? old.subject) }
        guard let certificate = X509_dup(old.certificate.pointer) else { throw .openSSL("copying the certificate") }
        let owned = X509Certificate(taking: certificate)
        // Whoever signed the old one, the renewed certificate is self-signed: issuer = subject, and an
        // authority key identifier pointing at another signer would be wrong.
        guard X509_set_issuer_name(certificate, X509_get_subject_name(certificate)) == 1 else {
            throw .openSSL("making the certificate self-signed")
        }
        let authorityKeyID = X509_get_ext_by_NID(certificate, NID_authority_key_identifier, -1)
        if authorityKeyID >= 0 { X509_EXTENSION_free(X509_delete_ext(certificate, authorityKeyID)) }
        try setSerialAndValidity(certificate, notBefore: now, notAfter: notAfter)
        try sign(certificate, with: key)
        return RingCertificate(label: old.label, certificate: owned, privateKey: key)
    }

    /// A random positive 127-bit serial (RFC 5280 allows up to 20 octets) and the validity period.
    private static func setSerialAndValidity(_ certificate: OpaquePointer, notBefore: time_t, notAfter: time_t) throws(KeyRingError) {
        var random = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&random, Int32(random.count)) == 1 else { throw .openSSL("drawing a serial number") }
        random[0] &= 0x7F
        guard let number = BN_bin2bn(random, Int32(random.count), nil) else { throw .openSSL("making a serial number") }
        defer { BN_free(number) }
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate)) != nil else { throw .openSSL("setting the serial number") }
        guard ASN1_TIME_set(X509_getm_notBefore(certificate), notBefore) != nil,
              ASN1_TIME_set(X509_getm_notAfter(certificate), notAfter) != nil else {
            throw .openSSL("setting the validity period")
        }
    }

    private static func addExtension(_ certificate: OpaquePointer, _ nid: Int32, _ value: String) throws(KeyRingError) {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, certificate, certificate, nil, nil, 0)
        guard let extensionValue = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
            throw .openSSL("making the \(String(cString: OBJ_nid2sn(nid))) extension")
        }
        defer { X509_EXTENSION_free(extensionValue) }
        guard X509_add_ext(certificate, extensionValue, -1) == 1 else { throw .openSSL("adding an extension") }
    }

    /// Signs with the digest that matches the key's strength (SHA-256 for RSA and P-256, SHA-384 and
    /// SHA-512 for the larger curves), as RACF does for NISTECC.
    private static func sign(_ certificate: OpaquePointer, with key: EVPKey) throws(KeyRingError) {
        let digest: OpaquePointer?
        switch key.sshAlgorithm {
        case .ecdsaP384: digest = EVP_sha384()
        case .ecdsaP521: digest = EVP_sha512()
        case .ed25519: digest = nil
        default: digest = EVP_sha256()
        }
        guard X509_sign(certificate, key.pointer, digest) > 0 else { throw .openSSL("signing the certificate") }
    }
}
