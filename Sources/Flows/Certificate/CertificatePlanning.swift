import AuthSetup
import RemoteAccess
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// Mechanism 4's plan, the same for the wizard and `sshauth ring install`: create the certificate
/// in the ring when it is new, export its public key beside the ring, install it on the connected
/// target with the key-installation plan, load its key into the ssh-agent and prove the login
/// through the agent.
public enum CertificatePlanning {
    /// The plan for the set-up's certificate in the opened ring, installing on the connected,
    /// logged-in target. Nothing is written here; the plan's steps do that when applied.
    /// `install` names the authorized_keys file and the home-permission consent, as for a key pair.
    public static func prepare(_ choice: Setup.CertificateChoice, opened: OpenedRing, target: Target, session: SSHSession,
                               files: SFTPFileSystem, agent: CertificateAgent, install: Setup.InstallChoice = Setup.InstallChoice(),
                               now: time_t = time(nil)) throws(FlowFailure) -> CertificatePlan {
        var ring = opened.ring
        var steps: [Plan.Step] = []
        var notes: [String] = []
        let certificate = try chosenCertificate(choice, in: &ring, opened: opened, now: now, steps: &steps, notes: &notes)
        let label = certificate.label?.text ?? choice.label
        let agentSocket: String?
        switch agent {
        case .socket(let socket):
            guard certificate.hasPrivateKey else {
                throw FlowFailure("the ring \(opened.path) holds no private key for the certificate '\(label)', so it cannot be loaded into the ssh-agent; nothing was written.")
            }
            agentSocket = socket
        case .none:
            agentSocket = nil
        }
        // The commands refuse an expired certificate unless told; here it was accepted already.
        let expiredFlag = certificate.isExpired(now: now) ? " --allow-expired" : ""
        let publicKey: SSHPublicKey
        do { publicKey = try certificate.sshPublicKey() } catch { throw FlowFailure("\(error); nothing was written.") }
        let line = PublicKeyLine(key: publicKey, comment: label)
        let (publicPath, exported) = CertificateExport.path(ring: opened.path, label: label, line: line.text + "\n")
        let reference = ShellQuoting.quote("\(opened.path):\(label)")
        if exported {
            notes.append("The public key is already exported to \(publicPath).")
        } else {
            let text = Array((line.text + "\n").utf8)
            steps.append(Plan.Step(change: .writeFile, summary: "Export the certificate's public key in OpenSSH format to \(publicPath)",
                                   location: .local(path: publicPath), mode: 0o644,
                                   manualCommand: "sshauth ring export \(reference)\(expiredFlag) -o \(ShellQuoting.quote(publicPath))") {
                try SafeFileWriter.write(text, to: publicPath, mode: 0o644, replace: false)
            })
        }

        let request = InstallRequest(key: publicKey, comment: label, publicKeyFile: publicPath,
                                     user: target.user, host: target.host, port: target.port,
                                     targetPath: install.targetPath, fixHomePermissions: install.fixHomePermissions)
        var (plan, inspection) = try KeyInstallFlow.plan(request, on: files)
        if let note = inspection.restrictionNote { plan.notes.append(note) }
        plan.title = "Certificate '\(label)' for \(request.targetName)" + (agentSocket == nil ? "" : " through ssh-agent")
        plan.notes = ["Key ring: \(opened.path)\(opened.bytes == nil ? " (new)" : "")"] + notes + plan.notes
        var proofCommand: String?
        switch agent {
        case .socket(let socket):
            plan.steps.append(Plan.Step(change: .run, summary: "Load the certificate's private key into the ssh-agent (over its socket; never into a file)",
                                        location: .local(path: socket), manualCommand: "sshauth ring agent \(reference)\(expiredFlag)") {
                try SSHAgentClient(socketPath: socket).add(try certificate.sshPrivateKey(), lifetime: nil)
            })
            let proof = LoginProof.step(user: target.user, host: target.host, port: target.port, identityFile: publicPath,
                                        knownHostsFile: target.knownHostsFile, keyExchange: session.keyExchangeMethod,
                                        failOnRefusal: true, agentSocket: socket, deadline: session.deadline)
            proofCommand = proof.manualCommand
            plan.steps.append(proof)
        case .none(let note):
            plan.notes.append(note)
        }
        plan.steps = steps + plan.steps

        var login = ["ssh", "-i", publicPath, "-o", "IdentitiesOnly=yes"]
        if let knownHostsFile = target.knownHostsFile { login += ["-o", "UserKnownHostsFile=\(knownHostsFile)"] }
        if target.port != 22 { login += ["-p", String(target.port)] }
        login.append("\(target.user)@\(target.host)")
        return CertificatePlan(plan: plan, certificate: certificate, label: label, fingerprint: Fingerprint(of: publicKey).description,
                               randomart: FingerprintListing.randomart(for: publicKey, hash: .sha256), publicKeyPath: publicPath,
                               agentSocket: agentSocket, proofCommand: proofCommand,
                               loginCommand: login.map(ShellQuoting.quote).joined(separator: " "),
                               createsCertificate: choice.new != nil, newRing: opened.bytes == nil,
                               targetUser: target.user, targetHost: target.host, targetPort: target.port)
    }

