import AuthSetup
import Foundation
import TestSupport
import Testing
@testable import WizardEffects
@testable import Wizard

/// The lines the wizard's review and result screens give to copy, run as printed against the real
/// sshd: the by-hand steps of the plan, the login line, the Host block, the askpass uses, and the
/// command that removes a changed host key's old entry.
@Suite(.serialized) struct WizardByHandTests {
    typealias Driver = WizardWorkerTests.Driver

    /// Runs a printed line with sh, no terminal; a password prompt (before a key is installed) is
    /// answered by sshpass from the sandbox's password file, as a person would type it.
    static func run(_ line: String, sandbox: LoopbackSandbox, password: Bool = false) throws -> ExternalTool.Output {
        // sshpass gives ssh a terminal of its own to prompt on; without it, no terminal at all.
        let shell = ["sh", "-c", line]
        return try ExternalTool.run(password ? ["sshpass", "-f", sandbox.passwordFile, "-P", "assword"] + shell : ["setsid", "-w"] + shell, stdin: [])
    }

    /// ssh to the sandbox with the password, for a line the plan runs on the target.
    static func onTarget(_ line: String, sandbox: LoopbackSandbox) throws -> ExternalTool.Output {
        try ExternalTool.run(["sshpass", "-f", sandbox.passwordFile, "-P", "assword", "ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=yes",
                              "-o", "UserKnownHostsFile=\(sandbox.knownHosts)", "-o", "PreferredAuthentications=password,keyboard-interactive",
                              "-o", "PubkeyAuthentication=no", "-p", String(sandbox.port), "\(sandbox.user)@\(sandbox.host)", line], stdin: [])
    }

