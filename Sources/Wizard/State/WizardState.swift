import AuthSetup

/// The whole wizard as a value: the screen on show, the screens behind it, and the answers so far.
///
/// `handle(_:)` is the only way the state changes; it returns the effects (work for the outside
/// world) as data, so every transition is testable without a terminal, a network or a disk.
public struct WizardState: Sendable, Equatable {
    public enum Screen: Sendable, Equatable {
        /// The four mechanisms, one highlighted.
        case start(highlighted: Mechanism)
        /// Which key to install: one of `~/.ssh/id_*`, or a new one (the entry after the last key).
        case keyChoice(highlighted: Int)
        /// The answers for a new key pair.
        case newKey(NewKeyForm)
        /// Where to log in, for the chosen mechanism.
        case target(Mechanism, TargetForm)
        /// Work is going on (connecting, logging in); Esc cancels it.
        case working(String)
        /// The target's host key, when it is not known: accept or reject; when it changed: a warning.
        case hostKey(Mechanism, TargetCheck)
        /// The password for the target (masked).
        case password(Mechanism, TargetCheck, TypedSecret)
        /// Mechanism 4: the key ring file and its password (masked).
        case ring(RingForm)
        /// Mechanism 4: the ring's certificates with their expiry, and "create a new certificate".
        case certificates(CertificateChoice)
        /// Mechanism 4: the answers for a new certificate.
        case newCertificate(NewCertificateForm)
        /// The plan for the key pair, step by step with the commands a person would type: the dry-run preview.
        case review(ReviewScreen)
        /// The plan being carried out: steps before `done` are finished. `stopping` once Esc asked
        /// to stop: the step under way finishes, no further one starts.
        case applying(PlanPreview, done: Int, stopping: Bool)
        /// The key is installed and its login proved.
        case installed(InstallResult)
        /// Mechanism 4's result: the certificate's key is installed, in the agent, and its login proved.
        case certificateInstalled(CertificateResult)
        /// The z/OS user ID and ring for the artifacts of the certificate installed.
        case zosForm(CertificateResult, ZOSForm)
        /// The z/OS artifacts for the certificate, to read and to save.
        case zosArtifacts(ZOSArtifactsScreen)
        /// Mechanism 1's result: the password works; why it cannot serve batch jobs.
        case passwordWorks(TargetCheck)
        /// Mechanism 3, after the login: where to store the password and the wrappers.
        case askpassStore(AskpassForm)
        /// Mechanism 3's result; `showingZOS` while the z/OS batch variant is on show, scrolled.
        case askpassReady(AskpassResult, showingZOS: Bool, scroll: Int)
        /// Something failed; the sentence says what and what is untouched.
        case failure(String)
        /// The help reference.
        case help(HelpBrowser)
        /// "Quit and lose your answers?"
        case confirmQuit

        /// A screen that shows what an applied set-up achieved.
        var isResult: Bool {
            switch self {
            case .installed, .certificateInstalled: true
            case .askpassReady(_, let showingZOS, _): !showingZOS
            default: false
            }
        }
    }

    /// A screen to return to with Esc, and the flow as it stood while that screen was shown.
    struct Visit: Sendable, Equatable {
        var screen: Screen
        let flow: WizardFlow?
    }

