import Testing
@testable import Wizard
import AuthSetup

/// Every transition of the wizard, driven event by event with no terminal.
@Suite struct WizardStateTests {
    static let size = TerminalSize(rows: 24, columns: 80)

    private func state(_ keys: [WizardEvent.Key], start: WizardState = WizardState(size: size)) -> (WizardState, [WizardEffect]) {
        var state = start
        var effects: [WizardEffect] = []
        for key in keys { effects += state.handle(.key(key)) }
        return (state, effects)
    }

    @Test("starts on the key pair, the mechanism most readers need")
    func startsOnKeyPair() {
        #expect(WizardState(size: Self.size).screen == .start(highlighted: .keyPair))
    }

    @Test("arrows, Tab and digits move the highlight, wrapping around", arguments: [
        ([WizardEvent.Key.down], Mechanism.askpass), ([.up], .password), ([.up, .up], .certificate),
        ([.tab, .tab, .tab], .password), ([.backTab], .password), ([.character("4")], .certificate), ([.character("1")], .password),
    ])
    func movement(keys: [WizardEvent.Key], expected: Mechanism) {
        #expect(state(keys).0.screen == .start(highlighted: expected))
    }

    @Test("Enter opens the password flow's target screen or the key pair's key choice; Esc comes back", arguments: [
        (Mechanism.password, WizardState.Screen.target(.password, TargetForm())), (.keyPair, .keyChoice(highlighted: 0)),
    ])
    func enterAvailable(_ mechanism: Mechanism, expected: WizardState.Screen) {
        let (opened, _) = state([.character(Character(String(mechanism.rawValue + 1))), .enter])
        #expect(opened.screen == expected)
        var back = opened
        _ = back.handle(.key(.escape))
        #expect(back.screen == .start(highlighted: mechanism))
    }

    @Test("Enter on mechanism 3 opens its target screen; 4 its key ring")
    func enterAskpassAndCertificate() {
        guard case .target(.askpass, _) = state([.character("3"), .enter]).0.screen else { Issue.record("3 does not open the target"); return }
        guard case .ring = state([.character("4"), .enter]).0.screen else { Issue.record("4 does not open the ring"); return }
    }

    @Test("q quits at once when nothing was typed; Ctrl-C always")
    func quit() {
        #expect(state([.character("q")]).1 == [.quit])
        #expect(state([.character("1"), .enter, .character("h"), .interrupt]).1 == [.quit])
    }

    @Test("typed answers make q a letter in the field and Esc-then-q ask first")
    func quitAsksWhenAnswersWouldBeLost() {
        let (typing, effects) = state([.character("1"), .enter, .character("q")])
        #expect(effects.isEmpty)
        guard case .target(_, let form) = typing.screen else { Issue.record("not on the target screen"); return }
        #expect(form.host == "q")
        var start = WizardState(size: Self.size, mechanism: .password, target: TargetForm(host: "example.org"))
        // From the target screen Esc goes back; the answers are gone with the screen, so q quits.
        _ = start.handle(.key(.escape))
        #expect(start.handle(.key(.character("q"))) == [.quit])
    }

    @Test("the confirm-quit screen: y quits, anything else stays")
    func confirmQuit() {
        var state = WizardState(size: Self.size, mechanism: .password, target: TargetForm(host: "h"))
        // Open help, then go back: answers are still there.
        _ = state.handle(.key(.help))
        _ = state.handle(.key(.escape))
        #expect(state.hasUnsavedAnswers)
    }

    @Test("the target form checks answers as they are typed")
    func targetValidation() {
        let (empty, _) = state([.character("1"), .enter])
        guard case .target(_, let form) = empty.screen else { Issue.record("not on the target screen"); return }
        #expect(form.problem?.contains("host") == true)
        let (typed, effects) = state([.enter, .enter, .enter] + "me@example.org".map { .character($0) } + [.enter])
        guard case .working = typed.screen, case .target(_, let filled)? = typed.history.last else {
            Issue.record("Enter on a valid target did not start the work"); return
        }
        #expect(filled.problem == nil)
        #expect(effects.count == 1)
        if case .resolveTarget(let mechanism, let address)? = effects.first {
            #expect(mechanism == .keyPair)
            #expect(address.user == "me" && address.host == "example.org" && address.port == nil)
        }
    }

    @Test("the port field takes digits only and must be 1-65535", arguments: [("22", true), ("0", false), ("70000", false), ("", true)])
    func port(text: String, valid: Bool) {
        let form = TargetForm(host: "h", port: text)
        #expect((form.problem == nil) == valid)
    }

    @Test("letters typed into the port field are ignored")
    func portIgnoresLetters() {
        let (typed, _) = state([.character("1"), .enter, .character("h"), .tab] + "2x2".map { .character($0) })
        guard case .target(_, let form) = typed.screen else { Issue.record("not on the target screen"); return }
        #expect(form.port == "22")
        #expect(form.focus == .port)
    }

