import Foundation
import TestSupport
import Testing

/// `--save-setup` then `sshauth apply` for mechanisms 3 and 4: the saved file's dry run is the
/// command's dry run line for line, and applying it does what the command does.
@Suite(.serialized) struct ApplyMechanismTests {
    @Test("askpass setup --save-setup writes only the set-up; apply --dry-run prints the command's plan; apply stores the password and the wrapper logs in")
    func askpass() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let file = scratch.file("askpass.yaml")
            let options = ["--dir", scratch.file("askpass"), "--name", "sandbox", "--known-hosts", sandbox.knownHosts,
                           "-p", String(sandbox.port), "\(sandbox.user)@\(sandbox.host)"]
            let offset = account.logOffset()
            let saved = try SSHAuthBinary.run(["askpass", "setup", "--password-file", sandbox.passwordFile, "--save-setup", file] + options)
            #expect(saved.status == 0, "\(saved.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.file("askpass")), "saving writes no askpass file")
            #expect(try account.authenticationAttempts(since: offset) == [], "saving sends nothing")

            let commandPlan = try SSHAuthBinary.run(["askpass", "setup", "--dry-run", "--password-file", sandbox.passwordFile] + options)
            let applyPlan = try SSHAuthBinary.run(["apply", file, "--dry-run"])
            #expect(commandPlan.status == 0 && applyPlan.status == 0, "\(commandPlan.stderr) \(applyPlan.stderr)")
            #expect(applyPlan.stdout == commandPlan.stdout)
            #expect(!FileManager.default.fileExists(atPath: scratch.file("askpass")))

            let applied = try SSHAuthBinary.run(["apply", file])
            #expect(applied.status == 0, "\(applied.stderr)")
            let ssh = try ExternalTool.run(["setsid", "-w", scratch.file("askpass/sandbox-ssh"), "echo", "applied"], stdin: [])
            #expect(ssh.status == 0 && ssh.stdout == "applied\n", "\(ssh.stderr)")
        }
    }

    @Test("ring install --save-setup writes only the set-up; apply --dry-run prints the command's plan; apply installs and proves through the agent")
    func ringInstall() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let fixture = try RingFixture()
            try fixture.create("APPLY-CERT", ["--cn", "Apply Me", "--key", "ecdsa:256"])
            let agent = try PrivateAgent(socket: fixture.scratch.file("agent.sock"))
            defer { agent.stop() }
            var environment = ProcessInfo.processInfo.environment
            environment["SSH_AUTH_SOCK"] = agent.socket
            let knownHosts = fixture.scratch.file("known_hosts")
            try FileManager.default.copyItem(atPath: sandbox.knownHosts, toPath: knownHosts)
            let file = fixture.scratch.file("ring.yaml")
            let arguments = ["ring", "install", fixture.ring + ":APPLY-CERT", "--ring-password-file", fixture.passwordFile,
                             "--password-file", sandbox.passwordFile, "--known-hosts", knownHosts, "-p", String(sandbox.port),
                             "\(account.name)@\(sandbox.host)"]
            let before = account.snapshot()
            let saved = try SSHAuthBinary.run(arguments + ["--save-setup", file], environment: environment)
            #expect(saved.status == 0, "\(saved.stderr)")
            #expect(account.snapshot() == before)
            #expect(!FileManager.default.fileExists(atPath: fixture.scratch.file("ring-APPLY-CERT.pub")), "saving exports nothing")

            let commandPlan = try SSHAuthBinary.run(arguments + ["--dry-run"], environment: environment)
            let applyPlan = try SSHAuthBinary.run(["apply", file, "--dry-run"], environment: environment)
            #expect(commandPlan.status == 0 && applyPlan.status == 0, "\(commandPlan.stderr) \(applyPlan.stderr)")
            #expect(applyPlan.stdout == commandPlan.stdout)
            #expect(account.snapshot() == before)

            let applied = try SSHAuthBinary.run(["apply", file], environment: environment)
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(applied.stdout.contains("ssh logged in through the agent"), "\(applied.stdout)")
            let publicLine = try String(contentsOfFile: fixture.scratch.file("ring-APPLY-CERT.pub"), encoding: .utf8)
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
        }
    }
}
