import AuthSetup
@testable import Flows
import Foundation
import SSHKeys
import TestSupport
import Testing

/// `sshauth export ansible` end to end: the export for three sandbox servers, checked by Ansible
/// itself (`--syntax-check`, `ansible-inventory`), then a real `ansible-playbook` run with the
/// password and host key checking on, after which the key logs in with ssh on each server.
@Suite(.serialized) struct AnsibleExportTests {
    /// Three servers with the sandbox's configuration and account, a target list naming them, and
    /// a known_hosts that pins the sandbox's host keys for their ports.
    struct Fleet {
        let servers: [ExtraSSHD]
        let hostsFile: String
        let knownHosts: String

        init(_ fixture: InstallFixture, count: Int = 3) throws {
            servers = try (1...count).map { try ExtraSSHD.likeSandbox(in: fixture.scratch, name: "fleet\($0)", options: []) }
            let user = fixture.account.name
            hostsFile = try fixture.scratch.write("hosts", servers.map { "\(user)@127.0.0.1:\($0.port)\n" }.joined())
            let sandboxLines = try String(contentsOfFile: fixture.sandbox.knownHosts, encoding: .utf8).split(separator: "\n")
                .filter { $0.hasPrefix("[127.0.0.1]:\(fixture.sandbox.port) ") }
            var lines: [String] = []
            for server in servers {
                for line in sandboxLines { lines.append("[127.0.0.1]:\(server.port)" + line.drop { $0 != " " }) }
            }
            knownHosts = try fixture.scratch.write("fleet_known_hosts", lines.joined(separator: "\n") + "\n")
        }
    }

    /// Ansible's programs, or a failure saying how to get them (make test installs them).
    private func ansibleTool(_ name: String) throws -> String {
        let found = try ExternalTool.run(["sh", "-c", "command -v \(name)"])
        try #require(found.status == 0, "\(name) is missing: install Ansible with 'scripts/install-deps --test' (make test runs it); the Ansible export cannot be tested without it")
        return found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs an Ansible program in `directory` (where ansible.cfg is read), its connections and
    /// temporary files in the test's scratch directory, without colour or an ssh-agent.
    private func ansible(_ arguments: [String], in directory: String, scratch: TemporaryDirectory) throws -> ExternalTool.Output {
        var environment = InstallFixture.environment
        environment["ANSIBLE_SSH_CONTROL_PATH_DIR"] = scratch.file("cp")
        environment["ANSIBLE_LOCAL_TEMP"] = scratch.file("ansible-tmp")
        environment["ANSIBLE_NOCOLOR"] = "1"
        environment["ANSIBLE_RETRY_FILES_ENABLED"] = "0"
        return try ExternalTool.run(["-C", directory] + arguments, environment: environment)
    }

    private func writeSetup(_ fixture: InstallFixture, _ text: String, name: String = "setup.yml") throws -> String {
        try fixture.scratch.write(name, Array(text.utf8), mode: 0o600)
    }

    @Test("three sandbox targets: export, syntax check, a proof that fails before the install, a real run with host key checking on, then ssh logs in on each")
    func realPlaybookRun() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let playbookTool = try ansibleTool("ansible-playbook")
            let fleet = try Fleet(fixture)
            // A comment that Ansible would run as a template if it were not kept a plain value.
            let marker = fixture.scratch.file("templated")
            let keyFile = fixture.scratch.file("id_ansible")
            _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ops {{ lookup('pipe', 'touch \(marker)') }}", "-f", keyFile])
            let key = InstallFixture.Key(privatePath: keyFile, publicPath: keyFile + ".pub", publicBytes: Array(try Data(contentsOf: URL(fileURLWithPath: keyFile + ".pub"))))
            let setup = try writeSetup(fixture, "sshauth-setup: 1\nmechanism: key-pair\nkey:\n  public-key: \(key.publicPath)\n")
            let directory = fixture.scratch.file("export")
            let exported = try SSHAuthBinary.run(["export", "ansible", setup, "--hosts", fleet.hostsFile, "-o", directory, "--known-hosts", fleet.knownHosts],
                                                 environment: InstallFixture.environment)
            try #require(exported.status == 0, "\(exported.stdout)\(exported.stderr)")
            #expect(account.status(of: directory)?.mode == 0o700)
            for name in ["inventory.ini", "playbook.yml", "known_hosts", "ansible.cfg", "README.md"] {
                #expect(account.status(of: directory + "/" + name)?.mode == 0o644, "\(name)")
            }
            let password = try String(contentsOfFile: fixture.sandbox.passwordFile, encoding: .utf8)
            for name in ["inventory.ini", "playbook.yml", "known_hosts", "ansible.cfg", "README.md"] {
                #expect(!(try String(contentsOfFile: directory + "/" + name, encoding: .utf8)).contains(password), "\(name) holds the password")
            }

            let syntax = try ansible([playbookTool, "--syntax-check", "playbook.yml"], in: directory, scratch: fixture.scratch)
            #expect(syntax.status == 0, "\(syntax.stdout)\(syntax.stderr)")
            let inventory = try ansible(["ansible-inventory", "--list"], in: directory, scratch: fixture.scratch)
            #expect(inventory.status == 0 && inventory.stdout.contains("\"ansible_port\": \(fleet.servers[2].port)"), "\(inventory.stdout)\(inventory.stderr)")

            // The password goes in through a file of extra variables, never argv.
            let variables = try fixture.scratch.write("password.json", Array("{\"ansible_password\": \"\(password)\"}".utf8), mode: 0o600)

            // The proof alone, before the key is installed, must fail: it really logs in with the key.
            let proofOnly = try ansible([playbookTool, "-e", "@" + variables, "--start-at-task",
                                         "Prove that the key logs in (a new ssh connection from this machine, with that key only)", "playbook.yml"],
                                        in: directory, scratch: fixture.scratch)
            #expect(proofOnly.status != 0, "\(proofOnly.stdout)")
            #expect(proofOnly.stdout.contains("failed=1"), "\(proofOnly.stdout)")

            // Host key checking is on: the same project with an empty known_hosts reaches no target.
            let unpinned = fixture.scratch.file("unpinned")
            _ = try ExternalTool.run(["cp", "-r", directory, unpinned])
            try Data().write(to: URL(fileURLWithPath: unpinned + "/known_hosts"))
            let refused = try ansible([playbookTool, "-e", "@" + variables, "playbook.yml"], in: unpinned, scratch: fixture.scratch)
            #expect(refused.status != 0)
            #expect(refused.stdout.contains("UNREACHABLE") && refused.stdout.contains("Host key verification failed"), "\(refused.stdout)")
            #expect(account.authorizedKeysBytes() == nil, "nothing may be installed through an unchecked host key")

            let run = try ansible([playbookTool, "-e", "@" + variables, "playbook.yml"], in: directory, scratch: fixture.scratch)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("failed=0"), "\(run.stdout)")
            #expect(!FileManager.default.fileExists(atPath: marker), "the key comment was run as an Ansible template")
            let installed = String(decoding: account.authorizedKeysBytes() ?? [], as: UTF8.self)
            #expect(installed.contains(key.keyText + " ops {{ lookup('pipe', 'touch \(marker)') }}"), "\(installed)")

