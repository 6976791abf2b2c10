import Wizard
import AuthSetup
import Dispatch
import Flows
import RemoteAccess
import SSHKeys
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Carries out the wizard's effects off the terminal's thread, one at a time and in order, and
/// reports each result as an event. The connection to the target lives here, on one queue.
public final class WizardWorker: WizardEffectRunner, @unchecked Sendable {
    // `connection` is only touched on `queue`; `generation` is atomic.
    private let queue = DispatchQueue(label: "sshauth.wizard.worker")
    private let deliver: @Sendable (WizardEvent) -> Void
    private let dryRun: Bool
    private let knownHostsFiles: [String]?
    private let account: UserAccount
    private let askpassHelper: AskpassRequest.Helper
    private var connection: TargetConnection?
    /// Mechanism 3 keeps the password that logged in, in memory, until it is stored or abandoned.
    private var loginPassword: SecretBytes?
    /// Passwords refused in a row, per `user@host:port`; at `PasswordAttempts.limit` no more are sent.
    private var refusedPasswords: [String: Int] = [:]
    /// The time allowed for the talking to one target (the wizard has no --timeout).
    static let networkSeconds = 60
    /// The one-line command that repeats a set-up (the program's commands know it); nil where no
    /// single command can.
    private let commandLine: @Sendable (Setup) -> [String]?
    /// The agent the certificate flow loads keys into; nil when there is none.
    private let agentSocket: String?
    /// The key ring the certificate flow opened, with its password.
    private var openedRing: OpenedRing?
    /// Bumped by every new effect and by cancel: a result from an older generation is dropped.
    private let generation = Atomic<Int>(0)
    /// Set by Esc while a plan is applied: no further step starts.
    private let stopRequested = Atomic<Bool>(false)

    /// `knownHostsFiles` replaces the user's known_hosts (for tests and `--known-hosts`);
    /// `askpassHelper` is the helper mechanism 3's wrappers run; `agentSocket` is the ssh-agent's
    /// socket (the program passes `SSH_AUTH_SOCK`), nil for none.
    public init(account: UserAccount, dryRun: Bool, knownHostsFiles: [String]? = nil, askpassHelper: AskpassRequest.Helper = .standalone,
                agentSocket: String? = nil, commandLine: @escaping @Sendable (Setup) -> [String]? = { _ in nil },
                deliver: @escaping @Sendable (WizardEvent) -> Void) {
        self.account = account
        self.commandLine = commandLine
        self.askpassHelper = askpassHelper
        self.dryRun = dryRun
        self.knownHostsFiles = knownHostsFiles
        self.agentSocket = agentSocket
        self.deliver = deliver
    }

    /// Starts the work an effect asks for. `.quit` is not work and is ignored here.
    public func perform(_ effect: WizardEffect) {
        // Stopping is a signal to the plan under way, not new work: its results must still arrive.
        if effect == .stopApplying {
            stopRequested.store(true, ordering: .relaxed)
            return
        }
        let ticket = generation.add(1, ordering: .relaxed).newValue
        switch effect {
        case .quit, .cancel, .stopApplying:
            return
        case .disconnect:
            queue.async {
                self.prepared = nil
                self.connection = nil
                self.target = nil
                self.loginPassword = nil
            }
        case .resolveTarget(_, let address):
            queue.async { self.finish(ticket, self.resolve(address)) }
        case .trustHostKey:
            queue.async {
                guard !self.dryRun, let connection = self.connection else { return }
                do { try connection.recordHostKey() } catch {
                    self.finish(ticket, .failed("The host key was accepted but could not be recorded: \(error)"))
                }
            }
        case .logIn(let mechanism, let typed):
            queue.async { self.finish(ticket, self.logIn(typed.secret, keep: mechanism == .askpass)) }
        case .prepareAskpass(let form):
            queue.async { self.finish(ticket, self.prepareAskpass(form)) }
        case .prepareInstall(let selection):
            queue.async { self.finish(ticket, self.prepare(selection)) }
        case .apply:
            stopRequested.store(false, ordering: .relaxed)
            queue.async { self.apply(ticket) }
        case .saveSetup(let path):
            queue.async { self.finish(ticket, self.saveSetup(to: path)) }
        case .openRing(let path, let password, let confirmation):
            queue.async {
                let (opened, result) = CertificateSetup.open(path: path, password: password, confirmation: confirmation, now: time(nil))
                // Kept only for a flow that still waits for it.
                if ticket == self.generation.load(ordering: .relaxed) { self.openedRing = opened }
                self.finish(ticket, result)
            }
        case .closeRing:
            queue.async { self.openedRing = nil }
        case .prepareCertificate(let selection):
            queue.async { self.finish(ticket, self.prepare(selection)) }
        case .saveArtifacts(let directory, let files):
            queue.async { self.finish(ticket, CertificateSetup.save(files, into: directory)) }
        }
    }