    public internal(set) var screen: Screen
    /// The set-up under way and its answers so far; nil on the start screen.
    public internal(set) var flow: WizardFlow?
    /// The screens behind the current one, innermost last; going back restores each one's flow.
    private(set) var visits: [Visit] = []
    /// Screens to return to with Esc, innermost last.
    public var history: [Screen] { visits.map(\.screen) }
    public private(set) var size: TerminalSize
    /// Preview only: nothing is written and nothing is sent. Started with `--dry-run` it stays on;
    /// otherwise `d` on the review turns it on and off.
    public private(set) var dryRun: Bool
    /// Started with `--dry-run`: the review cannot turn the preview into an apply.
    public let dryRunFixed: Bool
    /// This machine's keys and defaults, read before the first frame.
    public let environment: WizardEnvironment
    /// The file the reviewed set-up was saved to, which `sshauth apply` runs again; the result
    /// screen names it. A new plan forgets it.
    public private(set) var savedSetup: String?
    /// The one-line command that repeats the applied set-up, when one command can; the result
    /// screen shows it. A new plan forgets it.
    public private(set) var repeatCommand: String?
    /// Enter was pressed on an empty password field: the screen says why nothing happened, until the next key.
    public private(set) var enterOnEmptyPassword = false
    /// Every file a set-up was saved to in this run: the review does not suggest them again.
    private(set) var savedPaths: Set<String> = []

    /// The commands that repeat the applied set-up, as the result screen lists them: the saved
    /// set-up file's, then the one-line form.
    public var repeatCommands: [String] {
        [savedSetup.map { "sshauth apply " + ShellQuoting.quote($0) }, repeatCommand].compactMap { $0 }
    }

    public init(size: TerminalSize, dryRun: Bool = false, environment: WizardEnvironment = .empty(),
                mechanism: Mechanism? = nil, target: TargetForm? = nil) {
        self.size = size
        self.dryRun = dryRun
        dryRunFixed = dryRun
        self.environment = environment
        prefilledTarget = target ?? TargetForm()
        screen = .start(highlighted: mechanism ?? .keyPair)
        if let mechanism { begin(mechanism) }
    }

    /// The target given on the command line, filled into the target screen when it is reached.
    var prefilledTarget = TargetForm()

    /// The help reference on its own (`sshauth help --browse`): closing it quits.
    public init(size: TerminalSize, helpTopic: String) {
        self.size = size
        dryRun = false
        dryRunFixed = false
        environment = .empty()
        screen = .help(HelpBrowser(topicID: HelpCatalog.topic(helpTopic)?.id ?? "overview"))
    }

    /// Whether quitting now would throw away answers the user typed.
    public var hasUnsavedAnswers: Bool {
        (history + [screen]).contains { screen in
            switch screen {
            case .target(_, let form): return !(form.host.isEmpty && form.port.isEmpty && form.user.isEmpty)
            case .newKey(let form): return !form.passphrase.isEmpty || form.pathEdited
            case .askpassStore: return true
            case .ring(let form): return !form.password.isEmpty || form.pathEdited
            case .newCertificate(let form): return form.isEdited
            default: return false
            }
        }
    }

    /// The area the help text gets on the current screen size (title, footer and margins removed).
    var helpTextArea: TerminalSize { TerminalSize(rows: max(size.rows - 4, 1), columns: max(size.columns - 4, 20)) }

    public mutating func handle(_ event: WizardEvent) -> [WizardEffect] {
        switch event {
        case .resized(let newSize):
            size = newSize
            return []
        case .effectFinished(let result):
            return finished(result)
        case .key(let key):
            if key == .interrupt { return [.quit] }
            // Below the minimum size only the notice shows; keys would act on a screen nobody sees.
            guard size.isLargeEnough else { return key == .character("q") ? quitRequested() : [] }
            // Help is reachable from every screen except help itself, in the context of that screen.
            if key == .help || (key == .character("?") && !isTyping) {
                if case .help = screen { return [] }
                open(.help(HelpBrowser(topicID: contextHelpTopic)))
                return []
            }
            return handle(key)
        }
    }

    /// Whether keys currently go into a text field (so `?` and `q` are text, not commands).
    var isTyping: Bool {
        switch screen {
        case .target, .password, .askpassStore, .ring, .zosForm: true
        case .newKey(let form): form.focus != .kind
        case .newCertificate(let form): form.focus != .key
        case .zosArtifacts(let screen): screen.savePath != nil
        case .review(let review): review.savePath != nil
        case .help(let browser): browser.query != nil
        default: false
        }
    }

