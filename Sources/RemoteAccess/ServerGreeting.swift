#if canImport(Glibc)
import Glibc
#endif

/// Reads what a server sends before its identification line (`SSH-2.0-...`), with ssh's bounds,
/// and leaves that line unread for libssh2, whose own banner reading has no bound and no deadline.
enum ServerGreeting {
    /// ssh refuses a line longer than this before the identification ("banner line too long").
    static let maximumLineLength = 8192
    /// ssh refuses more lines than this before the identification.
    static let maximumLinesBefore = 1024
    /// RFC 4253's limit for the identification line, CR LF included; libssh2 keeps only 256 bytes.
    static let maximumIdentificationLength = 255

    /// Waits, within `deadline`, until the server's identification line has arrived whole, having
    /// consumed (and ignored) the lines before it; throws a sentence naming what the server did.
    static func awaitIdentification(socket: Int32, place: String, deadline: NetworkDeadline) throws(RemoteError) {
        var linesBefore = 0
        var lineLength = 0        // bytes of the current pre-identification line consumed so far
        var lastPeek = -1
        var buffer = [UInt8](repeating: 0, count: maximumLineLength + 1)
        func timedOut() -> RemoteError {
            let what = linesBefore == 0 && lineLength == 0 && lastPeek <= 0
                ? "accepted the connection but sent no SSH greeting" : "did not finish its SSH greeting"
            return RemoteError(.timedOut, "\(place) \(what) within the \(deadline.seconds) seconds allowed (--timeout); check the port.")
        }
        while true {
            let left = deadline.remainingMilliseconds
            guard left > 0 else { throw timedOut() }
            var waiting = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&waiting, 1, left)
            if ready < 0, errno == EINTR { continue }
            if ready <= 0 { continue }  // the deadline check above reports it
            let peeked = recv(socket, &buffer, buffer.count, Int32(MSG_PEEK))
            if peeked < 0, errno == EINTR || errno == EAGAIN { continue }
            guard peeked > 0 else {
                // The watchdog shuts the socket down when time runs out, which reads as an end of
                // stream here: that is the deadline, not the server closing.
                if deadline.expiredPhase != nil { throw timedOut() }
                throw RemoteError(.notAnSSHServer, "\(place) did not answer as an SSH server: it closed the connection without sending an SSH greeting; check the port.")
            }
            let bytes = buffer[0..<peeked]
            let newline = bytes.firstIndex(of: 0x0A)
            if lineLength == 0, isIdentificationStart(bytes) {
                let length = newline.map { $0 + 1 } ?? peeked
                if bytes[0..<(newline ?? peeked)].contains(0) {
                    throw RemoteError(.notAnSSHServer, "\(place) sent an SSH greeting with a NUL byte in it; it is not a well-behaved SSH server.")
                }
                if length > maximumIdentificationLength {
                    throw RemoteError(.notAnSSHServer, "\(place) sent an SSH identification line longer than \(maximumIdentificationLength) bytes (ssh refuses it too); it is not a well-behaved SSH server.")
                }
                if newline != nil { return }
                // Part of the line is here and must stay unread: wait a little for the rest rather
                // than poll, which would report the same bytes again at once.
                if peeked == lastPeek { usleep(20_000) }
                lastPeek = peeked
                continue
            }
            // A line before the identification: consume it, counting its length and the lines.
            let take = newline.map { $0 + 1 } ?? peeked
            let consumed = recv(socket, &buffer, take, 0)
            guard consumed > 0 else { continue }
            lastPeek = -1
            lineLength += consumed
            let ended = newline != nil && consumed == take
            if lineLength - (ended ? 1 : 0) > maximumLineLength {
                throw RemoteError(.notAnSSHServer, "\(place) did not answer as an SSH server: it sent a line longer than \(maximumLineLength) bytes instead of an SSH greeting (ssh refuses that too: banner line too long); check the port.")
            }
            if ended {
                lineLength = 0
                linesBefore += 1
                if linesBefore > maximumLinesBefore {
                    throw RemoteError(.notAnSSHServer, "\(place) did not answer as an SSH server: it sent more than \(maximumLinesBefore) lines without an SSH greeting (ssh refuses that too); check the port.")
                }
            }
        }
    }

    /// Whether the bytes start an identification line, or could once more bytes arrive.
    private static func isIdentificationStart(_ bytes: ArraySlice<UInt8>) -> Bool {
        let prefix: [UInt8] = Array("SSH-".utf8)
        return zip(bytes, prefix).allSatisfy { $0 == $1 }
    }
}
