import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Each password costs the server exactly one authentication attempt, counted in the real sshd's
/// log; the wizard clears a refused password, and stops after three refusals (account lockout).
@Suite(.serialized) struct PasswordAttemptTests {
    /// Log lines of failed password tries (either method) after `offset` that end in `suffix`
    /// (e.g. `for NAME from 127.0.0.1 port 4711 ssh2`), waiting a moment for sshd to write them.
    private func failures(_ account: SandboxAccount, since offset: UInt64, matching: (String) -> Bool, atLeast: Int) throws -> [String] {
        var lines: [String] = []
        for _ in 0..<30 {
            lines = try account.logSince(offset).split(whereSeparator: \.isNewline).map(String.init).filter { line in
                (line.contains("Failed password for ") || line.contains("Failed keyboard-interactive")) && matching(line)
            }
            if lines.count >= atLeast { break }
            usleep(100_000)
        }
        return lines
    }

    /// A user name no one has, so that only this test's tries are logged for it.
    private func strangerName() -> String { "nobody-\(UInt32.random(in: 100_000...999_999))" }

    @Test("install with a wrong password from a file: one failed attempt, not one per method")
    func installSpendsOneAttempt() throws {
        let account = try SandboxAccount.shared()
        let sandbox = account.sandbox
        let scratch = try TemporaryDirectory()
        let key = scratch.file("k")
        try #require(try SSHAuthBinary.run(["keygen", "-f", key, "--no-passphrase"]).status == 0)
        let password = try scratch.write("pw", "not-the-password\n")
        let stranger = strangerName()
        let offset = account.logOffset()
        let result = try SSHAuthBinary.run(["install", "-i", key + ".pub", "--password-file", password, "--known-hosts", sandbox.knownHosts,
                                            "-p", String(sandbox.port), "\(stranger)@\(sandbox.host)"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("refused the password"), "\(result.stderr)")
        let tries = try failures(account, since: offset, matching: { $0.contains(" \(stranger) ") }, atLeast: 2)
        #expect(tries.count == 1, "\(tries.joined(separator: "\n"))")
    }

    @Test("check at a terminal: three typed passwords, one attempt each, then it stops and says why")
    func typedPasswordsStopAfterThree() throws {
        let account = try SandboxAccount.shared()
        let sandbox = account.sandbox
        let stranger = strangerName()
        let offset = account.logOffset()
        let session = try TmuxSession(command: "\(SSHAuthBinary.path) check --known-hosts \(sandbox.knownHosts) -p \(sandbox.port) \(stranger)@\(sandbox.host)")
        for attempt in 1...3 {
            try session.waitFor("password #\(attempt)") { $0.components(separatedBy: "'s password:").count - 1 == attempt }
            try session.send("wrong-\(attempt)", literal: true)
            try session.send("Enter")
        }
        let ended = try session.waitFor("[exited]", seconds: 30)
        #expect(ended.contains("refused 3 passwords"), "\(ended)")
        let tries = try failures(account, since: offset, matching: { $0.contains(" \(stranger) ") }, atLeast: 4)
        #expect(tries.count == 3, "\(tries.joined(separator: "\n"))")
    }

    /// The wizard's password flow for `target` with known_hosts copied from the sandbox.
    private func wizard(_ scratch: TemporaryDirectory, _ sandbox: LoopbackSandbox, target: String) throws -> TmuxSession {
        try FileManager.default.copyItem(atPath: sandbox.knownHosts, toPath: scratch.file("kh"))
        let session = try TmuxSession(command: "\(SSHAuthBinary.path) wizard --mechanism password --known-hosts \(scratch.file("kh")) \(target)")
        try session.waitFor("the target system")
        try session.send("Enter")
        try session.waitFor("Password")
        return session
    }

    /// Types `password` and Enter, then waits for the answer screen that contains `answer`.
    private func type(_ password: String, _ session: TmuxSession, expecting answer: String) throws {
        try session.send(password, literal: true)
        try session.send("Enter")
        try session.waitFor(answer, seconds: 20)
    }

    @Test("wizard: wrong, wrong, right logs in on one connection with exactly two failed attempts")
    func wrongWrongRight() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let offset = account.logOffset()
            let session = try wizard(scratch, sandbox, target: "\(sandbox.user)@\(sandbox.host):\(sandbox.port)")
            for attempt in 1...2 {
                try type("wrong-\(attempt)", session, expecting: "refused the password")
                try session.send("Enter")
                try session.waitFor("the password screen") { !$0.contains("That did not work") }
            }
            try type(try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8), session, expecting: "accepted the password")
            try session.send("q")
            try session.waitFor("[exited]", seconds: 20)
            // The connection that logged in is the one that took the two wrong passwords.
            let log = try account.logSince(offset)
            let accepted = log.split(whereSeparator: \.isNewline).last { $0.contains("Accepted ") && $0.contains(" for \(sandbox.user) from ") }
            let port = try #require(accepted.flatMap { line in line.range(of: " port ").map { line[$0.upperBound...].prefix { $0.isNumber } } })
            let tries = try failures(account, since: offset, matching: { $0.contains(" for \(sandbox.user) from ") && $0.contains(" port \(port) ") }, atLeast: 2)
            #expect(tries.count == 2, "\(tries.joined(separator: "\n"))")
        }
    }

    @Test("wizard: after three refused passwords it says why and sends no more")
    func threeRefusalsStop() throws {
        let account = try SandboxAccount.shared()
        let sandbox = account.sandbox
        let scratch = try TemporaryDirectory()
        let stranger = strangerName()
        let offset = account.logOffset()
        let session = try wizard(scratch, sandbox, target: "\(stranger)@\(sandbox.host):\(sandbox.port)")
        for attempt in 1...2 {
            try type("wrong-\(attempt)", session, expecting: "refused the password")
            try session.send("Enter")
            try session.waitFor("the password screen") { !$0.contains("That did not work") }
        }
        try type("wrong-3", session, expecting: "refused 3 passwords")
        // Back to the target screen: connecting again asks for a password but sends it nowhere.
        try session.send("Enter")
        try session.waitFor("the target system")
        try session.send("Enter")
        try session.waitFor("Password")
        try type("wrong-4", session, expecting: "refused 3 passwords")
        let tries = try failures(account, since: offset, matching: { $0.contains(" \(stranger) ") }, atLeast: 4)
        #expect(tries.count == 3, "\(tries.joined(separator: "\n"))")
    }
}
