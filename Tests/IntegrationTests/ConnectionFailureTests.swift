import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Each way a connection can fail gets its own sentence, a non-zero exit, and nothing written.
@Suite struct ConnectionFailureTests {
    /// A loopback TCP server that accepts and then either sends `greeting` or stays silent.
    final class FakeServer: @unchecked Sendable {
        let port: Int
        private let listener: Int32
        private let thread: Thread


        init(greeting: String?) throws {
            let (fd, port) = try LoopbackListener.open()
            listener = fd
            self.port = port
            thread = Thread {
                while true {
                    let client = accept(fd, nil, nil)
                    if client < 0 { return }
                    if let greeting {
                        _ = greeting.withCString { write(client, $0, strlen($0)) }
                        close(client)
                    }
                    // Silent: keep the connection open until the test ends.
                }
            }
            thread.start()
        }

        deinit {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    private func install(_ target: String, port: Int, _ extra: [String] = []) throws -> ExternalTool.Output {
        let scratch = try TemporaryDirectory()
        let key = scratch.file("k")
        try #require(try SSHAuthBinary.run(["keygen", "-f", key, "--no-passphrase"]).status == 0)
        let password = try scratch.write("pw", "not-used")
        let knownHosts = try scratch.write("known_hosts", "")
        let result = try SSHAuthBinary.run(["install", "-i", key + ".pub", "--password-file", password, "--known-hosts", knownHosts,
                                            "-p", String(port)] + extra + [target])
        #expect(try Data(contentsOf: URL(fileURLWithPath: knownHosts)).isEmpty, "known_hosts was written")
        return result
    }

    @Test("a name that does not resolve")
    func unresolvable() throws {
        let result = try install("user@no-such-host.invalid", port: 22)
        #expect(result.status != 0)
        #expect(result.stderr.contains("could not be resolved"), "\(result.stderr)")
    }

    @Test("a port where nothing listens")
    func refused() throws {
        let result = try install("user@127.0.0.1", port: 1)
        #expect(result.status != 0)
        #expect(result.stderr.contains("refused the connection"), "\(result.stderr)")
    }

    @Test("a server that is not an SSH server")
    func notSSH() throws {
        let server = try FakeServer(greeting: "HTTP/1.1 400 Bad Request\r\n\r\n")
        let result = try install("user@127.0.0.1", port: server.port)
        #expect(result.status != 0)
        #expect(result.stderr.contains("did not answer as an SSH server") || result.stderr.contains("handshake"), "\(result.stderr)")
    }

    @Test("a server that accepts and says nothing times out")
    func silent() throws {
        let server = try FakeServer(greeting: nil)
        let started = Date()
        // Kept alive to the end: a listener closed early resets the connection not yet accepted.
        let result = try withExtendedLifetime(server) { try install("user@127.0.0.1", port: server.port, ["--timeout", "1"]) }
        #expect(result.status != 0)
        #expect(result.stderr.contains("no SSH greeting") || result.stderr.contains("timed out"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 8)
    }
}
