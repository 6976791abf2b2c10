import ArgumentParser
import Synchronization
import AuthSetup
import RemoteAccess
import SSHKeys

/// `sshauth install`: what ssh-copy-id should have been.
struct InstallCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install a public key in a target account's authorized_keys, safely, and prove that it logs in.",
        discussion: """
            Over SFTP only (no remote shell): the key is appended in one append-mode write after \
            a missing final newline is repaired; existing lines are never rewritten, reordered or \
            removed, and a key already present is not added again. ~/.ssh is set to 0700 and the \
            file to 0600; home and every directory up to the file are checked against sshd's \
            StrictModes rule. Afterwards the system ssh logs in with the key, as a batch job would.
            Every check is made before the first change: a plan that cannot complete (a directory \
            only an administrator can fix) is refused whole. A key that is already present on a \
            line whose from=, expiry-time= or command= option refuses this client is reported with \
            that option, and nothing is changed.

            An unknown host key needs --accept-new-host-key or a matching --host-key pin (or a \
            "yes" on the terminal); a changed host key stops everything before any password or \
            key is sent.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customShort("i"), help: ArgumentHelp("The public key to install: a .pub file holding one key, or a private key whose public half is used (default: the newest ~/.ssh/id_*.pub).", valueName: "pubkey"))
    var publicKeyFile: String?

    @Option(name: .customLong("target-path"), help: ArgumentHelp("The authorized_keys file on the target, relative to the remote home or absolute (default: .ssh/authorized_keys); a file, not a directory, the home, ~/.ssh itself or a device.", valueName: "path"))
    var targetPath: String?

    @Flag(name: .customLong("fix-home-permissions"), help: "Also remove group and other write permission from the remote home if sshd would refuse it.")
    var fixHomePermissions = false

    @Flag(name: .customLong("no-verify"), help: "Do not prove the key login with ssh afterwards.")
    var noVerify = false

    @Flag(name: .customLong("dry-run"), help: "Connect and read (when credentials are given) but change nothing anywhere; print the plan.")
    var dryRun = false

    @Flag(help: "Print the plan without connecting at all.")
    var offline = false

    @Flag(help: "Print the result (or the plan) as JSON.")
    var json = false

    func validate() throws {
        if dryRun, offline { throw ValidationError("--dry-run and --offline are two kinds of preview; give one of them.") }
        try connection.validate()
    }

    func execute() throws(CommandFailure) {
        let context = try connection.resolve()
        let key = try KeyToInstall.load(publicKeyFile, account: context.account)
        let request = InstallRequest(key: key.line.key, comment: key.line.comment, publicKeyFile: key.publicKeyPath,
                                     user: context.user, host: context.host, port: context.port,
                                     targetPath: targetPath, fixHomePermissions: fixHomePermissions)
        if offline {
            let plan = KeyInstallation.offlinePlan(request)
            Console.out((json ? plan.renderedJSON() : plan.renderedText()) + "\n")
            return
        }
        var credentials = try connection.readCredentials()
        let session = try connection.connectAndTrust(context, dryRun: dryRun, quiet: json)
        guard try connection.authenticate(session, context: context, credentials: &credentials, dryRun: dryRun) else {
            // A dry run without credentials cannot read the target: show what would be done.
            let plan = KeyInstallation.offlinePlan(request)
            Console.out((json ? plan.renderedJSON() : plan.renderedText()) + "\n")
            return
        }
        let files: SFTPFileSystem
        let inspection: InstallInspection
        do {
            files = try session.openSFTP()
            inspection = try InstallInspection.inspect(request, on: files)
        } catch {
            throw CommandFailure("\(error)")
        }
        if let reasons = inspection.blockingReasons { throw CommandFailure("nothing was changed on \(request.targetName): \(reasons)") }
        var plan = KeyInstallation.plan(request, inspection: inspection, files: files)
        let proof = proofStep(request, key: key, context: context, keyExchange: session.keyExchangeMethod, deadline: session.deadline)
        try refuseRestrictedPresentKey(request, inspection: inspection, key: key, context: context,
                                       keyExchange: session.keyExchangeMethod, deadline: session.deadline, plan: &plan)
        if let step = proof.step { plan.steps.append(step) } else if let note = proof.note { plan.notes.append(note) }
        if dryRun {
            Console.out((json ? plan.renderedJSON() : plan.renderedText()) + "\n")
            return
        }
        if proof.cannotProve { throw CommandFailure(Self.noProofSentence(key) + " Nothing was changed.") }
        try apply(plan, request: request, inspection: inspection, proof: proof)
    }

    private func apply(_ plan: Plan, request: InstallRequest, inspection: InstallInspection, proof: ProofPlan) throws(CommandFailure) {
        if !json {
            Console.out("Installing on \(request.targetName):\n")
            for note in plan.notes { Console.out("  \(note)\n") }
        }
        do {
            try PlanExecutor.apply(plan) { progress in
                guard !json else { return }
                switch progress {
                case .started: break
                case .finished(_, let step): Console.out("  done: \(step.summary)\n")
                case .failed(_, let step, _): Console.out("  FAILED: \(step.summary)\n")
                }
            }
        } catch {
            let kept = error.completed.isEmpty ? "Nothing was changed on the target." : "Done before the failure: \(error.completed.joined(separator: "; "))."
            throw CommandFailure("\(error.underlying) \(kept)")
        }
        let outcome = proof.outcome()
        let installed = inspection.presentOnLine.map { "was already on line \($0) of" } ?? "is in"
        let path = KeyInstallation.displayPath(inspection.authorizedKeysPath, home: inspection.home)
        if json {
            struct Result: Encodable {
                let target: String
                let authorized_keys: String
                let already_present_on_line: Int?
                let fingerprint: String
                let login_proved: Bool?
                let login_detail: String?
                let next: String?
            }
            Console.out(JSONText.encode(Result(
                target: request.targetName, authorized_keys: inspection.authorizedKeysPath,
                already_present_on_line: inspection.presentOnLine, fingerprint: Fingerprint(of: request.key).description,
                login_proved: outcome?.succeeded, login_detail: outcome?.detail, next: proof.nextCommand)) + "\n")
        } else {
            Console.out("The key \(Fingerprint(of: request.key)) \(installed) \(path) on \(request.targetName).\n")
            if let outcome {
                Console.out(outcome.succeeded ? "Login proof: ssh logged in with the key.\n" : "Login proof FAILED: \(outcome.detail)\n")
            }
            if let next = proof.nextCommand { Console.out("Next: \(next)\n") }
        }
        if let outcome, !outcome.succeeded {
            let state = inspection.presentOnLine == nil ? "was installed" : "was already there"
            throw CommandFailure("the key \(state), but ssh could not log in with it (\(outcome.detail)); run '\(checkCommand(request))' to see why.")
        }
    }

    /// A key already present on a line with `from=`, `expiry-time=` or `command=` may be refused to
    /// this client whatever sshauth changes, so the login is tried first (it writes nothing) and a
    /// refusal stops the command before any change, naming the options. A dry run only notes them.
    private func refuseRestrictedPresentKey(_ request: InstallRequest, inspection: InstallInspection, key: KeyToInstall,
                                            context: ConnectionOptions.Resolved, keyExchange: String?, deadline: NetworkDeadline,
                                            plan: inout Plan) throws(CommandFailure) {
        guard let line = inspection.presentOnLine, !inspection.restrictingOptions.isEmpty else { return }
        let options = inspection.restrictingOptions.map(\.text).joined(separator: ", ")
        let path = KeyInstallation.displayPath(inspection.authorizedKeysPath, home: inspection.home)
        if dryRun || noVerify {
            if let note = inspection.restrictionNote { plan.notes.append(note) }
            return
        }
        guard let identity = key.privateKeyPath ?? (key.agentHoldsKey ? key.publicKeyPath : nil) else { return }
        let outcome = LoginProof.prove(user: request.user, host: request.host, port: request.port, identityFile: identity,
                                       knownHostsFile: context.knownHostsFile, keyExchange: keyExchange, deadline: deadline)
        guard !outcome.succeeded else { return }
        var detail = outcome.detail
        while detail.last == "." { detail.removeLast() }
        throw CommandFailure("the key is already on line \(line) of \(path) on \(request.targetName), with options that refuse this client: \(options) (ssh: \(detail)); nothing was changed, so edit that line on the target if this client should log in with the key.")
    }

    private func checkCommand(_ request: InstallRequest) -> String {
        var words = ["sshauth", "check", "-i", request.publicKeyFile]
        if request.port != 22 { words += ["-p", String(request.port)] }
        words.append("\(request.user)@\(request.host)")
        return words.map(ShellQuoting.quote).joined(separator: " ")
    }

    /// How the login will be proved: with the private key next to the .pub, or an agent's key.
    private struct ProofPlan {
        var step: Plan.Step?
        var note: String?
        var nextCommand: String?
        var cannotProve = false
        var outcome: () -> LoginProof.Outcome? = { nil }
    }

    static func noProofSentence(_ key: KeyToInstall) -> String {
        "no private key for \(key.publicKeyPath) is here and no ssh-agent holds it, so sshauth cannot prove that the key logs in; pass --no-verify to install without the proof."
    }

    private func proofStep(_ request: InstallRequest, key: KeyToInstall, context: ConnectionOptions.Resolved, keyExchange: String?,
                           deadline: NetworkDeadline) -> ProofPlan {
        let identity = key.privateKeyPath ?? key.publicKeyPath
        let next = LoginProof.usage(user: request.user, host: request.host, port: request.port, identityFile: identity,
                                    knownHostsFile: connection.knownHosts)
        if noVerify { return ProofPlan(note: "The login proof is skipped (--no-verify).", nextCommand: next) }
        guard key.privateKeyPath != nil || key.agentHoldsKey else {
            return ProofPlan(note: "Cannot prove the login: " + Self.noProofSentence(key), nextCommand: next, cannotProve: true)
        }
        let box = ProofOutcomeBox()
        // The command reports a refused proof after the install, so the step itself does not fail.
        let step = LoginProof.step(user: request.user, host: request.host, port: request.port, identityFile: identity,
                                   knownHostsFile: context.knownHostsFile, keyExchange: keyExchange, failOnRefusal: false,
                                   deadline: deadline, record: { box.set($0) })
        return ProofPlan(step: step, nextCommand: next, outcome: { box.get() })
    }
}

/// Carries the proof's outcome from the plan step that runs it to the report at the end.
private final class ProofOutcomeBox: Sendable {
    private let stored = Mutex<LoginProof.Outcome?>(nil)
    func set(_ outcome: LoginProof.Outcome) { stored.withLock { $0 = outcome } }
    func get() -> LoginProof.Outcome? { stored.withLock { $0 } }
}
