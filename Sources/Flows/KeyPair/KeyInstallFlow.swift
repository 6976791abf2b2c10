import AuthSetup
import RemoteAccess
import SSHKeys
import Synchronization

/// Mechanism 2 on one target: read the target's account, plan the install of the key (after the
/// steps that make it, for a new key), and plan the proof. The command and the wizard both call
/// this, so `install --dry-run` and the wizard's review show the same plan by construction.
public enum KeyInstallFlow {
    /// How the plan proves the key login after the last write.
    public enum Proof: Sendable {
        /// No proof (`--no-verify`); the plan says so in a note.
        case skipped
        /// The proof runs as the last step and its outcome is reported after the plan (the
        /// command reports a refusal itself, so the step does not fail).
        case reportedAfter
        /// A refused login fails the last step, and so the plan (the wizard).
        case stopsThePlan
    }

    /// What to do when the key is already present on a line whose options may refuse this client.
    public enum RestrictedKey: Sendable {
        /// Say so in a note (a preview, or no proof wanted).
        case note
        /// Try the key login first (it writes nothing) and stop before any change if it is refused.
        case refuseUnlessItLogsIn
    }

    /// The plan for one target, what it was made from, and how it will be proved.
    public struct Prepared {
        public var plan: Plan
        public let request: InstallRequest
        public let inspection: InstallInspection
        public let proof: ProofPlan
        /// The SFTP session the plan's steps write through: keep it until the plan has run.
        public let files: SFTPFileSystem
    }

    /// The install request for a key and target, as a set-up's install choice shapes it.
    public static func request(_ key: KeyToInstall, install: Setup.InstallChoice, target: Target) -> InstallRequest {
        InstallRequest(key: key.line.key, comment: key.line.comment, publicKeyFile: key.publicKeyPath,
                       user: target.user, host: target.host, port: target.port,
                       targetPath: install.targetPath, fixHomePermissions: install.fixHomePermissions)
    }

    /// Reads the target over the authenticated `session` and plans the install. `newKey` is the
    /// plan that makes the key first (its steps go before the install's). `usageKnownHostsFile`
    /// is the known_hosts file the "how to log in" command names (the one the user gave).
    public static func prepare(_ key: KeyToInstall, newKey: KeyPairSetup? = nil, install: Setup.InstallChoice, target: Target,
                               session: SSHSession, proof: Proof, restrictedKey: RestrictedKey,
                               usageKnownHostsFile: String?) throws(FlowFailure) -> Prepared {
        var request = request(key, install: install, target: target)
        request.knownHostsFile = usageKnownHostsFile
        let files: SFTPFileSystem
        do { files = try session.openSFTP() } catch { throw FlowFailure("\(error)") }
        var (plan, inspection) = try plan(request, on: files)
        if let newKey { plan.steps = newKey.plan().steps + plan.steps }
        let proofPlan = ProofPlan(key, proof: proof, target: target, session: session, usageKnownHostsFile: usageKnownHostsFile)
        switch restrictedKey {
        case .note:
            if let note = inspection.restrictionNote { plan.notes.append(note) }
        case .refuseUnlessItLogsIn:
            try refuseRestrictedPresentKey(request, inspection: inspection, key: key, target: target, session: session)
        }
        if let step = proofPlan.step { plan.steps.append(step) } else if let note = proofPlan.note { plan.notes.append(note) }
        return Prepared(plan: plan, request: request, inspection: inspection, proof: proofPlan, files: files)
    }

    /// Reads the target's home, `~/.ssh` and authorized_keys and plans appending `request`'s key;
    /// refused whole when something only an administrator can fix stands in the way.
    public static func plan(_ request: InstallRequest, on files: SFTPFileSystem) throws(FlowFailure) -> (Plan, InstallInspection) {
        let inspection: InstallInspection
        do { inspection = try InstallInspection.inspect(request, on: files) } catch { throw FlowFailure("\(error)") }
        if let reasons = inspection.blockingReasons { throw FlowFailure("nothing was changed on \(request.targetName): \(reasons)") }
        return (KeyInstallation.plan(request, inspection: inspection, files: files), inspection)
    }

