import AuthSetup
import Testing
@testable import Wizard

/// The flow under way: which mechanism, and only that mechanism's answers, kept along the shared
/// screens and forgotten when the user goes back past the question that gave them.
@Suite struct WizardFlowTests {
    static let size = TerminalSize(rows: 24, columns: 80)
    static let keys = WizardStateTests.keys
    static let firstKey = KeySelection.existing(keys.existingKeys[0])

    static func type(_ text: String) -> [WizardEvent.Key] { text.map { .character($0) } }

    static func press(_ keys: [WizardEvent.Key], _ state: inout WizardState) -> [WizardEffect] {
        keys.flatMap { state.handle(.key($0)) }
    }

    @Test("a flow begins with no answers, for the mechanism chosen on the start screen or on the command line", arguments: Mechanism.allCases)
    func begins(_ mechanism: Mechanism) {
        var state = WizardState(size: Self.size, environment: Self.keys)
        #expect(state.flow == nil)
        _ = Self.press([.character(Character(String(mechanism.rawValue + 1))), .enter], &state)
        #expect(state.flow == WizardFlow(mechanism))
        #expect(state.flow?.mechanism == mechanism)
        #expect(WizardState(size: Self.size, environment: Self.keys, mechanism: mechanism).flow == WizardFlow(mechanism))
    }

    @Test("going back past the key choice forgets the key; back on the start screen no flow is under way")
    func backPastKeyChoice() {
        var state = WizardState(size: Self.size, environment: Self.keys)
        _ = Self.press([.enter, .enter], &state)
        #expect(state.screen == .target(.keyPair, TargetForm()))
        #expect(state.flow == .keyPair(KeyPairAnswers(key: Self.firstKey)))
        _ = state.handle(.key(.escape))
        #expect(state.screen == .keyChoice(highlighted: 0))
        #expect(state.flow == .keyPair(KeyPairAnswers()))
        _ = state.handle(.key(.escape))
        #expect(state.flow == nil)
    }

    @Test("switching mechanisms on the start screen starts a new flow: a certificate chosen before is not carried into a key pair")
    func switchingMechanisms() {
        var state = CertificateFlowTests.listed()
        _ = state.handle(.key(.enter))
        guard case .certificate(let answers)? = state.flow, answers.certificate != nil else { Issue.record("no certificate: \(String(describing: state.flow))"); return }
        _ = Self.press([.escape, .escape], &state)
        #expect(state.flow == .certificate(CertificateAnswers()), "back on the ring form the certificate is forgotten")
        _ = Self.press([.escape, .character("3"), .enter], &state)
        #expect(state.flow == .askpass)
        _ = Self.press([.escape, .character("2"), .enter], &state)
        #expect(state.flow == .keyPair(KeyPairAnswers()))
    }

    /// Mechanism 1 logged in to example.org and handed over to the key choice (`k`).
    static func handedOver() -> WizardState {
        var state = WizardState(size: size, environment: keys, mechanism: .password, target: TargetForm(host: "example.org", user: "me"))
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.targetChecked(WizardStateTests.check(.known))))
        _ = press(type("pw") + [.enter], &state)
        _ = state.handle(.effectFinished(.loggedIn))
        _ = state.handle(.key(.character("k")))
        return state
    }

    @Test("mechanism 1's hand-over is part of the key pair's answers and ends when the user goes back from the key choice")
    func handOverIsAnAnswer() {
        var state = Self.handedOver()
        #expect(state.flow == .keyPair(KeyPairAnswers(loggedIn: WizardStateTests.check(.known))))
        _ = state.handle(.key(.escape))
        guard case .passwordWorks = state.screen else { Issue.record("not back on mechanism 1's result: \(state.screen)"); return }
        #expect(state.flow == .password)
    }

    @Test("a key pair begun after an abandoned hand-over asks for its own target instead of using the closed login")
    func abandonedHandOver() {
        var state = Self.handedOver()
        // Back to the start: key choice, mechanism 1's result, its password, its target, the start screen.
        _ = Self.press([.escape, .escape, .escape, .escape], &state)
        #expect(state.screen == .start(highlighted: .password))
        _ = Self.press([.character("2"), .enter], &state)
        #expect(state.handle(.key(.enter)).isEmpty, "no plan is prepared over the connection that was closed")
        #expect(state.screen == .target(.keyPair, TargetForm(host: "example.org", user: "me")))
        #expect(state.flow == .keyPair(KeyPairAnswers(key: Self.firstKey)))
    }

    @Test("a certificate flow begun after an abandoned hand-over counts its own steps on the review")
    func stepsAfterAbandonedHandOver() {
        var state = Self.handedOver()
        _ = Self.press([.escape, .escape, .escape, .escape, .character("4"), .enter, .tab] + Self.type("pw") + [.enter], &state)
        _ = state.handle(.effectFinished(.ringOpened(CertificateFlowTests.listing)))
        _ = Self.press([.enter, .enter], &state)
        _ = state.handle(.effectFinished(.targetChecked(CertificateFlowTests.check())))
        _ = Self.press(Self.type("secret") + [.enter], &state)
        _ = state.handle(.effectFinished(.loggedIn))
        _ = state.handle(.effectFinished(.planned(CertificateFlowTests.preview)))
        guard case .review = state.screen else { Issue.record("no review: \(state.screen)"); return }
        #expect(state.stepLabel == Mechanism.certificate.label(.review))
        #expect(state.contextHelpTopic == "certificate")
    }

    @Test("the certificate chosen survives the target, host key, password, help and a refused password, and is what the plan is made for")
    func certificateSurvivesSharedScreens() {
        let chosen = CertificateSelection.existing(ring: CertificateFlowTests.ring, label: "SOONKEY")
        let expected = WizardFlow.certificate(CertificateAnswers(certificate: chosen))
        var state = CertificateFlowTests.listed()
        _ = Self.press([.down, .enter] + Self.type("me@example.org") + [.help], &state)
        #expect(state.flow == expected)
        _ = Self.press([.escape, .enter], &state)
        _ = state.handle(.effectFinished(.targetChecked(CertificateFlowTests.check(.unknown))))
        guard case .hostKey(.certificate, _) = state.screen else { Issue.record("no host key question: \(state.screen)"); return }
        let effects = Self.press([.character("a")] + Self.type("wrong") + [.enter], &state)
        #expect(effects.first == .trustHostKey)
        guard case .logIn(.certificate, let typed)? = effects.last else { Issue.record("no certificate login: \(effects)"); return }
        #expect(typed.bytes == Array("wrong".utf8))
        _ = state.handle(.effectFinished(.passwordRefused("example.org refused the password.", mayRetry: true)))
        #expect(state.flow == expected)
        _ = Self.press([.escape] + Self.type("secret") + [.enter], &state)
        #expect(state.handle(.effectFinished(.loggedIn)) == [.prepareCertificate(chosen)])
        _ = state.handle(.effectFinished(.planned(CertificateFlowTests.preview)))
        // Esc on the review goes back to the target: the certificate is still the one chosen.
        _ = state.handle(.key(.escape))
        guard case .target(.certificate, _) = state.screen else { Issue.record("not back on the target: \(state.screen)"); return }
        #expect(state.flow == expected)
    }
}
