#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SSHKeys

/// Talks to the user's running ssh-agent over its unix socket (`SSH_AUTH_SOCK`), as `ssh-add` does.
///
/// This is local inter-process communication with a program of the same user, not network access,
/// so it belongs with the other local set-up; the private key travels only through the socket and
/// is never written to a file.
public struct SSHAgentClient: Sendable {
    /// The agent's socket path.
    public let socketPath: String

    public init(socketPath: String) {
        self.socketPath = socketPath
    }

    /// The agent named by `SSH_AUTH_SOCK`, or an error that says how to start one.
    public static func fromEnvironment() throws(SSHAgentError) -> SSHAgentClient {
        guard let value = getenv("SSH_AUTH_SOCK"), value.pointee != 0 else { throw SSHAgentError(.noAgent, path: "") }
        return SSHAgentClient(socketPath: String(cString: value))
    }

    /// Adds `key` (with its comment) to the agent, for `lifetime` seconds or until the agent ends.
    public func add(_ key: SSHPrivateKey, lifetime: UInt32?) throws(SSHAgentError) {
        let request = SSHAgentMessage.addIdentity(key, lifetime: lifetime)
        let fd = try connect()
        defer { close(fd) }
        try request.withBytes { (bytes) throws(SSHAgentError) in try send(bytes, on: fd) }
        switch SSHAgentMessage.reply(try receive(on: fd)) {
        case .success: return
        case .failure: throw SSHAgentError(.refused, path: socketPath)
        case .unexpected(let type): throw SSHAgentError(.protocolViolation("it answered with message type \(type)"), path: socketPath)
        }
    }

    /// The keys the agent holds, as `ssh-add -L` lists them, within the socket's 10-second limit.
    public func identities() throws(SSHAgentError) -> [SSHAgentMessage.Identity] {
        let fd = try connect()
        defer { close(fd) }
        try SSHAgentMessage.identitiesRequest.withUnsafeBufferPointer { (bytes) throws(SSHAgentError) in try send(bytes, on: fd) }
        do { return try SSHAgentMessage.identities(try receive(on: fd)) } catch let error as SSHAgentError {
            throw error
        } catch {
            throw SSHAgentError(.protocolViolation("its key list is malformed (\(error))"), path: socketPath)
        }
    }

    private func connect() throws(SSHAgentError) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(socketPath.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { throw SSHAgentError(.cannotConnect(errno: ENAMETOOLONG), path: socketPath) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SSHAgentError(.cannotConnect(errno: errno), path: socketPath) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let failure = errno
            close(fd)
            throw SSHAgentError(.cannotConnect(errno: failure), path: socketPath)
        }
        // A socket that accepts but never answers must not hang the command.
        var limit = timeval(tv_sec: 10, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    private func send(_ bytes: UnsafeBufferPointer<UInt8>, on fd: Int32) throws(SSHAgentError) {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: an agent that went away must give an error here, not kill us with SIGPIPE.
            let sent = Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if sent < 0 {
                if errno == EINTR { continue }
                throw SSHAgentError(.cannotConnect(errno: errno), path: socketPath)
            }
            offset += sent
        }
    }

    /// One framed answer: `uint32 length` and that many bytes.
    private func receive(on fd: Int32) throws(SSHAgentError) -> [UInt8] {
        let header = try receive(count: 4, on: fd)
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        // Answers to an add are one byte; anything huge is not an agent speaking.
        guard (1...256 * 1024).contains(length) else { throw SSHAgentError(.protocolViolation("it announced a \(length)-byte answer"), path: socketPath) }
        return try receive(count: length, on: fd)
    }

    private func receive(count: Int, on fd: Int32) throws(SSHAgentError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let received = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + filled, count - filled, 0) }
            if received < 0, errno == EINTR { continue }
            if received < 0 {
                let failure = errno
                throw SSHAgentError(failure == EAGAIN ? .protocolViolation("it did not answer within 10 seconds") : .cannotConnect(errno: failure), path: socketPath)
            }
            guard received > 0 else { throw SSHAgentError(.protocolViolation("it closed the connection without answering"), path: socketPath) }
            filled += received
        }
        return bytes
    }
}

/// Why a key could not be handed to the agent.
public struct SSHAgentError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// `SSH_AUTH_SOCK` is not set: no agent is running for this session.
        case noAgent
        /// The socket could not be reached.
        case cannotConnect(errno: Int32)
        /// The agent answered SSH_AGENT_FAILURE.
        case refused
        /// The agent's answer does not follow the protocol.
        case protocolViolation(String)
    }

    public let kind: Kind
    /// The agent socket concerned.
    public let path: String

    public init(_ kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// How to start an agent in the current shell.
    public static let startHint = "start one with 'eval \"$(ssh-agent)\"' in this shell and run the command again"

    public var description: String {
        switch kind {
        case .noAgent:
            return "no ssh-agent is running here (SSH_AUTH_SOCK is not set); \(Self.startHint)."
        case .cannotConnect(let code):
            return "cannot reach the ssh-agent at \(path): \(String(cString: strerror(code))); it may have ended — \(Self.startHint)."
        case .refused:
            return "the ssh-agent at \(path) refused the key (an agent locked with 'ssh-add -x', or one that does not take this key type or a lifetime, does so)."
        case .protocolViolation(let what):
            return "the program at \(path) does not speak the ssh-agent protocol: \(what)."
        }
    }
}
