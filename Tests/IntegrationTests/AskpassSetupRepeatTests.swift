import AuthSetup
import Foundation
@testable import sshauth
import TestSupport
import Testing
@testable import WizardEffects
@testable import Wizard

/// `askpass setup` against the sandbox as a set-up that can be run again: the command it prints
/// at the end repeats it.
@Suite(.serialized) struct AskpassSetupRepeatTests {
    @Test("the success output ends with 'Repeat with:' and a command that, run by the shell, does the set-up again")
    func repeatLine() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8)
            let arguments = ["askpass", "setup", "--dir", scratch.file("jobs&(1)"),
                             "--name", "nightly", "--force", "--password-file", sandbox.passwordFile, "--known-hosts", sandbox.knownHosts,
                             "-p", String(sandbox.port), "\(sandbox.user)@\(sandbox.host)"]
            let first = try SSHAuthBinary.run(arguments)
            try #require(first.status == 0, "\(first.stderr)")
            let last = try #require(first.stdout.split(separator: "\n").last.map(String.init))
            let prefix = "Repeat with: "
            try #require(last.hasPrefix(prefix), "\(first.stdout)")
            let line = String(last.dropFirst(prefix.count))
            #expect(line.hasPrefix("sshauth askpass setup "))
            #expect(line.contains("\(sandbox.user)@\(sandbox.host):\(sandbox.port)"), "the -p is in the target: \(line)")
            #expect(!line.contains(password), "no secret, only its file")
            let wrapper = scratch.file("jobs&(1)/nightly-ssh")
            let written = try Data(contentsOf: URL(fileURLWithPath: wrapper))
            // The shell reads the quoting back; sshauth is found on PATH, as a user would run it.
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = URL(fileURLWithPath: SSHAuthBinary.path).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            let again = try ExternalTool.run(["sh", "-c", line], environment: environment)
            #expect(again.status == 0, "\(line): \(again.stderr)")
            #expect(again.stdout.contains("Proof: \(wrapper) true logged in with no terminal."), "\(again.stdout)")
            #expect(again.stdout.hasSuffix(last + "\n"), "the repeat repeats itself: \(again.stdout)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: wrapper)) == written)
        }
    }

    @Test("a directory with a quote, which ssh would misread in the wrappers, is refused before connecting: nothing written, no host key recorded")
    func quoteInDirectory() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let knownHosts = try scratch.write("known_hosts", "")
            let refused = try SSHAuthBinary.run(["askpass", "setup", "--dir", scratch.file("it's"), "--password-file", sandbox.passwordFile,
                                                 "--known-hosts", knownHosts, "--accept-new-host-key", "-p", String(sandbox.port),
                                                 "\(sandbox.user)@\(sandbox.host)"])
            #expect(refused.status != 0)
            #expect(refused.stderr == "sshauth: the directory \(scratch.file("it's")) has a quote (') in its name, which ssh's UserKnownHostsFile option takes as quoting; choose another --dir.\n")
            #expect(refused.stdout.isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["known_hosts"])
            #expect(try String(contentsOfFile: knownHosts, encoding: .utf8).isEmpty, "no connection was made")
        }
    }

    @Test("--save-setup writes the set-up file and nothing else (no connection, no file in the askpass directory); --force replaces it; the saved set-up runs")
    func saveSetup() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let knownHosts = try scratch.write("known_hosts", "")
            let file = scratch.file("nightly.yaml")
            let options = ["--dir", scratch.file("askpass"), "--name", "nightly", "--password-file", sandbox.passwordFile,
                           "--known-hosts", knownHosts, "--accept-new-host-key", "--timeout", "20", "-p", String(sandbox.port),
                           "\(sandbox.user)@\(sandbox.host)"]
            let offset = account.logOffset()
            let saved = try SSHAuthBinary.run(["askpass", "setup", "--save-setup", file] + options)
            #expect(saved.status == 0, "\(saved.stderr)")
            #expect(saved.stdout.hasPrefix("Saved the set-up to \(file); nothing else was changed.\n"), "\(saved.stdout)")
            #expect(saved.stdout.contains("sshauth apply \(file)\n"), "\(saved.stdout)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["known_hosts", "nightly.yaml"])
            #expect(try String(contentsOfFile: knownHosts, encoding: .utf8).isEmpty, "no host key was fetched")
            #expect(!(try account.logSince(offset)).contains("Connection from"), "no connection was made")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(!text.contains(try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8)))
            let loaded = try SetupFile.load(file)
            #expect(loaded == (try AskpassSetupCommand.parse(options).setup()))
            // A second save keeps the first file unless --force.
            let again = try SSHAuthBinary.run(["askpass", "setup", "--save-setup", file, "--standalone-helper"] + options)
            #expect(again.status != 0)
            #expect(again.stderr.contains("already exists"), "\(again.stderr)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
            let forced = try SSHAuthBinary.run(["askpass", "setup", "--save-setup", file, "--force", "--standalone-helper"] + options)
            #expect(forced.status == 0, "\(forced.stderr)")
            let replaced = try SetupFile.load(file)
            #expect(replaced.askpass == Setup.AskpassChoice(directory: scratch.file("askpass"), name: "nightly", standaloneHelper: true, replace: true))
            #expect(!FileManager.default.fileExists(atPath: scratch.file("askpass")))
            // What was saved runs: its command line sets up the wrappers, which log in with no terminal.
            let run = try SSHAuthBinary.run(Array(AskpassSetupCommand.commandLine(replaced).dropFirst()))
            #expect(run.status == 0, "\(run.stderr)")
            let ssh = try ExternalTool.run(["setsid", "-w", scratch.file("askpass/nightly-ssh"), "echo", "ok"], stdin: [])
            #expect(ssh.stdout == "ok\n", "\(ssh.stderr)")
        }
    }

    @Test("--save-setup with --dry-run or --json, or into a directory others can change: one sentence, nothing written")
    func saveSetupRefusals() throws {
        let scratch = try TemporaryDirectory()
        let both = try SSHAuthBinary.run(["askpass", "setup", "--save-setup", scratch.file("s.yaml"), "--dry-run", "alice@h"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("give one of them"), "\(both.stderr)")
        let json = try SSHAuthBinary.run(["askpass", "setup", "--save-setup", scratch.file("s.yaml"), "--json", "alice@h"])
        #expect(json.status != 0)
        #expect(json.stderr.contains("--dry-run and --json have nothing to add"), "\(json.stderr)")
        try FileManager.default.createDirectory(atPath: scratch.file("open"), withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
        let open = try SSHAuthBinary.run(["askpass", "setup", "--save-setup", scratch.file("open/s.yaml"), "alice@h"])
        #expect(open.status != 0)
        #expect(open.stderr.contains(scratch.file("open")), "\(open.stderr)")
        #expect(open.stderr.split(separator: "\n").count == 1, "\(open.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.file("open")).isEmpty)
    }

    @Test("the wizard, given a directory with a quote, says why and writes nothing, as askpass setup does")
    func wizardQuoteInDirectory() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let environment = WizardEnvironment(sshDirectory: scratch.file(".ssh"), existingKeys: [], defaultComment: "askpass@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8)
            let driver = try WizardWorkerTests.Driver(
                WizardState(size: .minimum, dryRun: false, environment: environment, mechanism: .askpass,
                            target: TargetForm(host: sandbox.host, port: String(sandbox.port), user: sandbox.user)),
                knownHosts: sandbox.knownHosts)
            try driver.press([.enter] + password.map { .character($0) } + [.enter])
            guard case .askpassStore = driver.state.screen else { Issue.record("not on the store screen: \(driver.state.screen)"); return }
            let directory = scratch.file("it's")
            try driver.press(Array(repeating: .backspace, count: 200) + directory.map { .character($0) } + [.enter])
            guard case .failure(let sentence) = driver.state.screen else { Issue.record("no failure: \(driver.state.screen)"); return }
            #expect(sentence == "Nothing was written: ssh would take the ' in \(directory) as quoting in the pinned known_hosts path. Go back and choose another directory.")
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
        }
    }

    @Test("the wizard's askpass review saves a set-up (host key pinned, no password) whose command line, with --dry-run, prints the review line for line")
    func wizardSetupDryRun() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let environment = WizardEnvironment(sshDirectory: scratch.file(".ssh"), existingKeys: [], defaultComment: "askpass@test")
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8)
            let driver = try WizardWorkerTests.Driver(
                WizardState(size: .minimum, dryRun: true, environment: environment, mechanism: .askpass,
                            target: TargetForm(host: sandbox.host, port: String(sandbox.port), user: sandbox.user)),
                knownHosts: sandbox.knownHosts, dryRun: true)
            try driver.press([.enter] + password.map { .character($0) } + [.enter])
            guard case .askpassStore = driver.state.screen else { Issue.record("not on the store screen: \(driver.state.screen)"); return }
            let clear = [WizardEvent.Key](repeating: .backspace, count: 200)
            try driver.press(clear + scratch.file("jobs").map { .character($0) } + [.enter])
            guard case .review(let review) = driver.state.screen else { Issue.record("no review: \(driver.state.screen)"); return }
            let file = scratch.file("askpass.yaml")
            try driver.press([.enter] + clear + file.map { .character($0) } + [.enter])
            guard case .review(let saved) = driver.state.screen, saved.notice == .saved(file) else {
                Issue.record("not saved: \(driver.state.screen)"); return
            }
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(!text.contains(password))
            let setup = try SetupFile.load(file)
            #expect(setup.unknownHostKey == .pin(review.preview.fingerprint), "the host key the wizard checked is pinned")
            #expect(setup.login == .password(.ask))
            #expect(setup.askpass == Setup.AskpassChoice(directory: scratch.file("jobs")))
            let line = AskpassSetupCommand.commandLine(setup)
            let command = try SSHAuthBinary.run(Array(line.dropFirst()) + ["--dry-run"])
            try #require(command.status == 0, "\(line): \(command.stderr)")
            let printed = command.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let stepsEnd = try #require(printed.firstIndex(of: "Dry run: nothing was changed."))
            #expect(Array(printed[1..<stepsEnd]) + Array(printed[(stepsEnd + 1)...].dropLast()) == review.preview.lines)
            #expect(!FileManager.default.fileExists(atPath: scratch.file("jobs")))
        }
    }

    @Test("--json: the dry run prints the plan and the set-up its result as one JSON object each, with no password and no progress lines")
    func json() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8)
            let options = ["--dir", scratch.file("askpass"), "--name", "nightly", "--password-file", sandbox.passwordFile,
                           "--known-hosts", sandbox.knownHosts, "--json", "-p", String(sandbox.port), "\(sandbox.user)@\(sandbox.host)"]
            let dry = try SSHAuthBinary.run(["askpass", "setup", "--dry-run"] + options)
            try #require(dry.status == 0, "\(dry.stderr)")
            let plan = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
            let steps = try #require(plan["steps"] as? [[String: Any]])
            #expect(steps.map { $0["change"] as? String } == ["create-directory"] + Array(repeating: "write-file", count: 6) + ["check"])
            #expect(!FileManager.default.fileExists(atPath: scratch.file("askpass")))
            let run = try SSHAuthBinary.run(["askpass", "setup"] + options)
            try #require(run.status == 0, "\(run.stderr)")
            #expect(!run.stdout.contains(password))
            let result = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(result["login_proved"] as? Bool == true)
            #expect(result["ssh_wrapper"] as? String == scratch.file("askpass/nightly-ssh"))
            #expect(result["password_file"] as? String == scratch.file("askpass/nightly.password"))
            #expect((result["repeat_with"] as? String)?.hasPrefix("sshauth askpass setup --dir ") == true, "\(result)")
            let ssh = try ExternalTool.run(["setsid", "-w", scratch.file("askpass/nightly-ssh"), "echo", "ok"], stdin: [])
            #expect(ssh.stdout == "ok\n", "\(ssh.stderr)")
        }
    }
}
