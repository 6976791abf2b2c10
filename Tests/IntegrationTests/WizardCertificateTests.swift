import AuthSetup
import Foundation
import TestSupport
import Testing
@testable import WizardEffects
@testable import Wizard

/// Mechanism 4 through the wizard's state machine and worker, against the real sshd and a private
/// ssh-agent: a new certificate in a new ring, installed, loaded into the agent and proved; the dry
/// run that writes nothing; an existing ring opened with a wrong and then the right password.
extension WizardWorkerTests {
    private static let ringPassword = "correct horse"

    private static func type(_ text: String) -> [WizardEvent.Key] { text.map { .character($0) } }

    /// The ring form's suggested path replaced by `ring`, and the ring password typed twice.
    private static func ringKeys(_ ring: String, password: String = ringPassword) -> [WizardEvent.Key] {
        [WizardEvent.Key](repeating: .backspace, count: 200) + type(ring) + [.tab] + type(password) + [.tab] + type(password) + [.enter]
    }

    private func sandboxPassword(_ sandbox: LoopbackSandbox) throws -> String {
        try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
    }

    /// Up to the review of a new certificate labelled WIZ-CERT in the fixture's (new) ring.
    private func reviewNewCertificate(_ driver: Driver, fixture: RingFixture, sandbox: LoopbackSandbox) throws -> ReviewScreen? {
        try driver.press(Self.ringKeys(fixture.ring))
        guard case .certificates(let choice) = driver.state.screen else { Issue.record("no certificate list: \(driver.state.screen)"); return nil }
        #expect(choice.listing.isNew && choice.listing.entries.isEmpty)
        try driver.press([.enter] + Self.type("WIZ-CERT") + [.tab, .tab] + Self.type("Example") + [.tab, .tab] + Self.type("US") + [.enter])
        guard case .target(.certificate, _) = driver.state.screen else { Issue.record("not on the target: \(driver.state.screen)"); return nil }
        try driver.press([.enter])
        try driver.press(Self.type(try sandboxPassword(sandbox)) + [.enter])
        guard case .review(let review) = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return nil }
        return review
    }

    @Test("mechanism 4 applied: a new certificate in a new ring, installed, loaded into a private agent, login proved through it; z/OS artifacts saved; no file holds the private key")
    func certificateApplied() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let started = time(nil) - 1
            let sandbox = account.sandbox
            let fixture = try RingFixture()
            let agent = try PrivateAgent(socket: fixture.scratch.file("agent.sock"))
            defer { agent.stop() }
            let environment = WizardEnvironment(sshDirectory: fixture.scratch.path, existingKeys: [], defaultComment: "cert@test")
            let driver = try Driver(WizardState(size: .minimum, environment: environment, mechanism: .certificate, target: targetForm(sandbox)),
                                    knownHosts: sandbox.knownHosts, agentSocket: agent.socket)
            guard let review = try reviewNewCertificate(driver, fixture: fixture, sandbox: sandbox) else { return }
            let summaries = review.preview.steps.map(\.summary)
            #expect(summaries.first?.hasPrefix("Create the self-signed certificate 'WIZ-CERT'") == true, "\(summaries)")
            #expect(summaries.contains { $0.hasPrefix("Export the certificate's public key") })
            #expect(summaries.contains { $0.contains("Create ~/.ssh/authorized_keys") })
            #expect(summaries.contains { $0.hasPrefix("Load the certificate's private key into the ssh-agent") })
            #expect(summaries.last == "Prove that the key logs in through the ssh-agent with the system ssh client")
            #expect(review.preview.steps.last?.manualCommand?.contains("IdentityAgent=\(agent.socket)") == true)
            #expect(!review.preview.lines.joined().contains(Self.ringPassword), "the ring password is not in the plan")
            #expect(!FileManager.default.fileExists(atPath: fixture.ring), "reviewing wrote no ring")

            try driver.press([.enter])
            guard case .certificateInstalled(let result) = driver.state.screen else { Issue.record("not installed: \(driver.state.screen)"); return }
            #expect(result.agentSocket == agent.socket)
            #expect(fixture.mode(of: fixture.ring) == 0o600)
            let listed = try fixture.sshauth(["ring", "list", "--ring", fixture.ring, "--ring-password-file", fixture.passwordFile])
            #expect(listed.status == 0 && listed.stdout.contains("WIZ-CERT") && listed.stdout.contains("O=Example"), "\(listed.stdout) \(listed.stderr)")
            let publicLine = try String(contentsOfFile: result.publicKeyPath, encoding: .utf8)
            #expect(publicLine.hasSuffix(" WIZ-CERT\n"))
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
            let fingerprint = try ExternalTool.run(["ssh-keygen", "-lf", result.publicKeyPath]).stdout
            #expect(fingerprint.contains(result.fingerprint))

            // The agent holds the key, and ssh logs in through it alone; without it the login fails.
            var withAgent = ProcessInfo.processInfo.environment
            withAgent["SSH_AUTH_SOCK"] = agent.socket
            #expect(try ExternalTool.run(["ssh-add", "-l"], environment: withAgent).stdout.contains(result.fingerprint))
            func login(_ agentOption: String) throws -> ExternalTool.Output {
                var clean = ProcessInfo.processInfo.environment
                clean["SSH_AUTH_SOCK"] = nil
                return try ExternalTool.run(["ssh"] + sandbox.strictSSHOptions + ["-o", "IdentityAgent=\(agentOption)", "-o", "IdentitiesOnly=no",
                                                                                   "-o", "PreferredAuthentications=publickey",
                                                                                   "\(sandbox.user)@\(sandbox.host)", "echo", "wizard-agent-ok"],
                                            environment: clean)
            }
            let through = try login(agent.socket)
            #expect(through.status == 0 && through.stdout == "wizard-agent-ok\n", "\(through.stderr)")
            #expect(try login("none").status != 0)

            // The z/OS artifacts for the same values, saved as new files; a second save replaces nothing.
            try driver.press([.character("z"), .enter])
            guard case .zosArtifacts(let artifacts) = driver.state.screen else { Issue.record("no artifacts: \(driver.state.screen)"); return }
            #expect(artifacts.artifacts.lines.joined(separator: "\n").contains("WITHLABEL('WIZ-CERT')"))
            let directory = fixture.scratch.file("zos")
            let clear = [WizardEvent.Key](repeating: .backspace, count: 200)
            try driver.press([.character("s")] + clear + Self.type(directory) + [.enter])
            guard case .zosArtifacts(let saved) = driver.state.screen else { Issue.record("left the artifacts"); return }
            #expect(saved.notice == .saved("racdcert.jcl, renew.jcl, permits.jcl, cozsftp.txt in \(directory)"))
            let racdcert = try String(contentsOfFile: directory + "/racdcert.jcl", encoding: .utf8)
            #expect(racdcert.contains("RACDCERT ID(CERT) GENCERT") && racdcert.contains("C('US')"), "\(racdcert)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["cozsftp.txt", "permits.jcl", "racdcert.jcl", "renew.jcl"])
            try driver.press([.character("s")] + clear + Self.type(directory) + [.enter])
            guard case .zosArtifacts(let again) = driver.state.screen, case .failed(let sentence)? = again.notice else {
                Issue.record("a second save did not fail: \(driver.state.screen)"); return
            }
            #expect(sentence.contains("already exist"), "\(sentence)")
            #expect(try String(contentsOfFile: directory + "/racdcert.jcl", encoding: .utf8) == racdcert)

            // The private key is in the (encrypted) ring and the agent only.
            let secrets = try fixture.privateKeyNeedles(label: "WIZ-CERT")
            let holders = PrivateKeyScan.files(under: [fixture.scratch.path, account.home, "/tmp"], containingAnyOf: secrets, changedSince: started)
            #expect(holders.isEmpty, "files holding the private key: \(holders)")
        }
    }

    @Test("mechanism 4 in a dry run: the plan reviewed and its set-up saved; no ring, no public key file, no authorized_keys, nothing in the agent")
    func certificateDryRun() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let before = account.snapshot()
            let fixture = try RingFixture()
            let agent = try PrivateAgent(socket: fixture.scratch.file("agent.sock"))
            defer { agent.stop() }
            let localBefore = try FileManager.default.contentsOfDirectory(atPath: fixture.scratch.path).sorted()
            let environment = WizardEnvironment(sshDirectory: fixture.scratch.path, existingKeys: [], defaultComment: "cert@test")
            let driver = try Driver(WizardState(size: .minimum, dryRun: true, environment: environment, mechanism: .certificate, target: targetForm(sandbox)),
                                    knownHosts: sandbox.knownHosts, dryRun: true, agentSocket: agent.socket)
            guard let review = try reviewNewCertificate(driver, fixture: fixture, sandbox: sandbox) else { return }
            #expect(review.preview.steps.first?.summary.hasPrefix("Create the self-signed certificate") == true)
            // The review saves the set-up: the new certificate as answered, no ring password.
            let plan = fixture.scratch.file("certificate.yaml")
            try driver.press([.enter] + [WizardEvent.Key](repeating: .backspace, count: 200) + Self.type(plan) + [.enter])
            guard case .review(let saved) = driver.state.screen else { Issue.record("left the review: \(driver.state.screen)"); return }
            #expect(saved.notice == .saved(plan))
            let text = try String(contentsOfFile: plan, encoding: .utf8)
            #expect(!text.contains(Self.ringPassword))
            let choice = try #require(try SetupFile.load(plan).certificate)
            #expect(choice.ring == fixture.ring && choice.label == "WIZ-CERT" && choice.ringPassword == .ask)
            #expect(choice.new?.organization == "Example" && choice.new?.country == "US" && choice.new?.key == "rsa:2048", "\(text)")
            try FileManager.default.removeItem(atPath: plan)
            #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.scratch.path).sorted() == localBefore, "nothing written here")
            #expect(!FileManager.default.fileExists(atPath: fixture.ring))
            #expect(account.snapshot() == before, "nothing written on the target")
            var withAgent = ProcessInfo.processInfo.environment
            withAgent["SSH_AUTH_SOCK"] = agent.socket
            #expect(try ExternalTool.run(["ssh-add", "-l"], environment: withAgent).status == 1, "the agent holds no key")
        }
    }

    @Test("mechanism 4 with an existing ring: a wrong password fails and names the ring; the right one lists the certificate with its expiry; the plan exports and installs it, creating nothing in the ring")
    func certificateExistingRing() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let fixture = try RingFixture()
            try fixture.create("OLD-CERT", ["--cn", "Old", "--not-after", "2099-12-31"])
            let ringBefore = try Data(contentsOf: URL(fileURLWithPath: fixture.ring))
            let environment = WizardEnvironment(sshDirectory: fixture.scratch.path, existingKeys: [], defaultComment: "cert@test")
            let driver = try Driver(WizardState(size: .minimum, environment: environment, mechanism: .certificate, target: targetForm(sandbox)),
                                    knownHosts: sandbox.knownHosts)
            try driver.press(Self.ringKeys(fixture.ring, password: "not the password"))
            guard case .failure(let sentence) = driver.state.screen else { Issue.record("no failure: \(driver.state.screen)"); return }
            #expect(sentence.contains("does not open \(fixture.ring)"), "\(sentence)")
            // Back on the form, the focus is still on the last field (Again); the password field is the one before it.
            try driver.press([.escape, .backTab] + [WizardEvent.Key](repeating: .backspace, count: 30) + Self.type(Self.ringPassword) + [.enter])
            guard case .certificates(let choice) = driver.state.screen else { Issue.record("no list: \(driver.state.screen)"); return }
            let entry = try #require(choice.listing.entries.first)
            #expect(entry.label == "OLD-CERT" && entry.notAfter == "2099-12-31" && entry.hasPrivateKey)
            guard case .valid = entry.expiry else { Issue.record("not valid: \(entry.expiry)"); return }
            try driver.press([.enter, .enter])
            try driver.press(Self.type(try sandboxPassword(sandbox)) + [.enter])
            guard case .review(let review) = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }
            let summaries = review.preview.steps.map(\.summary)
            #expect(summaries.first?.hasPrefix("Export the certificate's public key") == true, "\(summaries)")
            #expect(!summaries.contains { $0.contains("ssh-agent") }, "no agent given: no agent steps")
            #expect(review.preview.notes.contains { $0.contains("SSH_AUTH_SOCK is not set") && $0.contains("ssh-agent)") })
            try driver.press([.enter])
            guard case .certificateInstalled(let result) = driver.state.screen else { Issue.record("not installed: \(driver.state.screen)"); return }
            #expect(result.agentSocket == nil)
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.ring)) == ringBefore, "the ring is unchanged")
            #expect(account.authorizedKeysBytes() == Array(try String(contentsOfFile: result.publicKeyPath, encoding: .utf8).utf8))
        }
    }
}
