import AuthSetup
import Testing
@testable import Wizard

/// What the wizard's screens say and offer to copy: exact commands, free file names, sentences
/// beside the field they are about.
@Suite struct WizardWordsTests {
    static let size = TerminalSize(rows: 24, columns: 80)

    static func changed(port: Int, file: String = "/home/me/.ssh/known_hosts") -> TargetCheck {
        TargetCheck(user: "me", hostName: "Example.ORG", port: port, alias: nil, hostKeyType: "ED25519", fingerprint: "SHA256:new",
                    randomart: "", verdict: .changed(file: file, lines: [2, 5]), methods: ["password"],
                    recordedFingerprints: ["SHA256:old2", "SHA256:old5"])
    }

    @Test("a changed host key: the exact ssh-keygen -R command for the name known_hosts uses ([host]:port beyond 22)", arguments: [
        (22, "/home/me/.ssh/known_hosts", "ssh-keygen -R example.org -f /home/me/.ssh/known_hosts"),
        (2222, "/home/me/.ssh/known_hosts", "ssh-keygen -R '[example.org]:2222' -f /home/me/.ssh/known_hosts"),
        (2222, "/tmp/my hosts", "ssh-keygen -R '[example.org]:2222' -f '/tmp/my hosts'"),
    ])
    func removeOldEntry(port: Int, file: String, command: String) {
        #expect(Self.changed(port: port, file: file).removeOldEntryCommand == command)
        #expect(WizardStateTests.check(.unknown).removeOldEntryCommand == nil)
    }

    @Test("the changed-host-key screen shows the recorded and the new fingerprint and the command, whole at 80 columns")
    func changedScreen() {
        var state = WizardState(size: Self.size, mechanism: .password, target: TargetForm(host: "example.org", user: "me"))
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.targetChecked(Self.changed(port: 2222))))
        let lines = render(state).lines
        #expect(lines.contains { $0.contains("Recorded: SHA256:old2") })
        #expect(lines.contains { $0.contains("Recorded: SHA256:old5") })
        #expect(lines.contains { $0.contains("Now:      SHA256:new") })
        #expect(lines.contains { $0.contains("ssh-keygen -R '[example.org]:2222' -f /home/me/.ssh/known_hosts") })
        #expect(lines.joined(separator: " ").contains("lines 2, 5 of"))
    }

    @Test("the review suggests a set-up file that does not exist yet, nor was saved to in this run")
    func freeSaveName() {
        let environment = WizardEnvironment(sshDirectory: "/home/me/.ssh", existingKeys: WizardStateTests.keys.existingKeys, defaultComment: "me@host",
                                            takenPaths: ["/home/me/sshauth-setup.yaml", "/home/me/sshauth-setup-2.yaml"])
        var state = WizardState(size: Self.size, dryRun: true, environment: environment)
        for key in [WizardEvent.Key.enter, .enter] + "me@example.org".map({ .character($0) }) + [.enter] { _ = state.handle(.key(key)) }
        _ = state.handle(.effectFinished(.targetChecked(WizardStateTests.check(.known))))
        for key in "pw".map({ WizardEvent.Key.character($0) }) + [.enter] { _ = state.handle(.key(key)) }
        _ = state.handle(.effectFinished(.loggedIn))
        _ = state.handle(.effectFinished(.planned(WizardStateTests.preview)))
        _ = state.handle(.key(.character("s")))
        guard case .review(let review) = state.screen else { Issue.record("not on the review: \(state.screen)"); return }
        #expect(review.savePath == "/home/me/sshauth-setup-3.yaml")
        #expect(state.handle(.key(.enter)) == [.saveSetup("/home/me/sshauth-setup-3.yaml")])
        _ = state.handle(.effectFinished(.setupSaved("/home/me/sshauth-setup-3.yaml")))
        _ = state.handle(.key(.character("s")))
        guard case .review(let again) = state.screen else { return }
        #expect(again.savePath == "/home/me/sshauth-setup-4.yaml")
    }

    @Test("the Host block names the target by a name people type, and carries the known_hosts file the wizard used", arguments: [
        ("example.org", "example"), ("build", "build"), ("127.0.0.1", "host-127-0-0-1"), ("::1", "host---1"),
    ])
    func hostBlockName(host: String, name: String) {
        #expect(InstallResult.suggestedName(host: host) == name)
    }

    @Test("the Host block: port beyond 22, UserKnownHostsFile only when a file was given, paths with blanks quoted")
    func hostBlock() {
        #expect(InstallResult.hostBlock(name: "t", host: "10.0.0.1", port: 2222, user: "me", identityFile: "/h/.ssh/id", knownHostsFile: "/h/kh")
                == "Host t\n    HostName 10.0.0.1\n    Port 2222\n    User me\n    IdentityFile /h/.ssh/id\n    IdentitiesOnly yes\n    UserKnownHostsFile /h/kh")
        #expect(InstallResult.hostBlock(name: "t", host: "h", port: 22, user: "me", identityFile: "/my keys/id", knownHostsFile: nil)
                == "Host t\n    HostName h\n    User me\n    IdentityFile \"/my keys/id\"\n    IdentitiesOnly yes")
    }

    @Test("mismatched passwords for a new ring: back on the ring form, the sentence beside the Again field, which is cleared and focused")
    func ringMismatch() {
        var state = WizardState(size: Self.size, mechanism: .certificate)
        for key in [WizardEvent.Key.tab] + "one".map({ .character($0) }) + [.tab] + "two".map({ .character($0) }) + [.enter] {
            _ = state.handle(.key(key))
        }
        guard case .working = state.screen else { Issue.record("not opening: \(state.screen)"); return }
        _ = state.handle(.effectFinished(.ringRefused("Not the same as the password above; type it again.", field: .confirmation)))
        guard case .ring(let form) = state.screen else { Issue.record("not back on the ring form: \(state.screen)"); return }
        #expect(form.focus == .confirmation)
        #expect(form.confirmation.isEmpty)
        #expect(form.password.count == 3)
        let lines = render(state).lines
        guard let row = lines.firstIndex(where: { $0.contains("Again") }) else { Issue.record("no Again field"); return }
        #expect(lines[row + 1].contains("Not the same as the password above; type it again."))
        _ = state.handle(.key(.character("o")))
        guard case .ring(let typing) = state.screen else { return }
        #expect(typing.refusal == nil)
    }

    @Test("help lists the mechanisms in their numbers' order: 1 (password) before 2 (key pair)")
    func helpOrder() {
        #expect(HelpCatalog.topics.map(\.id).prefix(3) == ["overview", "password", "keypair"])
    }
}

