import COpenSSL

/// A key ring kept in a PKCS#12 file: labelled certificates, each with its private key, protected by
/// one ring password. The stand-in for a RACF key ring on systems without RACF.
///
/// Each certificate carries its label as the PKCS#12 friendlyName. PKCS12_create/PKCS12_parse know
/// only one labelled key and certificate, so the file is built and read bag by bag: certificates in
/// one encrypted safe, private keys as shrouded key bags in another, each key tied to its
/// certificate by a localKeyID. The ciphers are OpenSSL 3's defaults (AES-256-CBC with PBKDF2 and
/// HMAC-SHA256, SHA-256 MAC), so `openssl pkcs12` reads the file without `-legacy`.
public struct KeyRing: Sendable {
    /// The certificates in file order.
    public private(set) var certificates: [RingCertificate]
    /// Private keys in the file that belong to no certificate (a ring made by other tools). sshauth
    /// keeps only certificates with their keys, so it will not write such a ring back.
    public let unpairedKeys: Int

    /// An empty ring, for a file that does not exist yet.
    public init() {
        certificates = []
        unpairedKeys = 0
    }

    /// Opens PKCS#12 bytes with the ring password.
    public init(pkcs12 bytes: [UInt8], password: SecretBytes, name: String) throws(KeyRingError) {
        let reader = try PKCS12Reader(bytes, name: name)
        (certificates, unpairedKeys) = try RingPassword.with(password) { (pass) throws(KeyRingError) in try reader.certificates(password: pass, name: name) }
    }

    /// The certificate with exactly this label (case and blanks count, as in RACF).
    public func certificate(labelled label: String) throws(KeyRingError) -> RingCertificate {
        guard let found = certificates.first(where: { $0.label?.text == label }) else { throw KeyRingError(.unknownLabel, label) }
        return found
    }

    /// Adds a certificate whose label is not in the ring yet.
    public mutating func add(_ certificate: RingCertificate) throws(KeyRingError) {
        guard let label = certificate.label else { throw KeyRingError(.invalidLabel, "") }
        guard !certificates.contains(where: { $0.label == label }) else { throw KeyRingError(.labelExists, label.text) }
        certificates.append(certificate)
    }

    /// Puts `certificate` in the place of the one with the same label.
    public mutating func replace(_ certificate: RingCertificate) throws(KeyRingError) {
        guard let index = certificates.firstIndex(where: { $0.label != nil && $0.label == certificate.label }) else {
            throw KeyRingError(.unknownLabel, certificate.label?.text ?? "")
        }
        certificates[index] = certificate
    }

    /// The ring as PKCS#12 bytes protected by `password`.
    public func pkcs12(password: SecretBytes) throws(KeyRingError) -> [UInt8] {
        guard unpairedKeys == 0 else { throw KeyRingError(.unpairedKeys, String(unpairedKeys)) }
        return try RingPassword.with(password) { (pass) throws(KeyRingError) in try PKCS12Writer.encode(certificates, password: pass) }
    }
}

/// The ring password as the NUL-terminated string OpenSSL's PKCS#12 functions take (some of them
/// have no length parameter), in a buffer that is wiped as soon as the call returns.
enum RingPassword {
    static func with<R>(_ password: SecretBytes, _ body: (UnsafePointer<CChar>) throws(KeyRingError) -> R) throws(KeyRingError) -> R {
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: password.count + 1)
        defer {
            OPENSSL_cleanse(buffer.baseAddress, buffer.count)
            buffer.deallocate()
        }
        let hasNul = password.withBytes { bytes in
            for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
            return bytes.contains(0)
        }
        // A NUL would silently cut the password short; and OpenSSL treats the empty password specially.
        guard !hasNul, !password.isEmpty else { throw KeyRingError(.unusablePassword) }
        buffer[password.count] = 0
        return try body(UnsafePointer(buffer.baseAddress!))
    }
}