    private func focus(after keys: [WizardEvent.Key]) -> TargetForm.Field? {
        if case .target(_, let form) = state(keys).0.screen { return form.focus }
        return nil
    }

    @Test("Tab and Shift-Tab cycle the fields")
    func fieldCycle() {
        #expect(focus(after: [.character("1"), .enter, .tab, .tab]) == .user)
        #expect(focus(after: [.character("1"), .enter, .backTab]) == .user)
        #expect(focus(after: [.character("1"), .enter, .tab, .tab, .tab]) == .host)
    }

    @Test("F1 and ? open help for the screen in context; Esc returns to where it was")
    func contextHelp() {
        let (help, _) = state([.up, .character("?")])
        #expect(help.screen == .help(HelpBrowser(topicID: "password")))
        var back = help
        _ = back.handle(.key(.escape))
        #expect(back.screen == .start(highlighted: .password))
        let (onKeys, _) = state([.enter, .help])
        #expect(onKeys.screen == .help(HelpBrowser(topicID: "keypair")))
    }

    @Test("on a terminal below 80x24 keys do nothing but q, which quits")
    func tooSmallIgnoresKeys() {
        var state = WizardState(size: TerminalSize(rows: 20, columns: 70))
        #expect(state.handle(.key(.down)).isEmpty)
        #expect(state.screen == .start(highlighted: .keyPair))
        #expect(state.handle(.key(.character("q"))) == [.quit])
    }

    static let keys = WizardEnvironment(sshDirectory: "/home/u/.ssh", existingKeys: [
        ExistingKey(privateKeyPath: "/home/u/.ssh/id_ed25519", publicKeyPath: "/home/u/.ssh/id_ed25519.pub", algorithm: .ed25519,
                    bits: 256, fingerprint: "SHA256:abc", comment: "u@h"),
        ExistingKey(privateKeyPath: "/home/u/.ssh/id_rsa", publicKeyPath: "/home/u/.ssh/id_rsa.pub", algorithm: .rsa,
                    bits: 3072, fingerprint: "SHA256:def", comment: "u@h"),
    ], defaultComment: "u@h", takenPaths: ["/home/u/.ssh/id_ed25519", "/home/u/.ssh/id_ed25519.pub", "/home/u/.ssh/id_rsa", "/home/u/.ssh/id_rsa.pub"])

    @Test("choosing an existing key goes on to the target with that key")
    func existingKey() {
        let (chosen, _) = state([.enter, .down, .enter], start: WizardState(size: Self.size, environment: Self.keys))
        #expect(chosen.screen == .target(.keyPair, TargetForm()))
        #expect(chosen.flow == .keyPair(KeyPairAnswers(key: .existing(Self.keys.existingKeys[1]))))
    }

    @Test("the entry after the keys makes a new one; the list wraps")
    func newKeyEntry() {
        let (listed, _) = state([.enter, .up], start: WizardState(size: Self.size, environment: Self.keys))
        #expect(listed.screen == .keyChoice(highlighted: 2))
        var opened = listed
        _ = opened.handle(.key(.enter))
        guard case .newKey(let form) = opened.screen else { Issue.record("no new key form"); return }
        #expect(form.path == "/home/u/.ssh/id_ed25519")
        #expect(form.comment == "u@h")
    }

    @Test("the new key form: kind changes the default file, a taken file and differing passphrases are refused")
    func newKeyForm() {
        var state = WizardState(size: Self.size, environment: Self.keys)
        for key in [WizardEvent.Key.enter, .up, .enter] { _ = state.handle(.key(key)) }
        // Ed25519's default file exists: Enter does nothing.
        _ = state.handle(.key(.enter))
        guard case .newKey(var form) = state.screen else { Issue.record("left the form"); return }
        #expect(form.problem(fileExists: Self.keys.takenPaths.contains)?.contains("already exists") == true)
        // ECDSA's default file is free.
        _ = state.handle(.key(.right))
        guard case .newKey(let ecdsa) = state.screen else { Issue.record("left the form"); return }
        #expect(ecdsa.path == "/home/u/.ssh/id_ecdsa")
        form = ecdsa
        // A passphrase typed twice differently blocks; the same twice passes.
        for key in [WizardEvent.Key.tab, .tab, .tab] + "abc".map({ .character($0) }) + [.tab] + "abd".map({ .character($0) }) {
            _ = state.handle(.key(key))
        }
        guard case .newKey(let differing) = state.screen else { Issue.record("left the form"); return }
        #expect(differing.passphrase.description == "\u{2022}\u{2022}\u{2022}")
        #expect(differing.problem(fileExists: Self.keys.takenPaths.contains)?.contains("differ") == true)
        for key in [WizardEvent.Key.backspace, .character("c"), .enter] { _ = state.handle(.key(key)) }
        #expect(state.screen == .target(.keyPair, TargetForm()))
        guard case .keyPair(let answers)? = state.flow, case .new(let chosen)? = answers.key else { Issue.record("no key selection"); return }
        #expect(chosen.kind == .ecdsa256)
        #expect(chosen.passphrase == chosen.confirmation && !chosen.passphrase.isEmpty)
        _ = form
    }

