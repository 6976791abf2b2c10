import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real binary's help browser in a real terminal (tmux): drawing, keys, search, resize, and
/// the terminal restored however the program ends.
@Suite(.serialized) struct HelpBrowserTerminalTests {
    /// Runs the browser between two `stty -g` snapshots, so the test can compare the terminal
    /// settings before and after.
    private func start(_ scratch: TemporaryDirectory, topic: String = "keypair") throws -> TmuxSession {
        let command = "stty -g > \(scratch.file("before")); \(SSHAuthBinary.path) help --browse \(topic); stty -g > \(scratch.file("after"))"
        return try TmuxSession(command: command)
    }

    private func sttyUnchanged(_ scratch: TemporaryDirectory, _ session: TmuxSession) throws {
        try session.waitFor("[exited]")
        let before = try String(contentsOfFile: scratch.file("before"), encoding: .utf8)
        let after = try String(contentsOfFile: scratch.file("after"), encoding: .utf8)
        #expect(!before.isEmpty)
        #expect(before == after, "the terminal settings changed")
    }

    @Test("opens on the topic, searches with / and n/N counting the matches, lists topics, q quits and the terminal is as before")
    func browseAndSearch() throws {
        let scratch = try TemporaryDirectory()
        let session = try start(scratch)
        try session.waitFor("Help: ")
        try session.send("/")
        try session.send("StrictModes", literal: true)
        try session.send("Enter")
        try session.waitFor("for \"StrictModes\":")
        try session.send("n")
        try session.waitFor("match 2 of")
        try session.send("N")
        try session.waitFor("for \"StrictModes\":")
        try session.send("t")
        try session.waitFor("Help topics")
        try session.send("Escape")
        try session.waitFor("/ search")
        try session.send("q")
        try sttyUnchanged(scratch, session)
    }

    @Test("below 80x24 a notice; after resizing back the topic again")
    func resize() throws {
        let scratch = try TemporaryDirectory()
        let session = try start(scratch)
        try session.waitFor("Help: ")
        try session.resize(columns: 60, rows: 20)
        try session.waitFor("make it larger")
        try session.resize(columns: 100, rows: 30)
        try session.waitFor("Help: ")
        try session.send("q")
        try sttyUnchanged(scratch, session)
    }

    @Test("Ctrl-C quits cleanly")
    func controlC() throws {
        let scratch = try TemporaryDirectory()
        let session = try start(scratch)
        try session.waitFor("Help: ")
        try session.send("C-c")
        try sttyUnchanged(scratch, session)
    }

    @Test("SIGTERM and SIGHUP restore the terminal", arguments: [SIGTERM, SIGHUP])
    func signals(_ signal: Int32) throws {
        let scratch = try TemporaryDirectory()
        let session = try start(scratch)
        try session.waitFor("Help: ")
        let pid = try #require(try session.panePID())
        kill(pid, signal)
        try sttyUnchanged(scratch, session)
    }
}
