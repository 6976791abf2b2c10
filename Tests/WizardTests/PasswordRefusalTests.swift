import Testing
@testable import Wizard

/// The password screen after the server's answer: a refused password leaves the field, the last
/// allowed refusal ends the tries, and an accepted one is not kept for going back.
@Suite struct PasswordRefusalTests {
    static let size = TerminalSize(rows: 24, columns: 80)

    /// The password flow for me@example.org with `typed` entered and sent.
    private func sent(_ typed: String) -> (WizardState, [WizardEffect]) {
        var state = WizardState(size: Self.size)
        for key in [WizardEvent.Key.character("1"), .enter] + "me@example.org".map({ .character($0) }) + [.enter] { _ = state.handle(.key(key)) }
        _ = state.handle(.effectFinished(.targetChecked(WizardStateTests.check(.known))))
        var effects: [WizardEffect] = []
        for key in typed.map({ WizardEvent.Key.character($0) }) + [.enter] { effects += state.handle(.key(key)) }
        return (state, effects)
    }

    @Test("a refused password is shown as a failure and the field is empty on going back")
    func refusalClearsTheField() {
        var (state, effects) = sent("wrong")
        guard case .logIn(_, let typed)? = effects.last else { Issue.record("no login effect: \(effects)"); return }
        #expect(typed.bytes == Array("wrong".utf8))
        _ = state.handle(.effectFinished(.passwordRefused("refused; type it again", mayRetry: true)))
        #expect(state.screen == .failure("refused; type it again"))
        _ = state.handle(.key(.enter))
        guard case .password(_, _, let field) = state.screen else { Issue.record("not back on the password screen: \(state.screen)"); return }
        #expect(field.isEmpty)
        for key in "right".map({ WizardEvent.Key.character($0) }) { _ = state.handle(.key(key)) }
        guard case .logIn(_, let second)? = state.handle(.key(.enter)).last else { Issue.record("no second login"); return }
        #expect(second.bytes == Array("right".utf8), "the second password must not carry the first")
    }

    @Test("after the last refusal there is no password field to go back to")
    func lastRefusalEndsTheTries() {
        var (state, _) = sent("wrong")
        _ = state.handle(.effectFinished(.passwordRefused("three refused; the wizard sends no more", mayRetry: false)))
        #expect(state.screen == .failure("three refused; the wizard sends no more"))
        _ = state.handle(.key(.enter))
        if case .password = state.screen { Issue.record("went back to the password field") }
        guard case .target = state.screen else { Issue.record("expected the target screen, got \(state.screen)"); return }
    }

    @Test("an accepted password is not kept on the screen that Esc returns to")
    func acceptedPasswordIsNotKept() {
        var (state, _) = sent("right")
        _ = state.handle(.effectFinished(.loggedIn))
        #expect(state.screen == .passwordWorks(WizardStateTests.check(.known)))
        _ = state.handle(.key(.escape))
        guard case .password(_, _, let field) = state.screen else { Issue.record("Esc did not go back to the password screen: \(state.screen)"); return }
        #expect(field.isEmpty)
    }
}