    static func check(_ verdict: TargetCheck.Verdict) -> TargetCheck {
        TargetCheck(user: "me", hostName: "example.org", alias: nil, hostKeyType: "ED25519", fingerprint: "SHA256:xyz",
                    randomart: "+--[ED25519 256]--+\n|                 |\n+----[SHA256]-----+", verdict: verdict,
                    methods: ["publickey", "password"])
    }

    /// The password flow up to the "connecting" screen for example.org.
    private func connecting() -> WizardState {
        state([.character("1"), .enter] + "me@example.org".map { .character($0) } + [.enter]).0
    }

    @Test("Enter on a valid target shows progress and asks to resolve it; Esc cancels")
    func connectingAndCancel() {
        var working = connecting()
        guard case .working = working.screen else { Issue.record("not working"); return }
        #expect(working.handle(.key(.escape)) == [.cancel])
        guard case .target = working.screen else { Issue.record("Esc did not go back"); return }
        // A late result of the cancelled work changes nothing.
        _ = working.handle(.effectFinished(.targetChecked(Self.check(.known))))
        guard case .target = working.screen else { Issue.record("a cancelled result moved the flow"); return }
    }

    @Test("a known host key goes straight to the password; an unknown one asks first", arguments: [
        (TargetCheck.Verdict.known, true), (.unknown, false),
    ])
    func hostKeyVerdicts(verdict: TargetCheck.Verdict, straightToPassword: Bool) {
        var state = connecting()
        _ = state.handle(.effectFinished(.targetChecked(Self.check(verdict))))
        if straightToPassword {
            #expect(state.screen == .password(.password, Self.check(verdict), TypedSecret()))
        } else {
            #expect(state.screen == .hostKey(.password, Self.check(verdict)))
            #expect(state.handle(.key(.character("a"))) == [.trustHostKey])
            #expect(state.screen == .password(.password, Self.check(verdict), TypedSecret()))
        }
    }

    @Test("an unknown key can be rejected; a changed or revoked key cannot be accepted at all", arguments: [
        TargetCheck.Verdict.unknown, .changed(file: "/root/.ssh/known_hosts", lines: [3]), .revoked(file: "/etc/ssh/ssh_known_hosts", line: 1),
    ])
    func rejectHostKey(verdict: TargetCheck.Verdict) {
        var state = connecting()
        _ = state.handle(.effectFinished(.targetChecked(Self.check(verdict))))
        if verdict != .unknown {
            #expect(state.handle(.key(.character("a"))).isEmpty)
            #expect(state.handle(.key(.character("y"))).isEmpty)
            #expect(state.screen == .hostKey(.password, Self.check(verdict)))
        }
        #expect(state.handle(.key(.escape)) == [.disconnect])
        guard case .target(_, let form) = state.screen else { Issue.record("rejecting did not go back to the target"); return }
        // Going back says so: the host key was rejected, nothing sent; the next key clears it.
        #expect(form.notice?.hasPrefix("You rejected the host key SHA256:xyz of me@example.org: nothing was sent") == true, "\(form.notice ?? "none")")
        #expect(render(state).lines.joined().contains("You rejected the host key"))
        _ = state.handle(.key(.end))
        guard case .target(_, let edited) = state.screen else { return }
        #expect(edited.notice == nil)
    }

    @Test("the password is masked, typed and sent with Enter; an empty one is not sent")
    func password() {
        var state = connecting()
        _ = state.handle(.effectFinished(.targetChecked(Self.check(.known))))
        #expect(state.handle(.key(.enter)).isEmpty)
        for character in "s3cr€t" { _ = state.handle(.key(.character(character))) }
        _ = state.handle(.key(.backspace))
        guard case .password(_, _, let secret) = state.screen else { Issue.record("not on the password screen"); return }
        #expect(secret.description == String(repeating: "\u{2022}", count: 5))
        #expect(String(decoding: secret.bytes, as: UTF8.self) == "s3cr€")
        #expect(!render(state).lines.joined().contains("s3cr"))
        let effects = state.handle(.key(.enter))
        #expect(effects == [.logIn(.password, secret)])
    }

