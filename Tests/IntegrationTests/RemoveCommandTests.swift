import AuthSetup
import Flows
import Foundation
import SSHKeys
import TestSupport
import Testing

/// `sshauth remove` against the real sshd: exactly the key's lines go, every other byte stays, the
/// file is replaced in one rename (never half-written, even when killed), a concurrent install is
/// not lost, and a removal that could lock the user out is refused unless proven safe.
@Suite(.serialized) struct RemoveCommandTests {
    /// `sshauth remove` against the sandbox: the password file (unless `password` is nil), the
    /// known_hosts copy, the port, `extra`, the target.
    private static func arguments(_ fixture: InstallFixture, _ extra: [String], password: Bool = true, port: Int? = nil) -> [String] {
        ["remove"] + (password ? ["--password-file", fixture.sandbox.passwordFile] : []) + ["--known-hosts", fixture.knownHosts,
         "-p", String(port ?? fixture.sandbox.port)] + extra + ["\(fixture.account.name)@\(fixture.sandbox.host)"]
    }

    private static func remove(_ fixture: InstallFixture, _ extra: [String], password: Bool = true, port: Int? = nil) throws -> ExternalTool.Output {
        try SSHAuthBinary.run(arguments(fixture, extra, password: password, port: port), environment: InstallFixture.environment)
    }

    /// The fingerprint `ssh-keygen -lf` prints for a .pub file.
    private static func sshKeygenFingerprint(_ publicPath: String) throws -> String {
        let listed = try ExternalTool.run(["ssh-keygen", "-lf", publicPath])
        try #require(listed.status == 0, "\(listed.stderr)")
        return String(listed.stdout.split(separator: " ")[1])
    }

