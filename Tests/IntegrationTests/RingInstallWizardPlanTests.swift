import AuthSetup
import Foundation
import TestSupport
import Testing
@testable import WizardEffects
@testable import Wizard

/// The wizard's mechanism 4 and `sshauth ring install` make their plan in the same flow, so the
/// wizard's review and the command's `--dry-run` show the same plan.
extension WizardWorkerTests {
    @Test("mechanism 4: the wizard's review and 'sshauth ring install --dry-run' show the same plan, step for step and note for note")
    func certificatePlanSameAsCommand() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let fixture = try RingFixture()
            try fixture.create("SAME", ["--cn", "Same Plan", "--key", "ecdsa:256"])
            let agent = try PrivateAgent(socket: fixture.scratch.file("agent.sock"))
            defer { agent.stop() }
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            func type(_ text: String) -> [WizardEvent.Key] { text.map { .character($0) } }

            let environment = WizardEnvironment(sshDirectory: fixture.scratch.path, existingKeys: [], defaultComment: "cert@test")
            let driver = try Driver(WizardState(size: .minimum, dryRun: true, environment: environment, mechanism: .certificate,
                                                target: targetForm(sandbox)),
                                    knownHosts: sandbox.knownHosts, dryRun: true, agentSocket: agent.socket)
            try driver.press([WizardEvent.Key](repeating: .backspace, count: 200) + type(fixture.ring) + [.tab] + type("correct horse")
                             + [.tab] + type("correct horse") + [.enter])
            try driver.press([.enter, .enter])
            try driver.press(type(password) + [.enter])
            guard case .review(let review) = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }

            var commandEnvironment = ProcessInfo.processInfo.environment
            commandEnvironment["SSH_AUTH_SOCK"] = agent.socket
            let printed = try SSHAuthBinary.run(["ring", "install", fixture.ring + ":SAME", "--ring-password-file", fixture.passwordFile,
                                                 "--password-file", sandbox.passwordFile, "--known-hosts", sandbox.knownHosts,
                                                 "-p", String(sandbox.port), "--dry-run", "--json", "\(sandbox.user)@\(sandbox.host)"],
                                                environment: commandEnvironment)
            #expect(printed.status == 0, "\(printed.stderr)")
            let plan = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any], "\(printed.stdout)")
            let steps = try #require(plan["steps"] as? [[String: Any]])
            #expect(plan["title"] as? String == review.preview.title)
            #expect(plan["notes"] as? [String] == review.preview.notes)
            #expect(steps.map { $0["summary"] as? String } == review.preview.steps.map(\.summary))
            #expect(steps.map { $0["manual_command"] as? String } == review.preview.steps.map(\.manualCommand))
            #expect(review.preview.steps.count >= 4, "export, install, load and prove: \(review.preview.steps.map(\.summary))")

            // The review saves the set-up those answers amount to: the command's set-up for the
            // same certificate and target, with the host key the wizard trusted pinned.
            let path = fixture.scratch.file("certificate.yaml")
            try driver.press([.enter] + [WizardEvent.Key](repeating: .backspace, count: 200) + type(path) + [.enter])
            guard case .review(let saved) = driver.state.screen else { Issue.record("left the review: \(driver.state.screen)"); return }
            #expect(saved.notice == .saved(path))
            let setup = try SetupFile.load(path)
            #expect(setup.mechanism == .certificate)
            #expect(setup.targets == [TargetAddress(user: sandbox.user, host: sandbox.host, port: sandbox.port)])
            #expect(setup.certificate == Setup.CertificateChoice(ring: fixture.ring, label: "SAME"))
            #expect(setup.knownHostsFile == sandbox.knownHosts && setup.install.verify && setup.login == .password(.ask))
            guard case .pin(let pinned) = setup.unknownHostKey else { Issue.record("not pinned: \(setup.unknownHostKey)"); return }
            let known = try ExternalTool.run(["ssh-keygen", "-lf", sandbox.knownHosts]).stdout
            #expect(pinned.hasPrefix("SHA256:") && known.contains(" \(pinned) "), "\(pinned) is not in \(known)")
        }
    }
}
