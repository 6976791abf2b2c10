import Glibc
import Testing
import SSHKeys

/// Rings written and read back, renewal, and expiry, at the library level.
@Suite struct KeyRingTests {
    static let password = SecretBytes(Array("ring password".utf8))
    static let day: time_t = 86_400

    static func issue(_ label: String, _ spec: String = "rsa:2048", notBefore: time_t = time(nil), notAfter: time_t = time(nil) + 400 * day) throws -> RingCertificate {
        try SelfSignedCertificate.issue(label: RingLabel(label), subject: CertificateSubject(commonName: "cn-\(label)", organization: "My Company", country: "US"),
                                        key: RingKeySpec(parsing: spec), notBefore: notBefore, notAfter: notAfter)
    }

    /// The agent's add-identity message: it holds every private field, so equal messages mean equal keys.
    static func privateMaterial(_ certificate: RingCertificate) throws -> SecretBytes {
        SSHAgentMessage.addIdentity(try certificate.sshPrivateKey(), lifetime: nil)
    }

    @Test("two labelled certificates survive the PKCS#12 round trip with their keys, subjects and dates")
    func roundTrip() throws {
        let rsa = try Self.issue("MY-CERT")
        let ecdsa = try Self.issue("second cert", "ecdsa:384")
        var ring = KeyRing()
        try ring.add(rsa)
        try ring.add(ecdsa)
        let bytes = try ring.pkcs12(password: Self.password)
        let read = try KeyRing(pkcs12: bytes, password: Self.password, name: "ring.p12")
        #expect(read.certificates.map { $0.label?.text } == ["MY-CERT", "second cert"])
        for original in [rsa, ecdsa] {
            let copy = try read.certificate(labelled: original.label!.text)
            #expect(try copy.sshPublicKey() == original.sshPublicKey())
            #expect(try Self.privateMaterial(copy) == Self.privateMaterial(original))
            #expect(copy.subject == "CN=cn-\(original.label!.text), O=My Company, C=US")
            #expect(copy.notAfter == original.notAfter)
            #expect(copy.hasPrivateKey)
        }
        #expect(try read.certificate(labelled: "second cert").sshPublicKey().algorithm == .ecdsaP384)
        // The keys are different keys: pairing by localKeyID did not mix them up.
        #expect(try rsa.sshPublicKey() != ecdsa.sshPublicKey())
    }