    /// The help topic that explains the current screen.
    var contextHelpTopic: String {
        switch screen {
        case .start(let mechanism): mechanism.helpTopic
        case .target(let mechanism, _): mechanism.helpTopic
        case .keyChoice, .newKey: "keypair"
        case .working, .failure: visits.last.map { Self.isCertificateScreen($0.screen) } == true ? "certificate" : "hostkeys"
        case .hostKey: "hostkeys"
        case .passwordWorks: "password"
        case .askpassStore, .askpassReady: "askpass"
        case .review, .applying: flow?.mechanism.helpTopic ?? "keypair"
        case .installed: "keypair"
        case .ring, .certificates, .newCertificate, .certificateInstalled, .zosForm, .zosArtifacts: "certificate"
        case .password(let mechanism, _, _): mechanism.helpTopic
        case .help(let browser): browser.topicID
        case .confirmQuit: "overview"
        }
    }

    /// "step n of N" for the screen on show, counted in its mechanism's steps; empty where no
    /// step applies (the menu, help, results).
    var stepLabel: String {
        let (mechanism, step): (Mechanism?, Mechanism.Step?) = switch screen {
        case .target(let mechanism, _), .hostKey(let mechanism, _): (mechanism, .target)
        case .password(let mechanism, _, _): (mechanism, .login)
        case .keyChoice, .newKey: (.keyPair, .key)
        case .ring: (.certificate, .ring)
        case .certificates, .newCertificate: (.certificate, .certificate)
        case .askpassStore: (.askpass, .store)
        case .review: (flow?.mechanism, .review)
        case .applying: (flow?.mechanism, .apply)
        default: (nil, nil)
        }
        guard let mechanism, let step else { return "" }
        return mechanism.label(step)
    }

