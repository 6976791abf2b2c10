import Foundation
import TestSupport
import Testing

/// `sshauth check` against the real sshd: findings with fixes, and nothing ever written.
@Suite(.serialized) struct CheckCommandTests {
    private func check(_ fixture: InstallFixture, key: String?, _ extra: [String] = []) throws -> ExternalTool.Output {
        var arguments = ["check", "--password-file", fixture.sandbox.passwordFile, "--known-hosts", fixture.knownHosts,
                         "-p", String(fixture.sandbox.port)]
        if let key { arguments += ["-i", key] }
        return try SSHAuthBinary.run(arguments + extra + ["\(fixture.account.name)@\(fixture.sandbox.host)"],
                                     environment: InstallFixture.environment)
    }

    @Test("a healthy account: every line ok, exit 0, login proved")
    func healthy() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("healthy")
            try account.writeAuthorizedKeys(bytes: key.publicBytes)
            let before = account.snapshot()
            let result = try check(fixture, key: key.publicPath)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(!result.stdout.contains("PROBLEM"))
            #expect(result.stdout.contains("ok       login: ssh logs in with \(key.privatePath)"))
            #expect(result.stdout.contains("is on line 1 of ~/.ssh/authorized_keys"))
            #expect(account.snapshot() == before)
        }
    }

    @Test("bad modes, a missing key and a failed login are each one line with its fix; nothing is repaired")
    func problems() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let present = try fixture.sshauthKey("present")
            let absent = try fixture.sshauthKey("absent")
            try account.writeAuthorizedKeys(bytes: present.publicBytes, dirMode: 0o777, fileMode: 0o666)
            let before = account.snapshot()
            let withPresent = try check(fixture, key: present.publicPath)
            #expect(withPresent.status != 0)
            #expect(withPresent.stdout.contains("PROBLEM  ~/.ssh:"), "\(withPresent.stdout)")
            #expect(withPresent.stdout.contains("0777"))
            #expect(withPresent.stdout.contains("PROBLEM  login:"))
            let withAbsent = try check(fixture, key: absent.publicPath)
            #expect(withAbsent.stdout.contains("is not in ~/.ssh/authorized_keys; install it with: sshauth install -i \(absent.publicPath)"), "\(withAbsent.stdout)")
            #expect(account.snapshot() == before, "check must not repair anything")
        }
    }

    @Test("an unknown host key stops the check with its fingerprint, and nothing is recorded")
    func unknownHostKey() throws {
        try SandboxAccount.exclusive { account in
            let fixture = try InstallFixture(account)
            try Data().write(to: URL(fileURLWithPath: fixture.knownHosts))
            let result = try check(fixture, key: nil)
            #expect(result.status != 0)
            #expect(result.stdout.contains("PROBLEM  stopped: the host key of [127.0.0.1]:\(fixture.sandbox.port) is not known"), "\(result.stdout)")
            #expect(result.stdout.contains("--host-key SHA256:"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts)).isEmpty)
            let accepted = try check(fixture, key: nil, ["--accept-new-host-key"])
            #expect(accepted.stdout.contains("ok       host key:"), "\(accepted.stdout)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts)).isEmpty, "check records nothing")
        }
    }
}
