import SSHKeys
import Wizard
#if canImport(Glibc)
import Glibc
#endif

extension RingListing.Entry {
    /// The facts of a certificate in a ring at `now`.
    public init(_ certificate: RingCertificate, label: String, now: time_t) {
        let publicKey = try? certificate.sshPublicKey()
        self.init(label: label, subject: certificate.subject, commonName: certificate.commonName,
                  organization: certificate.organization, organizationalUnit: certificate.organizationalUnit,
                  country: certificate.country,
                  keyAlgorithm: publicKey?.algorithm, keyBits: publicKey?.bits,
                  fingerprint: publicKey.map { Fingerprint(of: $0).description },
                  notAfter: certificate.notAfterDate.description, expiry: certificate.expiry(now: now),
                  hasPrivateKey: certificate.hasPrivateKey)
    }
}