            for server in fleet.servers {
                let login = try ExternalTool.run(["ssh", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "PreferredAuthentications=publickey",
                                                  "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(fleet.knownHosts)", "-i", key.privatePath,
                                                  "-p", String(server.port), "-l", account.name, "127.0.0.1", "true"], environment: InstallFixture.environment)
                #expect(login.status == 0, "port \(server.port): \(login.stderr)")
            }
        }
    }

    @Test("no pinned key: refused, naming the targets; --accept-new-host-key takes them into the export only, with no credential sent; a changed key stops it")
    func hostKeysFromTargets() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let fleet = try Fleet(fixture, count: 2)
            let key = try fixture.sshauthKey("ansible-new")
            let setup = try writeSetup(fixture, "sshauth-setup: 1\nmechanism: key-pair\nkey:\n  public-key: \(key.publicPath)\n")
            let empty = try fixture.scratch.write("empty_known_hosts", [])
            let directory = fixture.scratch.file("export")
            let offsets = fleet.servers.map { $0.logOffset() }

            let refused = try SSHAuthBinary.run(["export", "ansible", setup, "--hosts", fleet.hostsFile, "-o", directory, "--known-hosts", empty])
            #expect(refused.status != 0)
            for server in fleet.servers { #expect(refused.stderr.contains("[127.0.0.1]:\(server.port)"), "\(refused.stderr)") }
            #expect(!FileManager.default.fileExists(atPath: directory))

            let accepted = try SSHAuthBinary.run(["export", "ansible", setup, "--hosts", fleet.hostsFile, "-o", directory, "--known-hosts", empty,
                                                  "--accept-new-host-key"])
            #expect(accepted.status == 0, "\(accepted.stderr)")
            #expect(accepted.stderr.contains("written to the export's known_hosts only"), "\(accepted.stderr)")
            let exportedKeys = try String(contentsOfFile: directory + "/known_hosts", encoding: .utf8)
            let pinned = try String(contentsOfFile: fleet.knownHosts, encoding: .utf8).split(separator: "\n").map(String.init)
            for line in exportedKeys.split(separator: "\n") { #expect(pinned.contains(String(line)), "\(line) is not the server's key") }
            #expect(exportedKeys.split(separator: "\n").count == 2)
            #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty, "the user's known_hosts must not change")
            for (server, offset) in zip(fleet.servers, offsets) {
                let attempts = server.log(since: offset).split(separator: "\n").filter { $0.contains("password") || $0.contains("publickey") || $0.contains("Accepted") }
                #expect(attempts.isEmpty, "\(attempts)")
            }

            // The first server's ed25519 key pinned as another one: its live key differs, nothing is exported.
            let other = try fixture.sshauthKey("impostor")
            let changed = try fixture.scratch.write("changed_known_hosts", "[127.0.0.1]:\(fleet.servers[0].port) \(other.keyText)\n")
            let stopped = try SSHAuthBinary.run(["export", "ansible", setup, "--hosts", fleet.hostsFile, "-o", directory + "2", "--known-hosts", changed,
                                                 "--accept-new-host-key"])
            #expect(stopped.status != 0)
            #expect(stopped.stderr.contains("CHANGED"), "\(stopped.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory + "2"))
        }
    }

    @Test("pinned keys are read as ssh reads them: hashed and bare-host entries count, @revoked and @cert-authority lines do not")
    func pinnedKeysFromKnownHosts() throws {
        let scratch = try TemporaryDirectory()
        func key(_ name: String) throws -> SSHPublicKey {
            _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", scratch.file(name)])
            return try PublicKeyLine(parsing: try String(contentsOfFile: scratch.file(name) + ".pub", encoding: .utf8).trimmingCharacters(in: .newlines)).key
        }
        let hashed = try key("hashed"), bare = try key("bare"), revoked = try key("revoked"), authority = try key("ca"), other = try key("other")
        func text(_ key: SSHPublicKey) -> String { "\(key.algorithm.name) \(Base64.encode(key.blob))" }
        let file = try scratch.write("known_hosts", Array("""
            \(KnownHostsFile.entryText(host: "build.example", port: 2222, key: hashed, hashed: true))
            build.example \(text(bare))
            [build.example]:2222 \(text(revoked))
            @revoked build.example \(text(revoked))
            @cert-authority *.example \(text(authority))
            [build.example]:2200 \(text(other))

            """.utf8))
        let target = Target(user: "u", host: "build.example", port: 2222, knownHostsFiles: [file, scratch.file("missing")])
        let found = try ExportHostKeys.pinned(target)
        #expect(found.map(\.key) == [hashed, bare])
        #expect(found.allSatisfy { $0.host == "build.example" && $0.port == 2222 })
    }

    @Test("bad input: one sentence naming it, non-zero exit, no directory", arguments: [
        "missing set-up file", "directory exists", "no targets", "unknown --limit group", "set-up without a key", "key not made yet",
        "certificate key not exported yet", "askpass export says what it cannot",
    ])
    func badInput(_ name: String) throws {
        let scratch = try TemporaryDirectory()
        let key = scratch.file("id")
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
        let good = try scratch.write("good.yml", Array("sshauth-setup: 1\nmechanism: key-pair\nkey:\n  public-key: \(key).pub\n".utf8))
        let hosts = try scratch.write("hosts", Array("[web]\nweb1 ansible_host=127.0.0.1 ansible_port=2222\n".utf8))
        let knownHosts = try scratch.write("kh", Array("[127.0.0.1]:2222 \(try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " "))\n".utf8))
        var output = scratch.file("out")
        var arguments = ["export", "ansible", good, "--hosts", hosts, "--known-hosts", knownHosts]
        var expected: String
        switch name {
        case "missing set-up file":
            arguments[2] = scratch.file("missing.yml")
            expected = "missing.yml"
        case "directory exists":
            output = scratch.file("existing")
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: false)
            expected = "existing already exists"
        case "no targets":
            arguments[4] = try scratch.write("empty", [])
            expected = "no target is named"
        case "unknown --limit group":
            arguments += ["--limit", "db"]
            expected = "--limit db names no group"
        case "set-up without a key":
            arguments[2] = try scratch.write("nokey.yml", Array("sshauth-setup: 1\nmechanism: key-pair\n".utf8))
            expected = "'key' is missing"
        case "key not made yet":
            arguments[2] = try scratch.write("new.yml", Array("sshauth-setup: 1\nmechanism: key-pair\nkey:\n  new:\n    type: ed25519\n    file: \(scratch.file("later"))\n".utf8))
            expected = "is not made yet"
        case "certificate key not exported yet":
            arguments[2] = try scratch.write("cert.yml", Array("sshauth-setup: 1\nmechanism: certificate\ntarget: u@127.0.0.1:2222\ncertificate:\n  ring: \(scratch.file("ring.p12"))\n  label: batch\n".utf8))
            expected = "ring-batch.pub yet"
        default:
            arguments[2] = try scratch.write("askpass.yml", Array("sshauth-setup: 1\nmechanism: askpass\ntarget: u@127.0.0.1:2222\n".utf8))
            expected = "not exported: The askpass set-up"
        }
        let result = try SSHAuthBinary.run(arguments + ["-o", output])
        if name.hasPrefix("askpass") {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains(expected), "\(result.stderr)")
            let playbook = try String(contentsOfFile: output + "/playbook.yml", encoding: .utf8)
            #expect(!playbook.contains("authorized_key") && playbook.contains("ansible.builtin.raw"))
            return
        }
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("sshauth: ") && result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(name == "directory exists" || !FileManager.default.fileExists(atPath: output))
        if name == "directory exists" { #expect(try FileManager.default.contentsOfDirectory(atPath: output).isEmpty) }
    }
}
