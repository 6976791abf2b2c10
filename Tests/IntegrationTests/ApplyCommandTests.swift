import Foundation
import TestSupport
import Testing

/// `--save-setup` and `sshauth apply` end to end: a command's set-up saved without touching anything,
/// its plan printed by `apply --dry-run` line for line as the command prints it, and `apply` doing
/// what the command does, against the loopback sshd.
@Suite(.serialized) struct ApplyCommandTests {
    // MARK: install

    @Test("install --save-setup writes the set-up and nothing else; apply --dry-run prints install's plan; apply installs and proves")
    func installSavedAndApplied() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("apply")
            let file = fixture.scratch.file("install.yaml")
            let knownHostsBefore = try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts))
            let before = account.snapshot()

            let saved = try SSHAuthBinary.run(fixture.arguments(key: key.publicPath, ["--save-setup", file]), environment: InstallFixture.environment)
            #expect(saved.status == 0, "\(saved.stderr)")
            #expect(saved.stdout.contains("Saved the set-up to \(file)"), "\(saved.stdout)")
            #expect(saved.stdout.contains("sshauth apply \(file)"), "\(saved.stdout)")
            #expect(account.snapshot() == before, "saving a set-up changes nothing on the target")
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts)) == knownHostsBefore)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains("mechanism: key-pair") && text.contains(key.publicPath), "\(text)")
            let password = try String(contentsOfFile: fixture.sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            #expect(!text.contains(password), "no secret in the set-up file")

            let again = try SSHAuthBinary.run(fixture.arguments(key: key.publicPath, ["--save-setup", file]), environment: InstallFixture.environment)
            #expect(again.status != 0 && again.stderr.contains(file), "an existing set-up file is not replaced: \(again.stderr)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == text)

            let commandPlan = try SSHAuthBinary.run(fixture.arguments(key: key.publicPath, ["--dry-run"]), environment: InstallFixture.environment)
            let applyPlan = try SSHAuthBinary.run(["apply", file, "--dry-run"], environment: InstallFixture.environment)
            #expect(commandPlan.status == 0 && applyPlan.status == 0, "\(commandPlan.stderr) \(applyPlan.stderr)")
            #expect(applyPlan.stdout == commandPlan.stdout)
            #expect(applyPlan.stdout.contains("Plan: "), "\(applyPlan.stdout)")
            #expect(account.snapshot() == before, "a dry run changes nothing")

            let applied = try SSHAuthBinary.run(["apply", file], environment: InstallFixture.environment)
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(applied.stdout.contains("Login proof: ssh logged in with the key."), "\(applied.stdout)")
            #expect(account.authorizedKeysBytes() == key.publicBytes)
            let login = try account.sandbox.proveKeyLogin(identity: key.privatePath)
            #expect(login.status == 0, "\(login.stderr)")
        }
    }

    /// A set-up file for the sandbox written by hand, as a person would.
    static func handWritten(_ fixture: InstallFixture, key: String, login: String = "") -> String {
        """
        # written by hand
        sshauth-setup: 1
        mechanism: key-pair
        target: \(fixture.account.name)@\(fixture.sandbox.host):\(fixture.sandbox.port)
        known-hosts: \(fixture.knownHosts)
        \(login)
        key:
          public-key: \(key)

        """
    }

    @Test("a set-up that asks for the password, run with no terminal: one sentence naming the options, at once, nothing changed; --password-file answers it")
    func missingSecretWithoutTerminal() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("ask")
            let file = fixture.scratch.file("ask.yaml")
            try Self.handWritten(fixture, key: key.publicPath).write(toFile: file, atomically: true, encoding: .utf8)
            let before = account.snapshot()
            let started = Date()
            let run = try SSHAuthBinary.run(["apply", file], environment: InstallFixture.environment)
            #expect(Date().timeIntervalSince(started) < 8, "no hang waiting for a password")
            #expect(run.status != 0)
            #expect(run.stderr.contains("--password-file"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "one sentence: \(run.stderr)")
            #expect(account.snapshot() == before)

            let answered = try SSHAuthBinary.run(["apply", file, "--password-file", fixture.sandbox.passwordFile], environment: InstallFixture.environment)
            #expect(answered.status == 0, "\(answered.stderr)")
            #expect(account.authorizedKeysBytes() == key.publicBytes)
        }
    }

    @Test("a bad set-up file through the binary: FILE:LINE and one sentence, status 1, nothing sent or written",
          arguments: [
              ("unknown key", "colour: blue\n", 9, "colour"),
              ("an inline password", "login:\n  password: hunter2\n", 10, "secret"),
              ("a future version", nil, 2, "newer"),
              ("a path with ~", "key:\n  public-key: ~/.ssh/id_ed25519.pub\n", 8, "~"),
          ] as [(String, String?, Int, String)])
    func badFile(_ name: String, _ extra: String?, _ line: Int, _ phrase: String) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let file = fixture.scratch.file("bad.yaml")
            var text = Self.handWritten(fixture, key: "/nonexistent.pub")
            if let extra {
                // The hand-written key section is replaced when the row brings its own.
                if extra.hasPrefix("key:") { text = String(text[..<text.range(of: "key:\n")!.lowerBound]) }
                text += extra
            } else {
                text = text.replacingOccurrences(of: "sshauth-setup: 1", with: "sshauth-setup: 99")
            }
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let before = account.snapshot()
            let knownHostsBefore = try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts))
            let run = try SSHAuthBinary.run(["apply", file, "--password-file", fixture.sandbox.passwordFile], environment: InstallFixture.environment)
            #expect(run.status == 1, "\(name): \(run.status) \(run.stderr)")
            #expect(run.stderr.hasPrefix("sshauth: \(file):\(line): "), "\(name): \(run.stderr)")
            #expect(run.stderr.contains(phrase), "\(name): \(run.stderr)")
            #expect(!run.stderr.contains("hunter2"))
            #expect(account.snapshot() == before)
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts)) == knownHostsBefore)
        }
    }

    @Test("a set-up with several targets whose key cannot be read is refused before anything is sent (exit 2)")
    func severalTargets() throws {
        let scratch = try TemporaryDirectory()
        let file = scratch.file("many.yaml")
        try """
            sshauth-setup: 1
            mechanism: key-pair
            targets: [a@127.0.0.1, b@127.0.0.1]
            key: {public-key: /nonexistent.pub}

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try SSHAuthBinary.run(["apply", file])
        #expect(run.status == 2)
        #expect(run.stderr.contains("/nonexistent.pub"), "\(run.stderr)")
    }

    // MARK: keygen

    @Test("keygen --save-setup makes no key; apply makes it as keygen would; a second apply refuses to replace it")
    func keygenSavedAndApplied() throws {
        let scratch = try TemporaryDirectory()
        let file = scratch.file("keygen.yaml")
        let keyPath = scratch.file("id_applied")
        let saved = try SSHAuthBinary.run(["keygen", "-t", "ecdsa", "-b", "384", "-C", "applied key", "-f", keyPath, "--no-passphrase", "--save-setup", file])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(!FileManager.default.fileExists(atPath: keyPath), "saving makes no key")
        let commandPlan = try SSHAuthBinary.run(["keygen", "-t", "ecdsa", "-b", "384", "-C", "applied key", "-f", keyPath, "--no-passphrase", "--dry-run"])
        let applyPlan = try SSHAuthBinary.run(["apply", file, "--dry-run"])
        #expect(applyPlan.status == 0, "\(applyPlan.stderr)")
        #expect(applyPlan.stdout == commandPlan.stdout)
        let applied = try SSHAuthBinary.run(["apply", file])
        #expect(applied.status == 0, "\(applied.stderr)")
        let listed = try ExternalTool.run(["ssh-keygen", "-l", "-f", keyPath])
        #expect(listed.status == 0 && listed.stdout.contains("384") && listed.stdout.contains("applied key (ECDSA)"), "\(listed.stdout)")
        let second = try SSHAuthBinary.run(["apply", file])
        #expect(second.status != 0, "an existing key is not replaced")
        #expect(try ExternalTool.run(["ssh-keygen", "-l", "-f", keyPath]).stdout == listed.stdout)
    }
}