    static let preview = PlanPreview(
        Plan(title: "Install the Ed25519 key SHA256:xyz for me@example.org", steps: [
            Plan.Step(change: .createDirectory, summary: "Create the directory ~/.ssh", mode: 0o700, manualCommand: "mkdir -m 700 ~/.ssh") {},
            Plan.Step(change: .append, summary: "Create ~/.ssh/authorized_keys with mode 0600 holding the key", mode: 0o600,
                      manualCommand: "ssh me@example.org 'cat >> ~/.ssh/authorized_keys' < /home/me/.ssh/id_ed25519.pub") {},
            Plan.Step(change: .check, summary: "Prove that the key logs in with the system ssh client") {},
        ], notes: ["Remote home: /home/me"]),
        fingerprint: "SHA256:xyz", randomart: "")

    /// The key pair flow with the first existing key, up to the review of `preview`.
    private func reviewing(dryRun: Bool) -> WizardState {
        var state = WizardState(size: Self.size, dryRun: dryRun, environment: Self.keys)
        for key in [WizardEvent.Key.enter, .enter] + "me@example.org".map({ .character($0) }) + [.enter] { _ = state.handle(.key(key)) }
        _ = state.handle(.effectFinished(.targetChecked(Self.check(.known))))
        for key in "pw".map({ WizardEvent.Key.character($0) }) + [.enter] { _ = state.handle(.key(key)) }
        _ = state.handle(.effectFinished(.loggedIn))
        _ = state.handle(.effectFinished(.planned(Self.preview)))
        return state
    }

    @Test("Enter on the review applies; progress ticks steps off; the result ends it; in a dry run Enter offers to save instead")
    func apply() {
        var dry = reviewing(dryRun: true)
        #expect(dry.handle(.key(.enter)).isEmpty)
        #expect(dry.screen == .review(ReviewScreen(Self.preview, savePath: "/home/u/sshauth-setup.yaml")))
        var state = reviewing(dryRun: false)
        #expect(state.handle(.key(.enter)) == [.apply])
        #expect(state.screen == .applying(Self.preview, done: 0, stopping: false))
        #expect(state.handle(.key(.character("q"))).isEmpty, "q cannot leave a plan half-way")
        _ = state.handle(.effectFinished(.stepDone(0)))
        #expect(state.screen == .applying(Self.preview, done: 1, stopping: false))
        let result = InstallResult(targetName: "me@example.org", fingerprint: "SHA256:xyz", randomart: "", privateKeyPath: "/k",
                                   publicKeyPath: "/k.pub", loginCommand: "ssh -i /k me@example.org", hostBlock: "Host example.org")
        _ = state.handle(.effectFinished(.installed(result)))
        #expect(state.screen == .installed(result))
        #expect(state.handle(.key(.enter)) == [.disconnect, .quit])
        var failing = reviewing(dryRun: false)
        _ = failing.handle(.key(.enter))
        _ = failing.handle(.effectFinished(.failed("Could not append. Done before the failure: Create the directory ~/.ssh.")))
        #expect(failing.screen == .failure("Could not append. Done before the failure: Create the directory ~/.ssh."))
    }

    @Test("key pair: after the login the plan is prepared and shown; Esc from the review goes back to the target")
    func review() {
        var state = WizardState(size: Self.size, environment: Self.keys)
        for key in [WizardEvent.Key.enter, .enter] + "me@example.org".map({ .character($0) }) + [.enter] { _ = state.handle(.key(key)) }
        _ = state.handle(.effectFinished(.targetChecked(Self.check(.known))))
        for key in "pw".map({ WizardEvent.Key.character($0) }) + [.enter] { _ = state.handle(.key(key)) }
        #expect(state.handle(.effectFinished(.loggedIn)) == [.prepareInstall(.existing(Self.keys.existingKeys[0]))])
        _ = state.handle(.effectFinished(.planned(Self.preview)))
        #expect(state.screen == .review(ReviewScreen(Self.preview)))
        _ = state.handle(.key(.down))
        #expect(state.screen == .review(ReviewScreen(Self.preview)), "a plan that fits does not scroll")
        #expect(state.handle(.key(.escape)) == [.disconnect])
        guard case .target(.keyPair, _) = state.screen else { Issue.record("not back on the target: \(state.screen)"); return }
    }

    /// A plan longer than any screen: 30 steps, each with a command.
    static let longPreview = PlanPreview(
        Plan(title: "A long plan", steps: (1...30).map { number in
            Plan.Step(change: .check, summary: "Step number \(number)", manualCommand: "true \(number)") {}
        }),
        fingerprint: "SHA256:xyz", randomart: "")

