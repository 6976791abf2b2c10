import Foundation
import TestSupport
import Testing

/// `sshauth rotate --hosts FILE` against the sandbox sshd and an extra sshd beside it: one new key,
/// every reachable target rotated in turn and proven, a target that cannot be reached failing alone
/// with its old key untouched.
@Suite(.serialized) struct FleetRotateTests {
    @Test("two targets rotated (new key in and proven, old key out and refused), a closed port fails alone; one new key made")
    func rotatesEachTarget() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let old = try fixture.publicOnlyKey("old"), other = try fixture.publicOnlyKey("other")
            let second = try FleetRemoveTests.server(fixture, "second")
            let closed = try LoopbackListener.freePort()
            try account.writeAuthorizedKeys(bytes: old.publicBytes + other.publicBytes)
            try account.writeAuthorizedKeys(bytes: Array("restrict ".utf8) + old.publicBytes, at: account.sshDirectory + "/keys_second",
                                            dirMode: 0o700, fileMode: 0o600, owner: nil)
            let inventory = try fixture.scratch.write("inventory.ini", """
                sandbox ansible_port=\(fixture.sandbox.port)
                second ansible_port=\(second.port) sshauth_target_path=.ssh/keys_second
                closed ansible_port=\(closed)
                [all:vars]
                ansible_host=\(fixture.sandbox.host)
                ansible_user=\(account.name)

                """)
            let newFile = fixture.scratch.file("rotated")
            let result = try SSHAuthBinary.run(["rotate", "--password-file", fixture.sandbox.passwordFile, "--known-hosts", fixture.knownHosts,
                                                "-i", old.privatePath, "-f", newFile, "--no-passphrase", "-C", "fleet rotation", "--hosts", inventory],
                                               environment: InstallFixture.environment)
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.last == "1 of 3 targets failed: closed", "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("rotated  sandbox (") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("rotated  second (") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("FAILED  closed (") }, "\(result.stdout)")
            let newLine = Array(try Data(contentsOf: URL(fileURLWithPath: newFile + ".pub")))
            #expect(account.authorizedKeysBytes() == other.publicBytes + newLine)
            #expect(account.authorizedKeysBytes(at: account.sshDirectory + "/keys_second") == newLine)
            #expect(try account.sandbox.proveKeyLogin(identity: newFile).status == 0)
            #expect(try account.sandbox.proveKeyLogin(identity: old.privatePath).status != 0)
            #expect(!FileManager.default.fileExists(atPath: newFile + "-2"), "one new key for all targets")
        }
    }

    @Test("bad input with --hosts makes no key and contacts nobody")
    func badInputMakesNothing() throws {
        let scratch = try TemporaryDirectory()
        let key = scratch.file("old")
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
        let list = try scratch.write("list", "127.0.0.1:22\nuser@host:99999\n")
        let newFile = scratch.file("new")
        let result = try SSHAuthBinary.run(["rotate", "-i", key, "-f", newFile, "--no-passphrase", "--password-file", list, "--hosts", list])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(list):2"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: newFile))
    }
}
