import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private tmux server running one command in an 80×24 (or other) pane, for driving the real
/// binary like a person would: send keys, read the screen, resize, signal.
///
/// The server is started with posix_spawn, not Foundation's Process: Process waits for pipes the
/// daemonised server keeps open; the server must not inherit other tests' descriptors; and the
/// test thread's blocked signal mask must not reach the program in the pane (it would never see
/// SIGWINCH).
public final class TmuxSession: @unchecked Sendable {
    public let socket: String

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `command` (a shell command line) in a new session of a private server.
    public init(command: String, columns: Int = 80, rows: Int = 24, environment: [String: String] = [:]) throws {
        socket = "sshauth-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var settings = ["LANG=C.UTF-8", "TERM=xterm-256color"]
        for (name, value) in environment { settings.append("\(name)=\(value)") }
        let exports = settings.map { "export '\($0)';" }.joined(separator: " ")
        let line = "\(exports) \(command); echo; echo '[exited]' $?; sleep 60"
        let status = try Self.spawnAndWait(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d",
                                            "-x", String(columns), "-y", String(rows), line])
        guard status == 0 else { throw Failure(description: "tmux new-session exited with \(status)") }
    }

    deinit {
        _ = try? ExternalTool.run(["tmux", "-L", socket, "kill-server"])
    }

    /// Sends tmux key names (`Down`, `Enter`, `Escape`, `C-c`, `F1`) or literal text (with `literal`).
    public func send(_ keys: String..., literal: Bool = false) throws {
        _ = try ExternalTool.run(["tmux", "-L", socket, "send-keys", "-t", "0"] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen as text.
    public func screen() throws -> String {
        try ExternalTool.run(["tmux", "-L", socket, "capture-pane", "-p", "-t", "0"]).stdout
    }

    public func resize(columns: Int, rows: Int) throws {
        _ = try ExternalTool.run(["tmux", "-L", socket, "resize-window", "-t", "0", "-x", String(columns), "-y", String(rows)])
    }

    /// The pid of the program running in the pane (the shell's child).
    public func panePID() throws -> Int32? {
        let shell = try ExternalTool.run(["tmux", "-L", socket, "display-message", "-p", "-t", "0", "#{pane_pid}"]).stdout
        guard let pid = Int32(shell.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        let children = try ExternalTool.run(["pgrep", "-P", String(pid)]).stdout
        return children.split(separator: "\n").compactMap { Int32($0) }.first
    }

    /// Polls the screen until `predicate` holds (every 50 ms, up to `seconds`); returns that screen.
    @discardableResult
    public func waitFor(_ what: String, seconds: Double = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(50_000)
        }
        throw Failure(description: "timed out waiting for \(what); the screen was:\n\(last)")
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    public func waitFor(_ text: String, seconds: Double = 10) throws -> String {
        try waitFor("\"\(text)\"", seconds: seconds) { $0.contains(text) }
    }

    private static func spawnAndWait(_ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // glibc's closefrom action is only declared under _GNU_SOURCE; look it up instead.
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ) == 0 else {
            throw Failure(description: "could not start \(arguments[0])")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (status >> 8) & 0xFF
    }
}
