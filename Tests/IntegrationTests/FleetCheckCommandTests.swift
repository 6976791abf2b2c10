import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth check --hosts FILE` against the real sshd: each target judged on its own, a closed
/// port failing alone, and a bad list contacting nobody.
@Suite(.serialized) struct FleetCheckCommandTests {
    private func check(_ fixture: InstallFixture, list: String, stdin: [UInt8]? = nil, _ extra: [String] = []) throws -> ExternalTool.Output {
        try SSHAuthBinary.run(["check", "--password-file", fixture.sandbox.passwordFile, "--known-hosts", fixture.knownHosts]
                              + extra + ["--hosts", list], stdin: stdin, environment: InstallFixture.environment)
    }

    private func healthyAccount(_ account: SandboxAccount) throws -> (InstallFixture, InstallFixture.Key) {
        try account.resetSSHDirectory()
        let fixture = try InstallFixture(account)
        let key = try fixture.sshauthKey("fleet")
        try account.writeAuthorizedKeys(bytes: key.publicBytes)
        return (fixture, key)
    }

    @Test("a plain list naming the sandbox twice, once on a closed port: that one fails alone, named in the last line; exit 1")
    func closedPortFailsAlone() throws {
        try SandboxAccount.exclusive { account in
            let (fixture, key) = try healthyAccount(account)
            let closed = try LoopbackListener.freePort()
            let good = "\(account.name)@\(fixture.sandbox.host):\(fixture.sandbox.port)"
            let bad = "\(account.name)@\(fixture.sandbox.host):\(closed)"
            let list = fixture.scratch.file("hosts")
            try "# two targets\n\(good)\n\(bad)   # nothing listens here\n".write(toFile: list, atomically: true, encoding: .utf8)
            let before = account.snapshot()
            let started = Date()
            let result = try check(fixture, list: list, ["-i", key.publicPath])
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("passed  \(good) (\(good))"), "\(result.stdout)")
            #expect(result.stdout.contains("FAILED  \(bad) (\(bad))"), "\(result.stdout)")
            #expect(result.stdout.contains("    PROBLEM  stopped:"), "\(result.stdout)")
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.last == "1 of 2 targets failed: \(bad)")
            // The table: a header, then the targets in the list's order, with the host key where known.
            let header = try #require(lines.firstIndex(where: { $0.hasPrefix("TARGET") }))
            #expect(lines[header + 1].hasPrefix(good) && lines[header + 1].contains("SHA256:") && lines[header + 1].contains("passed"))
            #expect(lines[header + 2].hasPrefix(bad) && lines[header + 2].contains("failed"))
            #expect(account.snapshot() == before, "check writes nothing")
            #expect(Date().timeIntervalSince(started) < 20)
        }
    }

    @Test("an inventory: each target has its own host key verdict; an unknown one fails that target only, and --accept-new-host-key records nothing")
    func ownHostKeyVerdict() throws {
        try SandboxAccount.exclusive { account in
            let (fixture, _) = try healthyAccount(account)
            let port = fixture.sandbox.port
            let inventory = fixture.scratch.file("inventory.ini")
            try """
                [known]
                sandbox ansible_host=\(fixture.sandbox.host) ansible_port=\(port)

                [unknown]
                byname ansible_host=localhost

                [unknown:vars]
                ansible_port=\(port)

                [all:vars]
                ansible_user=\(account.name)
                """.write(toFile: inventory, atomically: true, encoding: .utf8)
            let knownHostsBefore = try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts))

            let refused = try check(fixture, list: inventory, ["--json"])
            #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(refused.stdout.utf8)) as? [[String: Any]])
            #expect(objects.map { $0["target"] as? String } == ["sandbox", "byname"])
            #expect(objects.map { $0["result"] as? String } == ["passed", "failed"])
            #expect(objects.map { $0["address"] as? String } == ["\(account.name)@\(fixture.sandbox.host):\(port)", "\(account.name)@localhost:\(port)"])
            #expect((objects[0]["hostKey"] as? String)?.hasPrefix("SHA256:") == true)
            let findings = try #require(objects[1]["findings"] as? [[String: Any]])
            #expect((findings.first?["text"] as? String)?.contains("is not known") == true, "\(findings)")
            #expect(refused.stderr.contains("1 of 2 targets failed: byname"))

            let accepted = try check(fixture, list: inventory, ["--accept-new-host-key", "--parallel", "1"])
            #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
            #expect(accepted.stdout.hasSuffix("All 2 targets passed.\n"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.knownHosts)) == knownHostsBefore, "check records no host key")

            let limited = try check(fixture, list: inventory, ["--limit", "unknown", "--accept-new-host-key"])
            #expect(limited.status == 0, "\(limited.stdout)\(limited.stderr)")
            #expect(limited.stdout.contains("passed  byname (") && !limited.stdout.contains("sandbox ("), "\(limited.stdout)")
        }
    }

    @Test("a bad list, a file or standard input: exit 2, FILE:LINE and one sentence, and no target is contacted")
    func badListContactsNobody() throws {
        try SandboxAccount.exclusive { account in
            let fixture = try InstallFixture(account)
            let (listener, port) = try LoopbackListener.open()
            defer { close(listener) }
            let text = "127.0.0.1:\(port)\nuser@host:99999\n"
            let list = fixture.scratch.file("hosts")
            try text.write(toFile: list, atomically: true, encoding: .utf8)
            let fromFile = try check(fixture, list: list)
            #expect(fromFile.status == 2)
            #expect(fromFile.stderr == "sshauth: \(list):2: 'user@host:99999' has the port '99999', but a port must be a number from 1 to 65535.\n")
            #expect(fromFile.stdout.isEmpty)
            let fromStdin = try check(fixture, list: "-", stdin: Array(text.utf8))
            #expect(fromStdin.status == 2)
            #expect(fromStdin.stderr.hasPrefix("sshauth: (stdin):2: 'user@host:99999'"), "\(fromStdin.stderr)")
            let duplicate = try check(fixture, list: "-", stdin: Array("127.0.0.1:\(port)\n127.0.0.1:\(port)\n".utf8))
            #expect(duplicate.status == 2)
            #expect(duplicate.stderr.contains("(stdin):2: 127.0.0.1:\(port) names the same target as line 1"), "\(duplicate.stderr)")
            // Two spellings of one target: the user left out is the one running sshauth.
            let me = String(cString: getpwuid(getuid())!.pointee.pw_name)
            let sameTarget = try check(fixture, list: "-", stdin: Array("\(me)@127.0.0.1:\(port)\n127.0.0.1:\(port)\n".utf8))
            #expect(sameTarget.status == 2)
            #expect(sameTarget.stderr.contains("(stdin):2: 127.0.0.1:\(port) reaches \(me)@127.0.0.1:\(port), as line 1 does"), "\(sameTarget.stderr)")
            let limitOnPlain = try check(fixture, list: list, ["--limit", "web"])
            #expect(limitOnPlain.status == 2)
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
            // Listening sockets that never answer: the kernel completes the TCP handshake, no SSH greeting follows.
            let silent = try (0..<3).map { _ in try LoopbackListener.open() }
            defer { for (fd, _) in silent { close(fd) } }
            let list = silent.map { "127.0.0.1:\($0.port)\n" }.joined()
            func timed(_ extra: [String]) throws -> (ExternalTool.Output, Double) {
                let started = Date()
                let result = try check(fixture, list: "-", stdin: Array(list.utf8), ["--timeout", "1"] + extra)
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

    @Test("--hosts options that do not fit are refused before anything is read: exit 2 and one sentence", arguments: [
        (["--hosts", "hosts", "-p", "2222"], "with --hosts write host:2222 in the list"),
        (["--hosts", "hosts", "--parallel", "0"], "--parallel 0 is out of range"),
        (["--hosts", "-", "--password-fd", "0"], "both read standard input"),
        (["--hosts", "hosts", "user@host"], "both a target (user@host) and --hosts hosts are given"),
        ([], "no target is given"),
        (["--limit", "web", "host"], "go with --hosts FILE"),
        (["--json", "host"], "go with --hosts FILE"),
    ])
    func badOptions(arguments: [String], sentence: String) throws {
        let result = try SSHAuthBinary.run(["check"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("sshauth: ") && result.stderr.contains(sentence), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one sentence: \(result.stderr)")
    }
}
