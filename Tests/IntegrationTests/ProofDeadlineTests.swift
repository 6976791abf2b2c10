import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The login proof is part of the operation --timeout bounds: an ssh that never finishes is
/// stopped when the time is up, and install says so.
@Suite(.serialized) struct ProofDeadlineTests {
    @Test("install --timeout 4: a login proof that hangs is stopped within the deadline plus 2 seconds")
    func hangingProofIsStopped() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let key = scratch.file("k")
            try #require(try SSHAuthBinary.run(["keygen", "-f", key, "--no-passphrase"]).status == 0)
            let (seconds, status, text) = try runWithHangingSSH(
                ["install", "-i", key + ".pub", "--password-file", sandbox.passwordFile, "--known-hosts", sandbox.knownHosts,
                 "--timeout", "4", "-p", String(sandbox.port), "\(sandbox.user)@\(sandbox.host)"], scratch: scratch)
            #expect(seconds < 6, "took \(seconds) s: \(text)")
            #expect(status != 0)
            #expect(text.contains("did not finish within the 4 seconds allowed (--timeout)"), "\(text)")
        }
    }

    @Test("askpass setup --timeout 4: a proof run of NAME-ssh that hangs is stopped within the deadline plus 2 seconds")
    func hangingAskpassProofIsStopped() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let (seconds, status, text) = try runWithHangingSSH(
                ["askpass", "setup", "--dir", scratch.file("askpass"), "--name", "sandbox", "--password-file", sandbox.passwordFile,
                 "--known-hosts", sandbox.knownHosts, "--timeout", "4", "-p", String(sandbox.port), "\(sandbox.user)@\(sandbox.host)"],
                scratch: scratch)
            #expect(seconds < 7, "took \(seconds) s: \(text)")
            #expect(status != 0)
            #expect(text.contains("did not finish logging in within the 4 seconds allowed (--timeout)"), "\(text)")
        }
    }

    /// Runs sshauth with an `ssh` first on PATH that sleeps, standing in for a proof that hangs;
    /// gives up after 15 s. Returns the seconds taken, the exit status and the output.
    private func runWithHangingSSH(_ arguments: [String], scratch: TemporaryDirectory) throws -> (Double, Int32, String) {
        _ = try scratch.write("ssh", "#!/bin/sh\nexec sleep 60\n", mode: 0o755)
        let started = Date()
        let (process, output) = try SSHAuthBinary.start(arguments, pathFirst: scratch.path)
        while process.isRunning, Date().timeIntervalSince(started) < 15 { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (seconds, process.terminationStatus, text)
    }
}
