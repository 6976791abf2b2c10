import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real binary's wizard in a real terminal (tmux) against the real sshd.
@Suite(.serialized) struct WizardTerminalTests {
    /// Starts `sshauth wizard --mechanism MECHANISM` for the sandbox, with known_hosts `kh` in the
    /// scratch directory, between two `stty -g` snapshots.
    private func start(_ scratch: TemporaryDirectory, _ sandbox: LoopbackSandbox, mechanism: String = "keypair", dryRun: Bool = false) throws -> TmuxSession {
        let flags = dryRun ? "--dry-run " : ""
        let command = "stty -g > \(scratch.file("before")); \(SSHAuthBinary.path) wizard \(flags)--mechanism \(mechanism) --known-hosts \(scratch.file("kh")) \(sandbox.user)@\(sandbox.host):\(sandbox.port); stty -g > \(scratch.file("after"))"
        return try TmuxSession(command: command)
    }

    /// From the target screen: connect (the host key is known) and type the sandbox password.
    private func logIn(_ session: TmuxSession, _ sandbox: LoopbackSandbox) throws {
        try session.waitFor("the target system")
        try session.send("Enter")
        try session.waitFor("Password")
        try session.send(try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8), literal: true)
        try session.send("Enter")
    }

    /// The terminal settings after the wizard equal those before it.
    private func sttyUnchanged(_ scratch: TemporaryDirectory) throws {
        #expect(try String(contentsOfFile: scratch.file("before"), encoding: .utf8) == String(contentsOfFile: scratch.file("after"), encoding: .utf8))
    }

    /// Key choice "make a new key" -> the form with the file in the scratch directory -> target -> password -> review.
    private func goToReview(_ session: TmuxSession, _ scratch: TemporaryDirectory, _ sandbox: LoopbackSandbox) throws {
        try session.waitFor("Make a new key pair")
        try session.send("Up", "Enter")
        try session.waitFor("a new key")
        try session.send("Tab")
        for _ in 0..<40 { try session.send("BSpace") }
        try session.send(scratch.file("id_ed25519"), literal: true)
        try session.send("Enter")
        try logIn(session, sandbox)
        try session.waitFor("Review:")
    }

    @Test("mechanism 2 end to end: a new Ed25519 key, installed, proved; then ssh -i really logs in")
    func keyPairEndToEnd() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            try FileManager.default.copyItem(atPath: sandbox.knownHosts, toPath: scratch.file("kh"))
            let session = try start(scratch, sandbox, dryRun: false)
            try goToReview(session, scratch, sandbox)
            try session.send("Enter")
            try session.waitFor("Done: key login", seconds: 20)
            try session.send("q")
            let ended = try session.waitFor("[exited]", seconds: 20)
            #expect(ended.contains("[exited] 0"), "the wizard did not end cleanly:\n\(ended)")
            #expect(try sandbox.proveKeyLogin(identity: scratch.file("id_ed25519")).status == 0)
            let publicLine = try String(contentsOfFile: scratch.file("id_ed25519.pub"), encoding: .utf8)
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
            try sttyUnchanged(scratch)
        }
    }

    @Test("mechanism 4 end to end: a new certificate in a new ring, installed, loaded into the agent of SSH_AUTH_SOCK, proved; the z/OS jobs shown")
    func certificateEndToEnd() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            try FileManager.default.copyItem(atPath: sandbox.knownHosts, toPath: scratch.file("kh"))
            let agent = try PrivateAgent(socket: scratch.file("agent.sock"))
            defer { agent.stop() }
            let command = "stty -g > \(scratch.file("before")); \(SSHAuthBinary.path) wizard --mechanism certificate --known-hosts \(scratch.file("kh")) \(sandbox.user)@\(sandbox.host):\(sandbox.port); stty -g > \(scratch.file("after"))"
            let session = try TmuxSession(command: command, environment: ["SSH_AUTH_SOCK": agent.socket])
            try session.waitFor("Ring file")
            for _ in 0..<60 { try session.send("BSpace") }
            try session.send(scratch.file("ring.p12"), literal: true)
            try session.send("Tab")
            try session.send("ring secret", literal: true)
            try session.send("Tab")
            try session.send("ring secret", literal: true)
            try session.send("Enter")
            try session.waitFor("does not exist yet: it is made")
            try session.send("Enter")
            try session.waitFor("Not after")
            try session.send("TERM-CERT", literal: true)
            try session.send("Enter")
            try session.waitFor("the target system")
            try session.send("Enter")
            try session.waitFor("Password")
            try session.send(try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines), literal: true)
            try session.send("Enter")
            let review = try session.waitFor("Review:", seconds: 20)
            #expect(!review.contains("ring secret"))
            try session.send("Enter")
            try session.waitFor("login through the ssh-agent works", seconds: 30)
            try session.send("z")
            try session.waitFor("User ID")
            try session.send("Enter")
            try session.waitFor("RACDCERT")
            try session.send("q")
            let ended = try session.waitFor("[exited]", seconds: 20)
            #expect(ended.contains("[exited] 0"), "the wizard did not end cleanly:\n\(ended)")
            try sttyUnchanged(scratch)
            var clean = ProcessInfo.processInfo.environment
            clean["SSH_AUTH_SOCK"] = nil
            let login = try ExternalTool.run(["ssh"] + sandbox.strictSSHOptions + ["-o", "IdentityAgent=\(agent.socket)", "-o", "PreferredAuthentications=publickey",
                                                                                   "\(sandbox.user)@\(sandbox.host)", "echo", "tmux-agent-ok"], environment: clean)
            #expect(login.status == 0 && login.stdout == "tmux-agent-ok\n", "\(login.stderr)")
            let publicLine = try String(contentsOfFile: scratch.file("ring-TERM-CERT.pub"), encoding: .utf8)
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
        }
    }

    @Test("the same in dry-run mode: the review is the end; nothing written here or there, known_hosts unchanged")
    func keyPairDryRun() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            try FileManager.default.copyItem(atPath: sandbox.knownHosts, toPath: scratch.file("kh"))
            let knownHostsBefore = try Data(contentsOf: URL(fileURLWithPath: scratch.file("kh")))
            let before = account.snapshot()
            let session = try start(scratch, sandbox, dryRun: true)
            try goToReview(session, scratch, sandbox)
            try session.waitFor("Dry run: nothing will be written")
            // Enter offers to save the set-up instead of applying it.
            try session.send("Enter")
            try session.waitFor("Save the set-up to:")
            for _ in 0..<80 { try session.send("BSpace") }
            try session.send(scratch.file("setup.yaml"), literal: true)
            try session.send("Enter")
            try session.waitFor("Set-up saved to")
            try session.send("Escape")
            try session.waitFor("the target system")
            try session.send("Escape", "Escape", "Escape")
            try session.send("q")
            try session.waitFor("[exited] 0")
            #expect(account.snapshot() == before)
            #expect(!FileManager.default.fileExists(atPath: scratch.file("id_ed25519")))
            #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.file("kh"))) == knownHostsBefore)
            let setup = try String(contentsOfFile: scratch.file("setup.yaml"), encoding: .utf8)
            #expect(setup.contains("mechanism: key-pair"), "\(setup)")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            #expect(!setup.contains(password), "the password typed in the wizard is not in the set-up")
        }
    }

    @Test("mechanism 1: the password logs in, the offered methods show, and why it cannot serve batch jobs")
    func passwordMechanism() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            try FileManager.default.copyItem(atPath: sandbox.knownHosts, toPath: scratch.file("kh"))
            let session = try start(scratch, sandbox, mechanism: "password")
            try logIn(session, sandbox)
            let result = try session.waitFor("accepted the password", seconds: 20)
            #expect(result.contains("password"))
            #expect(result.contains("cannot serve batch jobs"))
            try session.send("q")
            let ended = try session.waitFor("[exited]", seconds: 20)
            #expect(ended.contains("[exited] 0"), "\(ended)")
            try sttyUnchanged(scratch)
        }
    }

    @Test("mechanism 3 in the real binary: password, where to keep it, review, apply; the wrapper then runs with no terminal")
    func askpassMechanism() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            try FileManager.default.copyItem(atPath: sandbox.knownHosts, toPath: scratch.file("kh"))
            let session = try start(scratch, sandbox, mechanism: "askpass")
            try logIn(session, sandbox)
            try session.waitFor("where to keep the password", seconds: 20)
            for _ in 0..<60 { try session.send("BSpace") }
            try session.send(scratch.file("askpass"), literal: true)
            try session.send("Tab")
            for _ in 0..<40 { try session.send("BSpace") }
            try session.send("sandbox", literal: true)
            try session.send("Enter")
            try session.waitFor("Host key SHA256:", seconds: 20)
            try session.send("Enter")
            try session.waitFor("Done: unattended password logins", seconds: 30)
            try session.send("z")
            try session.waitFor("the batch variant")
            try session.send("q")
            let ended = try session.waitFor("[exited]", seconds: 20)
            #expect(ended.contains("[exited] 0"), "\(ended)")
            try sttyUnchanged(scratch)
            let helper = try String(contentsOfFile: scratch.file("askpass/sandbox-askpass"), encoding: .utf8)
            #expect(helper.contains("askpass answer"), "the wrappers run this binary as the helper")
            let run = try ExternalTool.run(["setsid", "-w", scratch.file("askpass/sandbox-ssh"), "echo", "ok"], stdin: [])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == "ok\n")
        }
    }

    @Test("F1 opens help for the screen, / searches, Esc comes back; below 80x24 a notice, and the flow carries on after the resize")
    func helpAndResize() throws {
        let scratch = try TemporaryDirectory()
        let session = try TmuxSession(command: "stty -g > \(scratch.file("before")); \(SSHAuthBinary.path) wizard --mechanism keypair; stty -g > \(scratch.file("after"))")
        try session.waitFor("Make a new key pair")
        try session.send("F1")
        try session.waitFor("Help: ")
        try session.send("/")
        try session.send("authorized_keys", literal: true)
        try session.send("Enter")
        try session.waitFor("for \"authorized_keys\":")
        try session.send("Escape")
        try session.waitFor("Make a new key pair")
        try session.resize(columns: 70, rows: 20)
        try session.waitFor("make it larger")
        try session.resize(columns: 80, rows: 24)
        try session.waitFor("Make a new key pair")
        try session.send("q")
        try session.waitFor("[exited] 0")
        try sttyUnchanged(scratch)
    }

    @Test("Ctrl-C or SIGTERM on the review: the terminal is as before, no key file, nothing sent", arguments: ["C-c", "TERM"])
    func interrupted(_ how: String) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            try FileManager.default.copyItem(atPath: sandbox.knownHosts, toPath: scratch.file("kh"))
            let before = account.snapshot()
            let session = try start(scratch, sandbox, dryRun: false)
            try goToReview(session, scratch, sandbox)
            if how == "C-c" {
                try session.send("C-c")
            } else {
                kill(try #require(try session.panePID()), SIGTERM)
            }
            try session.waitFor("[exited]")
            try sttyUnchanged(scratch)
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["after", "before", "kh"])
            #expect(account.snapshot() == before)
        }
    }
}

/// The wizard refusing what it must refuse, in the real terminal.
@Suite(.serialized) struct WizardTerminalRefusalTests {
    @Test("an unknown host key rejected: back to the target, which says it was rejected; nothing recorded, nothing sent")
    func unknownHostKeyRejected() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let knownHosts = try scratch.write("kh", "")
            let offset = account.logOffset()
            let session = try TmuxSession(command: "\(SSHAuthBinary.path) wizard --mechanism password --known-hosts \(knownHosts) \(sandbox.user)@\(sandbox.host):\(sandbox.port)")
            try session.waitFor("the target system")
            try session.send("Enter")
            let screen = try session.waitFor("Unknown host key")
            #expect(screen.contains("SHA256:"))
            #expect(screen.contains("+----[SHA256]-----+"))
            try session.send("r")
            try session.waitFor("You rejected the host key")
            try session.send("Escape")
            try session.waitFor("How will you log in")
            try session.send("q")
            try session.waitFor("[exited] 0")
            #expect(try String(contentsOfFile: knownHosts, encoding: .utf8).isEmpty)
            #expect(try account.authenticationAttempts(since: offset) == [])
        }
    }
}
