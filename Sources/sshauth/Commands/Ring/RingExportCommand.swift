import ArgumentParser
import AuthSetup
import SSHKeys

/// `sshauth ring export`: the certificate's public key as an OpenSSH line, what
/// `_ZOS_SSH_KEY_RING_LABEL="RING LABEL" ssh-keygen -y` prints on z/OS.
struct RingExportCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print a ring certificate's public key as an OpenSSH line for authorized_keys (like z/OS ssh-keygen -y).",
        discussion: """
            The line's comment is the label. Instead of a ring, a PEM or DER certificate file may \
            be named (no password is needed then). An expired certificate is refused unless \
            --allow-expired: renew it first, which keeps the key and so the exported line.
            """
    )

    @OptionGroup var selection: RingSelection
    @OptionGroup var password: RingPasswordOptions

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the line to this file (mode 0644) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Replace an existing -o file.")
    var force = false

    @Flag(name: .customLong("allow-expired"), help: "Export the key of an expired certificate too.")
    var allowExpired = false

    func execute() throws(CommandFailure) {
        let reference = try selection.resolve(needsLabel: false)
        let bytes: [UInt8]
        do { bytes = try LocalFile.readAll(reference.path) } catch { throw CommandFailure(error.description + " Nothing was written.") }
        let certificate: RingCertificate
        if let lone = try? RingCertificate(certificateFile: bytes, name: reference.path) {
            certificate = lone
        } else {
            guard let label = reference.label else {
                throw CommandFailure("no label given for the ring \(reference.path); write RING:LABEL or add --label LABEL ('sshauth ring list --ring \(reference.path)' shows the labels).")
            }
            let secret = try password.read(for: reference.path, newRing: false)
            let ring: KeyRing
            do { ring = try RingFile.open(bytes, path: reference.path, password: secret) } catch {
                throw RingFailure.sentence(error, path: reference.path)
            }
            do { certificate = try ring.certificate(labelled: label) } catch { throw RingFailure.sentence(error, path: reference.path) }
        }
        let name = reference.label ?? certificate.label?.text ?? certificate.commonName ?? ""
        if !allowExpired, certificate.isExpired() {
            throw RingFailure.expired(certificate, name: name, path: reference.path)
        }
        let line: PublicKeyLine
        do { line = PublicKeyLine(key: try certificate.sshPublicKey(), comment: name) } catch {
            throw RingFailure.sentence(error, path: reference.path)
        }
        guard let output else {
            Console.out(line.text + "\n")
            return
        }
        do {
            try SafeFileWriter.write(Array((line.text + "\n").utf8), to: output, mode: 0o644, replace: force)
        } catch where error.kind == .exists {
            throw CommandFailure("\(output) already exists; pass --force to replace it, or choose another file with -o. Nothing was written.")
        } catch {
            throw CommandFailure(error.description)
        }
        Console.out("Wrote the public key of '\(name)' (\(Fingerprint(of: line.key))) to \(output).\n")
    }
}
