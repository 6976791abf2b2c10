import AuthSetup
import Flows
import Foundation
import SSHKeys
import TestSupport
import Testing

/// Mechanism 3's flow on its own: from a set-up's askpass choice, a target and a host key to the
/// files, their plan and the refusals, on the local disk only.
@Suite struct AskpassPreparationTests {
    /// A host key made by ssh-keygen, with the fingerprint ssh-keygen gives it.
    private func hostKey(_ scratch: TemporaryDirectory) throws -> (key: SSHPublicKey, fingerprint: String) {
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", scratch.file("host_key")])
        let line = try PublicKeyLine(parsing: String(contentsOfFile: scratch.file("host_key.pub"), encoding: .utf8))
        let listed = try ExternalTool.run(["ssh-keygen", "-l", "-f", scratch.file("host_key.pub")]).stdout
        return (line.key, String(listed.split(separator: " ")[1]))
    }

    private let target = Target(user: "alice", host: "Files.Example", port: 2222, knownHostsFiles: [])

    @Test("defaults: the directory under the home, the name from the host; the plan makes the directory, writes six files, then proves")
    func defaults() throws {
        let scratch = try TemporaryDirectory()
        let (key, fingerprint) = try hostKey(scratch)
        let home = scratch.file("home")
        let password = SecretBytes(Array("s3cret-to-keep".utf8))
        let made = try AskpassPreparation.prepare(Setup.AskpassChoice(), target: target, hostKey: key, password: password,
                                                  helper: .standalone, home: home, proofSeconds: 7)
        let directory = home + "/.config/sshauth/askpass"
        #expect(made.request.directory == directory)
        #expect(made.request.name == "Files.Example")
        #expect(made.request.knownHostsLine.hasPrefix("[files.example]:2222 ssh-ed25519 "))
        #expect(made.hostKeyFingerprint == fingerprint)
        #expect(made.targetName == "alice@Files.Example port 2222")
        let changes = made.plan.steps.map(\.change)
        #expect(changes == Array(repeating: .createDirectory, count: 4) + Array(repeating: .writeFile, count: 6) + [.check],
                "home, .config, sshauth and askpass are made; \(made.plan.renderedSteps())")
        #expect(made.plan.steps.last?.summary == "Prove that \(directory)/Files.Example-ssh logs in with no terminal, as cron would run it")
        #expect(made.dryRunText.hasPrefix("Plan: Store the password for alice@Files.Example port 2222"))
        #expect(made.dryRunText.contains("--- \(directory)/Files.Example.password (mode 0600) ---\n\u{2022}\u{2022}\u{2022}\u{2022}\n"))
        #expect(!made.dryRunText.contains("s3cret-to-keep"))
        #expect(!FileManager.default.fileExists(atPath: home), "preparing writes nothing")
    }

    @Test("an earlier set-up with the same name is refused, naming its files; with replace its files are replaced")
    func existingSetUp() throws {
        let scratch = try TemporaryDirectory()
        let (key, _) = try hostKey(scratch)
        try FileManager.default.createDirectory(atPath: scratch.file("askpass"), withIntermediateDirectories: false)
        let wrapper = try scratch.write("askpass/job-ssh", "#!/bin/sh\n", mode: 0o700)
        let choice = Setup.AskpassChoice(directory: scratch.file("askpass"), name: "job")
        #expect(throws: AskpassPreparationError.existingSetUp(name: "job", directory: scratch.file("askpass"), files: [wrapper])) {
            try AskpassPreparation.prepare(choice, target: target, hostKey: key, password: nil, helper: .standalone, home: scratch.path, proofSeconds: 5)
        }
        var replacing = choice
        replacing.replace = true
        let made = try AskpassPreparation.prepare(replacing, target: target, hostKey: key, password: nil, helper: .standalone,
                                                  home: scratch.path, proofSeconds: 5)
        #expect(made.plan.steps.map(\.change) == [.writeFile, .writeFile, .writeFile, .replaceFile, .writeFile, .writeFile, .check])
        #expect(made.request.replace)
    }

    @Test("bad choices: a blank, quote or backslash in the directory (ssh would misread it), a name unfit for a file",
          arguments: [
              (Setup.AskpassChoice(directory: "/tmp/with blank"), "has a blank in its name"),
              (Setup.AskpassChoice(directory: "~/with\ttab"), "has a blank in its name"),
              (Setup.AskpassChoice(directory: "/tmp/it's"), "has a quote (') in its name"),
              (Setup.AskpassChoice(directory: "/tmp/say\"so\""), "has a quote (\") in its name"),
              (Setup.AskpassChoice(directory: "/tmp/a\\\\b"), "has a backslash (\\) in its name"),
              (Setup.AskpassChoice(name: "../escape"), "cannot be a file name"),
              (Setup.AskpassChoice(name: ".hidden"), "cannot be a file name"),
              (Setup.AskpassChoice(name: ""), "cannot be a file name"),
          ])
    func badChoices(_ choice: Setup.AskpassChoice, _ sentence: String) throws {
        let scratch = try TemporaryDirectory()
        let (key, _) = try hostKey(scratch)
        do {
            _ = try AskpassPreparation.prepare(choice, target: target, hostKey: key, password: nil, helper: .standalone,
                                               home: scratch.path, proofSeconds: 5)
            Issue.record("accepted \(choice)")
        } catch {
            #expect(error.description.contains(sentence), "\(error)")
        }
    }

    @Test("a directory given as ~/x or relative becomes absolute; trailing slashes go")
    func directories() throws {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(try AskpassPreparation.directory(Setup.AskpassChoice(directory: "~/jobs/"), home: "/home/a") == "/home/a/jobs")
        #expect(try AskpassPreparation.directory(Setup.AskpassChoice(directory: "jobs"), home: "/home/a") == cwd + "/jobs")
        #expect(try AskpassPreparation.directory(Setup.AskpassChoice(), home: "/home/a") == "/home/a/.config/sshauth/askpass")
    }
}
