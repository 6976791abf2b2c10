import AuthSetup
import Foundation
import SSHKeys
import TestSupport
import Testing

/// `sshauth ring install` (mechanism 4 on the command line) through the built binary, against the
/// loopback sshd, a private ssh-agent, and the real ssh, ssh-add and ssh-keygen.
@Suite(.serialized) struct RingInstallCommandTests {
    /// The sandbox target with its password, a known_hosts file, and `extra` before the target.
    private static func arguments(_ reference: String, fixture: RingFixture, account: SandboxAccount, knownHosts: String,
                                  _ extra: [String] = []) -> [String] {
        ["ring", "install", reference, "--ring-password-file", fixture.passwordFile, "--password-file", account.sandbox.passwordFile,
         "--known-hosts", knownHosts, "-p", String(account.sandbox.port)] + extra + ["\(account.name)@\(account.sandbox.host)"]
    }

    private static func environment(agent: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SSH_AUTH_SOCK"] = agent
        return environment
    }

    /// A copy of the sandbox's known_hosts in the fixture's directory.
    private static func knownHostsCopy(_ fixture: RingFixture, account: SandboxAccount) throws -> String {
        let copy = fixture.scratch.file("known_hosts")
        try FileManager.default.copyItem(atPath: account.sandbox.knownHosts, toPath: copy)
        return copy
    }

    /// Logs in with ssh through `agent` alone (no key file, no other agent).
    private static func loginThrough(_ agent: String, account: SandboxAccount) throws -> ExternalTool.Output {
        try ExternalTool.run(["ssh"] + account.sandbox.strictSSHOptions + ["-o", "IdentityAgent=\(agent)", "-o", "IdentitiesOnly=no",
                                                                           "-o", "PreferredAuthentications=publickey",
                                                                           "\(account.name)@\(account.sandbox.host)", "echo", "ring-install-ok"],
                             environment: environment(agent: nil))
    }