    @Test("the review scrolls by lines: arrows, PgUp/PgDn, Home/End, never past either end")
    func reviewScrolling() {
        var long = WizardState(size: Self.size, environment: Self.keys)
        for key in [WizardEvent.Key.enter, .enter] + "me@example.org".map({ .character($0) }) + [.enter] { _ = long.handle(.key(key)) }
        _ = long.handle(.effectFinished(.targetChecked(Self.check(.known))))
        for key in "pw".map({ WizardEvent.Key.character($0) }) + [.enter] { _ = long.handle(.key(key)) }
        _ = long.handle(.effectFinished(.loggedIn))
        _ = long.handle(.effectFinished(.planned(Self.longPreview)))
        let area = ReviewScreen.textArea(for: Self.size)
        let total = ReviewScreen(Self.longPreview).lines(width: area.columns).count
        #expect(total == 60)
        func scroll() -> Int {
            guard case .review(let review) = long.screen else { return -1 }
            return review.scroll
        }
        _ = long.handle(.key(.up))
        #expect(scroll() == 0)
        _ = long.handle(.key(.down))
        #expect(scroll() == 1)
        _ = long.handle(.key(.pageDown))
        #expect(scroll() == 1 + area.rows)
        _ = long.handle(.key(.end))
        #expect(scroll() == total - area.rows)
        _ = long.handle(.key(.down))
        #expect(scroll() == total - area.rows)
        _ = long.handle(.key(.pageUp))
        #expect(scroll() == total - 2 * area.rows)
        _ = long.handle(.key(.home))
        #expect(scroll() == 0)
        let frame = render(long).lines
        #expect(frame.contains { $0.contains("lines 1-\(area.rows) of 60") })
    }

    @Test("review lines wrap at spaces, keep a command's spacing, hang under their text and never exceed the width")
    func reviewWrapping() {
        let long = "12. Append the key to /home/someone/.ssh/authorized_keys with a single write, after repairing its last line"
        let wrapped = ReviewScreen.wrap(long, width: 40)
        #expect(wrapped.allSatisfy { $0.count <= 40 })
        #expect(wrapped.first == "12. Append the key to")
        #expect(wrapped.dropFirst().allSatisfy { $0.hasPrefix("    ") && !$0.hasPrefix("     ") })
        #expect(wrapped.map { $0.drop { $0 == " " } }.joined(separator: " ") == long)
        let command = "   by hand: cat k.pub  >>  ~/.ssh/authorized_keys"
        #expect(ReviewScreen.wrap(command, width: 60) == [command], "spacing kept when it fits")
        let unbroken = "   by hand: " + String(repeating: "x", count: 50)
        let cut = ReviewScreen.wrap(unbroken, width: 30)
        #expect(cut.allSatisfy { $0.count <= 30 })
        #expect(cut.map { $0.drop { $0 == " " } }.joined().hasSuffix(String(repeating: "x", count: 50)))
    }

    @Test("q quits from screens without answers (key choice, host key, failure), and never cuts a plan short")
    func quitAnywhere() {
        var choice = WizardState(size: Self.size, environment: Self.keys, mechanism: .keyPair)
        #expect(choice.handle(.key(.character("q"))) == [.quit])
        var failed = connecting()
        _ = failed.handle(.effectFinished(.failed("refused")))
        #expect(failed.handle(.key(.character("q"))).isEmpty, "typed target answers: ask first")
        #expect(failed.screen == .confirmQuit)
        var applying = reviewing(dryRun: false)
        _ = applying.handle(.key(.enter))
        #expect(applying.handle(.key(.character("q"))).isEmpty)
        #expect(applying.handle(.key(.interrupt)) == [.quit], "Ctrl-C still leaves; the worker finishes the step under way")
    }

    @Test("a field longer than its band shows the part around the cursor, each cut marked, the cursor on it")
    func longFieldShowsItsEnd() {
        let host = "a-very-long-host-name-" + String(repeating: "x", count: 60) + ".example.org"
        var state = WizardState(size: Self.size, mechanism: .password, target: TargetForm(host: host, user: "me"))
        var frame = render(state)
        var row = frame.lines.firstIndex { $0.hasPrefix("    Host") } ?? 0
        var line = frame.lines[row]
        // The band runs from column 12 to 52: a cut mark, then the end of the value and the cursor after it.
        #expect(line.dropFirst(12).hasPrefix("<") && line.prefix(52).hasSuffix("x.example.org "), "\(line)")
        #expect(!line.contains("a-very-long"))
        #expect(frame.cursor == ScreenPosition(row: row, column: 51))
        _ = state.handle(.key(.home))
        frame = render(state)
        row = frame.lines.firstIndex { $0.hasPrefix("    Host") } ?? 0
        line = frame.lines[row]
        #expect(line.dropFirst(12).hasPrefix("a-very-long") && line.prefix(52).hasSuffix(">"), "\(line)")
        #expect(frame.cursor == ScreenPosition(row: row, column: 12))
    }