    private mutating func handle(_ key: WizardEvent.Key) -> [WizardEffect] {
        enterOnEmptyPassword = false
        // q quits from every screen that does not give it a meaning of its own (asking first when
        // answers would be lost); while typing it is a letter.
        // Esc on the first screen leaves, as in dialog and whiptail (asking first when answers
        // would be lost); help has its own Esc (closing the topic list) and says when it is done.
        if key == .escape, visits.isEmpty {
            switch screen {
            case .help, .confirmQuit: break
            default: return quitRequested()
            }
        }
        if key == .character("q"), !isTyping {
            switch screen {
            case .applying, .confirmQuit, .help, .installed, .passwordWorks, .askpassReady, .certificateInstalled, .zosArtifacts: break
            default: return quitRequested()
            }
        }
        switch screen {
        case .start(let highlighted):
            return handleStart(key, highlighted: highlighted)
        case .keyChoice(let highlighted):
            let count = environment.existingKeys.count + 1
            if let moved = ListSelection.moved(key, from: highlighted, count: count, page: max((size.rows - 9) / 2, 1)) {
                screen = .keyChoice(highlighted: moved)
                return []
            }
            switch key {
            case .escape: back()
            case .enter:
                if highlighted < environment.existingKeys.count {
                    return keyChosen(.existing(environment.existingKeys[highlighted]))
                } else {
                    open(.newKey(NewKeyForm(sshDirectory: environment.sshDirectory, comment: environment.defaultComment)))
                }
            default: break
            }
            return []
        case .newKey(var form):
            switch key {
            case .escape:
                back()
            case .enter:
                guard form.problem(fileExists: environment.takenPaths.contains) == nil else { return [] }
                return keyChosen(.new(form))
            default:
                if form.edit(key) { screen = .newKey(form) }
            }
            return []
        case .target(let mechanism, var form):
            switch key {
            case .escape:
                back()
            case .enter:
                guard form.problem == nil, let address = try? form.address(), let flow else { return [] }
                open(.working("Connecting to \(form.host) and checking its host key..."))
                return [.resolveTarget(flow.mechanism, address)]
            default:
                if form.edit(key) { screen = .target(mechanism, form) }
            }
            return []
        case .help(var browser):
            if browser.handle(key, textArea: helpTextArea) {
                screen = .help(browser)
            } else if visits.isEmpty {
                return [.quit]
            } else {
                back()
            }
            return []
        case .working:
            if key == .escape {
                back()
                return [.cancel]
            }
            return []
        case .hostKey(let mechanism, let check):
            switch (key, check.verdict) {
            case (.character("a"), .unknown), (.character("y"), .unknown):
                screen = .password(mechanism, check, TypedSecret())
                return [.trustHostKey]
            case (.escape, _), (.character("r"), _), (.character("n"), _):
                back()
                if case .target(let mechanism, var form) = screen {
                    form.notice = "You rejected the host key \(check.fingerprint) of \(check.targetName): nothing was sent and nothing recorded. Check the host and port, or connect again once the fingerprint is confirmed."
                    screen = .target(mechanism, form)
                }
                return [.disconnect]
            default:
                return []
            }
        case .password(let mechanism, let check, var secret):
            switch key {
            case .escape:
                back()
                return [.disconnect]
            case .enter:
                if secret.isEmpty { enterOnEmptyPassword = true }
                guard !secret.isEmpty, let flow else { return [] }
                open(.working("Logging in to \(check.targetName)..."))
                return [.logIn(flow.mechanism, secret)]
            default:
                guard secret.edit(key) else { return [] }
            }
            screen = .password(mechanism, check, secret)
            return []
        case .failure:
            if key == .escape || key == .enter { back() }
            return []
        case .review(var review):
            return handleReview(key, &review)
        case .applying(let preview, let done, stopping: false):
            if key == .escape {
                screen = .applying(preview, done: done, stopping: true)
                return [.stopApplying]
            }
            return []
        case .applying:
            return []
        case .installed:
            switch key {
            case .enter, .character("q"): return [.disconnect, .quit]
            default: return []
            }
        case .passwordWorks(let check):
            switch key {
            case .enter, .character("q"): return [.disconnect, .quit]
            case .character("k"):
                // Same target, same login: only the key questions remain.
                open(.keyChoice(highlighted: 0))
                flow = .keyPair(KeyPairAnswers(loggedIn: check))
                return []
            case .escape:
                back()
                return []
            default: return []
            }
        case .askpassStore(var form):
            switch key {
            case .escape:
                return backToTarget()
            case .enter:
                guard form.problem == nil else { return [] }
                open(.working("Preparing the files for \(form.name)..."))
                return [.prepareAskpass(form)]
            default:
                if form.edit(key) { screen = .askpassStore(form) }
            }
            return []
        case .askpassReady(let result, let showingZOS, let scroll):
            switch (key, showingZOS) {
            case (.character("z"), false):
                screen = .askpassReady(result, showingZOS: true, scroll: 0)
            case (.escape, true), (.character("z"), true):
                screen = .askpassReady(result, showingZOS: false, scroll: 0)
            case (.character("s"), true):
                // The jobs as a file of their own, in the z/OS artifacts screen that saves them.
                open(.zosArtifacts(ZOSArtifactsScreen(ZOSArtifacts(askpassVariant: result.zosVariant), savePath: environment.home + "/sshauth-zos")))
            case (.enter, _), (.character("q"), _):
                return [.disconnect, .quit]
            case (_, true):
                var position = scroll
                if TextViewport.scroll(key, &position, lineCount: result.zosLines(width: size.columns - 4).count, rows: max(size.rows - 6, 1)) {
                    screen = .askpassReady(result, showingZOS: true, scroll: position)
                }
            default:
                break
            }
            return []
        case .ring(var form):
            return handleRing(key, &form)
        case .certificates(var choice):
            return handleCertificates(key, &choice)
        case .newCertificate(var form):
            return handleNewCertificate(key, &form)
        case .certificateInstalled(let result):
            return handleCertificateInstalled(key, result)
        case .zosForm(let result, var form):
            return handleZOSForm(key, result, &form)
        case .zosArtifacts(var artifacts):
            return handleZOSArtifacts(key, &artifacts)
        case .confirmQuit:
            switch key {
            case .character("y"), .character("Y"): return [.quit]
            default: back()
            }
            return []
        }
    }


