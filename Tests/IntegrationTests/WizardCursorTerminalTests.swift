import Foundation
import TestSupport
import Testing

/// The real binary in tmux: the terminal's cursor on the focused field of every form and on the
/// selected entry of every list, Esc on the first screen, and a fingerprint whole at 80 columns.
extension WizardEditingTerminalTests {
    /// The row of the first screen line that starts with `prefix`.
    private func row(_ screen: String, startingWith prefix: String) -> Int? {
        screen.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(prefix) }
    }

    /// The cursor at the end of the field labelled `label` (its band starts at column 16) holding
    /// `length` characters.
    private func expectCursor(_ session: TmuxSession, onField label: String, length: Int) throws {
        let screen = try session.waitFor(label) { row($0, startingWith: "    " + label) != nil }
        let fieldRow = try #require(row(screen, startingWith: "    " + label), "no \(label) field:\n\(screen)")
        try waitForCursor(session, Cursor(column: 16 + length, row: fieldRow, visible: true))
    }

    /// The cursor at the start of the selected entry of a list (the line with the pointer).
    private func expectCursorOnSelection(_ session: TmuxSession, _ text: String) throws {
        let screen = try session.waitFor("\u{25B6} \(text)") { $0.contains("\u{25B6} \(text)") }
        let selected = try #require(screen.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("\u{25B6}") })
        try waitForCursor(session, Cursor(column: 2, row: selected, visible: true))
    }

    @Test("the cursor on every form's focused field and every list's selection: key choice, new key, ring, certificate list, new certificate")
    func cursorOnEveryForm() throws {
        let scratch = try TemporaryDirectory()
        let keys = try TmuxSession(command: "\(SSHAuthBinary.path) wizard --mechanism keypair")
        try keys.waitFor("Make a new key pair")
        try keys.send("End")
        try expectCursorOnSelection(keys, "Make a new key pair")
        try keys.send("Enter", "Tab")
        let screen = try keys.waitFor("Passphrase")
        let file = try #require(screen.split(separator: "\n").first { $0.hasPrefix("    File") }).dropFirst(16).prefix { $0 != " " }
        try expectCursor(keys, onField: "File", length: file.count)
        try keys.send("Tab")
        let comment = try #require(screen.split(separator: "\n").first { $0.hasPrefix("    Comment") }).dropFirst(16).prefix { $0 != " " }
        try expectCursor(keys, onField: "Comment", length: comment.count)
        try keys.send("Tab", "a", "b", "c")
        try expectCursor(keys, onField: "Passphrase", length: 3)
        try keys.send("Tab")
        try expectCursor(keys, onField: "Again", length: 0)
        try keys.send("C-c")
        try keys.waitFor("[exited]")

        let ring = try TmuxSession(command: "\(SSHAuthBinary.path) wizard --mechanism certificate")
        try ring.waitFor("Ring file")
        for _ in 0..<60 { try ring.send("BSpace") }
        try ring.send(scratch.file("ring.p12"), literal: true)
        try expectCursor(ring, onField: "Ring file", length: scratch.file("ring.p12").count)
        try ring.send("Tab", "p", "w")
        try expectCursor(ring, onField: "Password", length: 2)
        try ring.send("Tab", "p")
        try expectCursor(ring, onField: "Again", length: 1)
        // A different second password: the sentence beside the Again field, the cursor back in it.
        try ring.send("x", "Enter")
        try ring.waitFor("Not the same as the password above")
        try expectCursor(ring, onField: "Again", length: 0)
        try ring.send("p", "w", "Enter")
        try expectCursorOnSelection(ring, "Create a new certificate")
        try ring.send("Enter")
        let form = try ring.waitFor("Not after")
        let label = try #require(form.split(separator: "\n").first { $0.hasPrefix("    Label") }).dropFirst(16).prefix { $0 != " " }
        try expectCursor(ring, onField: "Label", length: label.count)
        try ring.send("Tab")
        let common = try #require(form.split(separator: "\n").first { $0.hasPrefix("    CN") }).dropFirst(16).prefix { $0 != " " }
        try expectCursor(ring, onField: "CN", length: common.count)
        try ring.send("C-c")
        try ring.waitFor("[exited]")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("ring.p12")), "nothing written before the plan is applied")
    }

    @Test("against the sandbox: an unknown host key's fingerprint whole at 80 columns; the cursor on the password field")
    func fingerprintAndPasswordCursor() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let knownHosts = try scratch.write("kh", "")
            let session = try TmuxSession(command: "\(SSHAuthBinary.path) wizard --dry-run --mechanism password --known-hosts \(knownHosts) \(sandbox.user)@\(sandbox.host):\(sandbox.port)")
            try session.waitFor("the target system")
            try session.send("Enter")
            let screen = try session.waitFor("key fingerprint:")
            let listed = try ExternalTool.run(["ssh-keygen", "-lf", sandbox.knownHosts]).stdout
            let fingerprints = listed.split(separator: "\n").compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
            #expect(fingerprints.contains { screen.contains("key fingerprint: \($0)") }, "no whole fingerprint of \(fingerprints) on:\n\(screen)")
            try session.send("a")
            try expectCursor(session, onField: "Password", length: 0)
            try session.send("x", "y")
            try expectCursor(session, onField: "Password", length: 2)
            try session.send("C-c")
            try session.waitFor("[exited]")
        }
    }

    @Test("against the sandbox, a dry run: the cursor on the askpass store form's fields and in the review's save prompt")
    func storeFormAndSavePrompt() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let knownHosts = scratch.file("kh")
            try FileManager.default.copyItem(atPath: sandbox.knownHosts, toPath: knownHosts)
            let session = try TmuxSession(command: "\(SSHAuthBinary.path) wizard --dry-run --mechanism askpass --known-hosts \(knownHosts) \(sandbox.user)@\(sandbox.host):\(sandbox.port)")
            try session.waitFor("the target system")
            try session.send("Enter")
            try session.waitFor("Password")
            try session.send(try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8), literal: true)
            try session.send("Enter")
            let form = try session.waitFor("where to keep the password", seconds: 20)
            let directory = try #require(form.split(separator: "\n").first { $0.hasPrefix("    Directory") }).dropFirst(16).prefix { $0 != " " }
            try expectCursor(session, onField: "Directory", length: directory.count)
            try session.send("Tab")
            let name = try #require(form.split(separator: "\n").first { $0.hasPrefix("    Name") }).dropFirst(16).prefix { $0 != " " }
            try expectCursor(session, onField: "Name", length: name.count)
            try session.send("Enter")
            try session.waitFor("DRY RUN", seconds: 20)
            try session.send("s")
            let prompt = "  Save the set-up to: "
            let review = try session.waitFor(prompt) { row($0, startingWith: prompt) != nil }
            let promptRow = try #require(row(review, startingWith: prompt))
            let path = review.split(separator: "\n", omittingEmptySubsequences: false)[promptRow].dropFirst(prompt.count).prefix { $0 != " " }
            #expect(path.hasSuffix(".yaml"), "\(path)")
            #expect(!FileManager.default.fileExists(atPath: String(path)), "the name offered is a free one")
            try waitForCursor(session, Cursor(column: prompt.count + path.count, row: promptRow, visible: true))
            try session.send("C-c")
            try session.waitFor("[exited]")
        }
    }

    @Test("Esc on the first screen leaves at once; from a later screen Esc goes back to the menu first")
    func escapeOnTheFirstScreen() throws {
        let menu = try TmuxSession(command: "\(SSHAuthBinary.path) wizard")
        try menu.waitFor("How will you log in")
        try menu.send("Escape")
        let ended = try menu.waitFor("[exited]")
        #expect(ended.contains("[exited] 0"), "\(ended)")

        let typed = try TmuxSession(command: "\(SSHAuthBinary.path) wizard --mechanism password")
        try typed.waitFor("the target system")
        try typed.send("example.org", literal: true)
        try typed.send("Escape")
        try typed.waitFor("How will you log in")
        try typed.send("Escape")
        try typed.waitFor("[exited] 0")
    }
}
