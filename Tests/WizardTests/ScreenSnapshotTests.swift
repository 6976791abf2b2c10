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
        var quit = WizardState(size: size, mechanism: .password, target: TargetForm(host: "example.org"))
        _ = quit.handle(.key(.escape))
        var target = WizardState(size: size, mechanism: .password, target: TargetForm(host: "build@", port: "22"))
        _ = target.handle(.key(.tab))
        var keys = WizardState(size: size, environment: WizardStateTests.keys)
        _ = keys.handle(.key(.enter))
        var newKey = keys
        for key in [WizardEvent.Key.up, .enter, .right, .tab, .tab, .tab] + "secret".map({ .character($0) }) { _ = newKey.handle(.key(key)) }
        func flow(_ result: EffectResult, keys: [WizardEvent.Key] = []) -> WizardState {
            var state = WizardState(size: size, mechanism: .password, target: TargetForm(host: "example.org", user: "me"))
            _ = state.handle(.key(.enter))
            _ = state.handle(.effectFinished(result))
            for key in keys { _ = state.handle(.key(key)) }
            return state
        }
        let art = "+--[ED25519 256]--+\n|  +*Oo+ o        |\n| .oO++ = + .     |\n|*o++..= o o      |\n|Booo.  = E       |\n|oo... . S        |\n|.o     o         |\n|  o o  ..        |\n|   . =o  .       |\n|     .=o.        |\n+----[SHA256]-----+"
        func check(_ verdict: TargetCheck.Verdict, port: Int = 22) -> TargetCheck {
            TargetCheck(user: "me", hostName: "example.org", port: port, alias: nil, hostKeyType: "ED25519",
                        fingerprint: "SHA256:bIkxteurPOnwIAxwJV+CL9I1ogtIyjdkUW0gwZR9feI", randomart: art, verdict: verdict,
                        methods: ["publickey", "password", "keyboard-interactive"],
                        recordedFingerprints: verdict == .changed(file: "/root/.ssh/known_hosts", lines: [4]) ? ["SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"] : [])
        }
        func passwordWorks(_ check: TargetCheck) -> WizardState {
            var state = WizardState(size: size, mechanism: .password, target: TargetForm(host: "example.org", user: "me"))
            _ = state.handle(.key(.enter))
            _ = state.handle(.effectFinished(.targetChecked(check)))
            for key in "pw".map({ WizardEvent.Key.character($0) }) + [.enter] { _ = state.handle(.key(key)) }
            _ = state.handle(.effectFinished(.loggedIn))
            return state
        }
        func review(dryRun: Bool) -> WizardState {
            var state = WizardState(size: size, dryRun: dryRun, environment: WizardStateTests.keys)
            for key in [WizardEvent.Key.enter, .enter] + "me@example.org".map({ .character($0) }) + [.enter] { _ = state.handle(.key(key)) }
            _ = state.handle(.effectFinished(.targetChecked(check(.known))))
            for key in "pw".map({ WizardEvent.Key.character($0) }) + [.enter] { _ = state.handle(.key(key)) }
            _ = state.handle(.effectFinished(.loggedIn))
            _ = state.handle(.effectFinished(.planned(WizardStateTests.preview)))
            return state
        }
        func review(then keys: [WizardEvent.Key], _ result: EffectResult? = nil, preview: PlanPreview = WizardStateTests.preview) -> WizardState {
            var state = review(dryRun: true)
            if preview != WizardStateTests.preview {
                _ = state.handle(.key(.escape))
                _ = state.handle(.effectFinished(.targetChecked(check(.known))))
                for key in "pw".map({ WizardEvent.Key.character($0) }) + [.enter] { _ = state.handle(.key(key)) }
                _ = state.handle(.effectFinished(.loggedIn))
                _ = state.handle(.effectFinished(.planned(preview)))
            }
            for key in keys { _ = state.handle(.key(key)) }
            if let result { _ = state.handle(.effectFinished(result)) }
            return state
        }
        func applying() -> WizardState {
            var state = review(dryRun: false)
            _ = state.handle(.key(.enter))
            _ = state.handle(.effectFinished(.stepDone(0)))
            return state
        }
        func installed(repeating: Bool = false) -> WizardState {
            var state = applying()
            if repeating {
                _ = state.handle(.effectFinished(.repeatable("sshauth install -i /home/me/.ssh/id_ed25519.pub --known-hosts /home/me/.ssh/known_hosts.d/example me@example.org")))
            }
            _ = state.handle(.effectFinished(.installed(InstallResult(
                targetName: "me@example.org", fingerprint: "SHA256:bIkxteurPOnwIAxwJV+CL9I1ogtIyjdkUW0gwZR9feI", randomart: art,
                privateKeyPath: "/home/me/.ssh/id_ed25519", publicKeyPath: "/home/me/.ssh/id_ed25519.pub",
                loginCommand: "ssh -i /home/me/.ssh/id_ed25519 -o UserKnownHostsFile=/home/me/.ssh/known_hosts.d/example me@example.org",
                hostBlock: InstallResult.hostBlock(name: "example", host: "example.org", port: 22, user: "me", identityFile: "/home/me/.ssh/id_ed25519",
                                                   knownHostsFile: "/home/me/.ssh/known_hosts.d/example"),
                configName: "example"))))
            return state
        }
        var working = WizardState(size: size, mechanism: .password, target: TargetForm(host: "example.org", user: "me"))
        _ = working.handle(.key(.enter))
        return [
            ("working", working),
            ("host-key-unknown", flow(.targetChecked(check(.unknown)))),
            ("host-key-changed", flow(.targetChecked(check(.changed(file: "/root/.ssh/known_hosts", lines: [4]), port: 2222)))),
            ("password", flow(.targetChecked(check(.known)), keys: "hunter2".map { .character($0) })),
            ("password-works", passwordWorks(check(.known))),
            ("review", review(dryRun: false)),
            ("review-dry-run", review(dryRun: true)),
            ("review-save-field", review(then: [.character("s")])),
            ("review-saved", review(then: [.character("s"), .enter], .setupSaved("/home/user/sshauth-setup.yaml"))),
            ("review-save-failed", review(then: [.character("s"), .enter], .failed("The plan was not saved: /home/user/sshauth-setup.yaml already exists; choose another name."))),
            ("review-long-scrolled", review(then: [.pageDown, .down], preview: WizardStateTests.longPreview)),
            ("askpass-store", WizardStateTests.askpassStoring(size: size)),
            ("askpass-review", { var state = WizardStateTests.askpassStoring(size: size); _ = state.handle(.key(.enter)); _ = state.handle(.effectFinished(.planned(WizardStateTests.askpassPreview))); return state }()),
            ("askpass-ready", { var state = WizardStateTests.askpassStoring(size: size); _ = state.handle(.key(.enter)); _ = state.handle(.effectFinished(.planned(WizardStateTests.askpassPreview))); _ = state.handle(.key(.enter)); _ = state.handle(.effectFinished(.askpassReady(WizardStateTests.askpassResult))); return state }()),
            ("askpass-ready-zos", { var state = WizardStateTests.askpassStoring(size: size); _ = state.handle(.key(.enter)); _ = state.handle(.effectFinished(.planned(WizardStateTests.askpassPreview))); _ = state.handle(.key(.enter)); _ = state.handle(.effectFinished(.askpassReady(WizardStateTests.askpassResult))); _ = state.handle(.key(.character("z"))); _ = state.handle(.key(.down)); return state }()),
            ("confirm-quit", { var state = flow(.failed("refused")); _ = state.handle(.key(.character("q"))); return state }()),
            ("applying", applying()),
            ("applying-stopping", { var state = applying(); _ = state.handle(.key(.escape)); return state }()),
            ("installed", installed()),
            ("installed-repeat", installed(repeating: true)),
            ("failure", flow(.failed("Connecting to example.org port 22 timed out after 10 seconds; check the host, the port and any firewall in between."))),
            ("start", WizardState(size: size)),
            ("key-choice", keys),
            ("new-key", newKey),
            ("start-dry-run", WizardState(size: size, dryRun: true)),
            ("target-empty", WizardState(size: size, mechanism: .password)),
            ("target-invalid", target),
            ("target-valid", WizardState(size: size, mechanism: .password, target: TargetForm(host: "example.org", user: "build"))),
            ("help", help),
            ("help-search", search),
        ]
    }

    @Test("screens match their golden files", arguments: sizes)
    func screens(size: TerminalSize) throws {
        for (name, state) in Self.screens(at: size) + CertificateFlowTests.screens(at: size) {
            try assertScreen(render(state), named: "\(name)-\(size)")
        }
    }

    @Test("ASCII line drawing when the locale is not UTF-8")
    func ascii() throws {
        try assertScreen(render(WizardState(size: Self.sizes[0]), glyphs: .ascii), named: "start-ascii-80x24")
    }

    @Test("outside UTF-8 every screen is plain ASCII: arrows spelled out, marks and bullets as ASCII, nothing left blank", arguments: sizes)
    func asciiEverywhere(size: TerminalSize) {
        for (name, state) in Self.screens(at: size) + CertificateFlowTests.screens(at: size) {
            let unicode = render(state)
            let ascii = render(state, glyphs: .ascii)
            for (row, line) in ascii.lines.enumerated() {
                let plain = line.allSatisfy { $0.isASCII }
                #expect(plain, "\(name) row \(row): \(line)")
                // Where the Unicode frame has a mark, the ASCII frame has something too (the
                // footer is spelled out and so may be longer).
                if row < size.rows - 1 {
                    let marks = unicode.lines[row].enumerated().filter { !$0.element.isWhitespace }.map(\.offset)
                    let shown = Array(line)
                    let kept = marks.allSatisfy { $0 < shown.count && !shown[$0].isWhitespace }
                    #expect(kept, "\(name) row \(row): \(line)")
                }
            }
        }
        var start = WizardState(size: size)
        #expect(render(start, glyphs: .ascii).lines.last?.contains("Up/Down choose") == true)
        _ = start.handle(.key(.enter))
        _ = start.handle(.key(.up))
        _ = start.handle(.key(.enter))
        #expect(render(start, glyphs: .ascii).lines.contains { $0.contains("< Ed25519") && $0.contains(") >") })
    }

    @Test("a fingerprint is never cut: every SHA256 fingerprint of the test screens shows whole at 80x24 and 132x43", arguments: sizes)
    func fingerprintsWhole(size: TerminalSize) {
        // The fixtures' fingerprints: three real-length ones and the short stand-ins of some tests.
        let whole = ["SHA256:Fj3sd9XnW1cJq0w8Yk1sLk2b7mQ6uP5tR4eW3qZ2xA0", "SHA256:bIkxteurPOnwIAxwJV+CL9I1ogtIyjdkUW0gwZR9feI",
                     "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", "SHA256:abc", "SHA256:def", "SHA256:xyz"]
        for (name, state) in Self.screens(at: size) + CertificateFlowTests.screens(at: size) {
            for line in render(state).lines where line.contains("SHA256:") {
                var rest = Substring(line)
                while let range = rest.range(of: "SHA256:") {
                    let shown = rest[range.lowerBound...].prefix { !$0.isWhitespace && $0 != "," && $0 != ")" }
                    let trimmed = shown.hasSuffix(".") ? shown.dropLast() : shown
                    #expect(whole.contains(String(trimmed)), "\(name): \(line)")
                    rest = rest[range.upperBound...]
                }
            }
        }
    }

    @Test("text cut at the edge of its space ends in a cut mark; text that fits has none")
    func cutMarked() {
        var buffer = ScreenBuffer(size: TerminalSize(rows: 3, columns: 10))
        #expect(buffer.put("SHA256:abcdef", row: 0, column: 0) == 10)
        #expect(buffer.put("exactly10!", row: 1, column: 0) == 10)
        buffer.put("ab\u{4e2d}\u{6587}cd", row: 2, column: 0, limit: 5)
        #expect(buffer.lines == ["SHA256:ab\u{2026}", "exactly10!", "ab\u{4e2d}\u{2026}     "])
        #expect(render(WizardState(size: TerminalSize(rows: 24, columns: 80)), glyphs: .ascii).lines.allSatisfy { !$0.contains("\u{2026}") })
    }

    @Test("on a wide terminal the batch-jobs column stays beside the mechanism names", arguments: [80, 132, 200])
    func batchColumn(columns: Int) {
        let lines = render(WizardState(size: TerminalSize(rows: 43, columns: columns))).lines
        let columnsOfBatch = lines.compactMap { line in line.range(of: "batch jobs:").map { line.distance(from: line.startIndex, to: $0.lowerBound) } }
        #expect(columnsOfBatch == [63, 62, 62, 62], "\(columnsOfBatch)")
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

    @Test("wide characters take two columns, are clipped as a whole, and the cut is marked")
    func wideCharacters() {
        var fits = ScreenBuffer(size: TerminalSize(rows: 1, columns: 5))
        #expect(fits.put("a中文", row: 0, column: 0) == 5)
        #expect(fits.lines == ["a中文"])
        var buffer = ScreenBuffer(size: TerminalSize(rows: 1, columns: 5))
        #expect(buffer.put("a中文b", row: 0, column: 0) == 5)
        #expect(buffer.lines == ["a中\u{2026} "])
        var clipped = ScreenBuffer(size: TerminalSize(rows: 1, columns: 4))
        #expect(clipped.put("ab中", row: 0, column: 1) == 4)
        #expect(clipped.lines == [" ab\u{2026}"])
    }
}
