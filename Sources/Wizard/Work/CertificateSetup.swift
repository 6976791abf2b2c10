import AuthSetup
import RemoteAccess
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// A key ring opened by the wizard: the bytes read (nil for a ring still to be made), the ring and
/// its password, held by the worker until the flow ends or goes back past the ring.
struct OpenedRing {
    let path: String
    let bytes: [UInt8]?
    let ring: KeyRing
    let password: SecretBytes
}

/// The work of mechanism 4: open a ring, turn the chosen certificate into a plan (create it in the
/// ring, export its public key, install it on the target, load it into the agent, prove the login
/// through the agent), and save the z/OS artifacts. Each failure comes back as one sentence.
enum CertificateSetup {
    /// Reads and opens the ring; a missing file is a new, empty ring whose password must have been typed twice.
    static func open(path: String, password: TypedSecret, confirmation: TypedSecret, now: time_t) -> (OpenedRing?, EffectResult) {
        let bytes: [UInt8]?
        do { bytes = try RingFile.contents(path) } catch { return (nil, .failed(sentence(error, path: path))) }
        let secret = password.secret
        let ring: KeyRing
        if let bytes {
            do { ring = try RingFile.open(bytes, path: path, password: secret) } catch { return (nil, .failed(sentence(error, path: path))) }
        } else {
            let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
            guard LocalFile.exists(directory.isEmpty ? "/" : directory) else {
                return (nil, .failed("The directory of \(path) does not exist; give a ring file in an existing directory. Nothing was written."))
            }
            guard password == confirmation else {
                return (nil, .failed("\(path) does not exist yet, so it will be a new ring: type its password twice, the same both times (the Again field). Nothing was written."))
            }
            ring = KeyRing()
        }
        let entries = ring.certificates.compactMap { certificate in
            certificate.label.map { RingListing.Entry(certificate, label: $0.text, now: now) }
        }
        return (OpenedRing(path: path, bytes: bytes, ring: ring, password: secret),
                .ringOpened(RingListing(path: path, isNew: bytes == nil, entries: entries)))
    }

    /// What the review shows and the result that follows when the plan is applied.
    struct Prepared {
        let plan: Plan
        let result: CertificateResult
        let preview: PlanPreview
    }

    /// The plan for `selection` in the opened ring, installing on the connected target.
    static func prepare(_ selection: CertificateSelection, opened: OpenedRing, connection: TargetConnection, files: SFTPFileSystem,
                        knownHostsFile: String?, agentSocket: String?, now: time_t) throws -> Prepared {
        var ring = opened.ring
        var steps: [Plan.Step] = []
        var notes: [String] = []
        let certificate: RingCertificate
        switch selection {
        case .existing(_, let label):
            certificate = try ring.certificate(labelled: label)
            if certificate.isExpired(now: now) {
                notes.append("The certificate '\(label)' expired on \(certificate.notAfterDate); it is used at your request. Renew it with 'sshauth ring renew' (the key stays the same).")
            }
        case .new(_, let form):
            guard let values = form.values else { throw SetupFailure("The new certificate's answers are incomplete; go back and complete them.") }
            certificate = try SelfSignedCertificate.issue(label: values.label, subject: values.subject, key: values.key,
                                                          notBefore: now, notAfter: values.notAfter.endOfDay)
            try ring.add(certificate)
            steps.append(creationStep(certificate, form: form, ring: ring, opened: opened))
        }
        let label = certificate.label?.text ?? ""
        // The commands refuse an expired certificate unless told; the user has already said yes.
        let expiredFlag = certificate.isExpired(now: now) ? " --allow-expired" : ""
        let publicKey = try certificate.sshPublicKey()
        let line = PublicKeyLine(key: publicKey, comment: label)
        let (publicPath, exported) = exportPath(ring: opened.path, label: label, line: line.text + "\n")
        if exported {
            notes.append("The public key is already exported to \(publicPath).")
        } else {
            let text = Array((line.text + "\n").utf8)
            steps.append(Plan.Step(change: .writeFile, summary: "Export the certificate's public key in OpenSSH format to \(publicPath)",
                                   location: .local(path: publicPath), mode: 0o644,
                                   manualCommand: "sshauth ring export \(ShellQuoting.quote("\(opened.path):\(label)"))\(expiredFlag) -o \(ShellQuoting.quote(publicPath))") {
                try SafeFileWriter.write(text, to: publicPath, mode: 0o644, replace: false)
            })
        }

        let request = InstallRequest(key: publicKey, comment: label, publicKeyFile: publicPath,
                                     user: connection.user, host: connection.host, port: connection.port)
        let inspection = try InstallInspection.inspect(request, on: files)
        if let reasons = inspection.blockingReasons { throw SetupFailure("Nothing was changed on \(request.targetName): \(reasons)") }
        var plan = KeyInstallation.plan(request, inspection: inspection, files: files)
        if let note = inspection.restrictionNote { plan.notes.append(note) }
        let fingerprint = Fingerprint(of: publicKey).description
        plan.title = "Certificate '\(label)' for \(request.targetName)" + (agentSocket == nil ? "" : " through ssh-agent")
        plan.notes = ["Key ring: \(opened.path)\(opened.bytes == nil ? " (new)" : "")"] + notes + plan.notes
        var proofCommand: String?
        if let agentSocket {
            plan.steps.append(Plan.Step(change: .run, summary: "Load the certificate's private key into the ssh-agent (over its socket; never into a file)",
                                        location: .local(path: agentSocket),
                                        manualCommand: "sshauth ring agent \(ShellQuoting.quote("\(opened.path):\(label)"))\(expiredFlag)") {
                try SSHAgentClient(socketPath: agentSocket).add(try certificate.sshPrivateKey(), lifetime: nil)
            })
            let proof = LoginProof.step(user: connection.user, host: connection.host, port: connection.port, identityFile: publicPath,
                                        knownHostsFile: knownHostsFile, keyExchange: connection.session.keyExchangeMethod,
                                        failOnRefusal: true, agentSocket: agentSocket, deadline: connection.session.deadline)
            proofCommand = proof.manualCommand
            plan.steps.append(proof)
        } else {
            plan.notes.append("No ssh-agent: SSH_AUTH_SOCK is not set, so the key cannot be loaded into an agent and the login through it cannot be proved. sshauth cannot start an agent for your shell: quit, run eval \"$(ssh-agent)\" in the shell, and start sshauth again from it; or apply this plan and load the key later with 'sshauth ring agent'.")
        }
        plan.steps = steps + plan.steps

        var login = ["ssh", "-i", publicPath, "-o", "IdentitiesOnly=yes"]
        if let knownHostsFile { login += ["-o", "UserKnownHostsFile=\(knownHostsFile)"] }
        if connection.port != 22 { login += ["-p", String(connection.port)] }
        login.append("\(connection.user)@\(connection.host)")
        let randomart = FingerprintListing.randomart(for: publicKey, hash: .sha256)
        let result = CertificateResult(targetUser: connection.user, targetHost: connection.host, targetPort: connection.port,
                                       fingerprint: fingerprint, randomart: randomart, ringPath: opened.path, label: label,
                                       publicKeyPath: publicPath, agentSocket: agentSocket, proofCommand: proofCommand,
                                       loginCommand: login.map(ShellQuoting.quote).joined(separator: " "),
                                       certificate: RingListing.Entry(certificate, label: label, now: now))
        return Prepared(plan: plan, result: result, preview: PlanPreview(plan, fingerprint: fingerprint, randomart: randomart))
    }

