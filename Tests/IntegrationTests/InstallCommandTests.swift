import Foundation
import TestSupport
import Testing

/// `sshauth install` end to end against the loopback sshd: the bytes and modes it leaves in the
/// test account, what it refuses, and that the real OpenSSH client then logs in.
///
/// Every test that touches the shared account holds `SandboxAccount.exclusive` for its whole run
/// and starts by resetting the account.
@Suite(.serialized) struct InstallCommandTests {
    // MARK: 1. A fresh account

    @Test("a fresh account gets ~/.ssh 0700 and authorized_keys 0600 holding exactly the .pub line, and ssh logs in")
    func freshAccount() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("fresh")
            let result = try fixture.install(key: key.publicPath)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty)
            #expect(result.stdout.contains("Login proof: ssh logged in with the key."), "\(result.stdout)")
            #expect(account.status(of: account.sshDirectory) == .init(mode: 0o700, uid: account.uid, gid: account.gid))
            #expect(account.status(of: account.authorizedKeys) == .init(mode: 0o600, uid: account.uid, gid: account.gid))
            #expect(account.authorizedKeysBytes() == key.publicBytes)
            #expect(key.publicBytes.last == UInt8(ascii: "\n") && key.publicBytes.filter { $0 == UInt8(ascii: "\n") }.count == 1)
            let login = try account.sandbox.proveKeyLogin(identity: key.privatePath)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stdout == "key-login-ok\n")
        }
    }

    // MARK: 2. An existing file is only ever appended to

    @Test("options, comments, blank lines, CRLF and a missing final newline stay byte for byte; a second run adds nothing")
    func existingFileIsPreserved() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let first = try fixture.publicOnlyKey("existing-1")
            let last = try fixture.publicOnlyKey("existing-2")
            let original = Array(("from=\"127.0.0.1\",no-pty \(first.keyText) k1\r\n# a comment line\r\n\r\n\r\n\(last.keyText) k2").utf8)
            try account.writeAuthorizedKeys(bytes: original)
            let key = try fixture.sshauthKey("appended")
            let result = try fixture.install(key: key.publicPath)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Login proof: ssh logged in with the key."), "\(result.stdout)")
            let after = try #require(account.authorizedKeysBytes())
            #expect(after == original + [UInt8(ascii: "\n")] + key.publicBytes,
                    "got: \(String(decoding: after, as: UTF8.self).debugDescription)")
            #expect(account.status(of: account.authorizedKeys)?.mode == 0o600)

            let again = try fixture.install(key: key.publicPath)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("already on line 6"), "\(again.stdout)")
            #expect(account.authorizedKeysBytes() == after)
        }
    }

    // MARK: 3. RSA

    @Test("an RSA-3072 key made by sshauth keygen installs and the proof logs in")
    func rsaKey() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("rsa", type: ["-t", "rsa", "-b", "3072"])
            #expect(key.publicBytes.starts(with: Array("ssh-rsa ".utf8)))
            let result = try fixture.install(key: key.publicPath)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Login proof: ssh logged in with the key."), "\(result.stdout)")
            #expect(account.authorizedKeysBytes() == key.publicBytes)
            let login = try account.sandbox.proveKeyLogin(identity: key.privatePath)
            #expect(login.status == 0, "\(login.stderr)")
        }
    }

    // MARK: 4. Modes

    @Test("a 0777 ~/.ssh and a 0666 file are repaired to 0700 and 0600, and ssh logs in")
    func badModesAreRepaired() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let other = try fixture.publicOnlyKey("other")
            let original = other.publicBytes
            try account.writeAuthorizedKeys(bytes: original, dirMode: 0o777, fileMode: 0o666)
            let key = try fixture.sshauthKey("modes")
            let result = try fixture.install(key: key.publicPath)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Login proof: ssh logged in with the key."), "\(result.stdout)")
            #expect(account.status(of: account.sshDirectory)?.mode == 0o700)
            #expect(account.status(of: account.authorizedKeys)?.mode == 0o600)
            #expect(account.authorizedKeysBytes() == original + key.publicBytes)
            #expect(try account.sandbox.proveKeyLogin(identity: key.privatePath).status == 0)
        }
    }

    @Test("a world-writable home is left alone (and the install fails) unless --fix-home-permissions, which makes it 0755")
    func worldWritableHome() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            defer { try? account.chmod(account.home, 0o755) }
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("home")
            try account.chmod(account.home, 0o757)

            let refused = try fixture.install(key: key.publicPath)
            #expect(refused.status != 0)
            let sentence = refused.stderr
            #expect(sentence.contains("--fix-home-permissions") || sentence.contains("could not log in"), "\(sentence)")
            #expect((refused.stdout + refused.stderr).contains("--fix-home-permissions"), "\(refused.stdout)")
            #expect(account.status(of: account.home)?.mode == 0o757)

            let fixed = try fixture.install(key: key.publicPath, ["--fix-home-permissions"])
            #expect(fixed.status == 0, "\(fixed.stderr)")
            #expect(fixed.stdout.contains("Login proof: ssh logged in with the key."), "\(fixed.stdout)")
            #expect(account.status(of: account.home) == .init(mode: 0o755, uid: account.uid, gid: account.gid))
            #expect(try account.sandbox.proveKeyLogin(identity: key.privatePath).status == 0)

            // Only group and other write are removed: a home with other bits keeps them.
            try account.chmod(account.home, 0o2777)
            let kept = try fixture.install(key: key.publicPath, ["--fix-home-permissions", "--no-verify"])
            #expect(kept.status == 0, "\(kept.stderr)")
            #expect(account.status(of: account.home)?.mode == 0o2755)
        }
    }

    // MARK: 5. Owners

    @Test("~/.ssh owned by another user (0755 or 0700): refused with the administrator's chown, nothing changed",
          arguments: [mode_t(0o755), mode_t(0o700)])
    func sshDirectoryOwnedByAnother(_ directoryMode: mode_t) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            try account.writeAuthorizedKeys(bytes: try fixture.publicOnlyKey("owned").publicBytes, dirMode: directoryMode, fileMode: 0o600)
            try account.chown(account.sshDirectory, to: "nobody")
            let before = account.snapshot()
            let key = try fixture.sshauthKey("owned")
            let result = try fixture.install(key: key.publicPath)
            #expect(result.status != 0)
            #expect(result.stderr.contains("an administrator must run: chown \(account.name) \(account.sshDirectory)"), "\(result.stderr)")
            #expect(account.snapshot() == before)
        }
    }

    // MARK: 6. Host keys that must stop everything

    @Test("a changed host key stops the install before any credential is sent")
    func changedHostKey() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let name = "[127.0.0.1]:\(account.sandbox.port)"
            // Same host, same key types, other keys.
            var replacements: [String: String] = [:]
            for (type, arguments) in [("ssh-ed25519", ["-t", "ed25519"]), ("ecdsa-sha2-nistp256", ["-t", "ecdsa", "-b", "256"]),
                                      ("ssh-rsa", ["-t", "rsa", "-b", "1024"])] {
                replacements[type] = try fixture.publicOnlyKey("impostor-\(type)", type: arguments).keyText
            }
            var replaced = 0
            let lines = try String(contentsOfFile: account.sandbox.knownHosts, encoding: .utf8).split(separator: "\n").map { line -> String in
                let fields = line.split(separator: " ")
                guard fields.count >= 2, fields[0] == name, let other = replacements[String(fields[1])] else { return String(line) }
                replaced += 1
                return "\(name) \(other)"
            }
            try #require(replaced >= 1, "no \(name) entries in the sandbox known_hosts")
            let changed = try fixture.scratch.write("changed_known_hosts", lines.joined(separator: "\n") + "\n")
            let changedBefore = try Data(contentsOf: URL(fileURLWithPath: changed))
            let before = account.snapshot()
            let offset = account.logOffset()
            let key = try fixture.sshauthKey("changed")
            let result = try fixture.install(key: key.publicPath, knownHosts: changed)
            #expect(result.status != 0)
            #expect(result.stderr.contains("CHANGED"), "\(result.stderr)")
            #expect(result.stderr.contains("Nothing was sent"), "\(result.stderr)")
            #expect(account.snapshot() == before)
            #expect(try Data(contentsOf: URL(fileURLWithPath: changed)) == changedBefore)
            #expect(try account.authenticationAttempts(since: offset) == [])
        }
    }

    @Test("a host key marked @revoked is refused before any credential is sent")
    func revokedHostKey() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let name = "[127.0.0.1]:\(account.sandbox.port)"
            let text = try String(contentsOfFile: account.sandbox.knownHosts, encoding: .utf8)
            let revoked = text.split(separator: "\n").filter { $0.hasPrefix(name + " ") }.map { "@revoked \($0)" }
            try #require(!revoked.isEmpty)
            let file = try fixture.scratch.write("revoked_known_hosts", text + revoked.joined(separator: "\n") + "\n")
            let before = account.snapshot()
            let offset = account.logOffset()
            let key = try fixture.sshauthKey("revoked")
            let result = try fixture.install(key: key.publicPath, knownHosts: file)
            #expect(result.status != 0)
            #expect(result.stderr.contains("@revoked"), "\(result.stderr)")
            #expect(account.snapshot() == before)
            #expect(try account.authenticationAttempts(since: offset) == [])
        }
    }

    // MARK: 7. Unknown host keys

    @Test("an unknown host key needs --host-key with its fingerprint or --accept-new-host-key")
    func unknownHostKey() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("unknown")
            let name = "[127.0.0.1]:\(account.sandbox.port)"
            let listed = try ExternalTool.run(["ssh-keygen", "-l", "-f", account.sandbox.knownHosts])
            try #require(listed.status == 0, "\(listed.stderr)")
            let sandboxFingerprints = Set(listed.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) })
            try #require(sandboxFingerprints.count == 3, "\(listed.stdout)")

            // No flag, no terminal: refused, with the fingerprint to check.
            let empty = try fixture.scratch.write("empty_known_hosts", "")
            let offset = account.logOffset()
            let before = account.snapshot()
            let refused = try fixture.install(key: key.publicPath, knownHosts: empty)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("--host-key"), "\(refused.stderr)")
            let pattern = try Regex("SHA256:[A-Za-z0-9+/]{43}")
            let shown = try #require(refused.stderr.firstMatch(of: pattern).map { String(refused.stderr[$0.range]) }, "\(refused.stderr)")
            #expect(sandboxFingerprints.contains(shown), "\(shown) is not one of \(sandboxFingerprints)")
            #expect(refused.stderr.contains("--host-key \(shown)"), "\(refused.stderr)")
            #expect(try fixture.scratch.read("empty_known_hosts") == [])
            #expect(account.snapshot() == before)
            #expect(try account.authenticationAttempts(since: offset) == [])

            // A wrong pin: another of the sandbox's own keys.
            let wrong = try #require(sandboxFingerprints.subtracting([shown]).sorted().first)
            let wrongFile = try fixture.scratch.write("wrong_known_hosts", "")
            let wrongOffset = account.logOffset()
            let mismatched = try fixture.install(key: key.publicPath, ["--host-key", wrong], knownHosts: wrongFile)
            #expect(mismatched.status != 0)
            #expect(mismatched.stderr.contains(wrong) && mismatched.stderr.contains(shown), "\(mismatched.stderr)")
            #expect(try fixture.scratch.read("wrong_known_hosts") == [])
            #expect(account.snapshot() == before)
            #expect(try account.authenticationAttempts(since: wrongOffset) == [])

            // The right pin: installed, the key recorded, and the proof (which uses the same file) logs in.
            let pinned = try fixture.install(key: key.publicPath, ["--host-key", shown], knownHosts: empty)
            #expect(pinned.status == 0, "\(pinned.stderr)")
            #expect(pinned.stdout.contains("Login proof: ssh logged in with the key."), "\(pinned.stdout)")
            let found = try ExternalTool.run(["ssh-keygen", "-F", name, "-f", empty])
            #expect(found.status == 0 && found.stdout.contains("found: line 1"), "\(found.stdout)\(found.stderr)")
            #expect(account.authorizedKeysBytes() == key.publicBytes)

            // --accept-new-host-key.
            let accepting = try fixture.scratch.write("accept_known_hosts", "")
            let accepted = try fixture.install(key: key.publicPath, ["--accept-new-host-key"], knownHosts: accepting)
            #expect(accepted.status == 0, "\(accepted.stderr)")
            #expect(try ExternalTool.run(["ssh-keygen", "-F", name, "-f", accepting]).status == 0)
        }
    }

    // MARK: 8. Passwords

    @Test("a wrong password is refused and changes nothing")
    func wrongPassword() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("wrong")
            let wrong = try fixture.scratch.write("wrong_password", "not-the-password", mode: 0o600)
            let before = account.snapshot()
            let result = try fixture.install(key: key.publicPath, password: wrong)
            #expect(result.status != 0)
            #expect(result.stderr.contains("refused"), "\(result.stderr)")
            #expect(account.snapshot() == before)
        }
    }

    @Test("a password file others can read is refused before it is used, with the chmod 600 to run")
    func unprotectedPasswordFile() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("open")
            let password = try Data(contentsOf: URL(fileURLWithPath: account.sandbox.passwordFile))
            let open = try fixture.scratch.write("open_password", String(decoding: password, as: UTF8.self), mode: 0o644)
            let before = account.snapshot()
            let offset = account.logOffset()
            let result = try fixture.install(key: key.publicPath, password: open)
            #expect(result.status != 0)
            #expect(result.stderr.contains("chmod 600 \(open)"), "\(result.stderr)")
            #expect(account.snapshot() == before)
            #expect(try account.authenticationAttempts(since: offset) == [])
            #expect(mode(of: open) == 0o644)

            // Before connecting: with nothing listening, the file is still what is refused.
            let unreachable = try fixture.install(key: key.publicPath, password: open, port: 1)
            #expect(unreachable.status != 0)
            #expect(unreachable.stderr.contains("chmod 600"), "\(unreachable.stderr)")
        }
    }

    @Test("--password-fd 0 takes the first line and does not wait for the end: (cat pw; echo; sleep 40) | install finishes at once")
    func passwordDescriptorIsOneLine() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("fd")
            var password = Array(try Data(contentsOf: URL(fileURLWithPath: account.sandbox.passwordFile)))
            while password.last == UInt8(ascii: "\n") { password.removeLast() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: SSHAuthBinary.path)
            process.arguments = fixture.arguments(key: key.publicPath, ["--password-fd", "0"], password: .none)
            process.environment = InstallFixture.environment
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            let started = Date()
            try process.run()
            // The writer keeps the pipe open after the line, as the sleep 40 does; it gives up after 15 s.
            input.fileHandleForWriting.write(Data(password + [UInt8(ascii: "\n")]))
            while process.isRunning, Date().timeIntervalSince(started) < 15 { Thread.sleep(forTimeInterval: 0.05) }
            let elapsed = Date().timeIntervalSince(started)
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(elapsed < 15, "install waited for the end of its password descriptor: \(printed)")
            #expect(process.terminationStatus == 0, "\(printed)")
            #expect(printed.contains("Login proof: ssh logged in with the key."), "\(printed)")
            #expect(account.authorizedKeysBytes() == key.publicBytes)
        }
    }

    // MARK: 9. A hostile --target-path

    @Test("a --target-path with spaces, quotes and ; is created as exactly that path, and no shell runs it")
    func hostileTargetPath() throws {
        let relative = "dir with space/it's;touch /tmp/pwned;#keys"
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory(removing: ["dir with space"])
            defer { try? account.resetSSHDirectory(removing: ["dir with space"]) }
            try? FileManager.default.removeItem(atPath: "/tmp/pwned")
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("path")
            // sshd reads only ~/.ssh/authorized_keys, so the proof could not succeed: --no-verify.
            let result = try fixture.install(key: key.publicPath, ["--target-path", relative, "--no-verify"])
            #expect(result.status == 0, "\(result.stderr)")
            let path = account.home + "/" + relative
            #expect(account.authorizedKeysBytes(at: path) == key.publicBytes)
            #expect(account.status(of: path) == .init(mode: 0o600, uid: account.uid, gid: account.gid))
            for directory in ["dir with space", "dir with space/it's;touch ", "dir with space/it's;touch /tmp"] {
                #expect(account.status(of: account.home + "/" + directory) == .init(mode: 0o700, uid: account.uid, gid: account.gid), "\(directory)")
            }
            #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
            #expect(!FileManager.default.fileExists(atPath: account.sshDirectory))
        }
    }

    // MARK: 10. A key-only server

    @Test("a key-only port refuses the password (naming --identity); --identity bootstraps a second key")
    func keyOnlyPort() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let first = try fixture.sshauthKey("bootstrap-a")
            let second = try fixture.sshauthKey("bootstrap-b")
            let port = account.sandbox.keyOnlyPort

            let before = account.snapshot()
            let refused = try fixture.install(key: second.publicPath, port: port)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("does not accept passwords") && refused.stderr.contains("--identity"), "\(refused.stderr)")
            #expect(account.snapshot() == before)

            try account.writeAuthorizedKeys(bytes: first.publicBytes)
            let installed = try fixture.install(key: second.publicPath, ["--identity", first.privatePath], password: nil, port: port)
            #expect(installed.status == 0, "\(installed.stderr)")
            #expect(installed.stdout.contains("Login proof: ssh logged in with the key."), "\(installed.stdout)")
            #expect(account.authorizedKeysBytes() == first.publicBytes + second.publicBytes)
            #expect(try account.sandbox.proveKeyLogin(identity: second.privatePath).status == 0)
        }
    }

    // MARK: 11. IPv6

    @Test("IPv6 loopback in both target forms", .enabled("the sandbox has IPv6 loopback (SSHAUTH_SANDBOX_IPV6 is not 0)") {
        SandboxAccount.sandboxSetting("SSHAUTH_SANDBOX_IPV6") != "0"
    })
    func ipv6() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            #expect(SandboxAccount.sandboxSetting("SSHAUTH_SANDBOX_IPV6") == "1")
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("ipv6")
            let port = account.sandbox.port
            let bracketed = try fixture.install(key: key.publicPath, target: "\(account.name)@[::1]:\(port)", port: nil)
            #expect(bracketed.status == 0, "\(bracketed.stderr)")
            #expect(bracketed.stdout.contains("Login proof: ssh logged in with the key."), "\(bracketed.stdout)")
            #expect(account.authorizedKeysBytes() == key.publicBytes)
            let withOption = try fixture.install(key: key.publicPath, target: "\(account.name)@[::1]", port: port)
            #expect(withOption.status == 0, "\(withOption.stderr)")
            #expect(withOption.stdout.contains("already on line 1"), "\(withOption.stdout)")
            #expect(account.authorizedKeysBytes() == key.publicBytes)
        }
    }

    // MARK: 12. Previews and JSON

    @Test("--dry-run reads and plans (0777 to 0700, Append) but changes nothing, not even known_hosts")
    func dryRun() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            try account.writeAuthorizedKeys(bytes: try fixture.publicOnlyKey("dry").publicBytes, dirMode: 0o777, fileMode: 0o600)
            let key = try fixture.sshauthKey("dry")
            let before = account.snapshot()
            let result = try fixture.install(key: key.publicPath, ["--dry-run"])
            #expect(result.status == 0, "\(result.stderr)")
            for word in ["0777", "0700", "Append"] { #expect(result.stdout.contains(word), "\(word): \(result.stdout)") }
            #expect(account.snapshot() == before)

            let empty = try fixture.scratch.write("dry_known_hosts", "")
            let accepting = try fixture.install(key: key.publicPath, ["--dry-run", "--accept-new-host-key"], knownHosts: empty)
            #expect(accepting.status == 0, "\(accepting.stderr)")
            #expect(accepting.stdout.contains("Append"), "\(accepting.stdout)")
            #expect(try fixture.scratch.read("dry_known_hosts") == [])
            #expect(account.snapshot() == before)
        }
    }

    @Test("--offline prints the plan without contacting anything")
    func offline() throws {
        let scratch = try TemporaryDirectory()
        let made = try SSHAuthBinary.run(["keygen", "-f", scratch.file("id"), "--no-passphrase"])
        try #require(made.status == 0, "\(made.stderr)")
        // Port 1 on loopback refuses connections: any attempt to connect would fail the command.
        let result = try SSHAuthBinary.run(["install", "-i", scratch.file("id.pub"), "-p", "1", "--offline",
                                            "--known-hosts", scratch.file("known_hosts"), "nobody-here@127.0.0.1"],
                                           environment: InstallFixture.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Append"), "\(result.stdout)")
        #expect(result.stdout.contains("Offline"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("known_hosts")))
        let json = try SSHAuthBinary.run(["install", "-i", scratch.file("id.pub"), "-p", "1", "--offline", "--json", "nobody-here@127.0.0.1"],
                                         environment: InstallFixture.environment)
        #expect(json.status == 0, "\(json.stderr)")
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) is [String: Any], "\(json.stdout)")
    }

    @Test("--json reports the file and login_proved: true")
    func jsonResult() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("json")
            let result = try fixture.install(key: key.publicPath, ["--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
            #expect(object["authorized_keys"] as? String == account.authorizedKeys)
            #expect(object["login_proved"] as? Bool == true)
            #expect(account.authorizedKeysBytes() == key.publicBytes)
        }
    }

    // MARK: 13. No private key to prove with

    @Test("without the private key or an agent the install needs --no-verify; with it, it installs")
    func noPrivateKey() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("alone")
            let alone = try TemporaryDirectory()
            let publicPath = alone.file("alone.pub")
            try Data(key.publicBytes).write(to: URL(fileURLWithPath: publicPath))
            let before = account.snapshot()
            let refused = try fixture.install(key: publicPath)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("--no-verify"), "\(refused.stderr)")
            #expect(account.snapshot() == before)
            let installed = try fixture.install(key: publicPath, ["--no-verify"])
            #expect(installed.status == 0, "\(installed.stderr)")
            #expect(account.authorizedKeysBytes() == key.publicBytes)
        }
    }
}

