import Foundation
@testable import RemoteAccess
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The --timeout allowance: charged only while a network phase runs, and when it runs out the
/// watched socket is shut down so that a blocked read returns, and the phase is named.
@Suite struct NetworkDeadlineTests {
    @Test("time between phases (a person typing) is not charged; time inside them is")
    func onlyPhasesAreCharged() {
        let deadline = NetworkDeadline(seconds: 2)
        deadline.run(.connect) { _ = usleep(500_000) }
        usleep(1_000_000)
        let left = deadline.remainingMilliseconds
        #expect((900...1_520).contains(left), "\(left) ms left")
        #expect(deadline.expiredPhase == nil)
    }

    @Test("a phase ended without charging (a refused password) leaves the time as it was")
    func unchargedPhase() {
        let deadline = NetworkDeadline(seconds: 2)
        let attempt = deadline.begin(.authentication)
        usleep(600_000)
        deadline.end(attempt, charging: false)
        #expect(deadline.remainingMilliseconds == 2_000)
    }

    @Test("a read blocked past the deadline returns, and the phase that ran out is known")
    func blockedReadIsReleased() {
        var ends: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let deadline = NetworkDeadline(seconds: 1)
        deadline.watch(socket: ends[0])
        let started = Date()
        // A blocking read that nobody answers, as libssh2 would wait for a silent server.
        let count = deadline.run(.sftp) { () -> Int in
            var byte: UInt8 = 0
            return recv(ends[0], &byte, 1, 0)
        }
        let waited = Date().timeIntervalSince(started)
        #expect(count == 0, "the shut-down socket reads as closed")
        #expect(waited >= 0.9 && waited < 2, "waited \(waited) s")
        #expect(deadline.expiredPhase == .sftp)
        #expect(deadline.remainingMilliseconds == 0)
        #expect(deadline.timeoutSentence(.sftp, place: "h port 22") == "h port 22 did not answer an SFTP request within the 1 seconds allowed (--timeout); sshauth gave up.")
    }
}
