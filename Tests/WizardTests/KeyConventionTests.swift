import Testing
@testable import Wizard

/// The keys terminal users expect from dialog, whiptail and pagers: Esc leaves the first screen,
/// j/k, Home/End and PgUp/PgDn in lists and in scrolled text.
@Suite struct KeyConventionTests {
    static let size = TerminalSize(rows: 24, columns: 80)

    @Test("Esc on the first screen, the menu, leaves (nothing typed there can be lost)")
    func escapeLeavesTheMenu() {
        var state = WizardState(size: Self.size)
        _ = state.handle(.key(.down))
        #expect(state.handle(.key(.escape)) == [.quit])
    }

    @Test("with --mechanism the flow starts past the menu: Esc goes back to the menu, a second Esc leaves")
    func escapeFromAPresetMechanism() {
        var state = WizardState(size: Self.size, mechanism: .password, target: TargetForm(host: "example.org"))
        #expect(state.handle(.key(.escape)).isEmpty)
        #expect(state.screen == .start(highlighted: .password))
        #expect(state.handle(.key(.escape)) == [.quit])
    }

    @Test("Esc on a later screen still goes back, not out")
    func escapeGoesBack() {
        var state = WizardState(size: Self.size)
        _ = state.handle(.key(.enter))
        #expect(state.handle(.key(.escape)).isEmpty)
        #expect(state.screen == .start(highlighted: .keyPair))
    }

    @Test("lists: j/k as Down/Up (round), Home/End to the ends, PgUp/PgDn by a page stopping at the ends", arguments: [
        (WizardEvent.Key.character("j"), 1, 2), (.character("k"), 1, 0), (.character("k"), 0, 3), (.character("j"), 3, 0),
        (.home, 2, 0), (.end, 1, 3), (.pageDown, 1, 3), (.pageUp, 2, 0),
    ] as [(WizardEvent.Key, Int, Int)])
    func listKeys(_ key: WizardEvent.Key, _ from: Int, _ to: Int) {
        var state = WizardState(size: Self.size)
        for _ in 0..<((from - Mechanism.keyPair.rawValue + 4) % 4) { _ = state.handle(.key(.down)) }
        #expect(state.screen == .start(highlighted: Mechanism.allCases[from]))
        _ = state.handle(.key(key))
        #expect(state.screen == .start(highlighted: Mechanism.allCases[to]))
    }

    @Test("the list helper for every list: wraps with j/k, clamps pages, ignores other keys")
    func listSelection() {
        #expect(ListSelection.moved(.pageDown, from: 2, count: 20, page: 5) == 7)
        #expect(ListSelection.moved(.pageDown, from: 17, count: 20, page: 5) == 19)
        #expect(ListSelection.moved(.pageUp, from: 3, count: 20, page: 5) == 0)
        #expect(ListSelection.moved(.character("j"), from: 19, count: 20, page: 5) == 0)
        #expect(ListSelection.moved(.character("x"), from: 3, count: 20, page: 5) == nil)
        #expect(ListSelection.moved(.down, from: 0, count: 0, page: 5) == nil)
    }

    @Test("scrolled text: j/k by a line, Space and PgDn by a page, Home/End, never past either end")
    func viewport() {
        var scroll = 0
        #expect(TextViewport.scroll(.character("j"), &scroll, lineCount: 50, rows: 10) && scroll == 1)
        #expect(TextViewport.scroll(.character("k"), &scroll, lineCount: 50, rows: 10) && scroll == 0)
        #expect(TextViewport.scroll(.character("k"), &scroll, lineCount: 50, rows: 10) && scroll == 0)
        #expect(TextViewport.scroll(.character(" "), &scroll, lineCount: 50, rows: 10) && scroll == 10)
        #expect(TextViewport.scroll(.end, &scroll, lineCount: 50, rows: 10) && scroll == 40)
        #expect(TextViewport.scroll(.pageDown, &scroll, lineCount: 50, rows: 10) && scroll == 40)
        #expect(TextViewport.scroll(.home, &scroll, lineCount: 50, rows: 10) && scroll == 0)
        #expect(TextViewport.scroll(.end, &scroll, lineCount: 5, rows: 10) && scroll == 0)
        #expect(!TextViewport.scroll(.character("x"), &scroll, lineCount: 50, rows: 10))
    }

