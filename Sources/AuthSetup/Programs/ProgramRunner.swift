#if canImport(Glibc)
import Glibc
#endif

/// Runs a local program (the OpenSSH client) and collects what it printed.
///
/// posix_spawn rather than Foundation's Process: no Foundation needed, stdin is /dev/null so the
/// child can never wait on the user, and the child's output is read until it closes.
public enum ProgramRunner {
    /// glibc's POSIX_SPAWN_SETSID (spawn.h, since 2.26); Swift does not import it because it is
    /// defined only under _GNU_SOURCE.
    static let spawnSetSID: Int16 = 0x80

    public struct Result: Sendable {
        public let status: Int32
        /// Standard output and standard error together, in the order written.
        public let output: String
    }

    /// Runs `arguments[0]` (looked up on PATH) with the rest as its arguments; nil when it cannot start.
    /// With `detached`, the program starts in a new session: it has no controlling terminal, as
    /// under cron or a batch system, so nothing it runs can open /dev/tty.
    public static func run(_ arguments: [String], detached: Bool = false) -> Result? {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return nil }
        // Keep the pipe out of other children; the spawned program gets its end through dup2.
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if detached { posix_spawnattr_setflags(&attributes, Self.spawnSetSID) }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        close(pipeEnds[1])
        defer { close(pipeEnds[0]) }
        guard spawned == 0 else { return nil }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(pipeEnds[0], &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            output += buffer[0..<count]
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: exitCode, output: String(decoding: output, as: UTF8.self))
    }
}
