import Foundation
import TestSupport
import Testing

/// What `install` and `check` say about the target must be true of the real sshd: no advice to move
/// a home, `/`, `~/.ssh` or a device, "may" where the server's rule is unknown, nothing that the
/// login proof of the same run contradicts, and a plan that cannot complete is refused whole.
@Suite(.serialized) struct TrueDiagnosisTests {
    private func check(_ fixture: InstallFixture, key: String) throws -> ExternalTool.Output {
        try SSHAuthBinary.run(["check", "--password-file", fixture.sandbox.passwordFile, "--known-hosts", fixture.knownHosts,
                               "-p", String(fixture.sandbox.port), "-i", key, "\(fixture.account.name)@\(fixture.sandbox.host)"],
                              environment: InstallFixture.environment)
    }

    /// No line of the report says the same thing twice.
    private func expectNoRepeats(_ report: String) {
        let bodies = report.split(separator: "\n").map { $0.split(separator: ":", maxSplits: 1).last.map(String.init) ?? "" }
        #expect(Set(bodies).count == bodies.count, "\(report)")
    }

    @Test("--target-path '', ., /, /dev/zero and .ssh are refused as not a file, with no mv, and nothing changes",
          arguments: ["", ".", "/", "/dev/zero", ".ssh"])
    func targetPathMustBeAFile(_ path: String) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("path")
            try account.writeAuthorizedKeys(bytes: try fixture.publicOnlyKey("other").publicBytes)
            let before = account.snapshot()
            let result = try fixture.install(key: key.publicPath, ["--target-path", path])
            #expect(result.status != 0)
            #expect(result.stderr.hasPrefix("sshauth: --target-path"), "\(result.stderr)")
            #expect(result.stderr.contains("such as .ssh/authorized_keys"), "\(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains("mv "), "\(result.stdout)\(result.stderr)")
            #expect(account.snapshot() == before)
        }
    }

    @Test("a group-writable home (0775), which Debian's sshd accepts: install says 'may', check notes it; neither says the keys are ignored")
    func groupWritableHome() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            defer { try? account.chmod(account.home, 0o755) }
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("group")
            try account.chmod(account.home, 0o775)
            let installed = try fixture.install(key: key.publicPath)
            #expect(installed.status == 0, "\(installed.stderr)")
            #expect(installed.stdout.contains("Login proof: ssh logged in with the key."), "\(installed.stdout)")
            #expect(installed.stdout.contains("so sshd may ignore the keys below it"), "\(installed.stdout)")
            #expect(!installed.stdout.contains("so sshd ignores"), "\(installed.stdout)")

            let checked = try check(fixture, key: key.publicPath)
            #expect(checked.status == 0, "\(checked.stdout)")
            #expect(checked.stdout.contains("ok       login: ssh logs in"), "\(checked.stdout)")
            #expect(!checked.stdout.contains("PROBLEM"), "\(checked.stdout)")
            #expect(!checked.stdout.contains("ignore"), "\(checked.stdout)")
            #expect(checked.stdout.contains("note     ~: \(account.home) is 0775: its group can write to it, which this sshd tolerates"), "\(checked.stdout)")
            #expect(account.status(of: account.home)?.mode == 0o775)
        }
    }

    @Test("a symlinked authorized_keys: sshd follows it, check finds the key through it (no 'not in' beside 'ok login', no repeats), install adds nothing")
    func symlinkedAuthorizedKeys() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("linked")
            let real = account.sshDirectory + "/real_keys"
            try account.writeAuthorizedKeys(bytes: key.publicBytes, at: real, dirMode: 0o700, fileMode: 0o600, owner: nil)
            try #require(symlink("real_keys", account.authorizedKeys) == 0)
            try account.chown(account.authorizedKeys, uid: account.uid, gid: account.gid)
            let before = account.snapshot()

            let checked = try check(fixture, key: key.publicPath)
            #expect(checked.status == 0, "\(checked.stdout)")
            #expect(checked.stdout.contains("ok       login: ssh logs in"), "\(checked.stdout)")
            #expect(checked.stdout.contains("ok       key: "), "\(checked.stdout)")
            #expect(!checked.stdout.contains("is not in"), "\(checked.stdout)")
            #expect(checked.stdout.contains("which sshd follows"), "\(checked.stdout)")
            #expect(!checked.stdout.contains("ignore"), "\(checked.stdout)")
            expectNoRepeats(checked.stdout)

            let again = try fixture.install(key: key.publicPath)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("already on line 1"), "\(again.stdout)")
            #expect(account.snapshot() == before)

            // A key that is not there yet is not written through the link, and the reason given is true.
            let other = try fixture.sshauthKey("not-linked")
            let refused = try fixture.install(key: other.publicPath)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("which sshd follows"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("ignore"), "\(refused.stderr)")
            #expect(account.snapshot() == before)
        }
    }

    @Test("the key already present with an option that refuses this client: install names the option and changes nothing; check names it",
          arguments: ["from=\"10.9.9.9\"", "expiry-time=\"20000101\"", "command=\"/bin/false\""])
    func presentKeyWithBlockingOption(_ option: String) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("from")
            try account.writeAuthorizedKeys(bytes: Array("\(option) ".utf8) + key.publicBytes, dirMode: 0o755, fileMode: 0o644)
            let before = account.snapshot()

            let result = try fixture.install(key: key.publicPath)
            #expect(result.status != 0)
            #expect(result.stderr.contains("already on line 1 of ~/.ssh/authorized_keys"), "\(result.stderr)")
            #expect(result.stderr.contains("options that refuse this client: \(option)"), "\(result.stderr)")
            #expect(!result.stdout.contains("done:"), "\(result.stdout)")
            #expect(!result.stderr.contains("was installed"), "\(result.stderr)")
            #expect(account.snapshot() == before, "nothing may change, not even the modes")

            let checked = try check(fixture, key: key.publicPath)
            #expect(checked.status != 0)
            #expect(checked.stdout.contains("PROBLEM  key: "), "\(checked.stdout)")
            #expect(checked.stdout.contains("with \(option)"), "\(checked.stdout)")
            expectNoRepeats(checked.stdout)
        }
    }

    @Test("~/.ssh a symlink to a root-owned 0777 directory: refused whole before any write, with the administrator's command")
    func sshDirectoryLinkedToRootOwnedDirectory() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let shared = fixture.scratch.file("shared")
            try #require(mkdir(shared, 0o777) == 0 && chmod(shared, 0o777) == 0)
            // The scratch directory is private to root; the account must be able to reach the link's target.
            try #require(chmod(fixture.scratch.path, 0o755) == 0)
            try #require(symlink(shared, account.sshDirectory) == 0)
            try account.chown(account.sshDirectory, uid: account.uid, gid: account.gid)
            defer { try? account.resetSSHDirectory() }
            let key = try fixture.sshauthKey("linked-ssh")
            let before = account.snapshot()

            let result = try fixture.install(key: key.publicPath)
            #expect(result.status != 0)
            #expect(result.stderr.contains("nothing was changed"), "\(result.stderr)")
            #expect(result.stderr.contains("an administrator must run: chmod g-w,o-w \(account.sshDirectory)"), "\(result.stderr)")
            #expect(!result.stdout.contains("done:"), "\(result.stdout)")
            #expect(!result.stdout.contains("will set 0700"), "\(result.stdout)")
            #expect((try FileManager.default.contentsOfDirectory(atPath: shared)).isEmpty)
            #expect(account.snapshot() == before)
        }
    }
}