    /// Waits until every effect handed over so far has finished (for tests and orderly exits).
    public func drain() {
        queue.sync {}
    }

    /// For leaving the program (q, Ctrl-C, a signal): a plan under way stops after its current step,
    /// nothing more is reported, and the caller waits for that at most `seconds`, so a file being
    /// written is finished or removed rather than cut off by the exit. Returns whether it finished.
    @discardableResult
    public func stopAndWait(seconds: Double) -> Bool {
        stopRequested.store(true, ordering: .relaxed)
        generation.add(1, ordering: .relaxed)
        let idle = DispatchSemaphore(value: 0)
        queue.async { idle.signal() }
        return idle.wait(timeout: .now() + seconds) == .success
    }

    private func finish(_ ticket: Int, _ result: EffectResult) {
        guard generation.load(ordering: .relaxed) == ticket else { return }
        deliver(.effectFinished(result))
    }

    private func resolve(_ address: TargetAddress) -> EffectResult {
        connection = nil
        target = nil
        do {
            let (resolved, _) = try Target.resolve(address, knownHostsFile: knownHostsFiles?.first, account: account)
            let opened = try resolved.connect(timeoutSeconds: Self.networkSeconds)
            let methods: [String]
            do { methods = try opened.session.authenticationMethods(user: resolved.user) } catch { return .failed(error.description) }
            connection = opened
            target = resolved
            typedAddress = address
            let key = opened.session.hostKey
            let verdict: TargetCheck.Verdict
            switch opened.verdict {
            case .known: verdict = .known
            case .unknown: verdict = .unknown
            case .changed(let file, let lines): verdict = .changed(file: file, lines: lines)
            case .revoked(let file, let line): verdict = .revoked(file: file, line: line)
            }
            return .targetChecked(TargetCheck(user: resolved.user, hostName: resolved.host, port: resolved.port, alias: resolved.alias, hostKeyType: key.algorithm.shortName,
                                              fingerprint: Fingerprint(of: key).description,
                                              randomart: FingerprintListing.randomart(for: key, hash: .sha256),
                                              verdict: verdict, methods: methods, recordedFingerprints: Self.recordedFingerprints(opened.verdict)))
        } catch {
            return .failed(Self.inWizardTerms(error.description))
        }
    }

    /// A sentence written for the commands, in the wizard's terms: the port is a field here, not `-p`.
    static func inWizardTerms(_ sentence: String) -> String {
        sentence.replacing("check the host and port (-p)", with: "check the host and the port on the target screen")
    }

    /// For a changed host key: the fingerprints of the keys recorded on the lines that disagree,
    /// so the warning can show what the target presented before next to what it presents now.
    static func recordedFingerprints(_ verdict: HostKeyTrust.Verdict) -> [String] {
        guard case .changed(let file, let lines) = verdict, let bytes = try? LocalFile.readAll(file, kind: .knownHosts) else { return [] }
        return KnownHostsFile(bytes: bytes).lines.compactMap { line in
            guard lines.contains(line.number), case .entry(_, _, let key, _) = line.content else { return nil }
            return Fingerprint(of: key).description
        }
    }

