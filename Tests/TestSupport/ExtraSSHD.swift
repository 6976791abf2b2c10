import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A second OpenSSH sshd on 127.0.0.1 beside the sandbox, for tests that need another server:
/// one with a host key of its own, or the sandbox's own set-up with other options. It runs as a
/// daemon, not as a Foundation child (sshd closes the descriptor Foundation watches for the
/// child's end, and Foundation then blocks), logs to a file, and is stopped by the id in its pid
/// file when released.
public final class ExtraSSHD {
    public let port: Int
    public let logFile: String
    private let pidFile: String

    public struct CannotStart: Error, CustomStringConvertible {
        public let description: String
    }

    /// A server with a new Ed25519 host key of its own and `settings` (sshd_config lines).
    public static func withOwnHostKey(in scratch: TemporaryDirectory, name: String, settings: [String]) throws -> ExtraSSHD {
        let key = scratch.file("\(name)_host_key")
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
        let port = try LoopbackListener.freePort()
        let config = try scratch.write("\(name)_sshd_config", (["Port \(port)", "ListenAddress 127.0.0.1", "HostKey \(key)"] + settings)
            .joined(separator: "\n") + "\n")
        return try ExtraSSHD(in: scratch, name: name, port: port, arguments: ["-f", config])
    }

    /// The sandbox's configuration and host keys on another port, with `options` (`-o` values).
    public static func likeSandbox(in scratch: TemporaryDirectory, name: String, options: [String]) throws -> ExtraSSHD {
        guard let directory = SandboxAccount.sandboxSetting("SSHAUTH_SANDBOX_DIR") else { throw CannotStart(description: "no sandbox is running") }
        let port = try LoopbackListener.freePort()
        return try ExtraSSHD(in: scratch, name: name, port: port,
                             arguments: ["-f", directory + "/sshd_config", "-p", String(port)] + options.flatMap { ["-o", $0] })
    }

    private init(in scratch: TemporaryDirectory, name: String, port: Int, arguments: [String]) throws {
        self.port = port
        logFile = scratch.file("\(name)_sshd.log")
        pidFile = scratch.file("\(name)_sshd.pid")
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        let started = try ExternalTool.run(["/usr/sbin/sshd"] + arguments + ["-o", "PidFile=\(pidFile)", "-E", logFile])
        guard started.status == 0 else { throw CannotStart(description: "sshd would not start: \(started.stderr) \(log(since: 0))") }
        for _ in 0..<100 {
            if pid != nil, Self.greets(port) { return }
            usleep(50_000)
        }
        stop()
        throw CannotStart(description: "the extra sshd did not answer on port \(port): \(log(since: 0))")
    }

    deinit { stop() }

    private var pid: pid_t? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public func stop() {
        if let pid { kill(pid, SIGTERM) }
    }

    /// The log's length now, to read only what comes after.
    public func logOffset() -> Int { FileManager.default.contents(atPath: logFile)?.count ?? 0 }

    public func log(since offset: Int) -> String {
        let data = FileManager.default.contents(atPath: logFile) ?? Data()
        return String(decoding: data.dropFirst(offset), as: UTF8.self)
    }

    /// Whether something on the port greets with an SSH identification.
    private static func greets(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4)
        return read(fd, &buffer, 4) == 4 && buffer == Array("SSH-".utf8)
    }
}
