import Wizard
import AuthSetup
import Flows
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// The wizard's side of mechanism 4: open a ring for the certificate list, turn the chosen
/// certificate into the flow's set-up and its plan into the review and result, and save the z/OS
/// artifacts. The plan itself is the flow's (`CertificatePlanning`), as for `sshauth ring install`.
/// Each failure comes back as one sentence.
enum CertificateSetup {
    /// Reads and opens the ring; a missing file is a new, empty ring whose password must have been typed twice.
    static func open(path: String, password: TypedSecret, confirmation: TypedSecret, now: time_t) -> (OpenedRing?, EffectResult) {
        let bytes: [UInt8]?
        do { bytes = try RingFile.contents(path) } catch { return (nil, .failed(sentence(error, path: path))) }
        if bytes == nil {
            let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
            guard LocalFile.exists(directory.isEmpty ? "/" : directory) else {
                return (nil, .failed("The directory of \(path) does not exist; give a ring file in an existing directory. Nothing was written."))
            }
            guard password == confirmation else {
                return (nil, .ringRefused("Not the same as the password above; type it again.", field: .confirmation))
            }
        }
        let opened: OpenedRing
        do { opened = try OpenedRing.open(path: path, bytes: bytes, password: password.secret) } catch {
            return (nil, .failed(sentence(error, path: path)))
        }
        let entries = opened.ring.certificates.compactMap { certificate in
            certificate.label.map { RingListing.Entry(certificate, label: $0.text, now: now) }
        }
        return (opened, .ringOpened(RingListing(path: path, isNew: bytes == nil, entries: entries)))
    }

    /// The set-up's certificate part for what was chosen on the list: an expired certificate
    /// reaches here only after its explicit yes, so it is allowed. Nil while a new certificate's
    /// answers are incomplete.
    static func choice(_ selection: CertificateSelection, opened: OpenedRing, now: time_t) -> Setup.CertificateChoice? {
        switch selection {
        case .existing(let ring, let label):
            let expired = (try? opened.ring.certificate(labelled: label))?.isExpired(now: now) ?? false
            return Setup.CertificateChoice(ring: ring, label: label, allowExpired: expired)
        case .new(let ring, let form):
            guard form.values != nil else { return nil }
            func given(_ text: String) -> String? { text.isEmpty ? nil : text }
            let new = Setup.NewCertificate(commonName: form.commonName, organization: given(form.organization),
                                           organizationalUnit: given(form.organizationalUnit), country: given(form.country),
                                           key: form.keySpec.description, notAfter: form.notAfter)
            return Setup.CertificateChoice(ring: ring, label: form.label, new: new)
        }
    }

    /// What the plan says without an agent: the wizard cannot start one for the user's shell.
    static let noAgentNote = "No ssh-agent: SSH_AUTH_SOCK is not set, so the key cannot be loaded into an agent and the login through it cannot be proved. sshauth cannot start an agent for your shell: quit, run eval \"$(ssh-agent)\" in the shell, and start sshauth again from it; or apply this plan and load the key later with 'sshauth ring agent'."

    /// The review and the result screen for the flow's plan.
    static func review(_ made: CertificatePlan, ringPath: String, now: time_t) -> (result: CertificateResult, preview: PlanPreview) {
        let result = CertificateResult(targetUser: made.targetUser, targetHost: made.targetHost, targetPort: made.targetPort,
                                       fingerprint: made.fingerprint, randomart: made.randomart, ringPath: ringPath, label: made.label,
                                       publicKeyPath: made.publicKeyPath, agentSocket: made.agentSocket, proofCommand: made.proofCommand,
                                       loginCommand: made.loginCommand,
                                       certificate: RingListing.Entry(made.certificate, label: made.label, now: now))
        return (result, PlanPreview(made.plan, fingerprint: made.fingerprint, randomart: made.randomart))
    }

    /// Writes each artifact as a new file in `directory` (made, mode 0755, if missing). When any of
    /// the names is taken, nothing is written.
    static func save(_ files: [ArtifactFile], into directory: String) -> EffectResult {
        let prefix = "The z/OS artifacts were not saved: "
        do { _ = try SafeFileWriter.makeDirectory(directory, mode: 0o755) } catch {
            return .failed(prefix + error.description + ".")
        }
        let taken = files.map(\.name).filter { LocalFile.exists(directory + "/" + $0) }
        guard taken.isEmpty else {
            return .failed(prefix + "\(taken.joined(separator: ", ")) already exist\(taken.count == 1 ? "s" : "") in \(directory); name another directory (an existing file is never replaced).")
        }
        var written: [String] = []
        for file in files {
            do {
                try SafeFileWriter.write(Array(file.text.utf8), to: directory + "/" + file.name, mode: 0o644, replace: false)
            } catch {
                let done = written.isEmpty ? "" : " Saved before that: \(written.joined(separator: ", "))."
                return .failed(prefix + error.description + done)
            }
            written.append(file.name)
        }
        return .artifactsSaved(directory: directory, files: written)
    }

    /// A ring problem as the sentence the failure screen shows.
    static func sentence(_ error: RingFileError, path: String) -> String {
        var text = error.description
        if case .ring(let problem) = error {
            switch problem.kind {
            case .wrongPassword: text += "; go back (Esc) and type the password the ring was made with"
            case .notAKeyRing: text += "; name a ring made by 'sshauth ring create' or 'openssl pkcs12 -export'"
            default: break
            }
        }
        return text.prefix(1).uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".") + " Nothing was written."
    }
}