    @Test("an existing certificate: exported next to the ring, installed, its key in the agent, login proved; ssh logs in through the agent alone; the ring is unchanged; the output ends with the line that repeats it")
    func existingCertificate() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try RingFixture()
            try fixture.create("INSTALL-CERT", ["--cn", "Install Me", "--key", "ecdsa:256"])
            let ringBefore = try Data(contentsOf: URL(fileURLWithPath: fixture.ring))
            let agent = try PrivateAgent(socket: fixture.scratch.file("agent.sock"))
            defer { agent.stop() }
            let knownHosts = try Self.knownHostsCopy(fixture, account: account)
            let arguments = Self.arguments(fixture.ring + ":INSTALL-CERT", fixture: fixture, account: account, knownHosts: knownHosts)
            let result = try SSHAuthBinary.run(arguments, environment: Self.environment(agent: agent.socket))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("done: Load the certificate's private key into the ssh-agent"), "\(result.stdout)")
            #expect(result.stdout.contains("ssh logged in through the agent"), "\(result.stdout)")

            let publicPath = fixture.scratch.file("ring-INSTALL-CERT.pub")
            let publicLine = try String(contentsOfFile: publicPath, encoding: .utf8)
            #expect(publicLine.hasSuffix(" INSTALL-CERT\n"))
            let exported = try fixture.sshauth(["ring", "export", fixture.ring + ":INSTALL-CERT", "--ring-password-file", fixture.passwordFile])
            #expect(exported.stdout == publicLine, "the file holds what ring export prints")
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
            let fingerprint = try ExternalTool.run(["ssh-keygen", "-lf", publicPath]).stdout.split(separator: " ")[1]
            #expect(try ExternalTool.run(["ssh-add", "-l"], environment: Self.environment(agent: agent.socket)).stdout.contains(fingerprint))
            let through = try Self.loginThrough(agent.socket, account: account)
            #expect(through.status == 0 && through.stdout == "ring-install-ok\n", "\(through.stderr)")
            #expect(try Self.loginThrough("none", account: account).status != 0, "it is the agent's key that logs in")
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.ring)) == ringBefore, "the ring is unchanged")

            // The last line repeats the run: -p went into the target, the secrets are their files.
            let lastLine = try #require(result.stdout.split(separator: "\n").last.map(String.init))
            let target = "\(account.name)@\(account.sandbox.host):\(account.sandbox.port)"
            let expectedRepeat = ["sshauth", "ring", "install", fixture.ring + ":INSTALL-CERT", "--ring-password-file", fixture.passwordFile,
                                  "--password-file", account.sandbox.passwordFile, "--known-hosts", knownHosts, target]
            #expect(lastLine == "Repeat with: " + expectedRepeat.map(ShellQuoting.quote).joined(separator: " "), "\(result.stdout)")

            // That line, run by the shell, does it again: the key is found in place, nothing is added twice.
            let repeated = String(lastLine.dropFirst("Repeat with: sshauth".count))
            let again = try ExternalTool.run(["sh", "-c", ShellQuoting.quote(SSHAuthBinary.path) + repeated],
                                             environment: Self.environment(agent: agent.socket))
            #expect(again.status == 0, "\(again.stderr)")
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
            #expect(again.stdout.contains("already exported to \(publicPath)"), "\(again.stdout)")
        }
    }

    @Test("--create in a new ring: the ring is made (0600) with the certificate, which is installed and proved through the agent; no file holds the private key; --json tells what was done")
    func createdCertificate() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let started = time(nil) - 1
            let fixture = try RingFixture()
            let agent = try PrivateAgent(socket: fixture.scratch.file("agent.sock"))
            defer { agent.stop() }
            let knownHosts = try Self.knownHostsCopy(fixture, account: account)
            let arguments = Self.arguments(fixture.ring + ":NEW-CERT", fixture: fixture, account: account, knownHosts: knownHosts,
                                           ["--create", "--cn", "Batch Job", "--o", "Example", "--c", "US", "--key", "ecdsa:256",
                                            "--not-after", "2099-12-31", "--json"])
            let result = try SSHAuthBinary.run(arguments, environment: Self.environment(agent: agent.socket))
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
            #expect(Set(object.keys) == ["target", "ring", "label", "certificate_created", "new_ring", "fingerprint", "public_key_file",
                                         "agent_socket", "login_proved", "login_command", "repeat_command"], "\(object.keys)")
            #expect(object["certificate_created"] as? Bool == true && object["new_ring"] as? Bool == true)
            #expect(object["login_proved"] as? Bool == true && object["agent_socket"] as? String == agent.socket)
            #expect(object["ring"] as? String == fixture.ring && object["label"] as? String == "NEW-CERT")
            #expect((object["repeat_command"] as? String)?.contains("--create --cn 'Batch Job' --o Example --c US --key ecdsa:256 --not-after 2099-12-31") == true,
                    "\(object["repeat_command"] ?? "")")

            #expect(fixture.mode(of: fixture.ring) == 0o600)
            let listed = try fixture.sshauth(["ring", "list", fixture.ring + ":NEW-CERT", "--ring-password-file", fixture.passwordFile])
            #expect(listed.status == 0 && listed.stdout.contains("O=Example") && listed.stdout.contains("2099-12-31"), "\(listed.stdout) \(listed.stderr)")
            let publicPath = try #require(object["public_key_file"] as? String)
            let publicLine = try String(contentsOfFile: publicPath, encoding: .utf8)
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
            let fingerprint = try #require(object["fingerprint"] as? String)
            #expect(try ExternalTool.run(["ssh-keygen", "-lf", publicPath]).stdout.contains(fingerprint))
            #expect(try Self.loginThrough(agent.socket, account: account).status == 0)
            // The private key is in the (encrypted) ring and the agent only.
            let secrets = try fixture.privateKeyNeedles(label: "NEW-CERT")
            let holders = PrivateKeyScan.files(under: [fixture.scratch.path, account.home, "/tmp"], containingAnyOf: secrets, changedSince: started)
            #expect(holders.isEmpty, "files holding the private key: \(holders)")

            // The same run again (as its set-up or repeat line would) uses the certificate it made:
            // the ring is not written again and nothing is added to authorized_keys.
            let ringAfter = try Data(contentsOf: URL(fileURLWithPath: fixture.ring))
            let twice = try SSHAuthBinary.run(arguments.filter { $0 != "--json" }, environment: Self.environment(agent: agent.socket))
            #expect(twice.status == 0, "\(twice.stderr)")
            #expect(twice.stdout.contains("is already in the ring with the subject this set-up describes"), "\(twice.stdout)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.ring)) == ringAfter)
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
            // Another subject under that label is a conflict, not the certificate the run made.
            let other = try SSHAuthBinary.run(arguments.map { $0 == "Batch Job" ? "Someone Else" : $0 }, environment: Self.environment(agent: agent.socket))
            #expect(other.status != 0 && other.stderr.contains("already has a certificate labelled 'NEW-CERT', with another subject"), "\(other.stderr)")
        }
    }

    @Test("--dry-run prints the plan (create, export, install, load, prove) and changes nothing: ring, known_hosts, the target, the directory and the agent stay as they were; --json gives the same plan")
    func dryRunChangesNothing() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try RingFixture()
            try fixture.create("OLD", ["--cn", "Old", "--key", "ecdsa:256"])
            let agent = try PrivateAgent(socket: fixture.scratch.file("agent.sock"))
            defer { agent.stop() }
            // An empty known_hosts and --accept-new-host-key: a run that is not dry would record the key.
            let knownHosts = try fixture.scratch.write("known_hosts", "", mode: 0o600)
            let targetBefore = account.snapshot()
            let localBefore = fixture.snapshot()
            var plans: [String] = []
            for output in [["--dry-run"], ["--dry-run", "--json"]] {
                let arguments = Self.arguments(fixture.ring + ":NEW", fixture: fixture, account: account, knownHosts: knownHosts,
                                               ["--create", "--cn", "New", "--key", "ecdsa:256", "--not-after", "2099-12-31",
                                                "--accept-new-host-key"] + output)
                let result = try SSHAuthBinary.run(arguments, environment: Self.environment(agent: agent.socket))
                #expect(result.status == 0, "\(result.stderr)")
                plans.append(result.stdout)
            }
            let text = plans[0]
            let summaries = ["Create the self-signed certificate 'NEW'", "Export the certificate's public key in OpenSSH format to",
                             "Create ~/.ssh/authorized_keys", "Load the certificate's private key into the ssh-agent",
                             "Prove that the key logs in through the ssh-agent"]
            var rest = Substring(text)
            for summary in summaries {
                let found = try #require(rest.range(of: summary), "\(summary) missing or out of order in: \(text)")
                rest = rest[found.upperBound...]
            }
            #expect(text.contains("sshauth ring create --ring \(fixture.ring) --label NEW --cn New --key ecdsa:256 --not-after 2099-12-31"), "\(text)")
            #expect(!text.contains("correct horse") && !plans[1].contains("correct horse"), "no ring password in the plan")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(plans[1].utf8)) as? [String: Any], "\(plans[1])")
            let steps = try #require(json["steps"] as? [[String: Any]])
            // The JSON holds the same steps as the text, in the same order.
            var remaining = Substring(text)
            for step in steps {
                let summary = try #require(step["summary"] as? String)
                let found = try #require(remaining.range(of: summary), "\(summary) not in the text plan: \(text)")
                remaining = remaining[found.upperBound...]
            }
            #expect((steps.first?["summary"] as? String)?.hasPrefix("Create the self-signed certificate 'NEW'") == true)
            #expect(json["dry_run"] as? Bool == true)

            #expect(fixture.snapshot() == localBefore, "ring, known_hosts and the directory unchanged")
            #expect(account.snapshot() == targetBefore, "nothing written on the target")
            #expect(try ExternalTool.run(["ssh-add", "-l"], environment: Self.environment(agent: agent.socket)).status == 1, "the agent holds no key")
        }
    }

    @Test("no agent: refused before any change with how to start one; --no-agent installs only, the plan and the output say the proof is skipped")
    func noAgent() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try RingFixture()
            try fixture.create("CERT", ["--cn", "Cert", "--key", "ecdsa:256"])
            let knownHosts = try Self.knownHostsCopy(fixture, account: account)
            let targetBefore = account.snapshot()
            let localBefore = fixture.snapshot()
            let refused = try SSHAuthBinary.run(Self.arguments(fixture.ring + ":CERT", fixture: fixture, account: account, knownHosts: knownHosts),
                                                environment: Self.environment(agent: nil))
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("eval \"$(ssh-agent)\"") && refused.stderr.contains("--no-agent"), "\(refused.stderr)")
            #expect(fixture.snapshot() == localBefore && account.snapshot() == targetBefore, "nothing changed")

            let installed = try SSHAuthBinary.run(Self.arguments(fixture.ring + ":CERT", fixture: fixture, account: account, knownHosts: knownHosts,
                                                                 ["--no-agent"]),
                                                  environment: Self.environment(agent: nil))
            #expect(installed.status == 0, "\(installed.stderr)")
            #expect(installed.stdout.contains("No ssh-agent (--no-agent)"), "\(installed.stdout)")
            #expect(!installed.stdout.contains("done: Load") && !installed.stdout.contains("done: Prove"), "\(installed.stdout)")
            #expect(installed.stdout.contains("the login was not proved"), "\(installed.stdout)")
            let publicLine = try String(contentsOfFile: fixture.scratch.file("ring-CERT.pub"), encoding: .utf8)
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
            #expect(installed.stdout.contains("Repeat with: sshauth ring install") && installed.stdout.contains(" --no-agent "), "\(installed.stdout)")
        }
    }

    @Test("an expired certificate is refused before anything is sent, with how to renew it; with --allow-expired it is installed and proved, the plan says it expired and the repeat line keeps the option")
    func expiredCertificate() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try RingFixture()
            let now = time(nil)
            var ring = KeyRing()
            try ring.add(SelfSignedCertificate.issue(label: RingLabel("GONE"), subject: CertificateSubject(commonName: "Old"),
                                                     key: RingKeySpec(parsing: "ecdsa:256"),
                                                     notBefore: now - 400 * 86_400, notAfter: now - 2 * 86_400 - 3600))
            try Data(ring.pkcs12(password: SecretBytes(Array("correct horse".utf8)))).write(to: URL(fileURLWithPath: fixture.ring))
            let agent = try PrivateAgent(socket: fixture.scratch.file("agent.sock"))
            defer { agent.stop() }
            let knownHosts = try Self.knownHostsCopy(fixture, account: account)
            let targetBefore = account.snapshot()
            let localBefore = fixture.snapshot()

            let refused = try SSHAuthBinary.run(Self.arguments(fixture.ring + ":GONE", fixture: fixture, account: account, knownHosts: knownHosts),
                                                environment: Self.environment(agent: agent.socket))
            #expect(refused.status != 0 && refused.stdout.isEmpty)
            #expect(refused.stderr.contains("expired on") && refused.stderr.contains("sshauth ring renew") && refused.stderr.contains("--allow-expired"),
                    "\(refused.stderr)")
            #expect(fixture.snapshot() == localBefore && account.snapshot() == targetBefore, "nothing changed")

            let allowed = try SSHAuthBinary.run(Self.arguments(fixture.ring + ":GONE", fixture: fixture, account: account, knownHosts: knownHosts,
                                                               ["--allow-expired"]),
                                                environment: Self.environment(agent: agent.socket))
            #expect(allowed.status == 0, "\(allowed.stderr)")
            #expect(allowed.stdout.contains("The certificate 'GONE' expired on"), "\(allowed.stdout)")
            #expect(allowed.stdout.contains("ssh logged in through the agent"), "\(allowed.stdout)")
            #expect(allowed.stdout.split(separator: "\n").last?.contains(" --allow-expired ") == true, "\(allowed.stdout)")
            #expect(try Self.loginThrough(agent.socket, account: account).status == 0)
        }
    }

    // MARK: Bad input

    struct BadCase: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let expected: String
        var agent = true
        var agentSocket: String?
        var testDescription: String { name }
    }

    /// The target is a closed port: every row must stop before it connects.
    static let badCases: [BadCase] = [
        BadCase(name: "missing label lists the ring's labels", arguments: ["@RING:NOPE"], expected: "no certificate labelled 'NOPE' (its labels are 'GOOD')"),
        BadCase(name: "label in the wrong case", arguments: ["@RING:good"], expected: "no certificate labelled 'good'"),
        BadCase(name: "wrong ring password", arguments: ["@RING:GOOD", "--ring-password-file", "@BADPW"], expected: "does not open"),
        BadCase(name: "ring password file others can read", arguments: ["@RING:GOOD", "--ring-password-file", "@PW644"], expected: "chmod 600"),
        BadCase(name: "no ring password source and no terminal", arguments: ["@RING:GOOD", "--ring-password-file", ""], expected: "--ring-password-file"),
        BadCase(name: "ring that does not exist, without --create", arguments: ["@DIR/missing.p12:GOOD"], expected: "does not exist"),
        BadCase(name: "--create for a label already in the ring", arguments: ["@RING:GOOD", "--create", "--cn", "x"], expected: "already has a certificate labelled 'GOOD'"),
        BadCase(name: "--create without --cn", arguments: ["@RING:NEW", "--create"], expected: "--cn NAME"),
        BadCase(name: "subject options without --create", arguments: ["@RING:GOOD", "--cn", "x", "--key", "ecdsa:256"], expected: "--cn, --key describe a new certificate"),
        BadCase(name: "past --not-after", arguments: ["@RING:NEW", "--create", "--cn", "x", "--not-after", "2020-01-01"], expected: "not in the future"),
        BadCase(name: "unknown --key", arguments: ["@RING:NEW", "--create", "--cn", "x", "--key", "dsa:1024"], expected: "not a key type"),
        BadCase(name: "3-letter country", arguments: ["@RING:NEW", "--create", "--cn", "x", "--c", "USA"], expected: "two letters"),
        BadCase(name: "33-character label", arguments: ["@RING:" + String(repeating: "L", count: 33)], expected: "1 to 32"),
        BadCase(name: "no label", arguments: ["@RING"], expected: "no label given"),
        BadCase(name: "no agent running", arguments: ["@RING:GOOD"], expected: "eval \"$(ssh-agent)\"", agent: false),
        BadCase(name: "agent socket that is not there", arguments: ["@RING:GOOD"], expected: "cannot reach the ssh-agent", agentSocket: "/nonexistent/agent.sock"),
        BadCase(name: "agent socket nobody listens on", arguments: ["@RING:GOOD"], expected: "cannot reach the ssh-agent", agentSocket: "@DEAD"),
        BadCase(name: "login password file others can read", arguments: ["@RING:GOOD", "--password-file", "@PW644"], expected: "chmod 600"),
        BadCase(name: "-p that disagrees with the target's port", arguments: ["@RING:GOOD", "-p", "2222"], expected: "2222"),
    ]

    @Test("bad input: one sentence on stderr, non-zero exit, nothing written, nothing sent", arguments: badCases)
    func badInput(_ row: BadCase) throws {
        let fixture = try RingFixture()
        try Data(try RingFixture.template.get()).write(to: URL(fileURLWithPath: fixture.ring))
        chmod(fixture.ring, 0o600)
        _ = try fixture.scratch.write("bad-password", "not the ring password\n", mode: 0o600)
        _ = try fixture.scratch.write("password-644", "correct horse\n", mode: 0o644)
        let agent = row.agent && row.agentSocket == nil ? try PrivateAgent(socket: fixture.scratch.file("agent.sock")) : nil
        defer { agent?.stop() }
        // A socket file left by an agent that has ended: bound, never listened on.
        let deadSocket = try UnixSocketFile(path: fixture.scratch.file("dead.sock"), listening: false)
        let dead = deadSocket.path
        defer { withExtendedLifetime(deadSocket) {} }
        let before = fixture.snapshot()
        var arguments = ["ring", "install"] + row.arguments
        if !row.arguments.contains("--ring-password-file") { arguments += ["--ring-password-file", "@PW"] }
        // Port 9 on loopback: nothing listens, so a row that got as far as connecting would fail otherwise.
        arguments += ["--known-hosts", fixture.scratch.file("known_hosts"), "--accept-new-host-key", "nobody@127.0.0.1:9"]
        arguments = arguments.map { argument in
            argument.replacingOccurrences(of: "@RING", with: fixture.ring)
                .replacingOccurrences(of: "@DIR", with: fixture.scratch.path)
                .replacingOccurrences(of: "@PW644", with: fixture.scratch.file("password-644"))
                .replacingOccurrences(of: "@BADPW", with: fixture.scratch.file("bad-password"))
                .replacingOccurrences(of: "@PW", with: fixture.passwordFile)
        }
        if let index = arguments.firstIndex(of: "--ring-password-file"), arguments[index + 1].isEmpty { arguments.removeSubrange(index...(index + 1)) }
        let agentPath = row.agentSocket.map { $0 == "@DEAD" ? dead : $0 } ?? agent?.socket
        let result = try SSHAuthBinary.run(arguments, stdin: [], environment: Self.environment(agent: agentPath))
        #expect(result.status != 0, "\(row.name): exit status 0")
        #expect(result.stderr.contains(row.expected), "\(row.name): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("sshauth: "), "\(row.name): \(result.stderr)")
        #expect(!result.stderr.contains("no SSH server is listening"), "\(row.name): it got as far as the target: \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(row.name): \(result.stdout)")
        #expect(fixture.snapshot() == before, "\(row.name): files changed")
    }
}
