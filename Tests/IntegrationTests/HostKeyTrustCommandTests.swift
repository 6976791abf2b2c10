import Foundation
@testable import RemoteAccess
import SSHKeys
import TestSupport
import Testing

extension ExtraSSHD {
    /// Lines of its log that show a credential being tried.
    func authenticationAttempts() -> [String] {
        log(since: 0).split(separator: "\n").map(String.init).filter {
            $0.contains("password") || $0.contains("publickey") || $0.contains("keyboard-interactive")
        }
    }
}

/// How `check` and `install` judge host keys against known_hosts files that hold only an RSA key,
/// `@revoked` lines for the bare host, or that are symbolic links.
@Suite(.serialized) struct HostKeyTrustCommandTests {
    private func sandboxHostKey(_ type: String) throws -> String {
        let directory = try #require(SandboxAccount.sandboxSetting("SSHAUTH_SANDBOX_DIR"))
        let line = try String(contentsOfFile: "\(directory)/ssh_host_\(type)_key.pub", encoding: .utf8)
        return line.split(separator: " ").prefix(2).joined(separator: " ")
    }

    private func check(_ fixture: InstallFixture, knownHosts: String, port: Int, _ extra: [String] = []) throws -> ExternalTool.Output {
        try SSHAuthBinary.run(["check", "--password-file", fixture.sandbox.passwordFile, "--known-hosts", knownHosts, "-p", String(port)]
                              + extra + ["\(fixture.account.name)@\(fixture.sandbox.host)"], environment: InstallFixture.environment)
    }

    // MARK: 5. RSA host keys

    @Test("known_hosts with only the target's RSA key: no request to trust another key, the reason, nothing sent")
    func rsaOnlyKnownHostsRefusedWithReason() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let name = "[127.0.0.1]:\(account.sandbox.port)"
            let file = try fixture.scratch.write("rsa_known_hosts", "\(name) \(try sandboxHostKey("rsa"))\n")
            let contents = try Data(contentsOf: URL(fileURLWithPath: file))
            let before = account.snapshot()
            let offset = account.logOffset()
            let checked = try check(fixture, knownHosts: file, port: account.sandbox.port, ["--accept-new-host-key"])
            let key = try fixture.sshauthKey("rsa-only")
            let installed = try fixture.install(key: key.publicPath, ["--accept-new-host-key"], knownHosts: file)
            for result in [checked, installed] {
                let text = result.stdout + result.stderr
                #expect(result.status != 0, "\(text)")
                #expect(text.contains("known_hosts holds only the RSA host key of \(name)"), "\(text)")
                #expect(text.contains("libssh2 \(LibSSH2Library.version)"), "\(text)")
                #expect(text.contains("nothing was sent"), "\(text)")
                #expect(!text.contains("is not known"), "\(text)")
            }
            #expect(try account.authenticationAttempts(since: offset) == [])
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == contents, "nothing may be recorded")
            #expect(account.snapshot() == before)
        }
    }

    @Test("a server that offers ssh-rsa: the known RSA key is verified without asking, a changed one stops everything")
    func rsaHostKeyVerifiedAndChangeDetected() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            // The sandbox's server, still offering the SHA-1 `ssh-rsa` host key method libssh2 1.10 can verify.
            let server = try ExtraSSHD.likeSandbox(in: fixture.scratch, name: "rsa", options: ["HostKeyAlgorithms=+ssh-rsa"])
            let name = "[127.0.0.1]:\(server.port)"
            let file = try fixture.scratch.write("rsa_known_hosts", "\(name) \(try sandboxHostKey("rsa"))\n")
            let contents = try Data(contentsOf: URL(fileURLWithPath: file))
            let checked = try check(fixture, knownHosts: file, port: server.port)
            #expect(checked.stdout.contains("ok       host key: RSA SHA256:"), "\(checked.stdout)\(checked.stderr)")
            let key = try fixture.sshauthKey("rsa-known")
            let installed = try fixture.install(key: key.publicPath, knownHosts: file, port: .some(server.port))
            #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == contents, "a known key is not recorded again")

            let impostor = try fixture.publicOnlyKey("impostor-rsa", type: ["-t", "rsa", "-b", "1024"])
            let changed = try fixture.scratch.write("changed_known_hosts", "\(name) \(impostor.keyText)\n")
            let attemptsBefore = server.authenticationAttempts().count
            let stopped = try fixture.install(key: key.publicPath, knownHosts: changed, port: .some(server.port))
            #expect(stopped.status != 0)
            #expect(stopped.stderr.contains("has CHANGED. It now presents RSA key"), "\(stopped.stderr)")
            #expect(server.authenticationAttempts().count == attemptsBefore, "\(server.authenticationAttempts())")
        }
    }

    // MARK: 6. @revoked and symbolic links

    @Test("@revoked for the bare host (plain, hashed, wildcard) stops check and install on another port before any credential",
          arguments: ["plain", "hashed", "wildcard"])
    func revokedBareHost(_ form: String) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            var lines: [String] = []
            for type in ["ed25519", "ecdsa", "rsa"] {
                let key = try sandboxHostKey(type)
                switch form {
                case "plain": lines.append("@revoked 127.0.0.1 \(key)")
                case "wildcard": lines.append("@revoked 127.0.0.* \(key)")
                default:
                    let hashed = KnownHostsFile.entryText(host: "127.0.0.1", port: 22, key: try PublicKeyLine(parsing: key).key, hashed: true)
                    lines.append("@revoked \(hashed)")
                }
            }
            let file = try fixture.scratch.write("revoked_known_hosts", lines.joined(separator: "\n") + "\n")
            let contents = try Data(contentsOf: URL(fileURLWithPath: file))
            let before = account.snapshot()
            let offset = account.logOffset()
            let checked = try check(fixture, knownHosts: file, port: account.sandbox.port, ["--accept-new-host-key"])
            let key = try fixture.sshauthKey("revoked-bare")
            let installed = try fixture.install(key: key.publicPath, ["--accept-new-host-key"], knownHosts: file)
            for result in [checked, installed] {
                #expect(result.status != 0)
                #expect((result.stdout + result.stderr).contains("is marked @revoked on line"), "\(result.stdout)\(result.stderr)")
            }
            #expect(try account.authenticationAttempts(since: offset) == [])
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == contents)
            #expect(account.snapshot() == before)
        }
    }

    @Test("a known_hosts that is a symbolic link: read through it, a new key appended to its target, the link kept")
    func symlinkedKnownHosts() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let target = try fixture.scratch.write("real_known_hosts", "# mine\n")
            let link = fixture.scratch.file("linked_known_hosts")
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real_known_hosts")
            let key = try fixture.sshauthKey("linked")
            let installed = try fixture.install(key: key.publicPath, ["--accept-new-host-key"], knownHosts: link)
            #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real_known_hosts")
            let lines = try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 2 && lines[0] == "# mine", "\(lines)")
            // ssh reads the same link and trusts what sshauth recorded.
            let ssh = try ExternalTool.run(["ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                                            "-o", "UserKnownHostsFile=\(link)", "-o", "IdentitiesOnly=yes", "-i", key.privatePath,
                                            "-p", String(account.sandbox.port), "\(account.name)@\(account.sandbox.host)", "true"])
            #expect(ssh.status == 0, "\(ssh.stderr)")
            let again = try check(fixture, knownHosts: link, port: account.sandbox.port)
            #expect(again.stdout.contains("ok       host key:"), "\(again.stdout)\(again.stderr)")
        }
    }
}
