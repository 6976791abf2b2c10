import ArgumentParser
import AuthSetup
import SSHKeys

/// Which ring and certificate: `RING:LABEL`, or `--ring FILE` with `--label LABEL`.
struct RingSelection: ParsableArguments {
    @Argument(help: ArgumentHelp("The certificate as RING:LABEL (split at the first colon), or the ring file alone with --label.", valueName: "ring:label"))
    var reference: String?

    @Option(name: .customLong("ring"), help: ArgumentHelp("The ring file (PKCS#12).", valueName: "file"))
    var ring: String?

    @Option(name: .customLong("label"), help: ArgumentHelp("The certificate's label in the ring (1-32 characters; case and blanks count).", valueName: "label"))
    var label: String?

    /// The ring and label; `needsLabel` refuses a reference without one.
    func resolve(needsLabel: Bool) throws(CommandFailure) -> RingReference {
        let reference: RingReference
        do {
            reference = try RingReference.resolve(argument: self.reference, ring: ring, label: label)
        } catch {
            throw CommandFailure(error.description)
        }
        if needsLabel, reference.label == nil {
            throw CommandFailure("no label given for the ring \(reference.path); write RING:LABEL or add --label LABEL ('sshauth ring list --ring \(reference.path)' shows the labels).")
        }
        return reference
    }
}

/// Where the ring password comes from: a protected file, an inherited descriptor, or the terminal.
struct RingPasswordOptions: ParsableArguments {
    @Option(name: .customLong("ring-password-file"), help: ArgumentHelp("Read the ring password from this file (must be yours, mode 0600 or 0400).", valueName: "file"))
    var file: String?

    @Option(name: .customLong("ring-password-fd"), help: ArgumentHelp("Read the ring password from this inherited file descriptor.", valueName: "n"))
    var descriptor: Int32?

    func validate() throws {
        if file != nil, descriptor != nil {
            throw ValidationError("--ring-password-file and --ring-password-fd are two sources for one password; give one.")
        }
    }

    /// Where these options say the password comes from.
    var origin: Setup.SecretOrigin {
        if let file { return .file(file) }
        if let descriptor { return .descriptor(descriptor) }
        return .ask
    }

    /// Reads the password. On a terminal a new ring's password is asked twice.
    func read(for path: String, newRing: Bool) throws(CommandFailure) -> SecretBytes {
        try Self.read(origin, for: path, newRing: newRing)
    }

    /// Reads a ring password from `origin`; asking needs a terminal, and a new ring's is asked twice.
    static func read(_ origin: Setup.SecretOrigin, for path: String, newRing: Bool) throws(CommandFailure) -> SecretBytes {
        let source: SecretSource
        switch origin {
        case .file(let file): source = .file(file)
        case .descriptor(let fd): source = .descriptor(fd)
        case .ask:
            guard Console.stdinIsTerminal else {
                throw CommandFailure("no ring password source and no terminal to ask on: pass --ring-password-file FILE (mode 0600) or --ring-password-fd N.")
            }
            let typed: SecretBytes
            if newRing {
                typed = try PassphrasePrompt.askTwice("New ring password for \(path): ", again: "Same ring password again: ", what: "ring password")
            } else {
                guard let once = PassphrasePrompt.ask("Ring password for \(path): ") else { throw CommandFailure("cannot read the ring password: there is no terminal.") }
                typed = once
            }
            guard !typed.isEmpty else { throw CommandFailure("the ring password is empty; a ring needs one. Nothing was written.") }
            return typed
        }
        do { return try source.read() } catch { throw CommandFailure(error.description) }
    }
}

/// Sentences for ring problems, each naming the input and what to do.
enum RingFailure {
    static func sentence(_ error: RingFileError, path: String, nothingWritten: Bool = true) -> CommandFailure {
        let tail = nothingWritten ? " Nothing was written." : ""
        switch error {
        case .file(let problem):
            return CommandFailure(problem.description + tail)
        case .ring(let problem):
            return sentence(problem, path: path, nothingWritten: nothingWritten)
        }
    }

    static func sentence(_ error: KeyRingError, path: String, nothingWritten: Bool = true) -> CommandFailure {
        let tail = nothingWritten ? " Nothing was written." : ""
        let advice: String
        switch error.kind {
        case .wrongPassword: advice = "; give the password the ring was made with."
        case .unknownLabel: advice = " \(path); 'sshauth ring list --ring \(path)' shows the labels (case and blanks count)."
        case .labelExists: advice = " \(path); choose another label, or renew that certificate with 'sshauth ring renew'."
        case .notAKeyRing: advice = "; name a ring made by 'sshauth ring create' or 'openssl pkcs12 -export', or a PEM/DER certificate."
        case .corrupt: advice = " (\(path)); restore it from a copy."
        case .noPrivateKey: advice = " (in \(path)); only its public key can be exported."
        default: advice = "."
        }
        return CommandFailure(error.description + advice + tail)
    }

    /// An expired certificate used where a valid one is needed.
    static func expired(_ certificate: RingCertificate, name: String, path: String) -> CommandFailure {
        let renew = certificate.label.map { "sshauth ring renew \(RingCommandText.reference(path, $0.text)) --not-after YYYY-MM-DD" } ?? "sshauth ring renew"
        return CommandFailure("the certificate '\(name)' in \(path) expired on \(certificate.notAfterDate); renew it with '\(renew)' (the key stays the same), or pass --allow-expired. Nothing was written.")
    }
}

/// Renders ring references for the commands a user can copy.
enum RingCommandText {
    /// `RING:LABEL`, shell-quoted when needed.
    static func reference(_ path: String, _ label: String) -> String {
        ShellQuoting.quote("\(path):\(label)")
    }
}