    @Test("a wrong password, bytes that are not PKCS#12 and an unknown label are told apart")
    func failures() throws {
        var ring = KeyRing()
        try ring.add(try Self.issue("only", "ecdsa:256"))
        let bytes = try ring.pkcs12(password: Self.password)
        #expect(throws: KeyRingError(.wrongPassword, "r.p12")) {
            try KeyRing(pkcs12: bytes, password: SecretBytes(Array("wrong".utf8)), name: "r.p12")
        }
        #expect(throws: KeyRingError(.notAKeyRing, "r.p12")) {
            try KeyRing(pkcs12: Array(bytes.prefix(bytes.count / 2)), password: Self.password, name: "r.p12")
        }
        #expect(throws: KeyRingError(.notAKeyRing, "r.p12")) {
            try KeyRing(pkcs12: Array("not a ring at all".utf8), password: Self.password, name: "r.p12")
        }
        let read = try KeyRing(pkcs12: bytes, password: Self.password, name: "r.p12")
        #expect(throws: KeyRingError(.unknownLabel, "ONLY")) { try read.certificate(labelled: "ONLY") }
        // OpenSSL would cut a password at a NUL byte without a word; it is refused instead.
        #expect(throws: KeyRingError(.unusablePassword)) { try ring.pkcs12(password: SecretBytes([0x61, 0, 0x62])) }
    }

    @Test("a label already in the ring is refused")
    func duplicateLabel() throws {
        var ring = KeyRing()
        try ring.add(try Self.issue("same", "ecdsa:256"))
        #expect(throws: KeyRingError(.labelExists, "same")) { try ring.add(try Self.issue("same", "ecdsa:256")) }
        #expect(ring.certificates.count == 1)
    }

    @Test("renewal keeps the key and the subject and moves the validity period")
    func renewal() throws {
        let now = time(nil)
        let old = try Self.issue("renew-me", notBefore: now - 300 * Self.day, notAfter: now + 5 * Self.day)
        let newEnd = try CertificateDate(parsing: "2031-06-30")
        let renewed = try SelfSignedCertificate.renew(old, notAfter: newEnd.endOfDay, now: now)
        #expect(try renewed.sshPublicKey() == old.sshPublicKey())
        #expect(try Self.privateMaterial(renewed) == Self.privateMaterial(old))
        #expect(renewed.subject == old.subject)
        #expect(renewed.label == old.label)
        #expect(renewed.notAfterDate == newEnd)
        #expect(renewed.notBefore == now)
        #expect(old.notAfter == now + 5 * Self.day)
        #expect(try renewed.derCertificate() != old.derCertificate())

        var ring = KeyRing()
        try ring.add(old)
        try ring.replace(renewed)
        let read = try KeyRing(pkcs12: try ring.pkcs12(password: Self.password), password: Self.password, name: "r")
        #expect(read.certificates.count == 1)
        #expect(try read.certificate(labelled: "renew-me").notAfterDate == newEnd)
    }

    @Test("expiry: more than 30 days is valid, 10 days left is marked, a past end is expired")
    func expiry() throws {
        let now = time(nil)
        let fresh = try Self.issue("fresh", "ecdsa:256", notAfter: now + 31 * Self.day + 3600)
        let soon = try Self.issue("soon", "ecdsa:256", notAfter: now + 10 * Self.day + 3600)
        let expired = try Self.issue("expired", "ecdsa:256", notBefore: now - 400 * Self.day, notAfter: now - 3 * Self.day - 3600)
        #expect(fresh.expiry(now: now) == .valid(daysLeft: 31))
        #expect(soon.expiry(now: now) == .expiringSoon(daysLeft: 10))
        #expect(expired.expiry(now: now) == .expired(daysAgo: 3))
        #expect(expired.isExpired(now: now) && !soon.isExpired(now: now))
        // The marks survive the file: they come from the certificate, not from anything kept aside.
        var ring = KeyRing()
        for certificate in [fresh, soon, expired] { try ring.add(certificate) }
        let read = try KeyRing(pkcs12: try ring.pkcs12(password: Self.password), password: Self.password, name: "r")
        #expect(try read.certificate(labelled: "expired").expiry(now: now) == .expired(daysAgo: 3))
        #expect(try read.certificate(labelled: "soon").expiry(now: now) == .expiringSoon(daysLeft: 10))
    }

    @Test("a lone certificate reads from PEM and DER without a password, with the ring certificate's key")
    func loneCertificate() throws {
        let certificate = try Self.issue("lone", "ecdsa:521")
        let der = try certificate.derCertificate()
        let fromDER = try RingCertificate(certificateFile: der, name: "c.der")
        #expect(try fromDER.sshPublicKey() == certificate.sshPublicKey())
        #expect(!fromDER.hasPrivateKey && fromDER.label == nil && fromDER.commonName == "cn-lone")
        let pem = "-----BEGIN CERTIFICATE-----\n" + Base64.encode(der).chunked(64) + "-----END CERTIFICATE-----\n"
        #expect(try RingCertificate(certificateFile: Array(pem.utf8), name: "c.pem").sshPublicKey() == certificate.sshPublicKey())
        #expect(throws: KeyRingError(.notAKeyRing, "junk")) { try RingCertificate(certificateFile: Array("junk".utf8), name: "junk") }
    }

    @Test("the agent message: framed, type 25 with a lifetime, the key's fields, the comment, then the constraint")
    func agentMessage() throws {
        let key = try Self.issue("agent-label", "ecdsa:256").sshPrivateKey()
        let message = SSHAgentMessage.addIdentity(key, lifetime: 600).withBytes { Array($0) }
        let length = message.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        #expect(length == message.count - 4)
        #expect(message[4] == 25)
        #expect(Array(message.suffix(5)) == [1, 0, 0, 0x02, 0x58])
        let comment = Array("agent-label".utf8)
        #expect(Array(message.dropLast(5).suffix(comment.count)) == comment)
        let plain = SSHAgentMessage.addIdentity(key, lifetime: nil).withBytes { Array($0) }
        #expect(plain[4] == 17 && plain.count == message.count - 5)
        #expect(SSHAgentMessage.reply([6]) == .success && SSHAgentMessage.reply([5]) == .failure && SSHAgentMessage.reply([12]) == .unexpected(12))
    }
}

extension String {
    /// The string cut into lines of `width` characters, each ending in a newline.
    fileprivate func chunked(_ width: Int) -> String {
        var result = ""
        var line = ""
        for character in self {
            line.append(character)
            if line.count == width {
                result += line + "\n"
                line = ""
            }
        }
        return line.isEmpty ? result : result + line + "\n"
    }
}
