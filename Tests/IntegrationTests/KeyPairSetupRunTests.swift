import AuthSetup
import Foundation
@testable import sshauth
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Key-pair set-ups run: `--save-setup` writes the file and touches nothing else, the saved set-up
/// installs when performed, a set-up that makes its key (the wizard's) makes, installs and proves
/// it, and every success ends with the command line that repeats it.
@Suite(.serialized) struct KeyPairSetupRunTests {
    @Test("install --save-setup writes the set-up and connects to nothing: no known_hosts entry, no connection at all")
    func saveSetupConnectsToNothing() throws {
        let scratch = try TemporaryDirectory()
        let made = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "saved@test", "-f", scratch.file("k")])
        try #require(made.status == 0, "\(made.stderr)")
        let knownHosts = try scratch.write("known_hosts", "")
        let password = try scratch.write("pw", "not-used\n")
        let (listener, port) = try LoopbackListener.open()
        defer { close(listener) }
        let file = scratch.file("install.yaml")
        let saved = try SSHAuthBinary.run(["install", "-i", scratch.file("k.pub"), "--password-file", password, "--known-hosts", knownHosts,
                                           "--accept-new-host-key", "-p", String(port), "--save-setup", file, "nobody@127.0.0.1"])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdout.contains("sshauth apply \(ShellQuoting.quote(file))"), "\(saved.stdout)")
        // Nothing reached the target's port: a connection would wait in the listener's queue.
        _ = fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK)
        #expect(accept(listener, nil, nil) == -1 && errno == EAGAIN, "install --save-setup connected to the target")
        #expect(try scratch.read("known_hosts").isEmpty)
        let setup = try SetupFile.load(file)
        #expect(setup == Setup(mechanism: .keyPair, targets: [TargetAddress(user: "nobody", host: "127.0.0.1", port: port)],
                               knownHostsFile: knownHosts, unknownHostKey: .acceptNew, login: .password(.file(password)),
                               key: .existing(publicKey: scratch.file("k.pub"))))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains("not-used"))

        // An existing set-up file is kept unless --force.
        let again = try SSHAuthBinary.run(["install", "-i", scratch.file("k.pub"), "-p", String(port), "--save-setup", file, "other@127.0.0.1"])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already exists") && again.stderr.contains("--force"), "\(again.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
        let forced = try SSHAuthBinary.run(["install", "-i", scratch.file("k.pub"), "-p", String(port), "--save-setup", file, "--force",
                                            "other@127.0.0.1"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try SetupFile.load(file).targets == [TargetAddress(user: "other", host: "127.0.0.1", port: port)])
    }

    @Test("--save-setup, --force and --passphrase-fd: contradictions, bad places and bad descriptors are refused with one sentence, nothing written", arguments: [
        (["install", "-i", "{}/k.pub", "--force", "nobody@127.0.0.1"], "--force only lets --save-setup replace"),
        (["install", "-i", "{}/k.pub", "--save-setup", "{}/s.yaml", "--dry-run", "nobody@127.0.0.1"], "leave out --dry-run"),
        (["install", "-i", "{}/k.pub", "--save-setup", "{}/s.yaml", "--offline", "nobody@127.0.0.1"], "leave out --offline"),
        (["install", "-i", "{}/missing.pub", "--save-setup", "{}/s.yaml", "nobody@127.0.0.1"], "missing.pub"),
        (["install", "-i", "{}/k.pub", "-p", "2222", "--save-setup", "{}/s.yaml", "nobody@127.0.0.1:22"], "names port 22 but -p says 2222"),
        (["install", "-i", "{}/k.pub", "--save-setup", "{}/open/s.yaml", "nobody@127.0.0.1"], "open"),
        (["keygen", "-f", "{}/id", "--save-setup", "{}/s.yaml", "--dry-run"], "leave out --dry-run"),
        (["keygen", "-t", "ecdsa", "-b", "300", "-f", "{}/id", "--save-setup", "{}/s.yaml"], "not 300"),
        (["keygen", "-f", "{}/id", "--passphrase-fd", "0", "--no-passphrase"], "contradict each other"),
        (["keygen", "-f", "{}/id", "--passphrase-fd", "0", "--passphrase-file", "{}/k"], "two sources for one passphrase"),
        (["keygen", "-f", "{}/id", "--passphrase-fd=-1"], "not a file descriptor"),
        (["keygen", "-f", "{}/id", "--passphrase-fd", "97"], "97"),
    ])
    func badSaveSetup(_ row: (arguments: [String], expected: String)) throws {
        let scratch = try TemporaryDirectory()
        let made = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", scratch.file("k")])
        try #require(made.status == 0)
        try FileManager.default.createDirectory(atPath: scratch.file("open"), withIntermediateDirectories: false)
        try #require(chmod(scratch.file("open"), 0o777) == 0)
        let before = listing(of: scratch.path)
        let result = try SSHAuthBinary.run(row.arguments.map { $0.replacingOccurrences(of: "{}", with: scratch.path) })
        #expect(result.status != 0)
        #expect(result.stderr.contains(row.expected), "\(result.stderr)")
        #expect(result.stderr.hasPrefix("sshauth: ") || result.stderr.hasPrefix("Error: "), "\(result.stderr)")
        #expect(listing(of: scratch.path) == before)
    }

    @Test("the set-up install --save-setup wrote, performed, installs the key and proves it; success ends with 'Repeat with:'")
    func savedSetupPerformed() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("saved")
            let file = fixture.scratch.file("saved.yaml")
            let before = account.snapshot()
            let saved = try SSHAuthBinary.run(fixture.arguments(key: key.publicPath, ["--save-setup", file]), environment: InstallFixture.environment)
            #expect(saved.status == 0, "\(saved.stderr)")
            #expect(account.snapshot() == before, "--save-setup changed the account")
            try InstallCommand.perform(try SetupFile.load(file), mode: SetupRunMode())
            #expect(account.authorizedKeysBytes() == key.publicBytes)
            #expect(try account.sandbox.proveKeyLogin(identity: key.privatePath).status == 0)

            // The binary's success output ends with the line that repeats it; that line runs as it is.
            let result = try fixture.install(key: key.publicPath)
            #expect(result.status == 0, "\(result.stderr)")
            let last = try #require(result.stdout.split(separator: "\n").last.map(String.init))
            let expected = ["sshauth", "install", "-i", key.publicPath, "--password-file", account.sandbox.passwordFile,
                            "--known-hosts", fixture.knownHosts, "\(account.name)@\(account.sandbox.host):\(account.sandbox.port)"]
            #expect(last == "Repeat with: " + expected.map(ShellQuoting.quote).joined(separator: " "))
            let repeated = try ExternalTool.run(["/bin/sh", "-c", ShellQuoting.quote(SSHAuthBinary.path) + " " + last.dropFirst("Repeat with: sshauth ".count)],
                                                environment: InstallFixture.environment)
            #expect(repeated.status == 0, "\(repeated.stderr)")
            #expect(repeated.stdout.contains("was already on line 1"), "\(repeated.stdout)")
            #expect(account.authorizedKeysBytes() == key.publicBytes)
        }
    }

    @Test("a set-up with a target and a new key (the wizard's): the key is made here, installed there, proved; an existing key file stops it first")
    func newKeySetupPerformed() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let path = fixture.scratch.file("made/id_new")
            let setup = Setup(mechanism: .keyPair,
                              targets: [TargetAddress(user: account.name, host: account.sandbox.host, port: account.sandbox.port)],
                              knownHostsFile: fixture.knownHosts, login: .password(.file(account.sandbox.passwordFile)),
                              key: .new(Setup.NewKey(type: "ecdsa", bits: 256, comment: "new@setup", file: path)))
            let before = account.snapshot()
            try InstallCommand.perform(setup, mode: SetupRunMode(dryRun: true))
            #expect(!FileManager.default.fileExists(atPath: fixture.scratch.file("made")), "a dry run made the key")
            #expect(account.snapshot() == before)

            try InstallCommand.perform(setup, mode: SetupRunMode())
            #expect(mode(of: fixture.scratch.file("made")) == 0o700)
            #expect(mode(of: path) == 0o600)
            #expect(mode(of: path + ".pub") == 0o644)
            let publicLine = try String(contentsOfFile: path + ".pub", encoding: .utf8)
            #expect(publicLine.hasPrefix("ecdsa-sha2-nistp256 ") && publicLine.hasSuffix(" new@setup\n"))
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
            #expect(try account.sandbox.proveKeyLogin(identity: path).status == 0)
            let derived = try ExternalTool.run(["ssh-keygen", "-y", "-f", path])
            #expect(derived.stdout == publicLine)

            let installed = account.snapshot()
            do {
                try InstallCommand.perform(setup, mode: SetupRunMode())
                Issue.record("a second run replaced the key")
            } catch {
                #expect(error.sentence.contains("\(path) already exists"), "\(error.sentence)")
            }
            #expect(account.snapshot() == installed)
            #expect(try String(contentsOfFile: path + ".pub", encoding: .utf8) == publicLine)
        }
    }

    @Test("keygen --passphrase-fd 0 takes the first line as the passphrase; ssh-keygen needs it; the repeat line names the descriptor")
    func passphraseFromDescriptor() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("id")
        let made = try SSHAuthBinary.run(["keygen", "-f", path, "--passphrase-fd", "0"], stdin: Array("fd passphrase\nnot this\n".utf8))
        #expect(made.status == 0, "\(made.stderr)")
        #expect(!made.stdout.contains("fd passphrase"))
        #expect(try ExternalTool.run(["ssh-keygen", "-y", "-P", "fd passphrase", "-f", path]).status == 0)
        #expect(try ExternalTool.run(["ssh-keygen", "-y", "-P", "", "-f", path]).status != 0)
        #expect(made.stdout.hasSuffix("Repeat with: sshauth keygen -t ed25519 -f \(ShellQuoting.quote(path)) --passphrase-fd 0\n"), "\(made.stdout)")
    }

    @Test("keygen's success ends with the command line that repeats it")
    func keygenRepeatLine() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("id")
        let made = try SSHAuthBinary.run(["keygen", "-t", "rsa", "-b", "2048", "-C", "a comment", "-f", path, "--no-passphrase"])
        #expect(made.status == 0, "\(made.stderr)")
        let last = made.stdout.split(separator: "\n").last.map(String.init)
        #expect(last == "Repeat with: sshauth keygen -t rsa -b 2048 -C 'a comment' -f \(ShellQuoting.quote(path)) --no-passphrase")
        let saved = try SSHAuthBinary.run(["keygen", "-t", "rsa", "-b", "2048", "-C", "a comment", "-f", path, "--no-passphrase", "--force",
                                           "--save-setup", scratch.file("k.yaml")])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(try SetupFile.load(scratch.file("k.yaml")).key
                == .new(Setup.NewKey(type: "rsa", bits: 2048, comment: "a comment", file: path, passphrase: nil, replace: true)))
    }
}
