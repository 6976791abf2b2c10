import Foundation
import Synchronization
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Servers that misbehave on purpose: each run of sshauth against one must end within its
/// --timeout plus 2 seconds, say what the server did, and leave the CPU idle while it waits.
@Suite struct HostileServerTests {
    /// What the loopback server does with each connection.
    enum Behaviour: Sendable {
        /// Bytes without a line break, as fast as the client takes them.
        case floodWithoutNewline
        /// Short lines that never include an SSH identification.
        case floodOfLines
        /// A valid identification line, then nothing (the connection stays open).
        case greetingThenSilence
        /// A valid identification line, then one byte a second, forever.
        case greetingThenOneBytePerSecond
    }

    /// A loopback TCP server with one of the behaviours; it stops when released.
    final class HostileServer: @unchecked Sendable {
        let port: Int
        private let listener: Int32
        /// Set when the test is done with the server, so its connections stop sending.
        final class StopFlag: Sendable {
            let raised = Atomic<Bool>(false)
            var isRaised: Bool { raised.load(ordering: .relaxed) }
        }
        private let stopped = StopFlag()


        init(_ behaviour: Behaviour) throws {
            let (fd, port) = try LoopbackListener.open()
            listener = fd
            self.port = port
            let stopped = self.stopped
            Thread {
                while true {
                    let client = accept(fd, nil, nil)
                    if client < 0 { return }
                    Thread { Self.serve(client, behaviour, stopped: stopped) }.start()
                }
            }.start()
        }

        deinit {
            stopped.raised.store(true, ordering: .relaxed)
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }

        private static func serve(_ client: Int32, _ behaviour: Behaviour, stopped: StopFlag) {
            defer { close(client) }
            func send(_ bytes: [UInt8]) -> Bool {
                bytes.withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
            }
            let greeting = Array("SSH-2.0-OpenSSH_9.2p1 Hostile\r\n".utf8)
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, !stopped.isRaised {
                switch behaviour {
                case .floodWithoutNewline:
                    guard send([UInt8](repeating: 0x41, count: 65536)) else { return }
                case .floodOfLines:
                    guard send(Array(String(repeating: "not ssh, just a line\r\n", count: 2000).utf8)) else { return }
                case .greetingThenSilence:
                    guard send(greeting) else { return }
                    // Read what the client sends, answer nothing, until it goes.
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while recv(client, &buffer, buffer.count, 0) > 0 {}
                    return
                case .greetingThenOneBytePerSecond:
                    guard send(greeting) else { return }
                    while Date() < deadline, !stopped.isRaised {
                        sleep(1)
                        guard send([0x00]) else { return }
                    }
                    return
                }
            }
        }
    }

    /// The outcome of one run: how long it took, the CPU it used, what it printed.
    struct Run {
        let status: Int32
        let output: String
        let seconds: Double
        let cpuSeconds: Double
    }

    /// Runs `sshauth check` against the server with `--timeout`, killing it if it outlives the
    /// limit by far (the old, hanging behaviour), and samples its CPU time from /proc meanwhile.
    private func check(_ server: HostileServer, timeout: Int) throws -> Run {
        let scratch = try TemporaryDirectory()
        let knownHosts = try scratch.write("known_hosts", "")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SSHAuthBinary.path)
        process.arguments = ["check", "-p", String(server.port), "--timeout", String(timeout), "--known-hosts", knownHosts, "user@127.0.0.1"]
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        // check reports on standard output, and a command's failure goes to standard error: keep both.
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        let started = Date()
        try process.run()
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        var cpuTicks = 0
        let limit = started.addingTimeInterval(Double(timeout) + 8)
        while process.isRunning, Date() < limit {
            if let ticks = Self.cpuTicks(of: process.processIdentifier) { cpuTicks = ticks }
            usleep(100_000)
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Run(status: process.terminationStatus, output: output, seconds: seconds, cpuSeconds: Double(cpuTicks) / ticksPerSecond)
    }

    /// User plus system time of a running process, in clock ticks (fields 14 and 15 of /proc/PID/stat).
    private static func cpuTicks(of pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = text.range(of: ") ", options: .backwards) else { return nil }
        let fields = text[afterName.upperBound...].split(separator: " ")
        // Fields after the name start at field 3, so utime (14) and stime (15) are at 11 and 12.
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    private func expectBounded(_ run: Run, timeout: Int, saying words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status != 0, sourceLocation: sourceLocation)
        #expect(run.seconds < Double(timeout) + 2, "took \(run.seconds) s: \(run.output)", sourceLocation: sourceLocation)
        // Waiting is sleeping: a busy loop would burn about a CPU second per second.
        #expect(run.cpuSeconds < max(0.5, run.seconds * 0.25), "used \(run.cpuSeconds) s of CPU in \(run.seconds) s", sourceLocation: sourceLocation)
        #expect(run.output.contains(words), "\(run.output)", sourceLocation: sourceLocation)
    }

    @Test("a flood of bytes without a line break is refused like ssh refuses it")
    func floodWithoutNewline() throws {
        let server = try HostileServer(.floodWithoutNewline)
        let run = try check(server, timeout: 3)
        expectBounded(run, timeout: 3, saying: "a line longer than 8192 bytes")
    }

    @Test("a flood of lines that never greets is refused after 1024 lines")
    func floodOfLines() throws {
        let server = try HostileServer(.floodOfLines)
        let run = try check(server, timeout: 3)
        expectBounded(run, timeout: 3, saying: "more than 1024 lines")
    }

    @Test("a greeting then silence times out in the key exchange, not as a missing greeting")
    func greetingThenSilence() throws {
        let server = try HostileServer(.greetingThenSilence)
        let run = try check(server, timeout: 3)
        expectBounded(run, timeout: 3, saying: "sent its SSH greeting but did not finish the key exchange within the 3 seconds")
        #expect(!run.output.contains("no SSH greeting"), "\(run.output)")
    }

    @Test("one byte a second after the greeting cannot stretch the timeout")
    func oneBytePerSecond() throws {
        let server = try HostileServer(.greetingThenOneBytePerSecond)
        let run = try check(server, timeout: 3)
        expectBounded(run, timeout: 3, saying: "did not finish the key exchange within the 3 seconds")
    }
}