/// What the install tests share: a scratch directory, a copy of the sandbox's known_hosts, keys,
/// and `sshauth install` run against the sandbox.
struct InstallFixture {
    let account: SandboxAccount
    let scratch: TemporaryDirectory
    /// A private copy of the sandbox's known_hosts, so accepted or altered keys never touch the shared one.
    let knownHosts: String

    var sandbox: LoopbackSandbox { account.sandbox }

    init(_ account: SandboxAccount) throws {
        self.account = account
        scratch = try TemporaryDirectory()
        let copy = scratch.file("known_hosts")
        try FileManager.default.copyItem(atPath: account.sandbox.knownHosts, toPath: copy)
        knownHosts = copy
    }

    /// The environment the command runs in: this one without an ssh-agent.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SSH_AUTH_SOCK"] = nil
        return environment
    }

    struct Key {
        let privatePath: String
        let publicPath: String
        /// The .pub file's bytes: one line with its newline.
        let publicBytes: [UInt8]
        /// `type base64`, without the comment.
        var keyText: String { String(decoding: publicBytes, as: UTF8.self).split(separator: " ").prefix(2).joined(separator: " ") }
    }

    /// A key pair made by `sshauth keygen`.
    func sshauthKey(_ name: String, type: [String] = ["-t", "ed25519"]) throws -> Key {
        let path = scratch.file("key-\(name)-\(UUID().uuidString.prefix(8))")
        let made = try SSHAuthBinary.run(["keygen"] + type + ["-f", path, "--no-passphrase", "-C", "install-\(name)"])
        try #require(made.status == 0, "\(made.stderr)")
        return Key(privatePath: path, publicPath: path + ".pub", publicBytes: Array(try Data(contentsOf: URL(fileURLWithPath: path + ".pub"))))
    }

    /// A key pair made by ssh-keygen (used where only the public half matters).
    func publicOnlyKey(_ name: String, type: [String] = ["-t", "ed25519"]) throws -> Key {
        let path = scratch.file("other-\(name)-\(UUID().uuidString.prefix(8))")
        let made = try ExternalTool.run(["ssh-keygen", "-q"] + type + ["-N", "", "-C", "other-\(name)", "-f", path])
        try #require(made.status == 0, "\(made.stderr)")
        return Key(privatePath: path, publicPath: path + ".pub", publicBytes: Array(try Data(contentsOf: URL(fileURLWithPath: path + ".pub"))))
    }

    /// The arguments of `sshauth install` against the sandbox: the key, the password file (unless
    /// nil), the known_hosts copy, the port, then `extra`, then the target.
    func arguments(key: String, _ extra: [String] = [], password: String?? = .some(nil), knownHosts: String? = nil,
                   target: String? = nil, port: Int?? = .some(nil)) -> [String] {
        var arguments = ["install", "-i", key]
        switch password {
        case .none: break
        case .some(.none): arguments += ["--password-file", sandbox.passwordFile]
        case .some(.some(let file)): arguments += ["--password-file", file]
        }
        arguments += ["--known-hosts", knownHosts ?? self.knownHosts]
        switch port {
        case .none: break
        case .some(.none): arguments += ["-p", String(sandbox.port)]
        case .some(.some(let port)): arguments += ["-p", String(port)]
        }
        return arguments + extra + [target ?? "\(account.name)@\(sandbox.host)"]
    }

    /// Runs `sshauth install` (see ``arguments(key:_:password:knownHosts:target:port:)``): `password`
    /// nil gives none, the default the sandbox's; `port` nil gives no -p, the default the sandbox's.
    func install(key: String, _ extra: [String] = [], password: String?? = .some(nil), knownHosts: String? = nil,
                 target: String? = nil, port: Int?? = .some(nil)) throws -> ExternalTool.Output {
        try SSHAuthBinary.run(arguments(key: key, extra, password: password, knownHosts: knownHosts, target: target, port: port),
                              environment: Self.environment)
    }
}
