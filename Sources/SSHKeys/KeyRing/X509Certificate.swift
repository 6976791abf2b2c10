import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Owns one OpenSSL `X509` and frees it when the last reference goes.
///
/// The only type that holds OpenSSL certificate objects; ``RingCertificate`` and the ring code
/// work through it.
final class X509Certificate: @unchecked Sendable {
    // Never mutated after it is fully built and signed, and never shared outside this class's
    // users in this module, hence @unchecked Sendable.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_free(pointer)
    }

    /// Reads one DER-encoded certificate; the whole input must be the certificate.
    convenience init?(der: [UInt8]) {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            guard let certificate = d2i_X509(nil, &cursor, buffer.count) else { return nil }
            guard cursor == buffer.baseAddress.map({ $0 + buffer.count }) else {
                X509_free(certificate)
                return nil
            }
            return certificate
        }
        guard let parsed else {
            ERR_clear_error()
            return nil
        }
        self.init(taking: parsed)
    }

    /// Reads the first certificate of PEM text.
    convenience init?(pem: [UInt8]) {
        let parsed: OpaquePointer? = pem.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_X509(bio, nil, nil, nil)
        }
        guard let parsed else {
            ERR_clear_error()
            return nil
        }
        self.init(taking: parsed)
    }

    /// The DER encoding.
    func der() throws(KeyRingError) -> [UInt8] {
        let length = i2d_X509(pointer, nil)
        guard length > 0 else { throw .openSSL("encoding the certificate") }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(pointer, &cursor)
        }
        guard written == length else { throw .openSSL("encoding the certificate") }
        return bytes
    }

    /// The public key, as an owned key object.
    func publicKey() throws(KeyRingError) -> EVPKey {
        guard let key = X509_get_pubkey(pointer) else { throw .openSSL("reading the certificate's public key") }
        return EVPKey(taking: key)
    }

    /// Whether `key` is the private half of this certificate's public key.
    func matches(_ key: EVPKey) -> Bool {
        let result = X509_check_private_key(pointer, key.pointer) == 1
        ERR_clear_error()
        return result
    }

    var notBefore: time_t? { Self.instant(X509_get0_notBefore(pointer)) }
    var notAfter: time_t? { Self.instant(X509_get0_notAfter(pointer)) }

    /// The subject as `CN=..., OU=..., O=..., C=...`: most specific first (RFC 4514 order), with
    /// RACF's names T and SP for title and state. Values are escaped as RFC 4514 asks, so a value
    /// holding `, O=...` cannot pass for another field; members of one RDN are joined with `+`.
    var subjectText: String {
        guard let name = X509_get_subject_name(pointer) else { return "" }
        var relativeNames: [[String]] = []
        var lastSet: Int32?
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index) else { continue }
            let nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry))
            let key: String
            switch nid {
            case NID_title: key = "T"
            case NID_stateOrProvinceName: key = "SP"
            default: key = OBJ_nid2sn(nid).map { String(cString: $0) } ?? "?"
            }
            let attribute = "\(key)=\(Self.escapedDistinguishedNameValue(Self.text(UnsafePointer(X509_NAME_ENTRY_get_data(entry)))))"
            let set = X509_NAME_ENTRY_set(entry)
            if set == lastSet, !relativeNames.isEmpty {
                relativeNames[relativeNames.count - 1].append(attribute)
            } else {
                relativeNames.append([attribute])
            }
            lastSet = set
        }
        return relativeNames.reversed().map { $0.joined(separator: "+") }.joined(separator: ", ")
    }

    /// An attribute value escaped as RFC 4514 section 2.4 asks: `"+,;<>\` with a backslash, a
    /// leading `#` or space and a trailing space likewise, and control bytes as `\XX`.
    static func escapedDistinguishedNameValue(_ value: String) -> String {
        let bytes = Array(value.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            let special = "\"+,;<>\\".utf8.contains(byte)
            let leading = index == 0 && (byte == UInt8(ascii: "#") || byte == UInt8(ascii: " "))
            let trailing = index == bytes.count - 1 && byte == UInt8(ascii: " ")
            if byte < 0x20 || byte == 0x7F {
                let digits = Array("0123456789ABCDEF".utf8)
                out += [UInt8(ascii: "\\"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            } else if special || leading || trailing {
                out += [UInt8(ascii: "\\"), byte]
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The subject's common name, or nil when it has none.
    var commonName: String? { subjectValue(NID_commonName) }

    /// The first value of one subject field (an `NID_*` of OpenSSL), or nil when the subject has none.
    func subjectValue(_ nid: Int32) -> String? {
        guard let name = X509_get_subject_name(pointer) else { return nil }
        let index = X509_NAME_get_index_by_NID(name, nid, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index) else { return nil }
        return Self.text(UnsafePointer(X509_NAME_ENTRY_get_data(entry)))
    }

    /// The UTF-8 text of a name entry's value.
    private static func text(_ value: UnsafePointer<ASN1_STRING>?) -> String {
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, value)
        guard length >= 0, let utf8 else {
            ERR_clear_error()
            return ""
        }
        defer { CRYPTO_free(utf8, #fileID, #line) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    private static func instant(_ time: UnsafePointer<ASN1_TIME>?) -> time_t? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return timegm(&parts)
    }
}
