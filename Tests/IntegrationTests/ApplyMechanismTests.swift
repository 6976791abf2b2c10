import AuthSetup
import Foundation
import TestSupport
import Testing
@testable import sshauth
import Wizard
@testable import WizardEffects

/// `--save-setup` (or the wizard's `s`) then `sshauth apply`: the saved file's dry run is the
/// command's dry run (or the wizard's review) line for line, and applying it does what they do.
@Suite(.serialized) struct ApplyMechanismTests {
    @Test("the wizard's key-pair set-up saved on its review: apply --dry-run prints the review's plan; apply installs the key and ssh logs in with it")
    func wizardKeyPair() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let made = try SSHAuthBinary.run(["keygen", "-f", scratch.file("id_ed25519"), "--no-passphrase", "-C", "wizard-apply@test"])
            try #require(made.status == 0, "\(made.stderr)")
            let existing = ExistingKey.list(in: scratch.path)
            try #require(existing.count == 1)
            let environment = WizardEnvironment(sshDirectory: scratch.path, existingKeys: existing, defaultComment: "wizard-apply@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try WizardWorkerTests.Driver(WizardState(size: .minimum, environment: environment), knownHosts: sandbox.knownHosts)
            try driver.press([.enter, .enter] + Array("\(sandbox.user)@\(sandbox.host)").map { .character($0) } + [.tab]
                             + String(sandbox.port).map { .character($0) } + [.enter])
            try driver.press(password.map { .character($0) } + [.enter])
            guard case .review(let review) = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }
            let file = scratch.file("wizard.yaml")
            try driver.press([.character("s")] + [WizardEvent.Key](repeating: .backspace, count: 200) + file.map { .character($0) } + [.enter])
            guard case .review(let saved) = driver.state.screen else { Issue.record("left the review: \(driver.state.screen)"); return }
            try #require(saved.notice == .saved(file))
            let before = account.snapshot()

            // The set-up asks for the password, which a batch run gives as an option.
            let dry = try SSHAuthBinary.run(["apply", file, "--dry-run", "--password-file", sandbox.passwordFile])
            #expect(dry.status == 0, "\(dry.stderr)")
            let printed = dry.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(printed.first == "Plan: \(review.preview.title)", "\(dry.stdout)")
            #expect(Array(printed.dropFirst().prefix(review.preview.lines.count)) == review.preview.lines, "\(dry.stdout)")
            #expect(account.snapshot() == before)

            let applied = try SSHAuthBinary.run(["apply", file, "--password-file", sandbox.passwordFile])
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(account.authorizedKeysBytes() == Array(try Data(contentsOf: URL(fileURLWithPath: existing[0].publicKeyPath))))
            let login = try sandbox.proveKeyLogin(identity: existing[0].privateKeyPath)
            #expect(login.status == 0, "\(login.stderr)")
        }
    }

    @Test("the wizard's applied key pair ends with the one-line install command that repeats it, and that command, run by the shell, finds the key in place")
    func wizardRepeatLine() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let made = try SSHAuthBinary.run(["keygen", "-f", scratch.file("id_ed25519"), "--no-passphrase", "-C", "wizard-repeat@test"])
            try #require(made.status == 0, "\(made.stderr)")
            let existing = ExistingKey.list(in: scratch.path)
            try #require(existing.count == 1)
            let environment = WizardEnvironment(sshDirectory: scratch.path, existingKeys: existing, defaultComment: "wizard-repeat@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try WizardWorkerTests.Driver(WizardState(size: TerminalSize(rows: 43, columns: 132), environment: environment),
                                                      knownHosts: sandbox.knownHosts, commandLine: { SetupCommandLine.words(for: $0) })
            let target: [WizardEvent.Key] = "\(sandbox.user)@\(sandbox.host)".map { .character($0) }
            let port: [WizardEvent.Key] = String(sandbox.port).map { .character($0) }
            try driver.press([.enter, .enter] + target + [.tab] + port + [.enter])
            let typed: [WizardEvent.Key] = password.map { .character($0) }
            try driver.press(typed + [.enter, .enter])
            guard case .installed = driver.state.screen else { Issue.record("not installed: \(driver.state.screen)"); return }
            let command = try #require(driver.state.repeatCommand)
            #expect(command.hasPrefix("sshauth install -i \(existing[0].publicKeyPath) "), "\(command)")
            let shown = render(driver.state).lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            #expect(shown.contains("Repeat with: " + command), "the whole command, wrapped: \(shown)")
            // The typed password is asked again: the batch form gives it as a file.
            let line = ShellQuoting.quote(SSHAuthBinary.path) + String(command.dropFirst("sshauth".count))
                + " --password-file " + ShellQuoting.quote(sandbox.passwordFile)
            let again = try ExternalTool.run(["sh", "-c", line], stdin: [])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("already on line 1"), "\(again.stdout)")
        }
    }

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
            // The set-up's install section holds for a certificate as for a key pair.
            let elsewhere = fixture.scratch.file("elsewhere.yaml")
            var text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(!text.contains("install:"), "\(text)")
            text += "install:\n  target-path: .ssh/other_keys\n"
            try text.write(toFile: elsewhere, atomically: true, encoding: .utf8)
            let elsewherePlan = try SSHAuthBinary.run(["apply", elsewhere, "--dry-run"], environment: environment)
            #expect(elsewherePlan.status == 0, "\(elsewherePlan.stderr)")
            #expect(elsewherePlan.stdout.contains(".ssh/other_keys") && !elsewherePlan.stdout.contains("authorized_keys"), "\(elsewherePlan.stdout)")

            let applied = try SSHAuthBinary.run(["apply", file], environment: environment)
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(applied.stdout.contains("ssh logged in through the agent"), "\(applied.stdout)")
            let publicLine = try String(contentsOfFile: fixture.scratch.file("ring-APPLY-CERT.pub"), encoding: .utf8)
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
        }
    }
}