    /// The review: scroll, apply, switch the dry run, save the set-up to a file.
    private mutating func handleReview(_ key: WizardEvent.Key, _ review: inout ReviewScreen) -> [WizardEffect] {
        if review.savePath != nil {
            switch key {
            case .escape:
                review.savePath = nil
            case .enter:
                guard let typed = review.savePath, !typed.isEmpty else { return [] }
                let path = TypedPath.expand(typed, home: environment.home)
                review.savePath = nil
                review.notice = .saving(path)
                screen = .review(review)
                return [.saveSetup(path)]
            default:
                guard review.editPath(key) else { return [] }
            }
            screen = .review(review)
            return []
        }
        if review.scroll(key, area: ReviewScreen.textArea(for: size)) {
            screen = .review(review)
            return []
        }
        switch key {
        case .enter where !dryRun:
            screen = .applying(review.preview, done: 0, stopping: false)
            return [.apply]
        case .enter, .character("s"):
            review.savePath = suggestedSetupPath
            review.notice = nil
            screen = .review(review)
        case .character("d") where !dryRunFixed:
            dryRun.toggle()
        case .escape:
            return backToTarget()
        default:
            break
        }
        return []
    }

    /// The file the review offers to save the set-up to: `~/sshauth-setup.yaml`, or the first of
    /// `sshauth-setup-2.yaml`, `-3`... that did not exist at start and was not saved to since.
    var suggestedSetupPath: String {
        let taken = environment.takenPaths.union(savedPaths)
        return (1...).lazy.map { self.environment.home + "/sshauth-setup" + ($0 == 1 ? "" : "-\($0)") + ".yaml" }.first { !taken.contains($0) }!
    }

    /// Back to the target screen: the login belongs to this connection, which is closed.
    private mutating func backToTarget() -> [WizardEffect] {
        // The saved set-up was this connection's plan; whatever comes next is another.
        savedSetup = nil
        repeatCommand = nil
        while let previous = visits.popLast() {
            screen = previous.screen
            flow = previous.flow
            if case .target = previous.screen { break }
        }
        return [.disconnect]
    }

    private mutating func handleStart(_ key: WizardEvent.Key, highlighted: Mechanism) -> [WizardEffect] {
        let all = Mechanism.allCases
        if let moved = ListSelection.moved(key, from: highlighted.rawValue, count: all.count, page: all.count) {
            screen = .start(highlighted: all[moved])
            return []
        }
        switch key {
        case .character(let digit) where ("1"..."4").contains(digit):
            screen = .start(highlighted: all[Int(String(digit))! - 1])
        case .enter:
            begin(highlighted)
        default:
            break
        }
        return []
    }

    /// A new flow for the mechanism, from its first screen: whatever an earlier flow answered is left behind.
    private mutating func begin(_ mechanism: Mechanism) {
        switch mechanism {
        case .keyPair: open(.keyChoice(highlighted: 0))
        case .certificate: open(.ring(RingForm(path: RingForm.suggestedPath(sshDirectory: environment.sshDirectory))))
        case .password, .askpass: open(.target(mechanism, prefilledTarget))
        }
        flow = WizardFlow(mechanism)
    }

    /// After the key is chosen: the target screen, or straight to the plan when mechanism 1 already logged in.
    private mutating func keyChosen(_ key: KeySelection) -> [WizardEffect] {
        guard case .keyPair(var answers) = flow else { return [] }
        answers.key = key
        defer { flow = .keyPair(answers) }
        guard let check = answers.loggedIn else {
            open(.target(.keyPair, prefilledTarget))
            return []
        }
        open(.working("Reading \(check.targetName)'s home, ~/.ssh and authorized_keys over SFTP..."))
        return [.prepareInstall(key)]
    }