    /// Names in `~/.ssh` other than authorized_keys: a temporary file left behind would show here.
    private static func strayFiles(_ account: SandboxAccount) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: account.sshDirectory)) ?? []).filter { $0 != "authorized_keys" }
    }

    private static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    /// A file with everything that must survive: a comment, blank lines, options with quoted
    /// commas, a CRLF line, a skipped line, the key twice with other options, no final newline.
    private struct MixedFile {
        let removed: InstallFixture.Key
        let kept: [InstallFixture.Key]
        let bytes: [UInt8]
        let expected: [UInt8]

        init(_ fixture: InstallFixture) throws {
            removed = try fixture.publicOnlyKey("gone")
            kept = [try fixture.publicOnlyKey("alice"), try fixture.publicOnlyKey("bob", type: ["-t", "ecdsa"])]
            let parts: [(String, Bool)] = [
                ("# team keys, including \(removed.keyText)\n", true),
                ("\n", true),
                (#"no-pty,command="echo a, b",from="10.0.0.0/8" "# + kept[0].keyText + " alice@laptop\n", true),
                (#"restrict,command="run \"x, y\"" "# + removed.keyText + " gone-restricted\r\n", false),
                (kept[1].keyText + " bob\r\n", true),
                ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBroken carol\n", true),
                ("   \n", true),
                (removed.keyText + " gone-plain\n", false),
                ("# last\n", true),
                (kept[0].keyText + " alice-again", true),
            ]
            bytes = parts.flatMap { Array($0.0.utf8) }
            expected = parts.filter(\.1).flatMap { Array($0.0.utf8) }
        }
    }

    @Test("removes exactly the key's two lines; every other byte identical, mode and owner kept, no file left beside it; ssh agrees")
    func byteExact() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let file = try MixedFile(fixture)
            try account.writeAuthorizedKeys(bytes: file.bytes, fileMode: 0o640)
            let result = try Self.remove(fixture, ["-i", file.removed.publicPath])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(account.authorizedKeysBytes() == file.expected,
                    "\(String(decoding: account.authorizedKeysBytes() ?? [], as: UTF8.self).debugDescription)")
            #expect(result.stdout.hasPrefix("Removed 2 lines with the key \(try Self.sshKeygenFingerprint(file.removed.publicPath)) from ~/.ssh/authorized_keys on "),
                    "\(result.stdout)")
            #expect(result.stdout.contains("  line 4: restrict,command=") && result.stdout.contains("  line 8: ssh-ed25519 "), "\(result.stdout)")
            #expect(Self.mode(account.authorizedKeys) == 0o640)
            var info = stat()
            #expect(stat(account.authorizedKeys, &info) == 0 && info.st_uid == account.uid)
            #expect(Self.strayFiles(account).isEmpty, "\(Self.strayFiles(account))")
            #expect(try account.sandbox.proveKeyLogin(identity: file.removed.privatePath).status != 0, "the removed key no longer logs in")
            #expect(try account.sandbox.proveKeyLogin(identity: file.kept[1].privatePath).status == 0, "a kept key still logs in")
        }
    }

    @Test("--fingerprint with --dry-run --json names the lines and changes nothing; then --json removes them")
    func fingerprintDryRunJSON() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let file = try MixedFile(fixture)
            try account.writeAuthorizedKeys(bytes: file.bytes)
            let fingerprint = try Self.sshKeygenFingerprint(file.removed.publicPath)
            let before = account.snapshot()
            let dry = try Self.remove(fixture, ["--fingerprint", fingerprint, "--dry-run", "--json"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(account.snapshot() == before, "a dry run changes nothing")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any], "\(dry.stdout)")
            #expect(object["dry_run"] as? Bool == true && object["fingerprint"] as? String == fingerprint)
            #expect(object["path"] as? String == account.authorizedKeys)
            let lines = try #require(object["removed"] as? [[String: Any]])
            #expect(lines.map { $0["line"] as? Int } == [4, 8])
            #expect(lines.map { $0["text"] as? String } == [#"restrict,command="run \"x, y\"" "# + file.removed.keyText + " gone-restricted",
                                                           file.removed.keyText + " gone-plain"])
            let text = try Self.remove(fixture, ["--fingerprint", fingerprint, "--dry-run"])
            #expect(text.stdout.contains("Remove lines 4, 8 of ~/.ssh/authorized_keys") && text.stdout.hasSuffix("Dry run: nothing was changed.\n"), "\(text.stdout)")
            #expect(account.snapshot() == before)

            let done = try Self.remove(fixture, ["--fingerprint", fingerprint, "--json"])
            #expect(done.status == 0, "\(done.stderr)")
            let result = try #require(try JSONSerialization.jsonObject(with: Data(done.stdout.utf8)) as? [String: Any], "\(done.stdout)")
            #expect(result["dry_run"] as? Bool == false && (result["removed"] as? [Any])?.count == 2)
            #expect(account.authorizedKeysBytes() == file.expected)
        }
    }

    @Test("installs racing a removal: the removed key is gone and every key an install reported is there, with every other line")
    func concurrentInstall() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let file = try MixedFile(fixture)
            for round in 0..<4 {
                try account.writeAuthorizedKeys(bytes: file.bytes)
                let newcomers = try (0..<3).map { try fixture.publicOnlyKey("racer-\(round)-\($0)") }
                let remover = Process()
                remover.executableURL = URL(fileURLWithPath: SSHAuthBinary.path)
                remover.arguments = Self.arguments(fixture, ["-i", file.removed.publicPath])
                remover.environment = InstallFixture.environment
                remover.standardOutput = FileHandle.nullDevice
                remover.standardError = FileHandle.nullDevice
                // The installs start first and run one after another, so that the removal meets one at a different moment each round.
                let installs = DispatchQueue(label: "installs")
                let reported = LockedKeys()
                let group = DispatchGroup()
                let runs = newcomers.map { (fixture.arguments(key: $0.publicPath, ["--no-verify"]), $0.keyText) }
                installs.async(group: group) {
                    for (arguments, keyText) in runs {
                        if let done = try? SSHAuthBinary.run(arguments, environment: InstallFixture.environment), done.status == 0 { reported.add(keyText) }
                    }
                }
                Thread.sleep(forTimeInterval: Double(round) * 0.05)
                try remover.run()
                remover.waitUntilExit()
                group.wait()
                let after = String(decoding: try #require(account.authorizedKeysBytes()), as: UTF8.self)
                #expect(remover.terminationStatus == 0, "round \(round)")
                #expect(!after.contains(file.removed.keyText + " gone"), "round \(round): \(after)")
                #expect(after.hasPrefix(String(decoding: file.expected, as: UTF8.self)), "round \(round): the kept lines, in order: \(after)")
                for key in reported.all { #expect(after.contains(key), "round \(round): an installed key was lost: \(after)") }
                #expect(reported.all.count == newcomers.count, "round \(round)")
            }
        }
    }

    @Test("a line appended after the removal read the file and before its rename is kept: the removal compares, plans again, and keeps it")
    func changeBeforeRename() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let removed = try fixture.publicOnlyKey("gone")
            let kept = try fixture.publicOnlyKey("kept")
            let newcomer = try fixture.publicOnlyKey("newcomer")
            // Large enough that writing the new file takes a while: the append lands in that time.
            let filler = Array((0..<4000).map { "# filler \($0) " + String(repeating: "x", count: 100) + "\n" }.joined().utf8)
            try account.writeAuthorizedKeys(bytes: filler + removed.publicBytes + kept.publicBytes)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: SSHAuthBinary.path)
            process.arguments = Self.arguments(fixture, ["-i", removed.publicPath])
            var environment = InstallFixture.environment
            environment["SSHAUTH_TRACE"] = "1"
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            // The trace names each read of the file: the first plans the dry run, the second the replacement.
            let readLine = "read \(account.authorizedKeys) ("
            var stderr = "", reads = 0, appended = false
            while true {
                let data = errors.fileHandleForReading.availableData
                if data.isEmpty { break }
                stderr += String(decoding: data, as: UTF8.self)
                reads = stderr.components(separatedBy: readLine).count - 1
                if reads >= 2, !appended {
                    let fd = open(account.authorizedKeys, O_WRONLY | O_APPEND)
                    try #require(fd >= 0)
                    _ = newcomer.publicBytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    close(fd)
                    appended = true
                }
            }
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(stderr)")
            #expect(account.authorizedKeysBytes() == filler + kept.publicBytes + newcomer.publicBytes, "\(stderr)")
            #expect(reads >= 5, "read to plan, read again, compared, then planned and compared once more: \(stderr)")
            #expect(Self.strayFiles(account).isEmpty, "\(Self.strayFiles(account))")
        }
    }

    @Test("killed at random moments, a removal leaves the old file or the new one, whole, never anything between")
    func killedRemoval() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let file = try MixedFile(fixture)
            try account.writeAuthorizedKeys(bytes: file.bytes)
            let started = ContinuousClock.now
            let measured = try Self.remove(fixture, ["-i", file.removed.publicPath])
            try #require(measured.status == 0, "\(measured.stderr)")
            let elapsed = ContinuousClock.now - started
            let window = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            var old = 0, new = 0
            for _ in 0..<16 {
                try account.writeAuthorizedKeys(bytes: file.bytes)
                let process = Process()
                process.executableURL = URL(fileURLWithPath: SSHAuthBinary.path)
                process.arguments = Self.arguments(fixture, ["-i", file.removed.publicPath])
                process.environment = InstallFixture.environment
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                Thread.sleep(forTimeInterval: Double.random(in: (window * 0.3)...(window * 1.1)))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                // A request that reached the server before the kill is still carried out.
                Thread.sleep(forTimeInterval: 0.1)
                let after = account.authorizedKeysBytes()
                #expect(after == file.bytes || after == file.expected, "\(String(decoding: after ?? [], as: UTF8.self).debugDescription)")
                if after == file.bytes { old += 1 } else if after == file.expected { new += 1 }
                // What a killed run may leave is only its own, unused, temporary file, which sshd never reads.
                for stray in Self.strayFiles(account) {
                    #expect(stray.hasPrefix(".authorized_keys.sshauth-"), "\(stray)")
                    try FileManager.default.removeItem(atPath: account.sshDirectory + "/" + stray)
                }
            }
            print("killed removals: \(old) left the old file, \(new) the new one")
        }
    }

    @Test("an SFTP server without posix-rename is refused before anything is written; one that refuses fsync fails the write and the new file is removed: the target unchanged", arguments: [
        ("posix-rename", "does not offer posix-rename@openssh.com"),
        ("fsync", "Could not flush to disk"),
    ])
    func serverWithout(_ denied: String, _ expected: String) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let file = try MixedFile(fixture)
            try account.writeAuthorizedKeys(bytes: file.bytes)
            // OpenSSH's sftp-server with one request denied: it is neither offered nor carried out.
            let server = try ExtraSSHD.likeSandbox(in: fixture.scratch, name: "no-\(denied)",
                                                   options: ["ForceCommand=/usr/lib/openssh/sftp-server -P \(denied)"])
            defer { server.stop() }
            let before = account.snapshot()
            let result = try Self.remove(fixture, ["-i", file.removed.publicPath, "--accept-new-host-key"], port: server.port)
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains(expected) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(account.snapshot() == before, "\(Self.strayFiles(account))")
        }
    }

    @Test("removing the key this run logged in with is refused and changes nothing; --force needs a proof that works, then removes")
    func lockoutLoginKey() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let login = try fixture.publicOnlyKey("login")
            let other = try fixture.publicOnlyKey("other")
            let bytes = login.publicBytes + other.publicBytes
            try account.writeAuthorizedKeys(bytes: bytes)
            let before = account.snapshot()
            let identity = ["--identity", login.privatePath, "-i", login.publicPath]
            let refused = try Self.remove(fixture, identity, password: false)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("is the key this run logged in with") && refused.stderr.contains("--force"), "\(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
            let forcedWithoutProof = try Self.remove(fixture, identity + ["--force"], password: false)
            #expect(forcedWithoutProof.status == 1 && forcedWithoutProof.stderr.contains("--proof-identity"), "\(forcedWithoutProof.stderr)")
            let selfProof = try Self.remove(fixture, identity + ["--force", "--proof-identity", login.privatePath], password: false)
            #expect(selfProof.status == 1 && selfProof.stderr.contains("is the key being removed"), "\(selfProof.stderr)")
            let wrongPassword = fixture.scratch.file("wrong-password")
            try Data("not-the-password".utf8).write(to: URL(fileURLWithPath: wrongPassword))
            chmod(wrongPassword, 0o600)
            let failedProof = try Self.remove(fixture, identity + ["--force", "--proof-password-file", wrongPassword], password: false)
            #expect(failedProof.status == 1 && failedProof.stderr.contains("the proof with --force failed"), "\(failedProof.stderr)")
            #expect(account.snapshot() == before, "refusals change nothing")

            let proven = try Self.remove(fixture, identity + ["--force", "--proof-identity", other.privatePath], password: false)
            #expect(proven.status == 0, "\(proven.stderr)")
            #expect(proven.stdout.hasPrefix("Proven first: log in with the key \(other.privatePath)"), "\(proven.stdout)")
            #expect(account.authorizedKeysBytes() == other.publicBytes)
        }
    }

    @Test("on a server that takes only keys, removing a file's last key line is refused and changes nothing; where passwords are offered it is not")
    func lockoutLastKey() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let login = try fixture.publicOnlyKey("login")
            let last = try fixture.publicOnlyKey("last")
            // The run logs in through authorized_keys; the file named holds one other key only.
            try account.writeAuthorizedKeys(bytes: login.publicBytes)
            let second = account.sshDirectory + "/keys2"
            let secondBytes = Array("# the only key\n".utf8) + last.publicBytes
            try account.writeAuthorizedKeys(bytes: secondBytes, at: second, dirMode: 0o700, fileMode: 0o600, owner: nil)
            let before = account.snapshot()
            let arguments = ["--identity", login.privatePath, "-i", last.publicPath, "--target-path", ".ssh/keys2"]
            let refused = try Self.remove(fixture, arguments, password: false, port: account.sandbox.keyOnlyPort)
            #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
            #expect(refused.stderr.contains("leaves ~/.ssh/keys2 on ") && refused.stderr.contains("does not offer password login"), "\(refused.stderr)")
            #expect(account.snapshot() == before)
            let allowed = try Self.remove(fixture, arguments, password: false)
            #expect(allowed.status == 0, "the sandbox's main port takes passwords: \(allowed.stderr)")
            #expect(account.authorizedKeysBytes(at: second) == Array("# the only key\n".utf8))
        }
    }

    /// A bad input, how it is arranged in the account, the extra arguments, and a part of the one sentence expected.
    struct BadInput: CustomTestStringConvertible, Sendable {
        let name: String
        let arrange: @Sendable (SandboxAccount, [UInt8]) throws -> Void
        let extra: @Sendable (InstallFixture) -> [String]
        let expected: String
        var status: Int32 = 1
        var testDescription: String { name }
    }

    static let unknownFingerprint = "SHA256:" + String(repeating: "A", count: 43)

    static let badInputs: [BadInput] = [
        BadInput(name: "a fingerprint that matches nothing", arrange: { _, _ in }, extra: { _ in ["--fingerprint", unknownFingerprint] },
                 expected: "carries the key \(unknownFingerprint); nothing was changed"),
        BadInput(name: "a key that is not in the file", arrange: { _, _ in }, extra: { [ "-i", $0.scratch.file("absent.pub")] },
                 expected: "carries the key SHA256:"),
        BadInput(name: "a malformed fingerprint", arrange: { _, _ in }, extra: { _ in ["--fingerprint", "SHA256:short"] },
                 expected: "--fingerprint SHA256:short is not a SHA256 fingerprint"),
        BadInput(name: "an MD5 fingerprint", arrange: { _, _ in }, extra: { _ in ["--fingerprint", "MD5:00:11"] }, expected: "is not a SHA256 fingerprint"),
        BadInput(name: "no key named", arrange: { _, _ in }, extra: { _ in [] }, expected: "name the key to remove", status: 64),
        BadInput(name: "-i and --fingerprint", arrange: { _, _ in }, extra: { ["-i", $0.scratch.file("absent.pub"), "--fingerprint", unknownFingerprint] },
                 expected: "give one", status: 64),
        BadInput(name: "-i of a missing file", arrange: { _, _ in }, extra: { ["-i", $0.scratch.file("missing.pub")] }, expected: "missing.pub"),
        BadInput(name: "-i of a file that is no key", arrange: { _, _ in }, extra: { ["-i", $0.scratch.file("known_hosts.txt")] },
                 expected: "holds no public key"),
        BadInput(name: "a proof without --force", arrange: { _, _ in }, extra: { _ in ["--fingerprint", unknownFingerprint, "--proof-password-file", "/nonexistent"] },
                 expected: "go with --force", status: 64),
        BadInput(name: "no authorized_keys", arrange: { account, _ in try FileManager.default.removeItem(atPath: account.authorizedKeys) },
                 extra: { _ in ["--fingerprint", unknownFingerprint] }, expected: "does not exist, so it holds no key"),
        BadInput(name: "a symbolic link", arrange: { account, bytes in
            try account.writeAuthorizedKeys(bytes: bytes, at: account.sshDirectory + "/real_keys", dirMode: 0o700, fileMode: 0o600, owner: nil)
            try FileManager.default.removeItem(atPath: account.authorizedKeys)
            try FileManager.default.createSymbolicLink(atPath: account.authorizedKeys, withDestinationPath: "real_keys")
        }, extra: { _ in ["--fingerprint", unknownFingerprint] }, expected: "is a symbolic link"),
        BadInput(name: "a file owned by root", arrange: { account, bytes in
            try account.writeAuthorizedKeys(bytes: bytes, fileMode: 0o644)
            try account.chown(account.authorizedKeys, to: "root")
        }, extra: { _ in ["--fingerprint", "KEY"] }, expected: "belongs to root, not"),
        BadInput(name: "a directory", arrange: { _, _ in }, extra: { _ in ["--fingerprint", unknownFingerprint, "--target-path", ".ssh"] },
                 expected: "is the ~/.ssh directory itself"),
    ]

    @Test("bad input: one sentence naming it, non-zero status, nothing written", arguments: badInputs)
    func badInput(_ bad: BadInput) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let present = try fixture.publicOnlyKey("present")
            try account.writeAuthorizedKeys(bytes: present.publicBytes)
            try Data("#\n".utf8).write(to: URL(fileURLWithPath: fixture.scratch.file("known_hosts.txt")))
            // A key that exists but is not in the file.
            try FileManager.default.copyItem(atPath: try fixture.publicOnlyKey("absent").publicPath, toPath: fixture.scratch.file("absent.pub"))
            try bad.arrange(account, present.publicBytes)
            let before = account.snapshot()
            let extra = bad.extra(fixture).map { $0 == "KEY" ? (try? Self.sshKeygenFingerprint(present.publicPath)) ?? "" : $0 }
            let result = try Self.remove(fixture, extra)
            #expect(result.status == bad.status, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.isEmpty, "\(result.stdout)")
            #expect(result.stderr.contains(bad.expected), "\(result.stderr)")
            if bad.status == 1 { #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)") }
            #expect(account.snapshot() == before)
        }
    }
}