    /// A key already present on a line with `from=`, `expiry-time=` or `command=` may be refused to
    /// this client whatever sshauth changes, so the login is tried first (it writes nothing) and a
    /// refusal stops the install before any change, naming the options.
    private static func refuseRestrictedPresentKey(_ request: InstallRequest, inspection: InstallInspection, key: KeyToInstall,
                                                   target: Target, session: SSHSession) throws(FlowFailure) {
        guard let line = inspection.presentOnLine, !inspection.restrictingOptions.isEmpty else { return }
        let options = inspection.restrictingOptions.map(\.text).joined(separator: ", ")
        let path = KeyInstallation.displayPath(inspection.authorizedKeysPath, home: inspection.home)
        guard let identity = key.privateKeyPath ?? (key.agentHoldsKey ? key.publicKeyPath : nil) else { return }
        let outcome = LoginProof.prove(user: request.user, host: request.host, port: request.port, identityFile: identity,
                                       knownHostsFile: target.knownHostsFile, keyExchange: session.keyExchangeMethod,
                                       deadline: session.deadline)
        guard !outcome.succeeded else { return }
        var detail = outcome.detail
        while detail.last == "." { detail.removeLast() }
        throw FlowFailure("the key is already on line \(line) of \(path) on \(request.targetName), with options that refuse this client: \(options) (ssh: \(detail)); nothing was changed, so edit that line on the target if this client should log in with the key.")
    }

    /// Why an install without `--no-verify` cannot go ahead for a key with no private half here.
    public static func noProofSentence(_ key: KeyToInstall) -> String {
        if key.isPuTTYKeyFile {
            return "ssh cannot log in with a PuTTY key file (\(key.publicKeyPath)), so sshauth cannot prove that the key logs in; pass --no-verify to install without the proof."
        }
        return "no private key for \(key.publicKeyPath) is here and no ssh-agent holds it, so sshauth cannot prove that the key logs in; pass --no-verify to install without the proof."
    }
}

/// How an install proves the login: with the private key next to the .pub, or an agent's key.
public struct ProofPlan: Sendable {
    /// The plan's last step, when there is a proof to run.
    public var step: Plan.Step?
    /// Instead of a step: why there is none.
    public var note: String?
    /// The command that logs in with the key afterwards.
    public var nextCommand: String?
    /// No private key and no agent: the login cannot be proved.
    public var cannotProve = false
    /// The proof's outcome once its step has run (`reportedAfter`); nil before, or without one.
    public var outcome: @Sendable () -> LoginProof.Outcome? = { nil }

    init(_ key: KeyToInstall, proof: KeyInstallFlow.Proof, target: Target, session: SSHSession, usageKnownHostsFile: String?) {
        let identity = key.privateKeyPath ?? key.publicKeyPath
        // A PuTTY key logs in from PuTTY, not with `ssh -i`.
        nextCommand = key.isPuTTYKeyFile ? nil : LoginProof.usage(user: target.user, host: target.host, port: target.port, identityFile: identity,
                                                                 knownHostsFile: usageKnownHostsFile)
        if case .skipped = proof {
            note = "The login proof is skipped (--no-verify)."
            return
        }
        guard key.privateKeyPath != nil || key.agentHoldsKey else {
            note = "Cannot prove the login: " + KeyInstallFlow.noProofSentence(key)
            cannotProve = true
            return
        }
        let box = ProofOutcomeBox()
        let stops: Bool
        if case .stopsThePlan = proof { stops = true } else { stops = false }
        step = LoginProof.step(user: target.user, host: target.host, port: target.port, identityFile: identity,
                               knownHostsFile: target.knownHostsFile, keyExchange: session.keyExchangeMethod, failOnRefusal: stops,
                               deadline: session.deadline, record: { box.set($0) })
        outcome = { box.get() }
    }
}

/// Carries the proof's outcome from the plan step that runs it to the report at the end.
private final class ProofOutcomeBox: Sendable {
    private let stored = Mutex<LoginProof.Outcome?>(nil)
    func set(_ outcome: LoginProof.Outcome) { stored.withLock { $0 = outcome } }
    func get() -> LoginProof.Outcome? { stored.withLock { $0 } }
}