    /// Checks the set-up's certificate against the opened ring, before anything is made or sent:
    /// the ring's certificate with that label (nil when a new one is to be made), refused when it
    /// is missing, expired without `allowExpired`, or already there while a new one is described.
    public static func check(_ choice: Setup.CertificateChoice, opened: OpenedRing, now: time_t = time(nil)) throws(FlowFailure) -> RingCertificate? {
        let inRing = opened.ring.certificates.first { $0.label?.text == choice.label }
        guard let new = choice.new else {
            guard let certificate = inRing else {
                let labels = opened.labels
                let listing = labels.isEmpty ? "it holds no certificate" : "its labels are " + labels.map { "'\($0)'" }.joined(separator: ", ")
                throw FlowFailure("the ring \(opened.path) has no certificate labelled '\(choice.label)' (\(listing)); name one of those (case and blanks count), or make it with --create and its subject (--cn NAME). Nothing was written.")
            }
            if certificate.isExpired(now: now), !choice.allowExpired {
                throw FlowFailure("the certificate '\(choice.label)' in \(opened.path) expired on \(certificate.notAfterDate); renew it with 'sshauth ring renew \(ShellQuoting.quote("\(opened.path):\(choice.label)")) --not-after YYYY-MM-DD' (the key stays the same), or pass --allow-expired. Nothing was written.")
            }
            return certificate
        }
        if let inRing {
            // A set-up that made the certificate runs again: the one it made is used as it is.
            guard madeFrom(new, inRing) else {
                throw FlowFailure("the ring \(opened.path) already has a certificate labelled '\(choice.label)', with another subject (\(inRing.subject)); leave out --create (and the new certificate's options) to install that one, or choose another label. Nothing was written.")
            }
            var existing = choice
            existing.new = nil
            return try check(existing, opened: opened, now: now)
        }
        do { _ = try NewCertificateValues(new, label: choice.label, now: now) } catch { throw FlowFailure("\(error); nothing was written.") }
        return nil
    }

    /// Whether a certificate in the ring has the subject a set-up's new certificate describes
    /// (empty parts absent; the country in any case).
    static func madeFrom(_ new: Setup.NewCertificate, _ certificate: RingCertificate) -> Bool {
        func part(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        return certificate.commonName == new.commonName
            && part(certificate.organization) == part(new.organization)
            && part(certificate.organizationalUnit) == part(new.organizationalUnit)
            && part(certificate.country)?.uppercased() == part(new.country)?.uppercased()
    }

    /// The certificate the set-up names: taken from the ring, or made now (in memory, added to
    /// `ring`, with the step that writes the ring) when the set-up describes a new one.
    private static func chosenCertificate(_ choice: Setup.CertificateChoice, in ring: inout KeyRing, opened: OpenedRing, now: time_t,
                                          steps: inout [Plan.Step], notes: inout [String]) throws(FlowFailure) -> RingCertificate {
        if let certificate = try check(choice, opened: opened, now: now) {
            if choice.new != nil {
                notes.append("The certificate '\(choice.label)' is already in the ring with the subject this set-up describes (an earlier run made it); it is used as it is.")
            }
            if certificate.isExpired(now: now) {
                notes.append("The certificate '\(choice.label)' expired on \(certificate.notAfterDate); it is used at your request. Renew it with 'sshauth ring renew' (the key stays the same).")
            }
            return certificate
        }
        guard let new = choice.new else { throw FlowFailure("the certificate '\(choice.label)' is neither in the ring nor described as new.") }
        let values: NewCertificateValues
        do { values = try NewCertificateValues(new, label: choice.label, now: now) } catch { throw FlowFailure("\(error); nothing was written.") }
        let certificate: RingCertificate
        do {
            certificate = try SelfSignedCertificate.issue(label: values.label, subject: values.subject, key: values.key,
                                                          notBefore: now, notAfter: values.notAfter.endOfDay)
            try ring.add(certificate)
        } catch {
            throw FlowFailure("\(error); nothing was written.")
        }
        steps.append(creationStep(certificate, values: values, new: new, ring: ring, opened: opened))
        return certificate
    }

    /// The step that writes the ring with the new certificate: only if the file is still as it was
    /// read for the plan (or still absent), as a whole new file that replaces it in one rename.
    private static func creationStep(_ certificate: RingCertificate, values: NewCertificateValues, new: Setup.NewCertificate,
                                     ring: KeyRing, opened: OpenedRing) -> Plan.Step {
        let path = opened.path
        let original = opened.bytes
        let password = opened.password
        let label = values.label.text
        var command = ["sshauth", "ring", "create", "--ring", path, "--label", label, "--cn", new.commonName]
        for (option, value) in [("--o", new.organization), ("--ou", new.organizationalUnit), ("--c", new.country)] {
            if let value, !value.isEmpty { command += [option, value] }
        }
        command += ["--key", values.key.description, "--not-after", values.notAfter.description]
        return Plan.Step(change: original == nil ? .writeFile : .replaceFile,
                         summary: "Create the self-signed certificate '\(label)' (\(certificate.subject), \(values.keyDescription), valid until \(values.notAfter)) in \(original == nil ? "the new ring" : "the ring") \(path)",
                         location: .local(path: path), mode: 0o600,
                         manualCommand: command.map(ShellQuoting.quote).joined(separator: " ")) {
            do {
                try RingFile.update(path, password: password) { (current, written) throws(RingFileError) in
                    guard current == original else { throw .file(LocalFileError(.changedMeanwhile, path: path)) }
                    written = ring
                }
            } catch RingFileError.file(let problem) where problem.kind == .changedMeanwhile {
                throw FlowFailure("\(path) changed after the plan was made, so it was left alone; open the ring again and make a new plan.")
            }
        }
    }
}
