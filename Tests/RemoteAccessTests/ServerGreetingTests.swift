import Foundation
@testable import RemoteAccess
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The bounds on what a server may send before its identification line, at their edges (ssh's
/// limits: 8192 bytes a line, 1024 lines, 255 bytes for the `SSH-` line), over a socket pair.
@Suite struct ServerGreetingTests {
    static let identification = "SSH-2.0-OpenSSH_9.2p1\r\n"

    /// Feeds `bytes` (then closes the sending end) and reads the greeting with a 2-second deadline;
    /// returns nil when accepted, else the error, and what was left unread.
    private func read(_ bytes: [UInt8]) -> (error: RemoteError?, left: [UInt8]) {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else { return (RemoteError(.library(code: -1), "socketpair"), []) }
        let sender = ends[1]
        let written = DispatchSemaphore(value: 0)
        let writer = Thread {
            // MSG_NOSIGNAL: a reader that stopped early must not kill the test process with SIGPIPE.
            _ = bytes.withUnsafeBytes { send(sender, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            shutdown(sender, Int32(SHUT_WR))
            written.signal()
        }
        writer.start()
        // The descriptors are closed only once the writer is done with them: closed earlier, their
        // numbers could go to a test case running in parallel, whose socket the late writer would
        // then shut down (seen under load as "closed the connection" before any byte arrived).
        defer { _ = written.wait(timeout: .now() + 10); close(ends[0]); close(ends[1]) }
        let deadline = NetworkDeadline(seconds: 2)
        do {
            try deadline.run(.greeting) { () throws(RemoteError) in
                try ServerGreeting.awaitIdentification(socket: ends[0], place: "test port 1", deadline: deadline)
            }
        } catch {
            return (error, [])
        }
        var left = [UInt8](repeating: 0, count: 1024)
        let count = recv(ends[0], &left, left.count, Int32(MSG_DONTWAIT))
        return (nil, Array(left.prefix(max(count, 0))))
    }

    private static func line(_ length: Int) -> [UInt8] { [UInt8](repeating: 0x61, count: length) + [0x0A] }

    /// What a server sends, shown in the test log by its name: the bytes run to many kilobytes.
    struct Sent: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        var words = ""
        var testDescription: String { name }
    }

    @Test("accepted: the identification is left unread for libssh2, whatever came before it within the bounds", arguments: [
        Sent(name: "no lines before", bytes: []),
        Sent(name: "one line of 8192 bytes", bytes: line(8192)),
        Sent(name: "1024 short lines", bytes: (0..<1024).flatMap { _ in Array("banner\r\n".utf8) }),
    ])
    func accepted(_ sent: Sent) {
        let name = sent.name, before = sent.bytes
        let outcome = read(before + Array(Self.identification.utf8))
        #expect(outcome.error == nil, "\(name): \(outcome.error?.detail ?? "")")
        #expect(outcome.left == Array(Self.identification.utf8), "\(name)")
    }

    @Test("refused with a sentence naming what the server did", arguments: [
        Sent(name: "a line of 8193 bytes", bytes: line(8193) + Array(identification.utf8), words: "longer than 8192 bytes"),
        Sent(name: "8193 bytes and no line break", bytes: [UInt8](repeating: 0x61, count: 8193), words: "longer than 8192 bytes"),
        Sent(name: "1025 lines", bytes: (0..<1025).flatMap { _ in Array("banner\r\n".utf8) } + Array(identification.utf8), words: "more than 1024 lines"),
        Sent(name: "an identification of 256 bytes", bytes: Array("SSH-2.0-".utf8) + [UInt8](repeating: 0x61, count: 246) + [0x0D, 0x0A], words: "longer than 255 bytes"),
        Sent(name: "a NUL in the identification", bytes: Array("SSH-2.0-Open\u{0}SSH\r\n".utf8), words: "NUL"),
        Sent(name: "nothing, then the connection closed", bytes: [], words: "closed the connection"),
        Sent(name: "a line, then the connection closed", bytes: Array("hello\r\n".utf8), words: "closed the connection"),
    ])
    func refused(_ sent: Sent) {
        let name = sent.name, bytes = sent.bytes, words = sent.words
        let outcome = read(bytes)
        #expect(outcome.error?.detail.contains(words) == true, "\(name): \(outcome.error?.detail ?? "accepted")")
    }
}
