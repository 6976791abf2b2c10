import Testing
@testable import Wizard

/// Every screen drawn at 80×24 and 132×43 and compared with its golden file.
@Suite struct ScreenSnapshotTests {
    static let sizes = [TerminalSize(rows: 24, columns: 80), TerminalSize(rows: 43, columns: 132)]

    static func screens(at size: TerminalSize) -> [(String, WizardState)] {
        var help = WizardState(size: size)
        _ = help.handle(.key(.help))
        var search = help
        for key in [WizardEvent.Key.character("/")] + "known_hosts".map({ .character($0) }) + [.enter] { _ = search.handle(.key(key)) }
        var quit = WizardState(size: size, mechanism: .keyPair, target: TargetForm(host: "example.org"))
        _ = quit.handle(.key(.escape))
        var target = WizardState(size: size, mechanism: .keyPair, target: TargetForm(host: "build@", port: "22"))
        _ = target.handle(.key(.tab))
        var keys = WizardState(size: size, environment: WizardStateTests.keys)
        _ = keys.handle(.key(.enter))
        var newKey = keys
        for key in [WizardEvent.Key.up, .enter, .right, .tab, .tab, .tab] + "secret".map({ .character($0) }) { _ = newKey.handle(.key(key)) }
        return [
            ("start", WizardState(size: size)),
            ("key-choice", keys),
            ("new-key", newKey),
            ("start-dry-run", WizardState(size: size, dryRun: true)),
            ("target-empty", WizardState(size: size, mechanism: .password)),
            ("target-invalid", target),
            ("target-valid", WizardState(size: size, mechanism: .keyPair, target: TargetForm(host: "example.org", user: "build"))),
            ("help", help),
            ("help-search", search),
        ]
    }

    @Test("screens match their golden files", arguments: sizes)
    func screens(size: TerminalSize) throws {
        for (name, state) in Self.screens(at: size) {
            try assertScreen(render(state), named: "\(name)-\(size)")
        }
    }

    @Test("ASCII line drawing when the locale is not UTF-8")
    func ascii() throws {
        try assertScreen(render(WizardState(size: Self.sizes[0]), glyphs: .ascii), named: "start-ascii-80x24")
    }

    @Test("a terminal below 80x24 gets a notice, and the flow continues after a resize")
    func tooSmall() throws {
        var state = WizardState(size: TerminalSize(rows: 20, columns: 70))
        try assertScreen(render(state), named: "too-small-70x20")
        _ = state.handle(.resized(TerminalSize(rows: 24, columns: 80)))
        _ = state.handle(.key(.down))
        #expect(render(state).lines[5...].contains { $0.contains("3. SSH_ASKPASS") })
        #expect(state.screen == .start(highlighted: .askpass))
    }

    @Test("wide characters take two columns and are clipped as a whole")
    func wideCharacters() {
        var buffer = ScreenBuffer(size: TerminalSize(rows: 1, columns: 5))
        let end = buffer.put("a中文b", row: 0, column: 0)
        #expect(end == 5)
        #expect(buffer.lines == ["a中文"])
        var clipped = ScreenBuffer(size: TerminalSize(rows: 1, columns: 4))
        #expect(clipped.put("ab中", row: 0, column: 1) == 3)
    }
}
