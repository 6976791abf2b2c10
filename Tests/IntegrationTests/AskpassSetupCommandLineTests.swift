import AuthSetup
import Flows
import Foundation
import SSHKeys
@testable import sshauth
import TestSupport
import Testing
@testable import WizardEffects
@testable import Wizard

/// `askpass setup` as a set-up: its options become a `Setup`, and the one-line command it prints
/// gives that set-up back. Run in this process, with no network.
@Suite struct AskpassSetupCommandLineTests {
    private static func setup(_ arguments: [String]) throws -> Setup {
        try AskpassSetupCommand.parse(arguments).setup()
    }

    /// Option sets, each with what its set-up must hold (CWD and HOME stand for the current
    /// directory and the home).
    static let optionSets: [(arguments: [String], check: @Sendable (Setup, String, String) -> Bool)] = [
        (["alice@h"], { setup, _, _ in
            setup == Setup(mechanism: .askpass, targets: [TargetAddress(user: "alice", host: "h")], askpass: Setup.AskpassChoice())
        }),
        (["-p", "2222", "alice@h"], { setup, _, _ in setup.targets == [TargetAddress(user: "alice", host: "h", port: 2222)] }),
        (["-p", "2222", "alice@h:2222"], { setup, _, _ in setup.targets == [TargetAddress(user: "alice", host: "h", port: 2222)] }),
        (["--dir", "relative/dir/", "--name", "job1", "h"], { setup, cwd, _ in
            setup.askpass == Setup.AskpassChoice(directory: cwd + "/relative/dir", name: "job1")
        }),
        (["--dir", "~/askpass", "--standalone-helper", "--force", "h"], { setup, _, home in
            setup.askpass == Setup.AskpassChoice(directory: home + "/askpass", standaloneHelper: true, replace: true)
        }),
        (["--password-file", "pw", "--known-hosts", "kh", "alice@[::1]:2222"], { setup, cwd, _ in
            setup.login == .password(.file(cwd + "/pw")) && setup.knownHostsFile == cwd + "/kh"
                && setup.targets == [TargetAddress(user: "alice", host: "::1", port: 2222)]
        }),
        (["--password-fd", "3", "--host-key", "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", "bob@host.example"], { setup, _, _ in
            setup.login == .password(.descriptor(3)) && setup.unknownHostKey == .pin("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s")
        }),
        (["--accept-new-host-key", "--timeout", "30", "--password-file", "/abs/pw", "--dry-run", "h"], { setup, _, _ in
            setup.unknownHostKey == .acceptNew && setup.timeoutSeconds == 30 && setup.login == .password(.file("/abs/pw"))
        }),
    ]

    @Test("options -> set-up -> the printed command -> options again give the same set-up", arguments: optionSets.indices)
    func roundTrip(_ row: Int) throws {
        let (arguments, check) = Self.optionSets[row]
        let cwd = FileManager.default.currentDirectoryPath
        let home = try UserAccount.current().home
        let first = try Self.setup(arguments)
        #expect(check(first, cwd, home), "\(arguments): \(first)")
        let line = AskpassSetupCommand.commandLine(first)
        #expect(Array(line.prefix(3)) == ["sshauth", "askpass", "setup"])
        let again = try Self.setup(Array(line.dropFirst(3)))
        #expect(again == first, "\(line)")
        #expect(AskpassSetupCommand.commandLine(again) == line)
    }

    @Test("bad input: one sentence naming the option, from the parser or from setup()", arguments: [
        (["-p", "2222", "alice@h:22"], "names port 22 but -p says 2222"),
        (["--dir", "/tmp/with blank", "h"], "has a blank in its name"),
        (["--dir", "~/tab\there", "h"], "has a blank in its name"),
        (["--dir", "/tmp/it's", "h"], "has a quote (') in its name"),
        (["--name", "../escape", "h"], "cannot be a file name"),
        (["--name", "with space's", "h"], "cannot be a file name"),
        (["--identity", "/etc/hostname", "h"], "askpass stores a password"),
        (["--password-file", "a", "--password-fd", "3", "h"], "give one"),
        (["--host-key", "MD5:00:11", "h"], "SHA256 fingerprint"),
        (["--accept-new-host-key", "--host-key", "SHA256:x", "h"], "give one"),
        (["--timeout", "0", "h"], "out of range"),
        (["-p", "70000", "h"], "is not a TCP port"),
        (["bad host"], "bad host"),
        (["-oProxyCommand=x", "h"], "Unknown option"),
        ([], "Missing expected argument"),
    ])
    func badInput(_ arguments: [String], _ sentence: String) {
        do {
            let setup = try Self.setup(arguments)
            Issue.record("\(arguments) gave \(setup)")
        } catch let failure as CommandFailure {
            #expect(failure.sentence.contains(sentence), "\(arguments): \(failure.sentence)")
            #expect(!failure.sentence.contains("\n"), "one sentence: \(failure.sentence)")
        } catch {
            let message = AskpassSetupCommand.message(for: error)
            #expect(message.contains(sentence), "\(arguments): \(message)")
        }
    }

    @Test("the wizard's answers amount to a set-up the command repeats: host key pinned, password asked, defaults unnamed")
    func wizardSetup() throws {
        let scratch = try TemporaryDirectory()
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", scratch.file("host_key")])
        let key = try PublicKeyLine(parsing: String(contentsOfFile: scratch.file("host_key.pub"), encoding: .utf8)).key
        let fingerprint = String(try ExternalTool.run(["ssh-keygen", "-l", "-f", scratch.file("host_key.pub")]).stdout.split(separator: " ")[1])
        let home = try UserAccount.current().home
        let target = Target(user: "alice", host: "files.example", port: 22, knownHostsFiles: [])
        for (form, helper, expected) in [
            (AskpassForm(home: home, host: "files.example"), AskpassRequest.Helper.standalone,
             Setup.AskpassChoice(standaloneHelper: true)),
            (AskpassForm(directory: "~/jobs/", name: "nightly"), .sshauth(binary: "/usr/bin/sshauth"),
             Setup.AskpassChoice(directory: home + "/jobs", name: "nightly")),
        ] {
            let choice = WizardWorker.askpassChoice(form, host: target.host, helper: helper, home: home)
            #expect(choice == expected)
            let setup = WizardWorker.askpassSetup(choice, target: TargetAddress(user: target.user, host: target.host, port: target.port), hostKey: key, knownHostsFile: scratch.file("known_hosts"))
            #expect(setup.unknownHostKey == .pin(fingerprint))
            #expect(setup.login == .password(.ask), "the typed password is never part of a set-up")
            #expect(setup.targets == [TargetAddress(user: "alice", host: "files.example", port: 22)])
            let line = AskpassSetupCommand.commandLine(setup)
            #expect(try Self.setup(Array(line.dropFirst(3))) == setup, "\(line)")
        }
    }
}