    @Test("a typed secret: bytes as typed, Backspace removes a whole character, bullets count characters")
    func typedSecret() {
        var secret = TypedSecret()
        for character in "p\u{e9}\u{20ac}\u{1F511}x" { secret.append(character) }
        #expect(secret.bytes == Array("p\u{e9}\u{20ac}\u{1F511}x".utf8))
        #expect(secret.description == String(repeating: "\u{2022}", count: 5))
        secret.removeLast()
        secret.removeLast()
        #expect(secret.bytes == Array("p\u{e9}\u{20ac}".utf8))
        for _ in 0..<5 { secret.removeLast() }
        #expect(secret.isEmpty)
        var other = TypedSecret()
        other.append("a")
        #expect(other != secret)
    }

    @Test("a host key that could not be recorded is reported on the password screen; Esc goes back to it")
    func hostKeyNotRecorded() {
        var state = connecting()
        _ = state.handle(.effectFinished(.targetChecked(Self.check(.unknown))))
        #expect(state.handle(.key(.character("a"))) == [.trustHostKey])
        guard case .password = state.screen else { Issue.record("not on the password screen"); return }
        _ = state.handle(.effectFinished(.failed("The host key was accepted but could not be recorded: read-only.")))
        #expect(state.screen == .failure("The host key was accepted but could not be recorded: read-only."))
        _ = state.handle(.key(.escape))
        guard case .password = state.screen else { Issue.record("not back on the password screen: \(state.screen)"); return }
        var typing = state
        _ = typing.handle(.key(.character("\u{7}")))
        guard case .password(_, _, let secret) = typing.screen else { return }
        #expect(secret.isEmpty, "control characters are not typed into a password")
    }

    @Test("d switches the dry run on the review; with --dry-run it cannot be switched off")
    func dryRunSwitch() {
        var state = reviewing(dryRun: false)
        _ = state.handle(.key(.character("d")))
        #expect(state.dryRun)
        #expect(state.handle(.key(.enter)).isEmpty, "a dry run never applies")
        _ = state.handle(.key(.escape))
        _ = state.handle(.key(.character("d")))
        #expect(!state.dryRun)
        #expect(state.handle(.key(.enter)) == [.apply])
        var fixed = reviewing(dryRun: true)
        _ = fixed.handle(.key(.character("d")))
        #expect(fixed.dryRun)
        #expect(!render(fixed).lines.joined().contains("d apply mode"))
    }