    @Test("help: j/k scroll the topic, and in the topic list move the highlight")
    func helpKeys() {
        var browser = HelpBrowser(topicID: "keypair")
        let area = TerminalSize(rows: 10, columns: 76)
        #expect(browser.handle(.character("j"), textArea: area) && browser.scroll == 1)
        #expect(browser.handle(.character("t"), textArea: area) && browser.listingTopics)
        let index = browser.listIndex
        #expect(browser.handle(.character("j"), textArea: area) && browser.listIndex == (index + 1) % HelpCatalog.topics.count)
        #expect(browser.handle(.end, textArea: area) && browser.listIndex == HelpCatalog.topics.count - 1)
    }

    @Test("each mechanism counts its own steps: step n of N in the header, never a repeated step 1")
    func steps() {
        #expect(Mechanism.password.label(.target) == "step 1 of 2")
        #expect(Mechanism.password.label(.login) == "step 2 of 2")
        #expect(Mechanism.password.label(.review) == "")
        #expect(Mechanism.keyPair.label(.key) == "step 1 of 5")
        #expect(Mechanism.askpass.label(.store) == "step 3 of 5")
        #expect(Mechanism.certificate.label(.apply) == "step 6 of 6")
        var state = WizardState(size: Self.size, environment: WizardStateTests.keys)
        #expect(state.stepLabel == "")
        _ = state.handle(.key(.enter))
        #expect(state.stepLabel == "step 1 of 5")
        #expect(render(state).lines[0].hasSuffix("step 1 of 5 "))
        _ = state.handle(.key(.enter))
        #expect(state.stepLabel == "step 2 of 5", "the target screen after the key: \(state.screen)")
        var password = WizardState(size: Self.size, mechanism: .password)
        #expect(render(password).lines[0].hasSuffix("step 1 of 2 "))
        _ = password.handle(.key(.escape))
        _ = password.handle(.key(.down))
        _ = password.handle(.key(.down))
        _ = password.handle(.key(.enter))
        #expect(password.stepLabel == "step 1 of 5", "the askpass target: \(password.screen)")
        _ = password.handle(.key(.escape))
        _ = password.handle(.key(.down))
        _ = password.handle(.key(.enter))
        #expect(password.stepLabel == "step 1 of 6", "the ring: \(password.screen)")
    }

    @Test("the SSH_ASKPASS z/OS view wraps long lines instead of cutting them, says where it is, and End reaches the last line")
    func askpassZOSWrapped() {
        let long = "//STEP1 EXEC PGM=IKJEFT01 " + String(repeating: "PARM-WORD ", count: 20) + "END-OF-LINE"
        let base = WizardStateTests.askpassResult
        let result = AskpassResult(targetName: base.targetName, directory: base.directory, sshWrapper: base.sshWrapper,
                                   sftpWrapper: base.sftpWrapper, environmentFile: base.environmentFile, passwordFile: base.passwordFile,
                                   zosVariant: base.zosVariant + [long])
        var state = WizardStateTests.askpassStoring(size: Self.size)
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.planned(WizardStateTests.askpassPreview)))
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.askpassReady(result)))
        _ = state.handle(.key(.character("z")))
        _ = state.handle(.key(.end))
        let lines = render(state).lines
        #expect(lines.contains { $0.contains("END-OF-LINE") }, "\(lines.joined(separator: "\n"))")
        #expect(!lines.joined().contains("\u{2026}"), "a line was cut")
        #expect(lines[0].contains("of \(result.zosLines(width: 76).count)"), "\(lines[0])")
    }
}