    /// A flow's failure as the wizard shows it: the flows' sentences start in lower case for the
    /// commands' "sshauth: ..." lines.
    private static func sentence(_ error: any Error) -> String {
        let text = "\(error)"
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// The target as resolved for the connection open now, and as it was typed.
    private var target: Target?
    private var typedAddress: TargetAddress?

    /// The target a set-up names: an ssh_config alias as typed (so its Host block applies again
    /// when the set-up runs), otherwise the host and port reached; the user always as reached.
    private var setupAddress: TargetAddress? {
        guard let target else { return nil }
        if target.alias != nil, let typedAddress { return TargetAddress(user: target.user, host: typedAddress.host, port: typedAddress.port) }
        return TargetAddress(user: target.user, host: target.host, port: target.port == 22 ? nil : target.port)
    }

    /// The plan being reviewed, what its steps need kept open (the SFTP session), the result it
    /// leads to and the set-up the answers amount to, until applied or abandoned.
    private var prepared: (plan: Plan, keepAlive: AnyObject?, result: EffectResult, setup: Setup?)?

    private func apply(_ ticket: Int) {
        guard !dryRun, let prepared else {
            finish(ticket, .failed("There is no reviewed plan to apply; go back and connect again."))
            return
        }
        do {
            try PlanExecutor.apply(prepared.plan, report: { progress in
                if case .finished(let index, _) = progress { self.finish(ticket, .stepDone(index)) }
            }, shouldStop: { self.stopRequested.load(ordering: .relaxed) })
            self.prepared = nil
            loginPassword = nil
            if let setup = prepared.setup, let words = commandLine(setup) {
                finish(ticket, .repeatable(words.map(ShellQuoting.quote).joined(separator: " ")))
            }
            finish(ticket, prepared.result)
        } catch {
            let done = error.completed.isEmpty ? "Nothing was changed." : "Done: \(error.completed.joined(separator: "; "))."
            let untouched = error.notStarted.isEmpty ? "" : " Not done: \(error.notStarted.joined(separator: "; "))."
            finish(ticket, .failed("\(error.underlying) \(done)\(untouched)"))
        }
    }

    /// Writes the reviewed set-up, which `sshauth apply` runs again, to a new file; an existing
    /// one is kept. It holds no secret: a typed password or passphrase is saved as "ask".
    private func saveSetup(to path: String) -> EffectResult {
        guard let prepared else { return .failed("There is no reviewed plan to save; go back and connect again.") }
        guard let setup = prepared.setup else { return .failed("This plan cannot be saved as a set-up.") }
        do {
            try SetupFile.save(setup, to: path, replace: false)
            return .setupSaved(path)
        } catch {
            return .failed("The set-up was not saved: \(error.description)")
        }
    }

    private func prepare(_ selection: KeySelection) -> EffectResult {
        guard let connection, let target, let address = setupAddress, connection.session.isAuthenticated else {
            return .failed("The connection to the target was closed; go back and connect again.")
        }
        let user = connection.user, host = connection.host, port = connection.port
        let knownHosts = knownHostsFiles?.first
        do {
            let key: KeyToInstall
            var newKey: KeyPairSetup?
            switch selection {
            case .existing(let existing):
                key = try KeyToInstall.load(existing.publicKeyPath, account: account)
            case .new(let form):
                // Made now, in memory, so the review can show the fingerprint that will be installed.
                let made = try NewKeyPair.prepare(form.newKey, comment: form.comment,
                                                  protection: form.passphrase.isEmpty ? .none : .passphrase(from: "what you typed"),
                                                  passphrase: form.passphrase.isEmpty ? nil : form.passphrase.secret,
                                                  replace: false, generateNow: true)
                guard let generated = made.made else { return .failed("The new key was not made; nothing was changed.") }
                key = KeyToInstall(planned: generated, comment: form.comment, privateKeyPath: form.path)
                newKey = made.setup
            }
            let prepared = try KeyInstallFlow.prepare(key, newKey: newKey, install: Setup.InstallChoice(), target: target,
                                                      session: connection.session, proof: .stopsThePlan, restrictedKey: .note,
                                                      usageKnownHostsFile: knownHosts)
            let privatePath = key.privateKeyPath ?? String(key.publicKeyPath.dropLast(4))
            let configName = target.alias ?? InstallResult.suggestedName(host: host)
            let hostBlock = InstallResult.hostBlock(name: configName, host: host, port: port, user: user, identityFile: privatePath,
                                                    knownHostsFile: knownHosts)
            let fingerprint = Fingerprint(of: key.line.key).description
            let randomart = FingerprintListing.randomart(for: key.line.key, hash: .sha256)
            let result = InstallResult(targetName: prepared.request.targetName, fingerprint: fingerprint, randomart: randomart,
                                       privateKeyPath: privatePath, publicKeyPath: key.publicKeyPath,
                                       loginCommand: LoginProof.usage(user: user, host: host, port: port, identityFile: privatePath,
                                                                      knownHostsFile: knownHosts),
                                       hostBlock: hostBlock, configName: configName)
            let setup = selection.setup(target: address, knownHostsFile: knownHosts)
            self.prepared = (prepared.plan, prepared.files, .installed(result), setup)
            return .planned(PlanPreview(prepared.plan, fingerprint: fingerprint, randomart: randomart))
        } catch {
            return .failed(Self.sentence(error))
        }
    }

    private func prepare(_ selection: CertificateSelection) -> EffectResult {
        guard let connection, let target, let address = setupAddress, connection.session.isAuthenticated else {
            return .failed("The connection to the target was closed; go back and connect again.")
        }
        guard let openedRing, openedRing.path == selection.ring else {
            return .failed("The key ring \(selection.ring) is no longer open; go back and open it again.")
        }
        let now = time(nil)
        guard let choice = CertificateSetup.choice(selection, opened: openedRing, now: now) else {
            return .failed("The new certificate's answers are incomplete; go back and complete them.")
        }
        let files: SFTPFileSystem
        do { files = try connection.session.openSFTP() } catch { return .failed("\(error)") }
        let made: CertificatePlan
        do {
            made = try CertificatePlanning.prepare(choice, opened: openedRing, target: target, session: connection.session, files: files,
                                                   agent: agentSocket.map { .socket($0) } ?? .none(note: CertificateSetup.noAgentNote), now: now)
        } catch {
            return .failed(Self.sentence(error))
        }
        let shown = CertificateSetup.review(made, ringPath: openedRing.path, now: now)
        // What the answers amount to, to run again with no questions: the host key the user
        // trusted is pinned, and the secrets are asked for then.
        let setup = Setup(mechanism: .certificate, targets: [address], knownHostsFile: knownHostsFiles?.first,
                          unknownHostKey: .pin(Fingerprint(of: connection.session.hostKey).description),
                          timeoutSeconds: Self.networkSeconds, install: Setup.InstallChoice(verify: agentSocket != nil), certificate: choice)
        prepared = (made.plan, files, .certificateInstalled(shown.result), setup)
        return .planned(shown.preview)
    }

    /// One password, one attempt with the method chosen once per connection. A connection the
    /// server has closed (after its grace time, or its MaxAuthTries) is reopened first, on the
    /// host key already judged; after three refusals in a row nothing more is sent to the target.
    private func logIn(_ password: SecretBytes, keep: Bool) -> EffectResult {
        guard let current = connection else { return .failed("The connection to the target was closed; go back and connect again.") }
        if let refusal = current.refusal { return .failed(refusal) }
        let target = "\(current.user)@\(current.knownHostsName)"
        let lockout = PasswordAttempts.lockoutSentence(user: current.user, host: current.host)
        guard refusedPasswords[target, default: 0] < PasswordAttempts.limit else { return .passwordRefused(lockout, mayRetry: false) }
        do {
            let opened = try current.reopenedIfClosed()
            connection = opened
            let methods = try opened.session.authenticationMethods(user: opened.user)
            try opened.session.authenticate(user: opened.user, password: password, methods: methods)
            refusedPasswords[target] = nil
            if keep { loginPassword = password }
            return .loggedIn
        } catch {
            guard error.kind == .authenticationFailed else { return .failed(error.description) }
            let refused = refusedPasswords[target, default: 0] + 1
            refusedPasswords[target] = refused
            guard refused < PasswordAttempts.limit else { return .passwordRefused(lockout, mayRetry: false) }
            let left = PasswordAttempts.limit - refused
            return .passwordRefused("\(error.description) Type it again (\(left) \(left == 1 ? "try" : "tries") left before the wizard stops, to keep the account from being locked).", mayRetry: true)
        }
    }

    /// Mechanism 3: the files for the password that logged in, their plan with the proof, and the
    /// result, prepared by the same flow as `askpass setup`; the set-up they amount to is kept beside.
    private func prepareAskpass(_ form: AskpassForm) -> EffectResult {
        guard let connection, let password = loginPassword else {
            return .failed("The connection to the target was closed; go back and connect again.")
        }
        if let problem = password.withBytes({ AskpassRequest.checkPassword($0) }) {
            return .failed("This password cannot be kept for ssh: \(problem) Nothing was written.")
        }
        guard let target, let address = setupAddress else {
            return .failed("The connection to the target was closed; go back and connect again.")
        }
        let hostKey = connection.session.hostKey
        let choice = Self.askpassChoice(form, host: target.host, helper: askpassHelper, home: account.home)
        let setup = Self.askpassSetup(choice, target: address, hostKey: hostKey, knownHostsFile: knownHostsFiles?.first)
        let made: AskpassPreparation
        do {
            made = try AskpassPreparation.prepare(choice, target: target, hostKey: hostKey, password: password,
                                                  helper: askpassHelper, home: account.home, proofSeconds: Self.networkSeconds)
        } catch {
            switch error {
            case .existingSetUp(let name, let directory, let existing):
                return .failed("Nothing was changed: a set-up named \(name) exists in \(directory) (\(existing.joined(separator: ", "))). Go back and choose another name; the wizard does not replace an existing set-up.")
            case .quoteInDirectory(let directory, let quote):
                return .failed("Nothing was written: ssh would take the \(quote) in \(directory) as quoting in the pinned known_hosts path. Go back and choose another directory.")
            default:
                return .failed("Nothing was written: \(error)")
            }
        }
        let request = made.request
        let result = AskpassResult(targetName: made.targetName, directory: request.directory, sshWrapper: request.sshWrapper, sftpWrapper: request.sftpWrapper,
                                   environmentFile: request.environmentFile, passwordFile: request.passwordFile,
                                   zosVariant: AskpassBatchJob.suggestedLines(for: request, localUser: account.name),
                                   ownSSHCall: ". \(ShellQuoting.quote(request.environmentFile)); \(AskpassScripts.environmentFunction) ssh $SSHAUTH_SSH_OPTIONS -p \(request.port) "
                                       + ShellQuoting.quote("\(request.user)@\(request.host)") + " uname -a",
                                   setupAgainCommand: AskpassScripts.setupAgainCommand(request))
        prepared = (made.plan, nil, .askpassReady(result), setup)
        return .planned(PlanPreview(made.plan, fingerprint: made.hostKeyFingerprint, randomart: "",
                                    headline: "Host key \(made.hostKeyFingerprint), pinned", details: made.renderedFiles))
    }

    /// The wizard's askpass answers as a set-up's choice, the defaults left unnamed.
    static func askpassChoice(_ form: AskpassForm, host: String, helper: AskpassRequest.Helper, home: String) -> Setup.AskpassChoice {
        let directory = form.expandedDirectory(home: home)
        return Setup.AskpassChoice(directory: directory == home + "/" + AskpassPreparation.defaultDirectory ? nil : directory,
                                   name: form.name == AskpassRequest.defaultName(host: host) ? nil : form.name,
                                   standaloneHelper: helper == .standalone)
    }

    /// The set-up the wizard's askpass answers amount to: the target as reached, its host key
    /// pinned (the wizard has judged it), and the password asked again when the set-up is run:
    /// what was typed is never written into a set-up.
    static func askpassSetup(_ choice: Setup.AskpassChoice, target: TargetAddress, hostKey: SSHPublicKey, knownHostsFile: String?) -> Setup {
        Setup(mechanism: .askpass, targets: [target],
              knownHostsFile: knownHostsFile, unknownHostKey: .pin(Fingerprint(of: hostKey).description),
              login: .password(.ask), timeoutSeconds: networkSeconds, askpass: choice)
    }
}
