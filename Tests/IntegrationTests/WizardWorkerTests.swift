import AuthSetup
import Dispatch
import Foundation
import Synchronization
import TestSupport
import Testing
@testable import WizardEffects
@testable import Wizard

/// The wizard's state machine and its worker together against the real sshd: the effects the
/// screens ask for really connect, judge host keys, record them (or not, in a dry run) and log in.
@Suite(.serialized) struct WizardWorkerTests {
    /// Runs effects through a worker and feeds the results back into the state, like the terminal loop.
    final class Driver: @unchecked Sendable {
        struct NoResult: Error {}

        /// Where the worker's results wait for the test thread.
        final class Inbox: Sendable {
            let events = Mutex<[WizardEvent]>([])
            let arrived = DispatchSemaphore(value: 0)
        }

        var state: WizardState
        let worker: WizardWorker
        private let inbox = Inbox()

        init(_ state: WizardState, knownHosts: String, dryRun: Bool = false, agentSocket: String? = nil,
             commandLine: @escaping @Sendable (Setup) -> [String]? = { _ in nil }) throws {
            self.state = state
            let inbox = self.inbox
            worker = WizardWorker(account: try UserAccount.current(), dryRun: dryRun, knownHostsFiles: [knownHosts],
                                  askpassHelper: .sshauth(binary: SSHAuthBinary.path), agentSocket: agentSocket, commandLine: commandLine) { event in
                inbox.events.withLock { $0.append(event) }
                inbox.arrived.signal()
            }
        }

        /// Sends keys; performs the effects they cause (and the effects their results cause), waiting
        /// for each result (15 s at most), as the terminal loop does.
        func press(_ keys: [WizardEvent.Key]) throws {
            for key in keys { try perform(state.handle(.key(key))) }
            worker.drain()
        }

        private func perform(_ effects: [WizardEffect]) throws {
            for effect in effects where effect != .quit {
                worker.perform(effect)
                switch effect {
                case .resolveTarget, .logIn, .prepareInstall, .saveSetup, .prepareAskpass, .openRing, .prepareCertificate, .saveArtifacts: try awaitResult()
                case .apply:
                    // Progress arrives step by step until the flow leaves the applying screen.
                    while case .applying = state.screen { try awaitResult() }
                default: break
                }
            }
        }

        /// Enter on the review, then Esc at once: the stop is asked for before the first step ends.
        func applyAndStop() throws {
            try #require(state.handle(.key(.enter)) == [.apply])
            worker.perform(.apply)
            try perform(state.handle(.key(.escape)))
            while case .applying = state.screen { try awaitResult() }
        }

        private func awaitResult() throws {
            // One wake-up may pick up several events, leaving later signals with nothing behind them: wait for an event.
            var events: [WizardEvent] = []
            while events.isEmpty {
                guard inbox.arrived.wait(timeout: .now() + 15) == .success else { throw NoResult() }
                events = inbox.events.withLock { events in defer { events.removeAll() }; return events }
            }
            for event in events { try perform(state.handle(event)) }
        }
    }

    func targetForm(_ sandbox: LoopbackSandbox) -> TargetForm {
        TargetForm(host: sandbox.host, port: String(sandbox.port), user: sandbox.user)
    }

