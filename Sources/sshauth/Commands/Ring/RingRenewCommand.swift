import ArgumentParser
import AuthSetup
import SSHKeys

/// `sshauth ring renew`: the same key in a new self-signed certificate with a later end of validity.
struct RingRenewCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Re-issue a ring certificate with the same key and a new last day of validity.",
        discussion: """
            The renewed certificate keeps the subject and the key pair, gets a new serial number \
            and is valid from now until the end (23:59:59 UTC) of --not-after. Because the key is \
            unchanged, the exported SSH public key is too: every authorized_keys entry that holds \
            it stays valid. (On z/OS the same is done with RACDCERT GENREQ and GENCERT of that \
            request, before the certificate expires; a REKEY makes a new key, which every target \
            would have to be given again.) The ring is rewritten under a lock on its directory, \
            and only if the certificate is still the one that was read; a ring path that is a \
            symbolic link updates the file it points to.
            """
    )

    @OptionGroup var selection: RingSelection
    @OptionGroup var password: RingPasswordOptions

    @Option(name: .customLong("not-after"), help: ArgumentHelp("New last day of validity, YYYY-MM-DD; must be in the future.", valueName: "date"))
    var notAfter: String

    func execute() throws(CommandFailure) {
        let reference = try selection.resolve(needsLabel: true)
        let label = reference.label ?? ""
        let lastDay: CertificateDate
        do { lastDay = try CertificateDate(parsing: notAfter).requireFuture() } catch {
            throw CommandFailure(error.description + "; give a later --not-after. Nothing was written.")
        }
        let bytes: [UInt8]
        do { try RingFile.checkDirectory(reference.path) } catch { throw RingFailure.sentence(error, path: reference.path) }
        do { bytes = try LocalFile.readAll(reference.path) } catch { throw CommandFailure(error.description + " Nothing was written.") }
        let secret = try password.read(for: reference.path, newRing: false)
        let ring: KeyRing
        do { ring = try RingFile.open(bytes, path: reference.path, password: secret) } catch {
            throw RingFailure.sentence(error, path: reference.path)
        }
        let renewed: RingCertificate
        let old: RingCertificate
        do {
            old = try ring.certificate(labelled: label)
            renewed = try SelfSignedCertificate.renew(old, notAfter: lastDay.endOfDay)
        } catch {
            throw RingFailure.sentence(error, path: reference.path)
        }
        // Renewed only if the certificate is still the one read above: a renewal by another command
        // meanwhile is not silently replaced.
        do {
            try RingFile.update(reference.path, password: secret) { (_, current) throws(RingFileError) in
                let now: RingCertificate
                do throws(KeyRingError) { now = try current.certificate(labelled: label) } catch { throw .ring(error) }
                guard now.notAfter == old.notAfter, now.notBefore == old.notBefore, now.subject == old.subject else {
                    throw .file(LocalFileError(.changedMeanwhile, path: reference.path))
                }
                do throws(KeyRingError) { try current.replace(renewed) } catch { throw .ring(error) }
            }
        } catch {
            throw RingFailure.sentence(error, path: reference.path)
        }
        let fingerprint = (try? renewed.sshPublicKey()).map { Fingerprint(of: $0).description } ?? "?"
        Console.out("""
            Renewed '\(label)' in \(reference.path): valid until \(renewed.notAfterDate) (was \(old.notAfterDate)).
            The key is the same (\(fingerprint)), so the SSH public key and every authorized_keys entry holding it stay valid.

            """)
    }
}
