#if canImport(Glibc)
import Glibc
#endif

/// Opens a TCP connection with a deadline, trying every address a name resolves to (IPv6 and IPv4).
enum SocketConnector {
    /// Returns a connected, blocking socket, or a sentence saying which way it failed; all addresses
    /// together get the time `deadline` has left.
    static func connect(host: String, port: Int, deadline: NetworkDeadline) throws(RemoteError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw RemoteError(.nameNotResolved, "The host name \(host) could not be resolved (\(String(cString: gai_strerror(status)))); check the spelling or use an IP address.")
        }
        defer { freeaddrinfo(list) }
        var lastErrno: Int32 = 0
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            let fd = socket(entry.pointee.ai_family, entry.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), entry.pointee.ai_protocol)
            guard fd >= 0 else { lastErrno = errno; continue }
            if connectWithDeadline(fd, entry.pointee.ai_addr, entry.pointee.ai_addrlen, deadline.remainingMilliseconds, &lastErrno) {
                // libssh2 often sends a request in more than one write; Nagle's algorithm would hold
                // the later part back until the server acknowledges the first, a round trip each.
                var on: Int32 = 1
                _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                return fd
            }
            close(fd)
        }
        let place = "\(host) port \(port)"
        switch lastErrno {
        case ECONNREFUSED:
            throw RemoteError(.connectionRefused, "\(place) refused the connection: no SSH server is listening there; check the host and port (-p).")
        case ETIMEDOUT:
            throw RemoteError(.timedOut, "Connecting to \(place) timed out after \(deadline.seconds) seconds (--timeout); check the host, the port and any firewall in between.")
        default:
            throw RemoteError(.unreachable, "Cannot connect to \(place): \(String(cString: strerror(lastErrno))).")
        }
    }

    private static func connectWithDeadline(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t,
                                            _ timeout: Int32, _ failure: inout Int32) -> Bool {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, address, length) != 0 {
            guard errno == EINPROGRESS else { failure = errno; return false }
            var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&waiting, 1, timeout)
            guard ready > 0 else { failure = ready == 0 ? ETIMEDOUT : errno; return false }
            var socketError: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &size)
            guard socketError == 0 else { failure = socketError; return false }
        }
        _ = fcntl(fd, F_SETFL, flags)
        return true
    }
}