/// The keys the installs reported as installed, from the queue that runs them.
private final class LockedKeys: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String] = []

    func add(_ key: String) { lock.withLock { keys.append(key) } }
    var all: [String] { lock.withLock { keys } }
}

/// The lockout rule as pure logic: which removals risk shutting the user out.
@Suite struct KeyRemovalLockoutTests {
    private static let login = try! SSHPublicKey(ed25519: [UInt8](repeating: 1, count: 32))
    private static let other = try! SSHPublicKey(ed25519: [UInt8](repeating: 2, count: 32))

    private static func file(_ keys: [SSHPublicKey], prefix: String = "") -> [UInt8] {
        Array(keys.map { prefix + PublicKeyLine(key: $0, comment: "").text + "\n" }.joined().utf8)
    }

    @Test("the login key is a risk whatever else is offered; the last key only without a password method; a password login removing a key with others left is none")
    func risks() {
        let both = Self.file([Self.login, Self.other])
        let removingLogin = KeyLineRemoval(bytes: both, removing: .key(Self.login))
        #expect(KeyRemovalLockout.risk(removingLogin, loginKey: Self.login, offeredMethods: ["publickey", "password"]) == .removesLoginKey(Fingerprint(of: Self.login)))
        #expect(KeyRemovalLockout.risk(removingLogin, loginKey: nil, offeredMethods: ["publickey"]) == nil, "a key is left")
        let onlyOther = KeyLineRemoval(bytes: Self.file([Self.other]), removing: .key(Self.other))
        #expect(KeyRemovalLockout.risk(onlyOther, loginKey: Self.login, offeredMethods: ["publickey"]) == .removesLastKey)
        #expect(KeyRemovalLockout.risk(onlyOther, loginKey: Self.login, offeredMethods: ["publickey", "keyboard-interactive"]) == nil)
        #expect(KeyRemovalLockout.risk(onlyOther, loginKey: nil, offeredMethods: ["publickey", "password"]) == nil)
        let caLeft = KeyLineRemoval(bytes: Self.file([Self.login]) + Self.file([Self.other], prefix: "cert-authority "), removing: .key(Self.login))
        #expect(KeyRemovalLockout.risk(caLeft, loginKey: Self.other, offeredMethods: ["publickey"]) == .removesLastKey,
                "a cert-authority line is not a key that logs in by itself")
    }
}