extension WizardWordsTests {
    @Test("the key pair result shows every Host block line whole at 80x24, with the repeat commands below", arguments: ScreenSnapshotTests.sizes)
    func wholeHostBlock(size: TerminalSize) throws {
        let (name, state) = try #require(ScreenSnapshotTests.screens(at: size).first { $0.0 == "installed-repeat" })
        guard case .installed(let result) = state.screen else { Issue.record("\(name) is not the result"); return }
        let lines = render(state).lines
        for line in result.hostBlock.split(separator: "\n") {
            #expect(lines.contains { $0.contains(line) }, "missing: \(line)")
        }
        #expect(lines.contains { $0.contains("Repeat with: sshauth install") })
    }
}

extension WizardWordsTests {
    @Test("mechanism 3's z/OS view can be saved: s opens the save field with the jobs as a file of their own; no sentence is cut short")
    func askpassZOSSaved() {
        var state = WizardStateTests.askpassStoring(size: Self.size)
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.planned(WizardStateTests.askpassPreview)))
        _ = state.handle(.key(.enter))
        let variant = ["The jobs below read the password from the dataset 'U.SSHAUTH.PASSWD(T)' instead of a file. For another dataset, make them with:",
                       "  sshauth askpass zos --dsn 'HLQ.PASSWD(MEMBER)' -p 22 me@example.org", "", "//JOB1 JOB", "//STEP EXEC", ""]
        let result = AskpassResult(targetName: "me@example.org", directory: "/d", sshWrapper: "/d/t-ssh", sftpWrapper: "/d/t-sftp",
                                   environmentFile: "/d/t.env", passwordFile: "/d/t.password", zosVariant: variant)
        _ = state.handle(.effectFinished(.askpassReady(result)))
        _ = state.handle(.key(.character("z")))
        #expect(render(state).lines.last?.contains("s save") == true)
        _ = state.handle(.key(.character("s")))
        guard case .zosArtifacts(let screen) = state.screen else { Issue.record("no save: \(state.screen)"); return }
        #expect(screen.savePath == "/home/u/sshauth-zos")
        #expect(screen.artifacts.notes == Array(variant.prefix(2)))
        #expect(state.handle(.key(.enter)) == [.saveArtifacts(directory: "/home/u/sshauth-zos", files: [ArtifactFile(name: "askpass-zos.jcl", text: "//JOB1 JOB\n//STEP EXEC\n")])])
        _ = state.handle(.effectFinished(.artifactsSaved(directory: "/home/u/sshauth-zos", files: ["askpass-zos.jcl"])))
        #expect(render(state).lines.joined().contains("Saved askpass-zos.jcl in /home/u/sshauth-zos."))
        _ = state.handle(.key(.escape))
        guard case .askpassReady(_, showingZOS: true, _) = state.screen else { Issue.record("Esc did not go back to the z/OS view: \(state.screen)"); return }
    }
}

extension WizardWordsTests {
    @Test("Enter on an empty password sends nothing and says why; the next key takes the sentence away")
    func enterOnEmptyPassword() {
        var state = WizardState(size: Self.size, mechanism: .password, target: TargetForm(host: "example.org", user: "me"))
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.targetChecked(WizardStateTests.check(.known))))
        #expect(!render(state).lines.joined().contains("Nothing was sent"))
        #expect(state.handle(.key(.enter)).isEmpty)
        #expect(render(state).lines.joined().contains("Nothing was sent: the field is empty."))
        _ = state.handle(.key(.character("p")))
        #expect(!render(state).lines.joined().contains("Nothing was sent"))
    }
}

extension WizardWordsTests {
    @Test("mechanism 4's result at 80x24, no agent, with the repeat command: the fingerprint, the agent hint and the command all whole", arguments: ScreenSnapshotTests.sizes)
    func certificateResultWhole(size: TerminalSize) {
        let state = CertificateFlowTests.installed(agent: nil, size: size, repeating: true)
        let lines = render(state).lines
        let text = lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(lines.contains { $0.contains("Key SHA256:Fj3sd9XnW1cJq0w8Yk1sLk2b7mQ6uP5tR4eW3qZ2xA0") })
        #expect(text.contains("An agent forgets it when it ends: load it again with 'sshauth ring agent'."), "\(lines.joined(separator: "\n"))")
        #expect(text.contains("then load the key with: sshauth ring agent /home/u/.ssh/sshauth-ring.p12:BATCHKEY"))
        #expect(text.contains("Repeat with: sshauth ring install /home/u/.ssh/sshauth-ring.p12:BATCHKEY --known-hosts /home/u/.ssh/known_hosts.d/example --no-agent me@example.org"))
    }
}
