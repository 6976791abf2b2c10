import Foundation
import TestSupport
import Testing

/// `sshauth keys` against the real sshd: every key line listed with ssh-keygen's fingerprint, the
/// local copies named, skipped lines explained, and nothing written anywhere.
@Suite(.serialized) struct KeysCommandTests {
    /// The arguments of `sshauth keys` against the sandbox, with the password file and known_hosts
    /// copy unless given otherwise.
    private static func arguments(_ fixture: InstallFixture, _ extra: [String] = [], password: String? = nil, knownHosts: String? = nil) -> [String] {
        ["keys", "--password-file", password ?? fixture.sandbox.passwordFile, "--known-hosts", knownHosts ?? fixture.knownHosts,
         "-p", String(fixture.sandbox.port)] + extra + ["\(fixture.account.name)@\(fixture.sandbox.host)"]
    }

    private static func keys(_ fixture: InstallFixture, _ extra: [String] = [], environment: [String: String] = InstallFixture.environment) throws -> ExternalTool.Output {
        try SSHAuthBinary.run(arguments(fixture, extra), environment: environment)
    }

    /// The fingerprint `ssh-keygen -lf` prints for a .pub file.
    private static func sshKeygenFingerprint(_ publicPath: String) throws -> String {
        let listed = try ExternalTool.run(["ssh-keygen", "-lf", publicPath])
        try #require(listed.status == 0, "\(listed.stderr)")
        return String(listed.stdout.split(separator: " ")[1])
    }

    /// The row of the text listing that starts with line number `line`.
    private static func row(_ output: String, line: Int) -> String? {
        output.split(separator: "\n").map(String.init).first { $0.hasPrefix("\(line) ") }
    }

    /// An authorized_keys with a comment, blank lines, options with a quoted comma, a CRLF line, a
    /// line sshd skips, and a last key without a newline; the keys are on lines 3, 4 and 7.
    private struct MixedFile {
        let keys: [InstallFixture.Key]
        let bytes: [UInt8]
        static let options = #"no-pty,command="echo a, b",from="10.0.0.0/8""#
        static let skipped = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBroken-base64-text-that-runs-long carol"

        init(_ fixture: InstallFixture) throws {
            keys = [try fixture.publicOnlyKey("alice"), try fixture.publicOnlyKey("bob", type: ["-t", "ecdsa", "-b", "384"]),
                    try fixture.publicOnlyKey("dave", type: ["-t", "rsa", "-b", "2048"])]
            let text = "# team keys\n\n" + Self.options + " " + keys[0].keyText + " alice@laptop\n" + keys[1].keyText + " bob\r\n"
                + Self.skipped + "\n   \n" + keys[2].keyText
            bytes = Array(text.utf8)
        }
    }