    @Test("mechanism 1: a known host, the password, and the result screen")
    func passwordFlow() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try Driver(WizardState(size: .minimum, mechanism: .password, target: targetForm(sandbox)), knownHosts: sandbox.knownHosts)
            try driver.press([.enter])
            guard case .password(.password, let check, _) = driver.state.screen else {
                Issue.record("not asking for the password: \(driver.state.screen)"); return
            }
            #expect(check.verdict == .known)
            #expect(check.methods.contains("password"))
            try driver.press(password.map { .character($0) } + [.enter])
            guard case .passwordWorks = driver.state.screen else { Issue.record("no result: \(driver.state.screen)"); return }
            #expect(render(driver.state).lines.joined().contains("cannot serve batch jobs"))
        }
    }

    @Test("mechanism 2 up to the review: an existing key or a new one, the plan read from the target, nothing written", arguments: [false, true])
    func keyPairReview(newKey: Bool) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let made = try SSHAuthBinary.run(["keygen", "-f", scratch.file("id_ed25519"), "--no-passphrase", "-C", "review@test"])
            try #require(made.status == 0)
            let existing = ExistingKey.list(in: scratch.path)
            try #require(existing.count == 1)
            let environment = WizardEnvironment(sshDirectory: scratch.path, existingKeys: existing, defaultComment: "review@test",
                                                takenPaths: Set(try FileManager.default.contentsOfDirectory(atPath: scratch.path).map { scratch.file($0) }))
            let before = account.snapshot()
            let localBefore = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try Driver(WizardState(size: .minimum, environment: environment), knownHosts: sandbox.knownHosts)
            // Start (key pair) -> key choice: the existing key, or "make a new one" and the form with its defaults
            // changed to ECDSA (id_ecdsa is free).
            try driver.press([.enter] + (newKey ? [.down, .enter, .right, .enter] : [.enter]))
            guard case .target = driver.state.screen else { Issue.record("not on the target: \(driver.state.screen)"); return }
            try driver.press(Array("\(sandbox.user)@\(sandbox.host)").map { .character($0) } + [.tab]
                             + String(sandbox.port).map { .character($0) } + [.enter])
            try driver.press(password.map { .character($0) } + [.enter])
            guard case .review(let review) = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }
            let preview = review.preview
            let summaries = preview.steps.map(\.summary)
            #expect(summaries.contains { $0.contains("Create ~/.ssh/authorized_keys") }, "\(summaries)")
            #expect(summaries.last == "Prove that the key logs in with the system ssh client")
            #expect(summaries.contains { $0.hasPrefix("Generate a new ECDSA P-256 key pair") } == newKey)
            #expect(preview.steps.contains { $0.manualCommand?.hasPrefix("mkdir -m 700") == true })
            if !newKey { #expect(preview.fingerprint == existing[0].fingerprint) }
            #expect(render(driver.state).lines.joined().contains("Review:"))
            // Reviewing changed nothing, here or there.
            #expect(account.snapshot() == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == localBefore)
            guard !newKey else { return }
            // The command, given the same answers, prints the same plan in its dry run.
            let command = try SSHAuthBinary.run(["install", "--dry-run", "-i", existing[0].publicKeyPath,
                                                 "--password-file", sandbox.passwordFile, "--known-hosts", sandbox.knownHosts,
                                                 "-p", String(sandbox.port), "\(sandbox.user)@\(sandbox.host)"])
            try #require(command.status == 0, "\(command.stderr)")
            let printed = command.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(printed.first == "Plan: \(preview.title)")
            #expect(Array(printed.dropFirst().prefix(preview.lines.count)) == preview.lines)
            #expect(printed.dropFirst(preview.lines.count + 1).first == "Dry run: nothing was changed.")
        }
    }

    @Test("mechanism 2 applied: the new key is written here, installed there, and ssh logs in with it")
    func keyPairApplied() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let environment = WizardEnvironment(sshDirectory: scratch.path, existingKeys: [], defaultComment: "applied@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try Driver(WizardState(size: TerminalSize(rows: 43, columns: 132), environment: environment), knownHosts: sandbox.knownHosts)
            try driver.press([.enter, .enter, .enter] + Array("\(sandbox.user)@\(sandbox.host)").map { .character($0) } + [.tab]
                             + String(sandbox.port).map { .character($0) } + [.enter])
            try driver.press(password.map { .character($0) } + [.enter])
            guard case .review = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }
            try driver.press([.enter])
            guard case .installed(let result) = driver.state.screen else { Issue.record("not installed: \(driver.state.screen)"); return }
            #expect(result.privateKeyPath == scratch.file("id_ed25519"))
            #expect(mode(of: result.privateKeyPath) == 0o600)
            #expect(mode(of: result.publicKeyPath) == 0o644)
            let publicLine = try String(contentsOfFile: result.publicKeyPath, encoding: .utf8)
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
            #expect(try sandbox.proveKeyLogin(identity: result.privateKeyPath).status == 0)
            #expect(result.hostBlock.contains("IdentityFile \(result.privateKeyPath)"))
            #expect(render(driver.state).lines.joined().contains("Done: key login"))
        }
    }

    @Test("mechanism 1, then k: a new key for the same target and login, applied and proved")
    func handOver() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let environment = WizardEnvironment(sshDirectory: scratch.path, existingKeys: [], defaultComment: "handover@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try Driver(WizardState(size: .minimum, environment: environment, mechanism: .password, target: targetForm(sandbox)),
                                    knownHosts: sandbox.knownHosts)
            try driver.press([.enter] + password.map { .character($0) } + [.enter])
            guard case .passwordWorks = driver.state.screen else { Issue.record("no mechanism 1 result: \(driver.state.screen)"); return }
            try driver.press([.character("k"), .enter, .enter])
            guard case .review = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }
            try driver.press([.enter])
            guard case .installed(let result) = driver.state.screen else { Issue.record("not installed: \(driver.state.screen)"); return }
            #expect(try sandbox.proveKeyLogin(identity: result.privateKeyPath).status == 0)
        }
    }

    @Test("a wrong password ends on the failure screen")
    func wrongPassword() throws {
        try SandboxAccount.exclusive { account in
            let driver = try Driver(WizardState(size: .minimum, mechanism: .password, target: targetForm(account.sandbox)),
                                    knownHosts: account.sandbox.knownHosts)
            try driver.press([.enter] + "not-the-password".map { .character($0) } + [.enter])
            guard case .failure(let sentence) = driver.state.screen else { Issue.record("no failure: \(driver.state.screen)"); return }
            #expect(sentence.contains("refused"))
        }
    }

    @Test("an unknown host key is shown; accepting records it, but not in a dry run", arguments: [false, true])
    func unknownHostKey(dryRun: Bool) throws {
        try SandboxAccount.exclusive { account in
            let scratch = try TemporaryDirectory()
            let knownHosts = try scratch.write("known_hosts", "")
            let driver = try Driver(WizardState(size: .minimum, dryRun: dryRun, mechanism: .password, target: targetForm(account.sandbox)),
                                    knownHosts: knownHosts, dryRun: dryRun)
            try driver.press([.enter])
            guard case .hostKey(_, let check) = driver.state.screen else { Issue.record("no host key screen: \(driver.state.screen)"); return }
            #expect(check.verdict == .unknown)
            let listed = try ExternalTool.run(["ssh-keygen", "-lf", account.sandbox.knownHosts]).stdout
            #expect(listed.contains(check.fingerprint))
            #expect(check.randomart.hasPrefix("+--"))
            try driver.press([.character("a")])
            let recorded = try String(contentsOfFile: knownHosts, encoding: .utf8)
            #expect(recorded.isEmpty == dryRun, "dry run \(dryRun): \(recorded)")
            guard case .password = driver.state.screen else { Issue.record("not on the password screen"); return }
        }
    }

    @Test("a known_hosts that cannot be read whole (a pipe, or a revocation in a file past the size cap) stops the wizard before connecting",
          arguments: ["fifo", "too large"])
    func unreadableKnownHosts(kind: String) throws {
        try SandboxAccount.exclusive { account in
            let scratch = try TemporaryDirectory()
            let knownHosts = scratch.file("known_hosts")
            if kind == "fifo" {
                try #require(mkfifo(knownHosts, 0o600) == 0)
            } else {
                // The sandbox's keys, revoked, then zeros up to just past the 64 MiB cap: skipping the
                // file would have shown the key as merely unknown.
                let revoked = try String(contentsOfFile: account.sandbox.knownHosts, encoding: .utf8)
                    .split(separator: "\n").map { "@revoked " + $0 }.joined(separator: "\n") + "\n"
                _ = try scratch.write("known_hosts", revoked)
                try #require(truncate(knownHosts, off_t(64 << 20) + 4096) == 0)
            }
            let driver = try Driver(WizardState(size: .minimum, mechanism: .password, target: targetForm(account.sandbox)),
                                    knownHosts: knownHosts)
            try driver.press([.enter])
            guard case .failure(let sentence) = driver.state.screen else { Issue.record("not refused: \(driver.state.screen)"); return }
            #expect(sentence.contains("Cannot judge the host key") && sentence.contains("Nothing was sent"), "\(sentence)")
        }
    }

    @Test("Esc while applying: the step under way finishes, no further one starts, and the failure says what was and was not done")
    func stopBetweenSteps() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let before = account.snapshot()
            let scratch = try TemporaryDirectory()
            let environment = WizardEnvironment(sshDirectory: scratch.path, existingKeys: [], defaultComment: "stopped@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try Driver(WizardState(size: .minimum, environment: environment, mechanism: .password, target: targetForm(sandbox)),
                                    knownHosts: sandbox.knownHosts)
            try driver.press([.enter] + password.map { .character($0) } + [.enter, .character("k"), .enter, .enter])
            guard case .review(let review) = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }
            try driver.applyAndStop()
            guard case .failure(let sentence) = driver.state.screen else { Issue.record("not stopped: \(driver.state.screen)"); return }
            // Esc lands while some step runs (which one depends on timing); that step finishes and no later one starts.
            let steps = review.preview.steps.map(\.summary)
            let number = try #require(Int(sentence.dropFirst("Stopped at your request before step ".count).prefix { $0.isNumber }),
                                      "\(sentence)")
            try #require((2...steps.count).contains(number))
            #expect(sentence.contains("Done: \(steps[..<(number - 1)].joined(separator: "; "))."))
            #expect(sentence.hasSuffix("Not done: \(steps[(number - 1)...].joined(separator: "; "))."))
            let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
            let written = steps[..<(number - 1)].filter { $0.hasPrefix("Write the") }.count
            #expect(files == Array(["id_ed25519", "id_ed25519.pub"].prefix(written)), "each file whole or absent")
            if written > 0 {
                #expect(mode(of: scratch.file("id_ed25519")) == 0o600)
                #expect(try ExternalTool.run(["ssh-keygen", "-y", "-P", "", "-f", scratch.file("id_ed25519")]).status == 0)
            }
            if !steps[..<(number - 1)].contains(where: { $0.contains("~/.ssh") }) {
                #expect(account.snapshot() == before, "nothing on the target before its first step")
            }
        }
    }

    @Test("a dry run saves the plan to a new file, exactly as --dry-run prints it; an existing file is never replaced")
    func savePlan() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let environment = WizardEnvironment(sshDirectory: scratch.path, existingKeys: [], defaultComment: "saved@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try Driver(WizardState(size: .minimum, dryRun: true, environment: environment, mechanism: .password, target: targetForm(sandbox)),
                                    knownHosts: sandbox.knownHosts, dryRun: true)
            try driver.press([.enter] + password.map { .character($0) } + [.enter, .character("k"), .enter, .enter])
            guard case .review = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }
            let path = scratch.file("plan.txt")
            let clear = [WizardEvent.Key](repeating: .backspace, count: 200)
            try driver.press([.enter] + clear + path.map { .character($0) } + [.enter])
            guard case .review(let saved) = driver.state.screen else { Issue.record("left the review: \(driver.state.screen)"); return }
            #expect(saved.notice == .saved(path))
            // The set-up the answers amount to: the new key's form, the target, the known_hosts; the typed password is not in it.
            let expected = try String(contentsOfFile: path, encoding: .utf8)
            #expect(try SetupFile.load(path) == Setup(mechanism: .keyPair,
                                                      targets: [TargetAddress(user: sandbox.user, host: sandbox.host, port: sandbox.port)],
                                                      knownHostsFile: sandbox.knownHosts,
                                                      key: .new(Setup.NewKey(type: "ed25519", comment: "saved@test", file: scratch.file("id_ed25519")))))
            #expect(!expected.contains(password))
            #expect(mode(of: path) == 0o644)
            try driver.press([.character("s")] + clear + path.map { .character($0) } + [.enter])
            guard case .review(let again) = driver.state.screen, case .failed(let sentence)? = again.notice else {
                Issue.record("a second save did not fail: \(driver.state.screen)"); return
            }
            #expect(sentence.contains("exists"), "\(sentence)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["plan.txt"], "nothing but the plan was written")
        }
    }

    @Test("mechanism 3: the password, where to store it, the files for review (as askpass setup --dry-run shows them), applied and proved", arguments: [false, true])
    func askpass(dryRun: Bool) throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let environment = WizardEnvironment(sshDirectory: scratch.file(".ssh"), existingKeys: [], defaultComment: "askpass@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8)
            let driver = try Driver(WizardState(size: .minimum, dryRun: dryRun, environment: environment, mechanism: .askpass, target: targetForm(sandbox)),
                                    knownHosts: sandbox.knownHosts, dryRun: dryRun)
            try driver.press([.enter] + password.map { .character($0) } + [.enter])
            guard case .askpassStore(let form) = driver.state.screen else { Issue.record("not on the store screen: \(driver.state.screen)"); return }
            #expect(form.directory == scratch.file(".config/sshauth/askpass"))
            try driver.press([.tab] + Array(repeating: .backspace, count: 40) + "sandbox".map { .character($0) } + [.enter])
            guard case .review(let review) = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }
            #expect(!review.preview.lines.joined().contains(password))
            #expect(!FileManager.default.fileExists(atPath: scratch.file(".config")), "reviewing writes nothing")
            // The command shows the same plan and files for the same answers.
            let command = try SSHAuthBinary.run(["askpass", "setup", "--dry-run", "--dir", form.directory, "--name", "sandbox",
                                                 "--known-hosts", sandbox.knownHosts, "-p", String(sandbox.port), "\(sandbox.user)@\(sandbox.host)"])
            try #require(command.status == 0, "\(command.stderr)")
            let printed = command.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let stepsEnd = try #require(printed.firstIndex(of: "Dry run: nothing was changed."))
            #expect(Array(printed[1..<stepsEnd]) + Array(printed[(stepsEnd + 1)...].dropLast()) == review.preview.lines)
            try driver.press([.enter])
            if dryRun {
                guard case .review(let saving) = driver.state.screen, saving.savePath != nil else { Issue.record("a dry run applied: \(driver.state.screen)"); return }
                #expect(!FileManager.default.fileExists(atPath: scratch.file(".config")))
                return
            }
            guard case .askpassReady(let result, _, _) = driver.state.screen else { Issue.record("not done: \(driver.state.screen)"); return }
            #expect(result.zosVariant.contains { $0.contains("SSH_ASKPASS_REQUIRE") }, "\(result.zosVariant.prefix(5))")
            let run = try ExternalTool.run(["setsid", "-w", result.sshWrapper, "echo", "ok"], stdin: [])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == "ok\n")
            #expect(try String(contentsOfFile: result.passwordFile, encoding: .utf8) == password)
            #expect(mode(of: result.passwordFile) == 0o600)
        }
    }
}