    /// The step that writes the ring with the new certificate: only if the file is still as it was
    /// read for the review (or still absent), as a whole new file that replaces it in one rename.
    private static func creationStep(_ certificate: RingCertificate, form: NewCertificateForm, ring: KeyRing, opened: OpenedRing) -> Plan.Step {
        let path = opened.path
        let original = opened.bytes
        let password = opened.password
        var command = ["sshauth", "ring", "create", "--ring", path, "--label", form.label, "--cn", form.commonName]
        for (option, value) in [("--o", form.organization), ("--ou", form.organizationalUnit), ("--c", form.country)] where !value.isEmpty {
            command += [option, value]
        }
        command += ["--key", form.keySpec.description, "--not-after", form.notAfter]
        return Plan.Step(change: original == nil ? .writeFile : .replaceFile,
                         summary: "Create the self-signed certificate '\(form.label)' (\(certificate.subject), \(form.keyDescription), valid until \(form.notAfter)) in \(original == nil ? "the new ring" : "the ring") \(path)",
                         location: .local(path: path), mode: 0o600,
                         manualCommand: command.map(ShellQuoting.quote).joined(separator: " ")) {
            do {
                try RingFile.update(path, password: password) { (current, written) throws(RingFileError) in
                    guard current == original else { throw .file(LocalFileError(.changedMeanwhile, path: path)) }
                    written = ring
                }
            } catch RingFileError.file(let problem) where problem.kind == .changedMeanwhile {
                throw SetupFailure("\(path) changed after the review, so it was left alone; go back and open the ring again.")
            }
        }
    }

    /// Where the public key goes: next to the ring, named after ring and label. A file there that
    /// holds this very line is used as it is (true); one holding something else is never replaced,
    /// the next free name is taken instead.
    static func exportPath(ring: String, label: String, line: String) -> (String, Bool) {
        let directory = ring.lastIndex(of: "/").map { String(ring[...$0]) } ?? ""
        let file = String(ring.dropFirst(directory.count))
        let stem = file.lastIndex(of: ".").map { String(file[..<$0]) } ?? file
        let safeLabel = String(label.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "_" })
        for attempt in 1...100 {
            let path = directory + stem + "-" + safeLabel + (attempt == 1 ? "" : "-\(attempt)") + ".pub"
            guard let existing = try? LocalFile.readAll(path) else {
                if LocalFile.exists(path) { continue }
                return (path, false)
            }
            if existing == Array(line.utf8) { return (path, true) }
        }
        return (directory + stem + "-" + safeLabel + "-\(getpid()).pub", false)
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

/// A certificate plan that cannot be made or carried out, in one sentence.
struct SetupFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
