import ArgumentParser
import AuthSetup
import SSHKeys

/// `sshauth ring create`: a self-signed certificate with a new key, added to a ring (RACDCERT GENCERT).
struct RingCreateCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a self-signed certificate with a new key and add it to a ring (like RACDCERT GENCERT).",
        discussion: """
            The subject fields follow RACF's limits: CN, O, OU and T at most 64 characters, L and SP \
            at most 128, C exactly two letters; the label is 1-32 characters. The certificate is \
            valid from now until the end (23:59:59 UTC) of --not-after, by default one year from \
            today. A ring that does not exist is created with mode 0600; an existing ring is \
            rewritten as a whole new file that replaces the old one, never half-written. A label \
            already in the ring is refused. The ring's directory, and every directory above it, \
            must be owned by you or root and not writable by others. Commands updating one ring \
            at once take turns (each locks the ring's directory), and each adds its certificate \
            to the ring as it is then; a ring path that is a symbolic link updates the file it \
            points to.
            """
    )

    @OptionGroup var selection: RingSelection
    @OptionGroup var password: RingPasswordOptions

    @OptionGroup var subject: SubjectOptions

    @Option(name: .customLong("key"), help: ArgumentHelp("Key: rsa:2048 (default), rsa:3072, rsa:4096, ecdsa:256, ecdsa:384 or ecdsa:521.", valueName: "type:size"))
    var key: String = RingKeySpec.default.description

    @Option(name: .customLong("not-after"), help: ArgumentHelp("Last day of validity, YYYY-MM-DD (default: one year from today).", valueName: "date"))
    var notAfter: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func execute() throws(CommandFailure) {
        let reference = try selection.resolve(needsLabel: true)
        // Everything the user typed is checked before any file or password is touched.
        let label: RingLabel, subject: CertificateSubject, spec: RingKeySpec, lastDay: CertificateDate
        do {
            label = try RingLabel(reference.label ?? "")
            subject = try CertificateSubject(commonName: self.subject.commonName, title: self.subject.title,
                                             organizationalUnit: self.subject.organizationalUnit, organization: self.subject.organization,
                                             locality: self.subject.locality, stateOrProvince: self.subject.stateOrProvince,
                                             country: self.subject.country)
            spec = try RingKeySpec(parsing: key)
            lastDay = try notAfter.map { (text) throws(KeyRingError) in try CertificateDate(parsing: text).requireFuture() }
                ?? CertificateDate.today().adding(years: 1)
        } catch {
            throw CommandFailure(error.description + "; nothing was written.")
        }

        let existing: [UInt8]?
        do {
            try RingFile.checkDirectory(reference.path)
            existing = try RingFile.contents(reference.path)
        } catch {
            throw RingFailure.sentence(error, path: reference.path)
        }
        let secret = try password.read(for: reference.path, newRing: existing == nil)
        var ring = KeyRing()
        if let existing {
            do { ring = try RingFile.open(existing, path: reference.path, password: secret) } catch {
                throw RingFailure.sentence(error, path: reference.path)
            }
        }
        if ring.certificates.contains(where: { $0.label == label }) {
            throw RingFailure.sentence(KeyRingError(.labelExists, label.text), path: reference.path)
        }

        let certificate: RingCertificate
        do {
            certificate = try SelfSignedCertificate.issue(label: label, subject: subject, key: spec, notAfter: lastDay.endOfDay)
            try ring.add(certificate)
        } catch {
            throw RingFailure.sentence(error, path: reference.path)
        }
        // Another command may have changed the ring while the key was made: the certificate goes
        // into the ring as it is now, under the ring's lock.
        let newRing: Bool
        do {
            newRing = try RingFile.update(reference.path, password: secret) { (_, current) throws(RingFileError) in
                do throws(KeyRingError) { try current.add(certificate) } catch { throw .ring(error) }
            }
        } catch {
            throw RingFailure.sentence(error, path: reference.path)
        }
        try report(certificate, reference: reference, newRing: newRing)
    }

    private func report(_ certificate: RingCertificate, reference: RingReference, newRing: Bool) throws(CommandFailure) {
        let publicKey: SSHPublicKey
        do { publicKey = try certificate.sshPublicKey() } catch { throw CommandFailure(error.description + ".") }
        let label = certificate.label?.text ?? ""
        let fingerprint = Fingerprint(of: publicKey)
        if json {
            struct Result: Encodable {
                let ring: String
                let label: String
                let subject: String
                let key_type: String
                let bits: Int
                let not_after: String
                let fingerprint: String
                let new_ring: Bool
            }
            Console.out(JSONText.encode(Result(ring: reference.path, label: label, subject: certificate.subject,
                                               key_type: publicKey.algorithm.name, bits: publicKey.bits,
                                               not_after: certificate.notAfterDate.description,
                                               fingerprint: fingerprint.description, new_ring: newRing)) + "\n")
            return
        }
        let ringWords = newRing ? "the new ring \(reference.path) (mode 0600)" : "the ring \(reference.path)"
        Console.out("""
            Created the self-signed certificate '\(label)' in \(ringWords).
              subject:     \(certificate.subject)
              key:         \(publicKey.algorithm.shortName) \(publicKey.bits) bits
              fingerprint: \(fingerprint)
              not after:   \(certificate.notAfterDate) (23:59:59 UTC)
            Next: export its SSH public key with 'sshauth ring export \(RingCommandText.reference(reference.path, label))'.

            """)
    }
}
