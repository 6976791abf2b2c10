import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// One certificate of a key ring: its label, the X.509 certificate and, when the ring holds it, the
/// private key. What RACF calls a certificate connected to a ring with USAGE(PERSONAL).
public struct RingCertificate: Sendable {
    /// The label (PKCS#12 friendlyName); nil for a certificate stored without one.
    public let label: RingLabel?
    let certificate: X509Certificate
    let privateKey: EVPKey?

    init(label: RingLabel?, certificate: X509Certificate, privateKey: EVPKey?) {
        self.label = label
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// Reads a lone certificate from PEM (`BEGIN CERTIFICATE`) or DER bytes; it has no label and no private key.
    public init(certificateFile bytes: [UInt8], name: String) throws(KeyRingError) {
        let read = PEMKeyFile.looksLikePEM(bytes) ? X509Certificate(pem: bytes) : X509Certificate(der: bytes)
        guard let read else { throw KeyRingError(.notAKeyRing, name) }
        self.init(label: nil, certificate: read, privateKey: nil)
    }

    /// Whether the ring holds the private key, so the certificate can log in (not only be exported).
    public var hasPrivateKey: Bool { privateKey != nil }

    /// The subject, most specific field first: `CN=..., OU=..., O=..., C=...`.
    public var subject: String { certificate.subjectText }

    /// The subject's CN, if any.
    public var commonName: String? { certificate.commonName }

    /// The subject's O (organization), if any.
    public var organization: String? { certificate.subjectValue(NID_organizationName) }

    /// The subject's OU (organizational unit), if any.
    public var organizationalUnit: String? { certificate.subjectValue(NID_organizationalUnitName) }

    /// The subject's C (country), if any.
    public var country: String? { certificate.subjectValue(NID_countryName) }

    /// The end of the validity period (0 if the certificate carries none OpenSSL can read).
    public var notAfter: time_t { certificate.notAfter ?? 0 }

    /// The start of the validity period.
    public var notBefore: time_t { certificate.notBefore ?? 0 }

    /// The UTC day on which validity ends, as `ring list` shows it.
    public var notAfterDate: CertificateDate { CertificateDate(containing: notAfter) }

    /// The certificate's public key as SSH sees it: what `authorized_keys` must hold.
    public func sshPublicKey() throws(KeyRingError) -> SSHPublicKey {
        do {
            return try certificate.publicKey().sshPublicKey()
        } catch let error as KeyRingError {
            throw error
        } catch {
            throw KeyRingError(.unusableKey, "\(error)")
        }
    }

    /// The private key with the label as its comment, for an agent.
    public func sshPrivateKey() throws(KeyRingError) -> SSHPrivateKey {
        guard let privateKey else { throw KeyRingError(.noPrivateKey, label?.text ?? subject) }
        do {
            return try privateKey.sshPrivateKey(comment: label?.text ?? commonName ?? "")
        } catch {
            throw KeyRingError(.unusableKey, "\(error)")
        }
    }

    /// The certificate in DER, as `openssl x509 -inform DER` reads it.
    public func derCertificate() throws(KeyRingError) -> [UInt8] {
        try certificate.der()
    }

    /// How close the end of validity is.
    public enum Expiry: Sendable, Equatable {
        /// More than ``RingCertificate/warningDays`` days left.
        case valid(daysLeft: Int)
        /// Still valid, but for ``RingCertificate/warningDays`` days or fewer: time to renew.
        case expiringSoon(daysLeft: Int)
        /// Validity has ended; renewing now still keeps the key, but every use fails until then.
        case expired(daysAgo: Int)
    }

    /// Certificates with this many days or fewer left are marked for renewal.
    public static let warningDays = 30

    /// Where the certificate stands at `now`. Days are whole days, rounded down.
    public func expiry(now: time_t = time(nil)) -> Expiry {
        let remaining = Int(notAfter) - Int(now)
        guard remaining >= 0 else { return .expired(daysAgo: (-remaining) / 86_400) }
        let days = remaining / 86_400
        return days <= Self.warningDays ? .expiringSoon(daysLeft: days) : .valid(daysLeft: days)
    }

    /// Whether validity has ended at `now`.
    public func isExpired(now: time_t = time(nil)) -> Bool {
        if case .expired = expiry(now: now) { return true }
        return false
    }
}
