import Foundation
import TestSupport
import Testing

/// Keys made by `sshauth keygen` authenticate with the real OpenSSH client against the loopback sshd.
@Suite(.serialized) struct KeyLoginTests {
    @Test("ssh logs in with sshauth keys of every type")
    func sshAcceptsOurKeys() throws {
        // The one test account is shared with the install tests; take it for the whole test.
        try SandboxAccount.exclusive { _ in try sshAcceptsOurKeysAlone() }
    }

    private func sshAcceptsOurKeysAlone() throws {
        let sandbox = try LoopbackSandbox.shared()
        let scratch = try TemporaryDirectory()
        var lines: [String] = []
        let kinds: [(String, [String])] = [("ed25519", ["-t", "ed25519"]), ("ecdsa", ["-t", "ecdsa", "-b", "384"]), ("rsa", ["-t", "rsa", "-b", "2048"])]
        for (name, arguments) in kinds {
            let made = try SSHAuthBinary.run(["keygen"] + arguments + ["-f", scratch.file(name), "--no-passphrase", "-C", "login-\(name)"])
            try #require(made.status == 0, "\(made.stderr)")
            lines.append(try String(contentsOfFile: scratch.file(name + ".pub"), encoding: .utf8).trimmingCharacters(in: .newlines))
        }
        try sandbox.setAuthorizedKeys(lines)
        for (name, _) in kinds {
            let login = try sandbox.proveKeyLogin(identity: scratch.file(name))
            #expect(login.status == 0, "\(name): \(login.stderr)")
            #expect(login.stdout == "key-login-ok\n")
        }
        // A key that is not in authorized_keys is refused: the proof can fail.
        let stranger = try SSHAuthBinary.run(["keygen", "-f", scratch.file("stranger"), "--no-passphrase"])
        try #require(stranger.status == 0)
        #expect(try sandbox.proveKeyLogin(identity: scratch.file("stranger")).status != 0)
    }
}
