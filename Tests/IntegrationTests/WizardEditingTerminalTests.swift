import Foundation
import TestSupport
import Testing

/// The real binary's wizard in a real terminal (tmux): fields edited in the middle, the terminal
/// cursor where the typing goes or on the selected line, and a bracketed paste.
@Suite(.serialized) struct WizardEditingTerminalTests {
    /// Where tmux has the pane's cursor, and whether it is shown.
    struct Cursor: Equatable, CustomStringConvertible {
        let column: Int
        let row: Int
        let visible: Bool

        var description: String { "\(column),\(row)\(visible ? "" : " hidden")" }
    }

    func cursor(_ session: TmuxSession) throws -> Cursor {
        let text = try ExternalTool.run(["tmux", "-L", session.socket, "display-message", "-p", "-t", "0",
                                         "#{cursor_x},#{cursor_y},#{cursor_flag}"]).stdout
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Int($0) }
        try #require(parts.count == 3, "tmux gave no cursor: \(text)")
        return Cursor(column: parts[0], row: parts[1], visible: parts[2] == 1)
    }

    /// Polls until the cursor is at `expected` (drawing follows the keys by a few milliseconds).
    func waitForCursor(_ session: TmuxSession, _ expected: Cursor, seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var last = try cursor(session)
        while last != expected, Date() < deadline {
            usleep(50_000)
            last = try cursor(session)
        }
        let screen = try session.screen()
        #expect(last == expected, "the cursor is at \(last), not \(expected); the screen was:\n\(screen)")
    }

    /// The target screen's Host line.
    private func hostLine(_ screen: String) -> (row: Int, text: String)? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.hasPrefix("    Host") }.map { ($0, String(lines[$0])) }
    }

    @Test("Left x3 and typing insert in the middle of the host; the visible cursor follows the insertion point")
    func editInTheMiddle() throws {
        let session = try TmuxSession(command: "\(SSHAuthBinary.path) wizard --mechanism password")
        var screen = try session.waitFor("the target system")
        guard let (row, _) = hostLine(screen) else { Issue.record("no Host line:\n\(screen)"); return }
        // The Host band starts at column 12; an empty field has the cursor there.
        try waitForCursor(session, Cursor(column: 12, row: row, visible: true))
        try session.send("host.org", literal: true)
        try session.send("Left", "Left", "Left")
        try waitForCursor(session, Cursor(column: 17, row: row, visible: true))
        try session.send("example.", literal: true)
        screen = try session.waitFor("host.example.org")
        #expect(hostLine(screen)?.text.contains("host.example.org") == true, "\(screen)")
        try waitForCursor(session, Cursor(column: 25, row: row, visible: true))
        // Ctrl-A, Delete and Ctrl-E as readline has them.
        try session.send("C-a", "DC", "C-e", "!")
        try session.waitFor("ost.example.org") { hostLine($0)?.text.contains("    ost.example.org!") == true }
        try waitForCursor(session, Cursor(column: 28, row: row, visible: true))
        // Tab to the port: the cursor moves with the focus.
        try session.send("Tab")
        try waitForCursor(session, Cursor(column: 12, row: row + 3, visible: true))
        try session.send("C-c")
        try session.waitFor("[exited]")
    }

    @Test("on the first menu the visible cursor sits on the selected line and follows the arrows")
    func cursorOnTheMenu() throws {
        let session = try TmuxSession(command: "\(SSHAuthBinary.path) wizard")
        // The key pair is highlighted first.
        for number in 2...4 {
            let screen = try session.waitFor("the pointer on \(number).") { screen in
                screen.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.contains("\u{25B6} \(number).") }
            }
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            guard let row = lines.firstIndex(where: { $0.contains("\u{25B6}") }) else { Issue.record("no selected line:\n\(screen)"); return }
            try waitForCursor(session, Cursor(column: 2, row: row, visible: true))
            try session.send("Down")
        }
        try session.send("C-c")
        try session.waitFor("[exited]")
    }

    @Test("a bracketed paste goes into the field whole; its line break is not Enter")
    func bracketedPaste() throws {
        let session = try TmuxSession(command: "\(SSHAuthBinary.path) wizard --mechanism password")
        try session.waitFor("the target system")
        _ = try ExternalTool.run(["tmux", "-L", session.socket, "set-buffer", "pasted.example.org\nsecond line"])
        _ = try ExternalTool.run(["tmux", "-L", session.socket, "paste-buffer", "-p", "-t", "0"])
        let screen = try session.waitFor("pasted.example.org")
        #expect(hostLine(screen)?.text.contains("pasted.example.org") == true, "\(screen)")
        #expect(!screen.contains("second line") && !screen.contains("Connecting"), "\(screen)")
        try session.send("C-c")
        try session.waitFor("[exited]")
    }

    @Test("a terminal that cannot move the cursor is refused with a sentence and the command overview, non-zero, no escape sequences",
          arguments: [("dumb", "wizard"), ("dumb", ""), ("no-such-terminal-type", "wizard")])
    func dumbTerminal(_ type: String, _ subcommand: String) throws {
        let scratch = try TemporaryDirectory()
        // script gives the program a pseudo-terminal and keeps every byte written to it; timeout
        // ends a wizard that would wait on that terminal for keys that never come. Under /bin/sh,
        // timeout runs the wizard outside the terminal's foreground process group, as CI does: the
        // refusal must not touch the terminal modes (SIGTTOU would stop it there).
        let run = try ExternalTool.run(["env", "SHELL=/bin/sh", "script", "-q", "-e", "-c", "TERM=\(type) timeout -s KILL 10 \(SSHAuthBinary.path) \(subcommand)",
                                        scratch.file("typescript")])
        #expect(run.status == 1, "exit status \(run.status)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.file("typescript"))))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("the wizard cannot draw on this terminal (TERM=\(type))"), "\(text)")
        #expect(text.contains("SUBCOMMANDS:") && text.contains("keygen"), "no command overview: \(text)")
        #expect(!bytes.contains(0x1B), "escape sequences reached a terminal that cannot take them: \(text)")
    }

    @Test("LANG=C: ASCII stand-ins for the pointer, the arrows and the bullets, none drawn as a blank")
    func asciiLocale() throws {
        let session = try TmuxSession(command: "\(SSHAuthBinary.path) wizard", environment: ["LANG": "C", "LC_ALL": "C"])
        var screen = try session.waitFor("Up/Down choose")
        #expect(screen.contains("> 2. OpenSSH key pair"), "\(screen)")
        #expect(screen.allSatisfy { $0.isASCII }, "\(screen)")
        try session.send("Enter", "Up", "Enter")
        screen = try session.waitFor("Left/Right kind")
        #expect(screen.contains("< Ed25519"), "\(screen)")
        try session.send("Tab", "Tab", "Tab")
        try session.send("abc", literal: true)
        screen = try session.waitFor("Passphrase  ***")
        #expect(screen.allSatisfy { $0.isASCII }, "\(screen)")
        try session.send("C-c")
        try session.waitFor("[exited]")
    }

    @Test("Ctrl-Z gives the shell the terminal as it was; fg brings back the screen, the typing and the cursor")
    func suspendAndResume() throws {
        let scratch = try TemporaryDirectory()
        // An interactive shell, so that there is job control to stop the wizard and fg it.
        let session = try TmuxSession(command: "PS1='PROMPT$ ' bash --norc --noprofile -i")
        try session.waitFor("PROMPT$")
        try session.send("stty -g > \(scratch.file("before")); \(SSHAuthBinary.path) wizard --mechanism password", literal: true)
        try session.send("Enter")
        let screen = try session.waitFor("the target system")
        guard let (row, _) = hostLine(screen) else { Issue.record("no Host line:\n\(screen)"); return }
        try session.send("abc", literal: true)
        try session.send("Left")
        try waitForCursor(session, Cursor(column: 14, row: row, visible: true))
        try session.send("C-z")
        try session.waitFor("Stopped")
        try session.send("stty -g > \(scratch.file("stopped")); fg", literal: true)
        try session.send("Enter")
        try session.waitFor("the wizard again") { hostLine($0)?.text.contains("    abc") == true && $0.contains("the target system") }
        try waitForCursor(session, Cursor(column: 14, row: row, visible: true))
        #expect(try String(contentsOfFile: scratch.file("before"), encoding: .utf8) == String(contentsOfFile: scratch.file("stopped"), encoding: .utf8),
                "the terminal settings while stopped differ from those before the wizard")
        try session.send("X")
        try session.waitFor("abXc")
        try session.send("C-c")
        try session.waitFor("PROMPT$ ") { $0.components(separatedBy: "PROMPT$").count > 3 }
    }
}
