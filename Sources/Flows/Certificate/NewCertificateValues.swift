import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// A new certificate's answers checked by the RACF rules the ring commands use: label, subject,
/// key type and a last day of validity after today.
public struct NewCertificateValues: Sendable {
    public let label: RingLabel
    public let subject: CertificateSubject
    public let key: RingKeySpec
    public let notAfter: CertificateDate

    public init(_ new: Setup.NewCertificate, label: String, now: time_t = time(nil)) throws(KeyRingError) {
        self.label = try RingLabel(label)
        subject = try CertificateSubject(commonName: new.commonName, organizationalUnit: new.organizationalUnit,
                                         organization: new.organization, country: new.country)
        key = try RingKeySpec(parsing: new.key)
        notAfter = try CertificateDate(parsing: new.notAfter).requireFuture(now: now)
    }

    /// The key type as a person reads it: `RSA 2048`, `ECDSA P-256`.
    public var keyDescription: String {
        key.algorithm == .rsa ? "RSA \(key.bits)" : "ECDSA P-\(key.bits)"
    }
}
