import Foundation
import Synchronization
import TestSupport
import Testing
@testable import WizardEffects
@testable import Wizard
#if canImport(Glibc)
import Glibc
#endif

/// When the server has closed the connection while the password was being typed, the wizard
/// opens a new one (on the host key already judged) instead of failing on the dead one.
@Suite(.serialized) struct ReconnectTests {
    /// A loopback TCP relay to the sandbox sshd whose connections the test can cut.
    final class Relay: @unchecked Sendable {
        let port: Int
        private let listener: Int32
        private let open = Mutex<[Int32]>([])
        /// Where new connections go; ``retarget(to:)`` changes it.
        private let targetPort: Mutex<Int>


        init(to targetPort: Int) throws {
            self.targetPort = Mutex(targetPort)
            let (fd, port) = try LoopbackListener.open()
            listener = fd
            self.port = port
            let relay = self
            Thread {
                while true {
                    let client = accept(fd, nil, nil)
                    if client < 0 { return }
                    let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                    var target = sockaddr_in()
                    target.sin_family = sa_family_t(AF_INET)
                    target.sin_addr.s_addr = inet_addr("127.0.0.1")
                    target.sin_port = UInt16(relay.targetPort.withLock { $0 }).bigEndian
                    let connected = withUnsafePointer(to: &target) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                    }
                    guard connected == 0 else { close(client); close(server); continue }
                    relay.open.withLock { $0 += [client, server] }
                    Thread { Self.pump(client, server) }.start()
                }
            }.start()
        }

        deinit {
            cut()
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }

        /// Sends later connections to another port (another server, as an attacker would).
        func retarget(to port: Int) {
            targetPort.withLock { $0 = port }
        }

        /// Ends every relayed connection, as a server that hangs up does.
        func cut() {
            open.withLock { sockets in
                for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
                sockets.removeAll()
            }
        }

        private static func pump(_ a: Int32, _ b: Int32) {
            defer { close(a); close(b) }
            var buffer = [UInt8](repeating: 0, count: 65536)
            var ends = [pollfd(fd: a, events: Int16(POLLIN), revents: 0), pollfd(fd: b, events: Int16(POLLIN), revents: 0)]
            while poll(&ends, 2, 30_000) > 0 {
                for (from, to) in [(0, 1), (1, 0)] where ends[from].revents != 0 {
                    let count = read(ends[from].fd, &buffer, buffer.count)
                    guard count > 0, write(ends[to].fd, buffer, count) == count else { return }
                }
            }
        }
    }

    @Test("mechanism 1: the connection is cut while the password is typed; the login still works")
    func reopensAClosedConnection() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let relay = try Relay(to: sandbox.port)
            // Kept alive to the end: the reconnection goes through it after its last mention.
            defer { withExtendedLifetime(relay) {} }
            let scratch = try TemporaryDirectory()
            // The sandbox's host keys, recorded for the relay's port.
            let lines = try String(contentsOfFile: sandbox.knownHosts, encoding: .utf8).split(whereSeparator: \.isNewline)
                .compactMap { line in line.split(separator: " ", maxSplits: 1).last.map { "[127.0.0.1]:\(relay.port) \($0)" } }
            let knownHosts = try scratch.write("known_hosts", lines.joined(separator: "\n") + "\n")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try WizardWorkerTests.Driver(
                WizardState(size: .minimum, mechanism: .password, target: TargetForm(host: "127.0.0.1", port: String(relay.port), user: sandbox.user)),
                knownHosts: knownHosts)
            try driver.press([.enter])
            guard case .password = driver.state.screen else { Issue.record("not asking for the password: \(driver.state.screen)"); return }
            relay.cut()
            usleep(200_000)
            try driver.press(password.map { .character($0) } + [.enter])
            guard case .passwordWorks = driver.state.screen else { Issue.record("no login after the cut: \(driver.state.screen)"); return }
        }
    }

    @Test("mechanism 1: the reconnection reaches a server with another host key; nothing is sent to it")
    func reopenedConnectionMustKeepTheHostKey() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let other = try ExtraSSHD.withOwnHostKey(in: scratch, name: "other", settings: [
                "UsePAM no", "PasswordAuthentication yes", "KbdInteractiveAuthentication yes", "LogLevel VERBOSE",
            ])
            let relay = try Relay(to: sandbox.port)
            defer { withExtendedLifetime(relay) {}; withExtendedLifetime(other) {} }
            let lines = try String(contentsOfFile: sandbox.knownHosts, encoding: .utf8).split(whereSeparator: \.isNewline)
                .compactMap { line in line.split(separator: " ", maxSplits: 1).last.map { "[127.0.0.1]:\(relay.port) \($0)" } }
            let knownHosts = try scratch.write("known_hosts", lines.joined(separator: "\n") + "\n")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try WizardWorkerTests.Driver(
                WizardState(size: .minimum, mechanism: .password, target: TargetForm(host: "127.0.0.1", port: String(relay.port), user: sandbox.user)),
                knownHosts: knownHosts)
            try driver.press([.enter])
            guard case .password = driver.state.screen else { Issue.record("not asking for the password: \(driver.state.screen)"); return }
            relay.retarget(to: other.port)
            relay.cut()
            usleep(200_000)
            try driver.press(password.map { .character($0) } + [.enter])
            guard case .failure(let sentence) = driver.state.screen else { Issue.record("no refusal: \(driver.state.screen)"); return }
            #expect(sentence.contains("another host key"), "\(sentence)")
            let log = other.log(since: 0)
            #expect(log.contains("Connection from"), "the reconnection did not reach the other server: \(log)")
            #expect(!log.contains("password") && !log.contains("keyboard-interactive"), "\(log)")
        }
    }
}