    /// The outcome of an effect moves the flow on from the "working" (or "applying") screen.
    private mutating func finished(_ result: EffectResult) -> [WizardEffect] {
        if case .zosArtifacts(var artifacts) = screen {
            switch result {
            case .artifactsSaved(let directory, let files): artifacts.notice = .saved("\(files.joined(separator: ", ")) in \(directory)")
            case .failed(let sentence): artifacts.notice = .failed(sentence)
            default: return []
            }
            screen = .zosArtifacts(artifacts)
            return []
        }
        if case .review(var review) = screen {
            switch result {
            case .setupSaved(let path):
                review.notice = .saved(path)
                savedSetup = path
                savedPaths.insert(path)
            case .failed(let sentence): review.notice = .failed(sentence)
            default: return []
            }
            screen = .review(review)
            return []
        }
        if case .applying(let preview, _, let stopping) = screen {
            switch result {
            case .stepDone(let index): screen = .applying(preview, done: index + 1, stopping: stopping)
            case .repeatable(let command): repeatCommand = command
            case .installed(let outcome): screen = .installed(outcome)
            case .askpassReady(let outcome): screen = .askpassReady(outcome, showingZOS: false, scroll: 0)
            case .certificateInstalled(let outcome): screen = .certificateInstalled(outcome)
            case .failed(let sentence): screen = .failure(sentence)
            default: break
            }
            return []
        }
        // Recording an accepted host key runs while the password is typed; its failure must be seen.
        if case .password = screen, case .failed(let sentence) = result {
            open(.failure(sentence))
            return []
        }
        guard case .working = screen else { return [] }  // cancelled meanwhile: nobody waits for it
        switch result {
        case .failed(let sentence):
            screen = .failure(sentence)
        case .targetChecked(let check):
            guard case .target? = visits.last?.screen, let mechanism = flow?.mechanism else { return [] }
            switch check.verdict {
            case .known: screen = .password(mechanism, check, TypedSecret())
            case .unknown, .changed, .revoked: screen = .hostKey(mechanism, check)
            }
        case .passwordRefused(let sentence, let mayRetry):
            guard case .password(let mechanism, let check, _)? = visits.last?.screen else { return [] }
            // The refused password leaves the field; after the last try the field itself goes.
            if mayRetry { visits[visits.count - 1].screen = .password(mechanism, check, TypedSecret()) } else { visits.removeLast() }
            screen = .failure(sentence)
        case .loggedIn:
            guard case .password(let mechanism, let check, _)? = visits.last?.screen else { return [] }
            // The password has done its work here: the screen kept for going back holds it no longer.
            visits[visits.count - 1].screen = .password(mechanism, check, TypedSecret())
            switch flow {
            case .password:
                screen = .passwordWorks(check)
            case .askpass:
                screen = .askpassStore(AskpassForm(home: environment.home, host: check.host))
            case .certificate(let answers):
                guard let certificate = answers.certificate else { return [] }
                screen = .working("Making the plan: reading \(check.targetName)'s home, ~/.ssh and authorized_keys over SFTP...")
                return [.prepareCertificate(certificate)]
            case .keyPair(let answers):
                guard let key = answers.key else { return [] }
                screen = .working("Reading \(check.targetName)'s home, ~/.ssh and authorized_keys over SFTP...")
                return [.prepareInstall(key)]
            case nil:
                break
            }
        case .planned(let preview):
            savedSetup = nil
            repeatCommand = nil
            screen = .review(ReviewScreen(preview))
        case .ringOpened(let listing):
            guard case .ring? = visits.last?.screen else { return [] }
            screen = .certificates(CertificateChoice(listing))
        case .ringRefused(let sentence, let field):
            guard case .ring = visits.last?.screen else { return [] }
            back()
            guard case .ring(var form) = screen else { return [] }
            form.refuse(field, sentence)
            screen = .ring(form)
        case .stepDone, .installed, .certificateInstalled, .setupSaved, .repeatable, .artifactsSaved, .askpassReady:
            break
        }
        return []
    }

