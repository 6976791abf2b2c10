import Testing
@testable import Wizard

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

    @Test("Enter on an available mechanism opens its target screen; Esc comes back", arguments: [Mechanism.password, .keyPair])
    func enterAvailable(_ mechanism: Mechanism) {
        let (opened, _) = state([.character(Character(String(mechanism.rawValue + 1))), .enter])
        #expect(opened.screen == .target(mechanism, TargetForm()))
        var back = opened
        _ = back.handle(.key(.escape))
        #expect(back.screen == .start(highlighted: mechanism))
    }

    @Test("Enter on a mechanism of a later version opens its help, nothing else", arguments: [Mechanism.askpass, .certificate])
    func enterUnavailable(_ mechanism: Mechanism) {
        let (opened, effects) = state([.character(Character(String(mechanism.rawValue + 1))), .enter])
        #expect(opened.screen == .help(HelpBrowser(topicID: mechanism.helpTopic)))
        #expect(effects.isEmpty)
    }

    @Test("q quits at once when nothing was typed; Ctrl-C always")
    func quit() {
        #expect(state([.character("q")]).1 == [.quit])
        #expect(state([.enter, .character("h"), .interrupt]).1 == [.quit])
    }

    @Test("typed answers make q a letter in the field and Esc-then-q ask first")
    func quitAsksWhenAnswersWouldBeLost() {
        let (typing, effects) = state([.enter, .character("q")])
        #expect(effects.isEmpty)
        guard case .target(_, let form) = typing.screen else { Issue.record("not on the target screen"); return }
        #expect(form.host == "q")
        var start = WizardState(size: Self.size, mechanism: .keyPair, target: TargetForm(host: "example.org"))
        // From the target screen Esc goes back; the answers are gone with the screen, so q quits.
        _ = start.handle(.key(.escape))
        #expect(start.handle(.key(.character("q"))) == [.quit])
    }

    @Test("the confirm-quit screen: y quits, anything else stays")
    func confirmQuit() {
        var state = WizardState(size: Self.size, mechanism: .keyPair, target: TargetForm(host: "h"))
        // Open help, then go back: answers are still there.
        _ = state.handle(.key(.help))
        _ = state.handle(.key(.escape))
        #expect(state.hasUnsavedAnswers)
    }

    @Test("the target form checks answers as they are typed")
    func targetValidation() {
        let (empty, _) = state([.enter])
        guard case .target(_, let form) = empty.screen else { Issue.record("not on the target screen"); return }
        #expect(form.problem?.contains("host") == true)
        let (typed, effects) = state([.enter] + "me@example.org".map { .character($0) } + [.enter])
        guard case .target(_, let filled) = typed.screen else { Issue.record("not on the target screen"); return }
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
        let (typed, _) = state([.enter, .character("h"), .tab] + "2x2".map { .character($0) })
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
        #expect(focus(after: [.enter, .tab, .tab]) == .user)
        #expect(focus(after: [.enter, .backTab]) == .user)
        #expect(focus(after: [.enter, .tab, .tab, .tab]) == .host)
    }

    @Test("F1 and ? open help for the screen in context; Esc returns to where it was")
    func contextHelp() {
        let (help, _) = state([.up, .character("?")])
        #expect(help.screen == .help(HelpBrowser(topicID: "password")))
        var back = help
        _ = back.handle(.key(.escape))
        #expect(back.screen == .start(highlighted: .password))
        let (onTarget, _) = state([.enter, .help])
        #expect(onTarget.screen == .help(HelpBrowser(topicID: "keypair")))
    }

    @Test("on a terminal below 80x24 keys do nothing but q, which quits")
    func tooSmallIgnoresKeys() {
        var state = WizardState(size: TerminalSize(rows: 20, columns: 70))
        #expect(state.handle(.key(.down)).isEmpty)
        #expect(state.screen == .start(highlighted: .keyPair))
        #expect(state.handle(.key(.character("q"))) == [.quit])
    }

    @Test("a resize is remembered for the next frame")
    func resize() {
        var state = WizardState(size: Self.size)
        _ = state.handle(.resized(TerminalSize(rows: 10, columns: 40)))
        #expect(state.size == TerminalSize(rows: 10, columns: 40))
    }
}