    @Test("mechanism 2: every by-hand line of the review, run as printed on a fresh account, installs the key the way the plan would")
    func keyPairByHand() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            try #require(try SSHAuthBinary.run(["keygen", "-f", scratch.file("id_ed25519"), "--no-passphrase", "-C", "byhand@test"]).status == 0)
            let environment = WizardEnvironment(sshDirectory: scratch.path, existingKeys: ExistingKey.list(in: scratch.path), defaultComment: "byhand@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try Driver(WizardState(size: .minimum, environment: environment, mechanism: .keyPair,
                                                target: TargetForm(host: sandbox.host, port: String(sandbox.port), user: sandbox.user)),
                                    knownHosts: sandbox.knownHosts)
            try driver.press([.enter, .enter] + password.map { .character($0) } + [.enter])
            guard case .review(let review) = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }
            let steps = review.preview.steps.filter { $0.manualCommand != nil }
            #expect(steps.contains { $0.manualCommand!.hasPrefix("mkdir -m 700") })
            // Each line as the review prints it: a step on the target runs in the target's shell,
            // every other line (the append, the proof) here.
            let remote = "\(sandbox.user)@\(sandbox.host):"
            for step in steps {
                let line = step.manualCommand!
                let onTarget = step.location.hasPrefix(remote) && !line.hasPrefix("ssh ")
                let output = onTarget ? try Self.onTarget(line, sandbox: sandbox)
                                      : try Self.run(line, sandbox: sandbox, password: line.contains("authorized_keys"))
                #expect(output.status == 0, "\(line): \(output.stderr)")
            }
            let publicLine = try String(contentsOfFile: scratch.file("id_ed25519.pub"), encoding: .utf8)
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8), "the by-hand lines append the key line, nothing else")
            #expect(account.status(of: account.sshDirectory)?.mode == 0o700)
            #expect(try sandbox.proveKeyLogin(identity: scratch.file("id_ed25519")).status == 0)
        }
    }

    @Test("mechanism 2 applied: the login line and the Host block (its name, the known_hosts file given) log in as printed")
    func keyPairResultLines() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let environment = WizardEnvironment(sshDirectory: scratch.path, existingKeys: [], defaultComment: "result@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try Driver(WizardState(size: .minimum, environment: environment, mechanism: .keyPair,
                                                target: TargetForm(host: sandbox.host, port: String(sandbox.port), user: sandbox.user)),
                                    knownHosts: sandbox.knownHosts)
            try driver.press([.enter, .enter, .enter] + password.map { .character($0) } + [.enter])
            guard case .review = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }
            try driver.press([.enter])
            guard case .installed(let result) = driver.state.screen else { Issue.record("not installed: \(driver.state.screen)"); return }
            #expect(result.hostBlock.contains("UserKnownHostsFile \(sandbox.knownHosts)"))
            #expect(result.configName == InstallResult.suggestedName(host: sandbox.host))
            #expect(result.configName != sandbox.host, "an address is not offered as the name")
            let login = try Self.run(result.loginCommand + " -o BatchMode=yes echo login-ok", sandbox: sandbox)
            #expect(login.stdout == "login-ok\n", "\(result.loginCommand): \(login.stderr)")
            let config = try scratch.write("config", result.hostBlock + "\n")
            let named = try Self.run("ssh -F \(config) -o BatchMode=yes \(result.configName) echo block-ok", sandbox: sandbox)
            #expect(named.stdout == "block-ok\n", "\(result.hostBlock): \(named.stderr)")
        }
    }

    @Test("mechanism 3 applied: each use the result screen lists runs as printed with no terminal")
    func askpassResultLines() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let environment = WizardEnvironment(sshDirectory: scratch.file(".ssh"), existingKeys: [], defaultComment: "askpass@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8)
            let driver = try Driver(WizardState(size: .minimum, environment: environment, mechanism: .askpass,
                                                target: TargetForm(host: sandbox.host, port: String(sandbox.port), user: sandbox.user)),
                                    knownHosts: sandbox.knownHosts)
            try driver.press([.enter] + password.map { .character($0) } + [.enter])
            guard case .askpassStore = driver.state.screen else { Issue.record("not on the store screen: \(driver.state.screen)"); return }
            try driver.press([.tab] + Array(repeating: .backspace, count: 40) + "byhand".map { .character($0) } + [.enter, .enter])
            guard case .askpassReady(let result, _, _) = driver.state.screen else { Issue.record("not done: \(driver.state.screen)"); return }
            #expect(result.setupAgainCommand.hasSuffix("-p \(sandbox.port) '\(sandbox.user)@\(sandbox.host)'"), "\(result.setupAgainCommand)")
            for (label, line) in result.usageLines where label != "From crontab" {
                #expect(!line.contains("PORT") && !line.contains("user@host"), "\(label): \(line)")
                let output = try Self.run(line, sandbox: sandbox)
                #expect(output.status == 0, "\(label): \(line): \(output.stderr)")
            }
            // The crontab line's command, after its five time fields, with a batch file of its own.
            let cron = try #require(result.usageLines.first { $0.label == "From crontab" }?.line)
            let batch = try scratch.write("nightly.sftp", "pwd\n")
            let command = cron.split(separator: " ").dropFirst(5).joined(separator: " ").replacing("$HOME/nightly.sftp", with: batch)
            #expect(try Self.run(command, sandbox: sandbox).status == 0, "\(command)")
        }
    }

    @Test("a changed host key: the screen shows the recorded and the presented fingerprint, and its ssh-keygen -R line, run as printed, clears the way")
    func changedHostKey() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            // The sandbox's own entries with every key swapped for another of its kind: a changed key for each type.
            let impostor = scratch.file("impostor")
            let lines = try String(contentsOfFile: sandbox.knownHosts, encoding: .utf8).split(separator: "\n").map { line -> String in
                let words = line.split(separator: " ")
                let type = String(words[1])
                let flag = type == "ssh-ed25519" ? "ed25519" : type == "ssh-rsa" ? "rsa" : "ecdsa"
                _ = try? FileManager.default.removeItem(atPath: impostor)
                _ = try? FileManager.default.removeItem(atPath: impostor + ".pub")
                _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", flag, "-N", "", "-f", impostor])
                let other = try String(contentsOfFile: impostor + ".pub", encoding: .utf8).split(separator: " ")
                return "\(words[0]) \(other[0]) \(other[1])"
            }
            let knownHosts = try scratch.write("known_hosts", lines.joined(separator: "\n") + "\n")
            let recorded = try ExternalTool.run(["ssh-keygen", "-lf", knownHosts]).stdout
            let driver = try Driver(WizardState(size: .minimum, mechanism: .password,
                                                target: TargetForm(host: sandbox.host, port: String(sandbox.port), user: sandbox.user)),
                                    knownHosts: knownHosts)
            try driver.press([.enter])
            guard case .hostKey(_, let check) = driver.state.screen, case .changed = check.verdict else {
                Issue.record("not the changed-key warning: \(driver.state.screen)"); return
            }
            try #require(!check.recordedFingerprints.isEmpty)
            for fingerprint in check.recordedFingerprints { #expect(recorded.contains(fingerprint), "\(fingerprint) not in \(recorded)") }
            #expect(!check.recordedFingerprints.contains(check.fingerprint))
            let screen = render(driver.state).lines.joined(separator: "\n")
            let command = try #require(check.removeOldEntryCommand)
            #expect(command.hasPrefix("ssh-keygen -R '[\(sandbox.host)]:\(sandbox.port)' -f "), "\(command)")
            for text in [command, check.fingerprint] + check.recordedFingerprints { #expect(screen.contains(text), "\(text) not on the screen") }
            try driver.press([.escape])
            #expect(try Self.run(command, sandbox: sandbox).status == 0)
            try driver.press([.enter])
            guard case .hostKey(_, let again) = driver.state.screen else { Issue.record("no host key screen: \(driver.state.screen)"); return }
            #expect(again.verdict == .unknown, "the old entries are gone")
        }
    }

    @Test("a refused connection speaks of the port field, not of -p")
    func refusedInWizardTerms() throws {
        let port = try LoopbackListener.freePort()
        let scratch = try TemporaryDirectory()
        let driver = try Driver(WizardState(size: .minimum, mechanism: .password, target: TargetForm(host: "127.0.0.1", port: String(port), user: "nobody")),
                                knownHosts: try scratch.write("known_hosts", ""))
        try driver.press([.enter])
        guard case .failure(let sentence) = driver.state.screen else { Issue.record("no failure: \(driver.state.screen)"); return }
        #expect(sentence.contains("refused"), "\(sentence)")
        #expect(!sentence.contains("(-p)"), "\(sentence)")
    }
}
