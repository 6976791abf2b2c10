import Foundation
import TestSupport
import Testing

/// `sshauth rotate` against the real sshd: the new key in and proven before the old one goes, the
/// old one proven refused after, and a failing step named with the old key still working.
@Suite(.serialized) struct RotateCommandTests {
    private static func rotate(_ fixture: InstallFixture, _ extra: [String], password: Bool = true) throws -> ExternalTool.Output {
        let arguments = ["rotate"] + (password ? ["--password-file", fixture.sandbox.passwordFile] : [])
            + ["--known-hosts", fixture.knownHosts, "-p", String(fixture.sandbox.port)] + extra + ["\(fixture.account.name)@\(fixture.sandbox.host)"]
        return try SSHAuthBinary.run(arguments, environment: InstallFixture.environment)
    }

    @Test("a new key is made, installed and proven, the old key's line removed and proven refused; other lines kept byte for byte", arguments: [false, true])
    func rotates(loggingInWithOldKey: Bool) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let old = try fixture.publicOnlyKey("old")
            let other = try fixture.publicOnlyKey("other")
            let others = Array("# keep me\r\n".utf8) + other.publicBytes
            try account.writeAuthorizedKeys(bytes: Array("no-pty ".utf8) + old.publicBytes + others)
            let newFile = fixture.scratch.file("rotated")
            let login = loggingInWithOldKey ? ["--identity", old.privatePath] : []
            let result = try Self.rotate(fixture, login + ["-i", old.privatePath, "-f", newFile, "--no-passphrase", "-C", "rotated"],
                                         password: !loggingInWithOldKey)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("Step 4 done: ssh is refused with the old key"), "\(result.stdout)")
            let newLine = try Data(contentsOf: URL(fileURLWithPath: newFile + ".pub"))
            #expect(account.authorizedKeysBytes() == others + Array(newLine), "\(String(decoding: account.authorizedKeysBytes() ?? [], as: UTF8.self))")
            #expect(try account.sandbox.proveKeyLogin(identity: newFile).status == 0)
            #expect(try account.sandbox.proveKeyLogin(identity: old.privatePath).status != 0)
        }
    }

    @Test("a new key that cannot log in (installed where sshd does not look) stops at step 2; the old key stays and still logs in")
    func newKeyUnproven() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let old = try fixture.publicOnlyKey("old")
            let new = try fixture.publicOnlyKey("new")
            try account.writeAuthorizedKeys(bytes: old.publicBytes)
            let result = try Self.rotate(fixture, ["-i", old.privatePath, "--new-key", new.publicPath, "--target-path", ".ssh/elsewhere"])
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            #expect(result.stderr.hasPrefix("sshauth: step 2 (prove that the new key logs in) failed:") || result.stderr.contains("step 2 (prove that the new key logs in) failed:"), "\(result.stderr)")
            #expect(result.stderr.contains("The old key was not removed and still logs in."), "\(result.stderr)")
            #expect(account.authorizedKeysBytes() == old.publicBytes)
            #expect(try account.sandbox.proveKeyLogin(identity: old.privatePath).status == 0)
        }
    }

    @Test("bad input: an old key without its private half, one that does not log in now, or the old key as the new one; nothing changed", arguments: [
        ("public only", "the old key's private key is not here"),
        ("not authorized", "does not log in now"),
        ("same key", "is the old key itself"),
    ])
    func badInput(_ name: String, _ expected: String) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let old = try fixture.publicOnlyKey("old")
            let stranger = try fixture.publicOnlyKey("stranger")
            try account.writeAuthorizedKeys(bytes: old.publicBytes)
            var extra: [String]
            switch name {
            case "public only":
                let copy = fixture.scratch.file("lonely.pub")
                try FileManager.default.copyItem(atPath: old.publicPath, toPath: copy)
                extra = ["-i", copy, "--no-passphrase"]
            case "not authorized":
                extra = ["-i", stranger.privatePath, "--no-passphrase"]
            default:
                extra = ["-i", old.privatePath, "--new-key", old.publicPath]
            }
            let before = account.snapshot()
            let result = try Self.rotate(fixture, extra)
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains(expected) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(account.snapshot() == before)
        }
    }
}
