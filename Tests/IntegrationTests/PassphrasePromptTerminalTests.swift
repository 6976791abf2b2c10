import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A command asking for a secret on the terminal (echo off) and stopped while it waits: the
/// terminal must come back as it was, and nothing may be written.
@Suite(.serialized) struct PassphrasePromptTerminalTests {
    @Test("Ctrl-C, SIGTERM or SIGHUP at the passphrase prompt: echo is back, the signal ends the command, no key file",
          arguments: ["C-c", "TERM", "HUP"])
    func stoppedAtThePrompt(_ how: String) throws {
        let scratch = try TemporaryDirectory()
        // The shell traps SIGINT (a handler, which exec resets to the default for sshauth) so that
        // Ctrl-C, sent to the whole foreground group, does not end the shell before it reports.
        let command = "trap true INT; stty -g > \(scratch.file("before")); \(SSHAuthBinary.path) keygen -f \(scratch.file("key")); echo \"status=$?\"; stty -g > \(scratch.file("after"))"
        let session = try TmuxSession(command: command)
        try session.waitFor("Enter passphrase")
        switch how {
        case "C-c": try session.send("C-c")
        case "TERM": kill(try #require(try session.panePID()), SIGTERM)
        default: kill(try #require(try session.panePID()), SIGHUP)
        }
        let ended = try session.waitFor("[exited]")
        let expected = ["C-c": SIGINT, "TERM": SIGTERM, "HUP": SIGHUP][how]!
        #expect(ended.contains("status=\(128 + expected)"), "the signal still ends the command: \(ended)")
        #expect(try String(contentsOfFile: scratch.file("before"), encoding: .utf8) == String(contentsOfFile: scratch.file("after"), encoding: .utf8),
                "echo restored")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["after", "before"])
    }
}
