import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth install --hosts FILE` against the real sshd and extra sshd instances beside it: each
/// target judged and installed on its own, failures that stay with their target, bad input that
/// contacts nobody, the parallel bound, the JSON shape, a kill -9 in the middle, and the live lines
/// and the one host-key question on a terminal.
@Suite(.serialized) struct FleetInstallTests {
    /// A server with the sandbox's configuration and host keys whose authorized_keys is
    /// `.ssh/FILE`, so that targets on one test account still have files of their own.
    private func server(_ fixture: InstallFixture, _ name: String, trusted: Bool = true) throws -> ExtraSSHD {
        let server = try ExtraSSHD.likeSandbox(in: fixture.scratch, name: name, options: ["AuthorizedKeysFile=.ssh/keys_\(name)"])
        if trusted { try trust(fixture, port: server.port) }
        return server
    }

    /// Records the sandbox's host keys for `port` in the fixture's known_hosts.
    private func trust(_ fixture: InstallFixture, port: Int) throws {
        let sandboxName = "[\(fixture.sandbox.host)]:\(fixture.sandbox.port) "
        let lines = try String(contentsOfFile: fixture.sandbox.knownHosts, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix(sandboxName) }
            .map { "[\(fixture.sandbox.host)]:\(port) " + $0.dropFirst(sandboxName.count) + "\n" }
        try #require(!lines.isEmpty)
        try append(lines.joined(), to: fixture.knownHosts)
    }

    private func append(_ text: String, to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    private func install(_ fixture: InstallFixture, key: String, list: String, stdin: [UInt8]? = nil, password: Bool = true,
                         _ extra: [String] = []) throws -> ExternalTool.Output {
        let login = password ? ["--password-file", fixture.sandbox.passwordFile] : []
        return try SSHAuthBinary.run(["install", "-i", key] + login + ["--known-hosts", fixture.knownHosts] + extra + ["--hosts", list],
                                     stdin: stdin, environment: InstallFixture.environment)
    }

    /// ssh logs in to `port` with the key, as a batch job would.
    private func sshLogsIn(_ fixture: InstallFixture, port: Int, identity: String) throws -> Bool {
        try ExternalTool.run(["ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                              "-o", "UserKnownHostsFile=\(fixture.knownHosts)", "-o", "IdentitiesOnly=yes",
                              "-o", "PreferredAuthentications=publickey", "-i", identity, "-p", String(port),
                              "\(fixture.account.name)@\(fixture.sandbox.host)", "true"]).status == 0
    }

    /// Whether the known_hosts file holds a key for the port (entries may be hashed, as Debian's ssh_config asks).
    private func recorded(_ fixture: InstallFixture, port: Int) throws -> Bool {
        try ExternalTool.run(["ssh-keygen", "-F", "[\(fixture.sandbox.host)]:\(port)", "-f", fixture.knownHosts]).status == 0
    }

    private func keysFile(_ account: SandboxAccount, _ name: String) -> [UInt8]? {
        account.authorizedKeysBytes(at: account.sshDirectory + "/keys_\(name)")
    }

    /// `before` and then exactly one whole line holding `key`.
    private func oneLineAdded(_ after: [UInt8]?, to before: [UInt8], key: InstallFixture.Key) -> Bool {
        guard let after, after.count > before.count, Array(after.prefix(before.count)) == before else { return false }
        let added = String(decoding: after.dropFirst(before.count), as: UTF8.self)
        return added.hasSuffix("\n") && added.dropLast().split(separator: "\n", omittingEmptySubsequences: false).count == 1
            && added.hasPrefix(key.keyText)
    }

    @Test("six targets: two get exactly one line and ssh logs in; a closed port, a changed host key (nothing sent), a wrong password and an unknown host key each fail alone; exit 1 naming them")
    func eachTargetAlone() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("fleet")
            let present = try fixture.publicOnlyKey("present")
            try account.writeAuthorizedKeys(bytes: present.publicBytes)
            let second = try server(fixture, "second")
            let changed = try server(fixture, "changed", trusted: false)
            let wrong = try server(fixture, "wrong")
            let unknown = try server(fixture, "unknown", trusted: false)
            let closed = try LoopbackListener.freePort()
            let impostor = try fixture.publicOnlyKey("impostor")
            try append("[\(fixture.sandbox.host)]:\(changed.port) \(impostor.keyText)\n", to: fixture.knownHosts)
            let wrongPassword = try fixture.scratch.write("wrong-password", "not the password\n")
            let inventory = try fixture.scratch.write("inventory.ini", """
                [good]
                sandbox ansible_port=\(fixture.sandbox.port)
                second ansible_port=\(second.port) sshauth_target_path=.ssh/keys_second
                [bad]
                closed ansible_port=\(closed)
                changed ansible_port=\(changed.port) sshauth_target_path=.ssh/keys_changed
                wrong ansible_port=\(wrong.port) sshauth_target_path=.ssh/keys_wrong sshauth_password_file=\(wrongPassword)
                unknown ansible_port=\(unknown.port) sshauth_target_path=.ssh/keys_unknown
                [all:vars]
                ansible_host=\(fixture.sandbox.host)
                ansible_user=\(account.name)

                """)
            let changedLog = changed.logOffset(), wrongLog = wrong.logOffset()
            let started = Date()
            let result = try install(fixture, key: key.publicPath, list: inventory)
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            #expect(Date().timeIntervalSince(started) < 20)
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.last == "4 of 6 targets failed: closed, changed, wrong, unknown", "\(result.stdout)")
            let address = { (port: Int) in "\(account.name)@\(fixture.sandbox.host):\(port)" }
            #expect(lines.contains { $0.hasPrefix("installed  sandbox (\(address(fixture.sandbox.port))) ") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("installed  second (\(address(second.port))) ") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("FAILED  closed (") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("FAILED  changed (") && $0.contains("CHANGED") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("FAILED  wrong (") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("FAILED  unknown (") && $0.contains("is not known") }, "\(result.stdout)")
            // The table: the targets in the inventory's order, with their host keys where known.
            let header = try #require(lines.firstIndex { $0.hasPrefix("TARGET") })
            #expect(lines[header + 1].hasPrefix("sandbox ") && lines[header + 1].contains("SHA256:") && lines[header + 1].contains("installed"))
            #expect(lines[header + 3].hasPrefix("closed ") && lines[header + 3].contains("failed"))

            #expect(oneLineAdded(account.authorizedKeysBytes(), to: present.publicBytes, key: key), "authorized_keys: one whole new line")
            #expect(oneLineAdded(keysFile(account, "second"), to: [], key: key))
            for name in ["changed", "wrong", "unknown"] { #expect(keysFile(account, name) == nil, "\(name) got nothing") }
            #expect(try sshLogsIn(fixture, port: fixture.sandbox.port, identity: key.privatePath))
            #expect(try sshLogsIn(fixture, port: second.port, identity: key.privatePath))
            // The changed host key stopped its target before the user name or any credential went out.
            let sentToChanged = changed.log(since: changedLog)
            for word in ["password", "publickey", "Accepted", account.name] {
                #expect(!sentToChanged.contains(word), "\(word) in the log of the server with the changed key: \(sentToChanged)")
            }
            // The wrong password cost its server exactly one attempt.
            #expect(wrong.log(since: wrongLog).components(separatedBy: "Failed password").count == 2, "\(wrong.log(since: wrongLog))")
            #expect(try !recorded(fixture, port: unknown.port), "an unknown host key is not recorded without --accept-new-host-key")
        }
    }

    @Test("a list from standard input with --json: one object per target; run again, the key is already present; --accept-new-host-key records a new key")
    func standardInputAndJSON() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("json")
            let fresh = try server(fixture, "fresh", trusted: false)
            let closed = try LoopbackListener.freePort()
            let host = fixture.sandbox.host, user = account.name
            let list = "\(user)@\(host):\(fixture.sandbox.port)\n\(user)@\(host):\(closed)\n"
            let first = try install(fixture, key: key.publicPath, list: "-", stdin: Array(list.utf8), ["--json"])
            #expect(first.status == 1, "\(first.stdout)\(first.stderr)")
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [[String: Any]], "\(first.stdout)")
            #expect(objects.map { $0["target"] as? String } == ["\(user)@\(host):\(fixture.sandbox.port)", "\(user)@\(host):\(closed)"])
            #expect(objects.map { $0["result"] as? String } == ["installed", "failed"])
            #expect(objects.map { $0["line"] as? Int } == [1, 2])
            #expect((objects[0]["hostKey"] as? String)?.hasPrefix("SHA256:") == true)
            #expect((objects[0]["key"] as? String)?.hasPrefix("SHA256:") == true)
            #expect(objects[0]["loginProved"] as? Bool == true)
            #expect(objects[0]["authorizedKeys"] as? String == account.authorizedKeys)
            #expect(objects[0]["error"] == nil && (objects[1]["error"] as? String)?.isEmpty == false)
            #expect(objects.allSatisfy { $0["seconds"] is Double && $0["address"] is String })
            #expect(first.stderr.hasSuffix("1 of 2 targets failed: \(user)@\(host):\(closed)\n"), "\(first.stderr)")

            let inventory = try fixture.scratch.write("again.ini", """
                sandbox ansible_host=\(host) ansible_port=\(fixture.sandbox.port) ansible_user=\(user)
                fresh ansible_host=\(host) ansible_port=\(fresh.port) ansible_user=\(user) sshauth_target_path=.ssh/keys_fresh

                """)
            let again = try install(fixture, key: key.publicPath, list: inventory, ["--json", "--accept-new-host-key", "--parallel", "1"])
            #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
            let second = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])
            #expect(second.map { $0["result"] as? String } == ["already present", "installed"])
            #expect(second[0]["alreadyPresentOnLine"] as? Int == 1)
            #expect(again.stderr.hasSuffix("All 2 targets have the key.\n"), "\(again.stderr)")
            #expect(try recorded(fixture, port: fresh.port), "the accepted key is recorded")
            #expect(oneLineAdded(account.authorizedKeysBytes(), to: [], key: key), "still one line")
        }
    }

    @Test("bad input is refused with exit 2 and one sentence, and no target is contacted", arguments: [
        ("bad line", "hosts:2: 'user@host:99999' has the port '99999'"),
        ("open password file", "inventory:1: listener's sshauth_password_file:"),
        ("no login", "no way to log in to"),
        ("no private key", "no private key for"),
        ("port option", "-p 2222 is for one target"),
        ("target too", "both a target (user@host) and --hosts"),
        ("dry run", "--dry-run works on one target"),
        ("parallel", "--parallel 300 is out of range"),
    ])
    func badInputContactsNobody(name: String, phrase: String) throws {
        try SandboxAccount.exclusive { account in
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("bad")
            let (listener, port) = try LoopbackListener.open()
            defer { close(listener) }
            let hosts = try fixture.scratch.write("hosts", "127.0.0.1:\(port)\nuser@host:99999\n")
            let good = try fixture.scratch.write("good", "127.0.0.1:\(port)\n")
            let open = try fixture.scratch.write("open-password", "secret\n", mode: 0o644)
            let inventory = try fixture.scratch.write("inventory", "listener ansible_host=127.0.0.1 ansible_port=\(port) sshauth_password_file=\(open)\n")
            let lonely = fixture.scratch.file("lonely.pub")
            try FileManager.default.copyItem(atPath: key.publicPath, toPath: lonely)
            let result: ExternalTool.Output
            switch name {
            case "bad line": result = try install(fixture, key: key.publicPath, list: hosts)
            case "open password file": result = try install(fixture, key: key.publicPath, list: inventory)
            case "no login": result = try install(fixture, key: key.publicPath, list: good, password: false)
            case "no private key": result = try install(fixture, key: lonely, list: good)
            case "port option": result = try install(fixture, key: key.publicPath, list: good, ["-p", "2222"])
            case "target too": result = try install(fixture, key: key.publicPath, list: good, ["user@host"])
            case "dry run": result = try install(fixture, key: key.publicPath, list: good, ["--dry-run"])
            default: result = try install(fixture, key: key.publicPath, list: good, ["--parallel", "300"])
            }
            #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.isEmpty, "\(result.stdout)")
            #expect(result.stderr.hasPrefix("sshauth: ") && result.stderr.contains(phrase), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one sentence: \(result.stderr)")
            // A connection would wait in the listener's queue; there is none.
            _ = fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK)
            let accepted = accept(listener, nil, nil)
            if accepted >= 0 { close(accepted) }
            #expect(accepted < 0, "a target was contacted")
        }
    }

    @Test("targets run side by side up to --parallel: three silent servers take one --timeout together, three one after another with --parallel 1")
    func parallelBound() throws {
        try SandboxAccount.exclusive { account in
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("parallel")
            let silent = try (0..<3).map { _ in try LoopbackListener.open() }
            defer { for (fd, _) in silent { close(fd) } }
            let list = Array(silent.map { "127.0.0.1:\($0.port)\n" }.joined().utf8)
            func timed(_ extra: [String]) throws -> (ExternalTool.Output, Double) {
                let started = Date()
                let result = try install(fixture, key: key.publicPath, list: "-", stdin: list, ["--timeout", "1"] + extra)
                return (result, Date().timeIntervalSince(started))
            }
            let (together, togetherSeconds) = try timed([])
            #expect(together.status == 1)
            #expect(together.stdout.components(separatedBy: "FAILED  ").count == 4, "\(together.stdout)")
            #expect(togetherSeconds < 2.5, "three at once took \(togetherSeconds) s")
            let (oneByOne, oneByOneSeconds) = try timed(["--parallel", "1"])
            #expect(oneByOne.status == 1)
            #expect(oneByOneSeconds >= 3, "one at a time took only \(oneByOneSeconds) s")
        }
    }

    @Test("kill -9 of the whole run while appends are in flight: every authorized_keys is as before or has exactly one whole new line")
    func killedRun() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("killed")
            let present = try fixture.publicOnlyKey("present")
            let names = ["k1", "k2", "k3", "k4", "k5"]
            let servers = try names.map { try server(fixture, $0) }
            let list = try fixture.scratch.write("hosts", zip(names, servers).map { name, server in
                "\(name) ansible_host=\(fixture.sandbox.host) ansible_port=\(server.port) ansible_user=\(account.name) sshauth_target_path=.ssh/keys_\(name)\n"
            }.joined())
            let arguments = ["install", "-i", key.publicPath, "--password-file", fixture.sandbox.passwordFile, "--known-hosts", fixture.knownHosts, "--hosts", list]
            var changedSome = false
            // Killed early (while connecting or logging in), then three times the moment the first
            // file changes, while the other targets are still on their way: the machine's load
            // decides the timing, so the kill follows what happens rather than a clock.
            for round in 0..<4 {
                for name in names {
                    try account.writeAuthorizedKeys(bytes: present.publicBytes, at: account.sshDirectory + "/keys_\(name)", dirMode: 0o700, fileMode: 0o600, owner: nil)
                }
                let (process, output) = try SSHAuthBinary.start(arguments, pathFirst: fixture.scratch.path)
                if round == 0 {
                    usleep(200_000)
                } else {
                    let deadline = Date().addingTimeInterval(30)
                    while Date() < deadline, process.isRunning, names.allSatisfy({ keysFile(account, $0) == present.publicBytes }) { usleep(2_000) }
                }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                _ = output.fileHandleForReading.readDataToEndOfFile()
                for name in names {
                    let after = keysFile(account, name)
                    let whole = after == present.publicBytes || oneLineAdded(after, to: present.publicBytes, key: key)
                    #expect(whole, "keys_\(name) after kill number \(round + 1): \(String(decoding: after ?? [], as: UTF8.self))")
                    if after != present.publicBytes { changedSome = true }
                }
            }
            #expect(changedSome, "no kill came late enough to find a key installed")
        }
    }

    @Test("on a terminal: the unknown host keys are listed together with their fingerprints for one yes, then one live line per target and a count")
    func terminalQuestionAndLiveLines() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("terminal")
            let first = try server(fixture, "first", trusted: false)
            let second = try server(fixture, "second", trusted: false)
            let list = try fixture.scratch.write("hosts", """
                one ansible_host=\(fixture.sandbox.host) ansible_port=\(first.port) ansible_user=\(account.name) sshauth_target_path=.ssh/keys_first
                two ansible_host=\(fixture.sandbox.host) ansible_port=\(second.port) ansible_user=\(account.name) sshauth_target_path=.ssh/keys_second

                """)
            let session = try TmuxSession(command: "SSH_AUTH_SOCK= \(SSHAuthBinary.path) install -i \(key.publicPath) --password-file \(fixture.sandbox.passwordFile) --known-hosts \(fixture.knownHosts) --hosts \(list)",
                                          columns: 160, rows: 30)
            let question = try session.waitFor("Trust and record all of them (yes/no)?", seconds: 15)
            #expect(question.contains("The host keys of these 2 targets are not known"), "\(question)")
            #expect(question.contains("one  [\(fixture.sandbox.host)]:\(first.port)") && question.contains("two  [\(fixture.sandbox.host)]:\(second.port)"), "\(question)")
            #expect(question.components(separatedBy: " SHA256:").count == 3, "each with its fingerprint: \(question)")
            try session.send("yes", literal: true)
            try session.send("Enter")
            let screen = try session.waitFor("All 2 targets have the key.", seconds: 20)
            #expect(screen.contains("one  installed") && screen.contains("two  installed"), "\(screen)")
            #expect(screen.contains("2 of 2 finished, 0 failed"), "\(screen)")
            #expect(oneLineAdded(keysFile(account, "first"), to: [], key: key) && oneLineAdded(keysFile(account, "second"), to: [], key: key))
            #expect(try recorded(fixture, port: first.port) && recorded(fixture, port: second.port), "the accepted keys are recorded")
        }
    }
}
