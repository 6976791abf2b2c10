import Testing
@testable import Wizard

/// The password screen's words: what the password is for in each mechanism, and why Enter on an
/// empty field does nothing.
@Suite struct PasswordScreenTests {
    static let size = TerminalSize(rows: 24, columns: 80)

    static func passwordScreen(_ mechanism: Mechanism) -> WizardState {
        var state = WizardState(size: size, mechanism: mechanism, target: TargetForm(host: "example.org", user: "me"))
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.targetChecked(WizardStateTests.check(.known))))
        return state
    }

    @Test("each mechanism says what its password is for; only the key pair appends a public key",
          arguments: [(Mechanism.password, "cannot serve batch jobs"), (.askpass, "kept in a protected file")])
    func purpose(_ mechanism: Mechanism, _ words: String) {
        let state = Self.passwordScreen(mechanism)
        guard case .password = state.screen else { Issue.record("not on the password screen: \(state.screen)"); return }
        let text = render(state).lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains(words), "\(text)")
        #expect(!text.contains("append your public key"), "\(text)")
    }

    @Test("the key pair appends its public key; the certificate installs the certificate's")
    func purposeOfKeys() {
        #expect(PasswordView.purpose(of: .keyPair).contains("append your public key"))
        #expect(PasswordView.purpose(of: .certificate).contains("certificate's public key"))
    }

    @Test("an empty field says Enter sends nothing; the note goes once something is typed")
    func emptyPassword() {
        var state = Self.passwordScreen(.password)
        #expect(state.handle(.key(.enter)).isEmpty)
        #expect(render(state).lines.contains { $0.contains("Enter sends nothing while the field is empty") })
        _ = state.handle(.key(.character("x")))
        #expect(!render(state).lines.contains { $0.contains("Enter sends nothing") })
    }
}
