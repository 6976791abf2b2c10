import ArgumentParser
import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth ring list`: what a ring holds and how long each certificate stays valid (RACDCERT LISTRING).
struct RingListCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List a ring's certificates: label, subject, key, SSH fingerprint, last day of validity (like RACDCERT LISTRING).",
        discussion: """
            Certificates with \(RingCertificate.warningDays) days or fewer left are marked for renewal; \
            expired ones are marked EXPIRED. Fingerprints are those 'ssh-keygen -l' prints for the \
            exported public key.
            """
    )

    @OptionGroup var selection: RingSelection
    @OptionGroup var password: RingPasswordOptions

    @Flag(help: "Print the list as JSON.")
    var json = false

    func execute() throws(CommandFailure) {
        let reference = try selection.resolve(needsLabel: false)
        let bytes: [UInt8]
        do { bytes = try LocalFile.readAll(reference.path) } catch { throw CommandFailure(error.description) }
        let secret = try password.read(for: reference.path, newRing: false)
        let ring: KeyRing
        do { ring = try RingFile.open(bytes, path: reference.path, password: secret) } catch {
            throw RingFailure.sentence(error, path: reference.path, nothingWritten: false)
        }
        let now = time(nil)
        let rows = ring.certificates.filter { reference.label == nil || $0.label?.text == reference.label }.map { Row($0, now: now) }
        if let label = reference.label, rows.isEmpty {
            throw RingFailure.sentence(KeyRingError(.unknownLabel, label), path: reference.path, nothingWritten: false)
        }
        if json {
            Console.out(JSONText.encode(rows) + "\n")
            return
        }
        Console.out("\(reference.path): \(rows.count) certificate\(rows.count == 1 ? "" : "s")\n")
        for row in rows { Console.out(row.text(ring: reference.path)) }
    }

    /// One certificate as listed.
    private struct Row: Encodable {
        let label: String?
        let subject: String
        let key_type: String?
        let bits: Int?
        let fingerprint: String?
        let has_private_key: Bool
        let not_after: String
        let days_left: Int
        let expiring_soon: Bool
        let expired: Bool
        private let keyProblem: String?

        init(_ certificate: RingCertificate, now: time_t) {
            label = certificate.label?.text
            subject = certificate.subject
            has_private_key = certificate.hasPrivateKey
            not_after = certificate.notAfterDate.description
            switch certificate.expiry(now: now) {
            case .valid(let days): (days_left, expiring_soon, expired) = (days, false, false)
            case .expiringSoon(let days): (days_left, expiring_soon, expired) = (days, true, false)
            case .expired(let daysAgo): (days_left, expiring_soon, expired) = (-daysAgo, false, true)
            }
            do {
                let key = try certificate.sshPublicKey()
                (key_type, bits, fingerprint, keyProblem) = (key.algorithm.name, key.bits, Fingerprint(of: key).description, nil)
            } catch {
                (key_type, bits, fingerprint, keyProblem) = (nil, nil, nil, error.description)
            }
        }

        private enum CodingKeys: String, CodingKey {
            case label, subject, key_type, bits, fingerprint, has_private_key, not_after, days_left, expiring_soon, expired
        }

        func text(ring: String) -> String {
            let name = label ?? "(no label)"
            var lines = ["", name]
            lines.append("  subject:     \(subject)")
            if let key_type, let bits, let fingerprint, let algorithm = SSHKeyAlgorithm(name: key_type) {
                lines.append("  key:         \(algorithm.shortName) \(bits) bits\(has_private_key ? "" : " (public key only: no private key in the ring)")")
                lines.append("  fingerprint: \(fingerprint)")
            } else {
                lines.append("  key:         not usable with SSH (\(keyProblem ?? "unknown type"))")
            }
            let renew = label.map { "sshauth ring renew \(RingCommandText.reference(ring, $0)) --not-after YYYY-MM-DD" } ?? "sshauth ring renew"
            if expired {
                let ago = -days_left
                lines.append("  not after:   \(not_after)  !!! EXPIRED \(ago == 0 ? "today" : "\(ago) day\(ago == 1 ? "" : "s") ago") !!! renew it: \(renew)")
            } else if expiring_soon {
                lines.append("  not after:   \(not_after)  (\(days_left) day\(days_left == 1 ? "" : "s") left: EXPIRES SOON, renew it: \(renew))")
            } else {
                lines.append("  not after:   \(not_after)  (\(days_left) days left)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