    @Test("s saves the set-up: a path field (~ expanded), the effect, then the outcome and the apply command under the plan")
    func saveSetup() {
        var state = reviewing(dryRun: true)
        _ = state.handle(.key(.character("s")))
        for _ in 0..<"/home/u/sshauth-setup.yaml".count { _ = state.handle(.key(.backspace)) }
        #expect(state.handle(.key(.enter)).isEmpty, "an empty path saves nothing")
        for character in "~/setups/q?.yaml" { _ = state.handle(.key(.character(character))) }
        #expect(state.handle(.key(.enter)) == [.saveSetup("/home/u/setups/q?.yaml")], "q and ? are text in the field")
        #expect(state.screen == .review(ReviewScreen(Self.preview, notice: .saving("/home/u/setups/q?.yaml"))))
        #expect(state.savedSetup == nil, "not saved until the worker says so")
        _ = state.handle(.effectFinished(.setupSaved("/home/u/setups/q?.yaml")))
        #expect(state.screen == .review(ReviewScreen(Self.preview, notice: .saved("/home/u/setups/q?.yaml"))))
        #expect(state.savedSetup == "/home/u/setups/q?.yaml")
        let shown = render(state).lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(shown.contains("Set-up saved to /home/u/setups/q?.yaml.") && shown.contains("sshauth apply '/home/u/setups/q?.yaml'"), "\(shown)")
        _ = state.handle(.key(.character("s")))
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.failed("The set-up was not saved: /home/u/sshauth-setup.yaml already exists.")))
        #expect(state.screen == .review(ReviewScreen(Self.preview, notice: .failed("The set-up was not saved: /home/u/sshauth-setup.yaml already exists."))))
        _ = state.handle(.key(.character("s")))
        _ = state.handle(.key(.escape))
        #expect(state.screen == .review(ReviewScreen(Self.preview)), "Esc closes the field and stays on the review")
        _ = state.handle(.key(.escape))
        #expect(state.savedSetup == nil, "back at the target, the next plan is not the saved set-up")
    }

    @Test("the result screen ends with the apply command of the set-up saved on the review, and only then")
    func resultNamesTheSavedSetup() {
        var state = reviewing(dryRun: false)
        let result = InstallResult(targetName: "u@h", fingerprint: "SHA256:x", randomart: "", privateKeyPath: "/home/u/.ssh/k",
                                   publicKeyPath: "/home/u/.ssh/k.pub", loginCommand: "ssh -i /home/u/.ssh/k u@h", hostBlock: "Host h")
        var unsaved = state
        _ = unsaved.handle(.key(.enter))
        _ = unsaved.handle(.effectFinished(.installed(result)))
        #expect(!render(unsaved).lines.joined().contains("Repeat with"))
        _ = state.handle(.key(.character("s")))
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.setupSaved("/home/u/sshauth-setup.yaml")))
        _ = state.handle(.key(.enter))
        #expect(state.screen == .applying(Self.preview, done: 0, stopping: false))
        _ = state.handle(.effectFinished(.installed(result)))
        #expect(render(state).lines.joined().contains("Repeat with: sshauth apply /home/u/sshauth-setup.yaml"))
    }

    @Test("Esc while applying asks to stop after the current step; the stop comes back as a failure naming what was not done")
    func stopApplying() {
        var state = reviewing(dryRun: false)
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.stepDone(0)))
        #expect(state.handle(.key(.escape)) == [.stopApplying])
        #expect(state.screen == .applying(Self.preview, done: 1, stopping: true))
        #expect(state.handle(.key(.escape)).isEmpty, "asked once is enough")
        _ = state.handle(.effectFinished(.stepDone(1)))
        #expect(state.screen == .applying(Self.preview, done: 2, stopping: true))
        #expect(render(state).lines.joined().contains("Stopping"))
        let sentence = "Stopped at your request before step 3. Done: a; b. Not done: c."
        _ = state.handle(.effectFinished(.failed(sentence)))
        #expect(state.screen == .failure(sentence))
    }

    static let askpassPreview = PlanPreview(
        Plan(title: "Store the password for me@example.org port 22 and write the askpass wrappers in /home/u/.config/sshauth/askpass", steps: [
            Plan.Step(change: .writeFile, summary: "Write /home/u/.config/sshauth/askpass/example.org.password: the password alone", mode: 0o600) {},
            Plan.Step(change: .check, summary: "Prove that /home/u/.config/sshauth/askpass/example.org-ssh logs in with no terminal, as cron would run it") {},
        ]),
        fingerprint: "SHA256:xyz", randomart: "", headline: "Host key SHA256:xyz, pinned",
        details: ["", "--- /home/u/.config/sshauth/askpass/example.org.password (mode 0600) ---", "\u{2022}\u{2022}\u{2022}\u{2022}"])

    static let askpassResult = AskpassResult(
        targetName: "me@example.org", directory: "/home/u/.config/sshauth/askpass",
        sshWrapper: "/home/u/.config/sshauth/askpass/example.org-ssh", sftpWrapper: "/home/u/.config/sshauth/askpass/example.org-sftp",
        environmentFile: "/home/u/.config/sshauth/askpass/example.org.env", passwordFile: "/home/u/.config/sshauth/askpass/example.org.password",
        zosVariant: (1...60).map { "//LINE\($0)" },
        ownSSHCall: ". /home/u/.config/sshauth/askpass/example.org.env; sshauth_askpass ssh $SSHAUTH_SSH_OPTIONS -p 22 me@example.org uname -a",
        setupAgainCommand: "sshauth askpass setup --force --dir '/home/u/.config/sshauth/askpass' --name 'example.org' -p 22 'me@example.org'")

    /// Mechanism 3 up to the "where to store" screen for example.org.
    static func askpassStoring(size: TerminalSize = size) -> WizardState {
        var state = WizardState(size: size, environment: keys, mechanism: .askpass, target: TargetForm(host: "example.org", user: "me"))
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.targetChecked(check(.known))))
        for key in "pw".map({ WizardEvent.Key.character($0) }) + [.enter] { _ = state.handle(.key(key)) }
        _ = state.handle(.effectFinished(.loggedIn))
        return state
    }

    @Test("mechanism 3: after the login, where to store; then the files for review, applied, and the result with the z/OS variant")
    func askpassFlow() {
        var state = Self.askpassStoring()
        guard case .askpassStore(var form) = state.screen else { Issue.record("not on the store screen: \(state.screen)"); return }
        #expect(form == AskpassForm(directory: "/home/u/.config/sshauth/askpass", name: "example.org"))
        #expect(state.hasUnsavedAnswers)
        #expect(state.handle(.key(.character("q"))).isEmpty, "q is a letter in the field")
        _ = state.handle(.key(.backspace))
        #expect(state.contextHelpTopic == "askpass")
        _ = state.handle(.key(.tab))
        for _ in 0..<20 { _ = state.handle(.key(.backspace)) }
        for character in "../x" { _ = state.handle(.key(.character(character))) }
        #expect(state.handle(.key(.enter)).isEmpty, "a name that is no file name is not taken")
        guard case .askpassStore(let refused) = state.screen else { Issue.record("left the store screen"); return }
        #expect(refused.problem?.hasPrefix("The name \"../x\"") == true)
        for _ in 0..<4 { _ = state.handle(.key(.backspace)) }
        for character in "site" { _ = state.handle(.key(.character(character))) }
        form.directory = "/home/u/.config/sshauth/askpass"
        form.name = "site"
        form.focus = .name
        #expect(state.handle(.key(.enter)) == [.prepareAskpass(form)])
        _ = state.handle(.effectFinished(.planned(Self.askpassPreview)))
        #expect(state.screen == .review(ReviewScreen(Self.askpassPreview)))
        #expect(state.contextHelpTopic == "askpass")
        #expect(render(state).lines.joined().contains("Host key SHA256:xyz, pinned"))
        #expect(state.handle(.key(.enter)) == [.apply])
        _ = state.handle(.effectFinished(.stepDone(0)))
        _ = state.handle(.effectFinished(.askpassReady(Self.askpassResult)))
        #expect(state.screen == .askpassReady(Self.askpassResult, showingZOS: false, scroll: 0))
        _ = state.handle(.key(.character("z")))
        #expect(state.screen == .askpassReady(Self.askpassResult, showingZOS: true, scroll: 0))
        _ = state.handle(.key(.pageDown))
        _ = state.handle(.key(.pageDown))
        _ = state.handle(.key(.pageDown))
        #expect(state.screen == .askpassReady(Self.askpassResult, showingZOS: true, scroll: 60 - (Self.size.rows - 6)), "never past the end")
        var quitting = state
        #expect(quitting.handle(.key(.character("q"))) == [.disconnect, .quit], "q quits from the z/OS view too")
        _ = state.handle(.key(.escape))
        #expect(state.screen == .askpassReady(Self.askpassResult, showingZOS: false, scroll: 0))
        #expect(state.handle(.key(.character("q"))) == [.disconnect, .quit])
    }

    @Test("mechanism 3: Esc on the store screen goes back to the target and closes the connection; a failed preparation says why")
    func askpassBack() {
        var state = Self.askpassStoring()
        #expect(state.handle(.key(.escape)) == [.disconnect])
        guard case .target(.askpass, _) = state.screen else { Issue.record("not back on the target: \(state.screen)"); return }
        var failing = Self.askpassStoring()
        _ = failing.handle(.key(.enter))
        _ = failing.handle(.effectFinished(.failed("Nothing was changed: a set-up named example.org exists.")))
        #expect(failing.screen == .failure("Nothing was changed: a set-up named example.org exists."))
        _ = failing.handle(.key(.escape))
        guard case .askpassStore = failing.screen else { Issue.record("not back on the store screen: \(failing.screen)"); return }
    }

    @Test("mechanism 1 hands over to mechanism 2: k, then only the key questions, then the plan")
    func handOver() {
        var state = WizardState(size: Self.size, environment: Self.keys, mechanism: .password, target: TargetForm(host: "example.org", user: "me"))
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.targetChecked(Self.check(.known))))
        for key in "pw".map({ WizardEvent.Key.character($0) }) + [.enter] { _ = state.handle(.key(key)) }
        _ = state.handle(.effectFinished(.loggedIn))
        guard case .passwordWorks = state.screen else { Issue.record("no mechanism 1 result"); return }
        _ = state.handle(.key(.character("k")))
        #expect(state.screen == .keyChoice(highlighted: 0))
        #expect(state.handle(.key(.enter)) == [.prepareInstall(.existing(Self.keys.existingKeys[0]))])
        _ = state.handle(.effectFinished(.planned(Self.preview)))
        #expect(state.screen == .review(ReviewScreen(Self.preview)))
    }

    @Test("a failed effect shows its sentence; Esc goes back to where the work started")
    func failure() {
        var state = connecting()
        _ = state.handle(.effectFinished(.failed("example.org refused the connection.")))
        #expect(state.screen == .failure("example.org refused the connection."))
        _ = state.handle(.key(.escape))
        guard case .target = state.screen else { Issue.record("not back on the target"); return }
    }

    @Test("--mechanism keypair with a target starts at the key choice and fills the target in later")
    func prefilledKeyPair() {
        var state = WizardState(size: Self.size, environment: Self.keys, mechanism: .keyPair, target: TargetForm(host: "example.org", user: "me"))
        #expect(state.screen == .keyChoice(highlighted: 0))
        _ = state.handle(.key(.enter))
        #expect(state.screen == .target(.keyPair, TargetForm(host: "example.org", user: "me")))
    }

    @Test("a resize is remembered for the next frame")
    func resize() {
        var state = WizardState(size: Self.size)
        _ = state.handle(.resized(TerminalSize(rows: 10, columns: 40)))
        #expect(state.size == TerminalSize(rows: 10, columns: 40))
    }
}