    mutating func quitRequested() -> [WizardEffect] {
        if hasUnsavedAnswers {
            open(.confirmQuit)
            return []
        }
        return [.quit]
    }

    /// Shows the next screen; the flow stays as it is until the caller records a new answer.
    mutating func open(_ next: Screen) {
        visits.append(Visit(screen: screen, flow: flow))
        screen = next
    }

    /// Back to the previous screen, with the flow as it was there: later answers are forgotten.
    mutating func back() {
        guard let previous = visits.popLast() else { return }
        screen = previous.screen
        flow = previous.flow
    }
}

/// Work the wizard asks the outside world to do; the result comes back as an event.
public enum WizardEffect: Sendable, Equatable {
    case quit
    /// Resolve the target (ssh_config), connect and check its host key, for the mechanism.
    case resolveTarget(Mechanism, TargetAddress)
    /// Record the unknown host key the user accepted (not in a dry run).
    case trustHostKey
    /// Log in with the password.
    case logIn(Mechanism, TypedSecret)
    /// Make (in memory) or read the key, inspect the target, and build the plan for review.
    case prepareInstall(KeySelection)
    /// Carry out the reviewed plan.
    case apply
    /// Finish the step under way and start no further one.
    case stopApplying
    /// Write the reviewed set-up (what `sshauth apply` runs) to a new file at this path.
    case saveSetup(String)
    /// Mechanism 3: build the plan of files (and the proof) for review, with the password typed for the login.
    case prepareAskpass(AskpassForm)
    /// Stop the work in progress; its result will be ignored.
    case cancel
    /// Close the connection to the target.
    case disconnect
    /// Read the key ring file and open it with the password (the confirmation counts only for a
    /// ring that does not exist yet); list its certificates.
    case openRing(path: String, password: TypedSecret, confirmation: TypedSecret)
    /// Forget the opened ring and its password.
    case closeRing
    /// Make (in memory) or take the certificate, inspect the target, and build the plan for review.
    case prepareCertificate(CertificateSelection)
    /// Write the z/OS artifacts as new files into this directory (made if missing); none is replaced.
    case saveArtifacts(directory: String, files: [ArtifactFile])
}

/// How an effect ended.
public enum EffectResult: Sendable, Equatable {
    case failed(String)
    case targetChecked(TargetCheck)
    /// The password was accepted.
    case loggedIn
    /// The server refused the password: the sentence to show, and whether another may be typed
    /// (false after the last try allowed, for fear of locking the account).
    case passwordRefused(String, mayRetry: Bool)
    /// The plan is ready for review.
    case planned(PlanPreview)
    /// A step of the plan being applied finished.
    case stepDone(Int)
    /// The whole plan was applied and the login proved.
    case installed(InstallResult)
    /// The reviewed set-up was written to this file.
    case setupSaved(String)
    /// The applied set-up can be repeated with this one-line command (sent before the result).
    case repeatable(String)
    /// Mechanism 3's files are written and a run with no terminal logged in.
    case askpassReady(AskpassResult)
    /// The key ring is open; its certificates.
    case ringOpened(RingListing)
    /// The ring form's answer in `field` cannot open the ring: the sentence goes beside that field.
    case ringRefused(String, field: RingForm.Field)
    /// The certificate plan was applied: installed, in the agent, login proved.
    case certificateInstalled(CertificateResult)
    /// The z/OS artifacts were written: the directory and the file names.
    case artifactsSaved(directory: String, files: [String])
}
