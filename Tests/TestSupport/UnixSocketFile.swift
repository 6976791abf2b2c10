#if canImport(Glibc)
import Glibc
#endif

/// A Unix socket bound at a path, for agent sockets that misbehave: bound only (a socket file
/// left by an agent that has ended) or listening but never accepting (an agent that hangs).
public final class UnixSocketFile {
    public let path: String
    private let descriptor: Int32

    public struct CannotBind: Error, CustomStringConvertible {
        public let description: String
    }

    /// Binds a socket at `path`; with `listening`, the kernel queues connections nobody accepts.
    public init(path: String, listening: Bool) throws {
        self.path = path
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw CannotBind(description: "socket() failed for \(path)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8))
            raw[path.utf8.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, !listening || listen(descriptor, 4) == 0 else {
            close(descriptor)
            throw CannotBind(description: "cannot bind a socket at \(path)")
        }
    }

    deinit { close(descriptor) }
}
