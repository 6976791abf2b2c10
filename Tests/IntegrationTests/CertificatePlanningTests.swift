import AuthSetup
import Flows
import Foundation
import SSHKeys
import TestSupport
import Testing

/// The certificate flow's checks that need no target: which certificate a set-up means in an opened
/// ring, and where its public key is exported.
@Suite struct CertificatePlanningTests {
    private static let now = time(nil)

    /// A ring holding VALID (until 2099) and GONE (expired two days ago), opened from memory.
    private static func opened() throws -> OpenedRing {
        var ring = KeyRing()
        let subject = try CertificateSubject(commonName: "Planning")
        let key = try RingKeySpec(parsing: "ecdsa:256")
        try ring.add(SelfSignedCertificate.issue(label: RingLabel("VALID"), subject: subject, key: key,
                                                 notAfter: try CertificateDate(parsing: "2099-12-31").endOfDay))
        try ring.add(SelfSignedCertificate.issue(label: RingLabel("GONE"), subject: subject, key: key,
                                                 notBefore: now - 400 * 86_400, notAfter: now - 2 * 86_400))
        let password = SecretBytes(Array("pw".utf8))
        return try OpenedRing.open(path: "/rings/ring.p12", bytes: ring.pkcs12(password: password), password: password)
    }

    private static func failure(_ choice: Setup.CertificateChoice) throws -> String? {
        let ring = try opened()
        do {
            _ = try CertificatePlanning.check(choice, opened: ring, now: now)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a label in the ring is that certificate; a missing one names the labels there; an expired one needs allowExpired")
    func existing() throws {
        let ring = try Self.opened()
        #expect(ring.labels == ["VALID", "GONE"])
        let valid = try CertificatePlanning.check(Setup.CertificateChoice(ring: ring.path, label: "VALID"), opened: ring, now: Self.now)
        #expect(valid?.label?.text == "VALID")
        let missing = try Self.failure(Setup.CertificateChoice(ring: ring.path, label: "valid"))
        #expect(missing?.contains("no certificate labelled 'valid' (its labels are 'VALID', 'GONE')") == true, "\(missing ?? "")")
        let expired = try Self.failure(Setup.CertificateChoice(ring: ring.path, label: "GONE"))
        #expect(expired?.contains("expired on") == true && expired?.contains("--allow-expired") == true, "\(expired ?? "")")
        #expect(try Self.failure(Setup.CertificateChoice(ring: ring.path, label: "GONE", allowExpired: true)) == nil)
    }

    @Test("a new certificate needs a label not in the ring and answers RACF takes", arguments: [
        ("VALID", Setup.NewCertificate(commonName: "x", notAfter: "2099-01-01"), "already has a certificate labelled 'VALID'"),
        ("NEW", Setup.NewCertificate(commonName: "x", country: "USA", notAfter: "2099-01-01"), "two letters"),
        ("NEW", Setup.NewCertificate(commonName: "x", key: "rsa:1024", notAfter: "2099-01-01"), "not a key type"),
        ("NEW", Setup.NewCertificate(commonName: "x", notAfter: "2001-01-01"), "not in the future"),
        ("NEW", Setup.NewCertificate(commonName: "x", notAfter: "2099-02-30"), "not a date"),
        (String(repeating: "L", count: 33), Setup.NewCertificate(commonName: "x", notAfter: "2099-01-01"), "1 to 32"),
    ])
    func newRefused(_ label: String, _ new: Setup.NewCertificate, _ expected: String) throws {
        let sentence = try Self.failure(Setup.CertificateChoice(ring: "/rings/ring.p12", label: label, new: new))
        #expect(sentence?.contains(expected) == true, "\(sentence ?? "accepted")")
    }

    @Test("a valid new certificate is to be made (nil: nothing in the ring yet)")
    func newAccepted() throws {
        let ring = try Self.opened()
        let new = Setup.NewCertificate(commonName: "Batch", organization: "Org", country: "US", key: "ecdsa:384", notAfter: "2099-01-01")
        #expect(try CertificatePlanning.check(Setup.CertificateChoice(ring: ring.path, label: "NEW", new: new), opened: ring, now: Self.now) == nil)
    }

    @Test("the public key goes next to the ring as RING-LABEL.pub: a file holding the same line is used as it is, any other file is never replaced")
    func exportPath() throws {
        let scratch = try TemporaryDirectory()
        let ring = scratch.file("keys.p12")
        let line = "ecdsa-sha2-nistp256 AAAA MY CERT\n"
        #expect(CertificateExport.path(ring: ring, label: "MY CERT", line: line) == (scratch.file("keys-MY_CERT.pub"), false))
        _ = try scratch.write("keys-MY_CERT.pub", line, mode: 0o644)
        #expect(CertificateExport.path(ring: ring, label: "MY CERT", line: line) == (scratch.file("keys-MY_CERT.pub"), true))
        let other = CertificateExport.path(ring: ring, label: "MY CERT", line: "ssh-ed25519 BBBB other\n")
        #expect(other == (scratch.file("keys-MY_CERT-2.pub"), false))
    }
}