    @Test("options, comments, blank lines, CRLF and a skipped line: each key with ssh-keygen's fingerprint and its options as written; nothing is written")
    func mixedFile() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let file = try MixedFile(fixture)
            try account.writeAuthorizedKeys(bytes: file.bytes)
            let before = account.snapshot()
            let knownHostsBefore = try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts))
            let result = try Self.keys(fixture)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.hasPrefix("~/.ssh/authorized_keys on \(account.name)@\(fixture.sandbox.host) port \(fixture.sandbox.port): 3 keys, 1 line that sshd skips\n"), "\(result.stdout)")
            for (line, key, type, bits) in [(3, file.keys[0], "ED25519", "256"), (4, file.keys[1], "ECDSA", "384"), (7, file.keys[2], "RSA", "2048")] {
                let row = try #require(Self.row(result.stdout, line: line), "\(result.stdout)")
                let cells = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                #expect(Array(cells.prefix(4)) == [String(line), type, bits, try Self.sshKeygenFingerprint(key.publicPath)], "\(row)")
            }
            let third = try #require(Self.row(result.stdout, line: 3))
            #expect(third.split(separator: " ")[4] == "-", "no local copy: \(third)")
            #expect(third.hasSuffix("  \(MixedFile.options)  alice@laptop"), "\(third)")
            #expect(Self.row(result.stdout, line: 4)?.hasSuffix(" bob") == true, "the CR of a CRLF line is no part of the comment: \(result.stdout)")
            let skipped = try #require(Self.row(result.stdout, line: 5), "\(result.stdout)")
            #expect(skipped.hasPrefix("5     not a key: "), "aligned with the LINE column: \(skipped)")
            #expect(skipped.hasSuffix("; the line starts: " + String(MixedFile.skipped.prefix(40))), "\(skipped)")
            #expect(!skipped.contains(MixedFile.skipped.prefix(41)))
            for line in [1, 2, 6] { #expect(Self.row(result.stdout, line: line) == nil, "blank and comment lines are not listed") }
            #expect(account.snapshot() == before, "keys writes nothing on the target")
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts)) == knownHostsBefore)
        }
    }

    @Test("--json is an array of one object per listed line; a key the ssh-agent holds is named with the agent's comment")
    func jsonAndAgent() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let file = try MixedFile(fixture)
            try account.writeAuthorizedKeys(bytes: file.bytes)
            let agent = try PrivateAgent(socket: fixture.scratch.file("agent.sock"))
            defer { agent.stop() }
            var environment = InstallFixture.environment
            environment["SSH_AUTH_SOCK"] = agent.socket
            let added = try ExternalTool.run(["ssh-add", file.keys[1].privatePath], environment: environment)
            try #require(added.status == 0, "\(added.stderr)")
            let result = try Self.keys(fixture, ["--json"], environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout)")
            #expect(objects.map { $0["line"] as? Int } == [3, 4, 5, 7])
            #expect(objects.map { $0["valid"] as? Bool } == [true, true, false, true])
            let first = objects[0]
            #expect(Set(first.keys) == ["line", "valid", "type", "bits", "fingerprint", "comment", "options", "local_keys"])
            #expect(first["type"] as? String == "ssh-ed25519" && first["bits"] as? Int == 256)
            #expect(first["fingerprint"] as? String == (try Self.sshKeygenFingerprint(file.keys[0].publicPath)))
            #expect(first["options"] as? String == MixedFile.options && first["comment"] as? String == "alice@laptop")
            #expect((first["local_keys"] as? [Any])?.isEmpty == true)
            let agentCopies = try #require(objects[1]["local_keys"] as? [[String: String]])
            #expect(agentCopies == [["source": "agent", "comment": "other-bob"]], "\(result.stdout)")
            #expect(objects[1]["options"] as? String == "" && objects[1]["comment"] as? String == "bob")
            let skipped = objects[2]
            #expect(Set(skipped.keys) == ["line", "valid", "reason", "start"])
            #expect(skipped["start"] as? String == String(MixedFile.skipped.prefix(40)))
            #expect((skipped["reason"] as? String)?.isEmpty == false)
            let text = try Self.keys(fixture, environment: environment)
            #expect(Self.row(text.stdout, line: 4)?.contains(" agent (other-bob) ") == true, "\(text.stdout)")
        }
    }

    @Test("run as the account itself, a key whose .pub is in ~/.ssh is named by that file; no file at all is 'no authorized_keys', status 0")
    func localPublicKeyFile() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let file = try MixedFile(fixture)
            try account.writeAuthorizedKeys(bytes: file.bytes)
            // The account is client and target at once, so its ~/.ssh is the local one.
            let local = account.sshDirectory + "/laptop.pub"
            try Data(file.keys[2].publicBytes).write(to: URL(fileURLWithPath: local))
            let password = account.sshDirectory + "/password"
            let knownHosts = account.sshDirectory + "/known_hosts"
            try Data(contentsOf: URL(fileURLWithPath: fixture.sandbox.passwordFile)).write(to: URL(fileURLWithPath: password))
            try FileManager.default.copyItem(atPath: fixture.knownHosts, toPath: knownHosts)
            for path in [local, password, knownHosts] {
                try account.chown(path, to: account.name)
                try account.chmod(path, 0o600)
            }
            let asAccount = ["setpriv", "--reuid=\(account.uid)", "--regid=\(account.gid)", "--init-groups", SSHAuthBinary.path]
            let before = account.snapshot()
            let result = try ExternalTool.run(asAccount + Self.arguments(fixture, password: password, knownHosts: knownHosts),
                                              environment: InstallFixture.environment)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(Self.row(result.stdout, line: 7)?.contains(" ~/.ssh/laptop.pub ") == true, "\(result.stdout)")
            #expect(Self.row(result.stdout, line: 3)?.split(separator: " ")[4] == "-", "\(result.stdout)")
            #expect(account.snapshot() == before)

            try FileManager.default.removeItem(atPath: account.authorizedKeys)
            let missing = try ExternalTool.run(asAccount + Self.arguments(fixture, password: password, knownHosts: knownHosts),
                                               environment: InstallFixture.environment)
            #expect(missing.status == 0, "\(missing.stderr)")
            #expect(missing.stdout == "no authorized_keys: ~/.ssh/authorized_keys does not exist on \(account.name)@\(fixture.sandbox.host) port \(fixture.sandbox.port).\n")
            let json = try ExternalTool.run(asAccount + Self.arguments(fixture, ["--json"], password: password, knownHosts: knownHosts),
                                            environment: InstallFixture.environment)
            #expect(json.status == 0, "\(json.stderr)")
            #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])?.isEmpty == true, "\(json.stdout)")
            #expect(!FileManager.default.fileExists(atPath: account.authorizedKeys), "nothing is created")
        }
    }

    @Test("an unknown host key accepted with --accept-new-host-key lists the file and is still not recorded")
    func acceptedHostKeyNotRecorded() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.publicOnlyKey("accepted")
            try account.writeAuthorizedKeys(bytes: key.publicBytes)
            try Data().write(to: URL(fileURLWithPath: fixture.knownHosts))
            let result = try Self.keys(fixture, ["--accept-new-host-key"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(Self.row(result.stdout, line: 1)?.contains(try Self.sshKeygenFingerprint(key.publicPath)) == true, "\(result.stdout)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts)).isEmpty, "keys records no host key")
        }
    }

    /// How each bad input is made in the account (nothing by default), the extra arguments, and a
    /// part of the one sentence expected.
    struct BadInput: CustomTestStringConvertible, Sendable {
        let name: String
        let arrange: @Sendable (SandboxAccount) throws -> Void
        let extra: [String]
        let expected: String
        var noPassword = false
        var emptyKnownHosts = false
        var status: Int32 = 1
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "a directory", arrange: { account in
            try account.writeAuthorizedKeys(bytes: [], at: account.home + "/keysdir/file", dirMode: 0o700, fileMode: 0o600, owner: nil)
        }, extra: ["--target-path", "keysdir"], expected: "~/keysdir on "),
        BadInput(name: "a named pipe", arrange: { account in
            try account.writeAuthorizedKeys(bytes: [])
            try FileManager.default.removeItem(atPath: account.authorizedKeys)
            guard mkfifo(account.authorizedKeys, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
            try account.chown(account.authorizedKeys, to: account.name)
        }, extra: [], expected: "is a device, socket or pipe, not an authorized_keys file"),
        BadInput(name: "a file the account cannot read", arrange: { account in
            try account.writeAuthorizedKeys(bytes: Array("# root's\n".utf8), dirMode: 0o755, fileMode: 0o600, owner: "root")
        }, extra: [], expected: "cannot be read by"),
        BadInput(name: "--target-path /dev/zero", arrange: { _ in }, extra: ["--target-path", "/dev/zero"], expected: "is under /dev"),
        BadInput(name: "--target-path ''", arrange: { _ in }, extra: ["--target-path", ""], expected: "--target-path is empty"),
        BadInput(name: "--target-path .ssh", arrange: { _ in }, extra: ["--target-path", ".ssh"], expected: "is the ~/.ssh directory itself"),
        BadInput(name: "-p 0", arrange: { _ in }, extra: ["-p", "0"], expected: "-p 0 is not a TCP port", status: 64),
        BadInput(name: "--timeout 0", arrange: { _ in }, extra: ["--timeout", "0"], expected: "--timeout 0 is out of range", status: 64),
        BadInput(name: "no password and no terminal", arrange: { _ in }, extra: [], expected: "no way to log in", noPassword: true),
        BadInput(name: "an unknown host key", arrange: { _ in }, extra: [], expected: "is not known", emptyKnownHosts: true),
    ]

    @Test("bad input: one sentence naming it, non-zero status, nothing listed and nothing written", arguments: badInputs)
    func badInput(_ bad: BadInput) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory(removing: ["keysdir"])
            let fixture = try InstallFixture(account)
            try bad.arrange(account)
            if bad.emptyKnownHosts { try Data().write(to: URL(fileURLWithPath: fixture.knownHosts)) }
            let knownHostsBefore = try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts))
            let before = account.snapshot()
            var arguments = Self.arguments(fixture, bad.extra)
            if bad.noPassword { arguments.removeSubrange(1...2) }
            let result = try SSHAuthBinary.run(arguments, environment: InstallFixture.environment)
            #expect(result.status == bad.status, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.isEmpty, "\(result.stdout)")
            #expect(result.stderr.contains(bad.expected), "\(result.stderr)")
            if bad.status == 1 { #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)") }
            #expect(account.snapshot() == before)
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts)) == knownHostsBefore)
            try account.resetSSHDirectory(removing: ["keysdir"])
        }
    }
}
