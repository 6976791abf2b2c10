import Foundation
import TestSupport
import Testing

/// `sshauth apply` over many targets: a set-up file that names several, and `apply FILE --hosts
/// LIST`, run by the same runner as `install --hosts`.
@Suite(.serialized) struct FleetApplyTests {
    private func setupFile(_ fixture: InstallFixture, key: String, targets: [String]) throws -> String {
        try fixture.scratch.write("fleet.yaml", """
            sshauth-setup: 1
            mechanism: key-pair
            targets: [\(targets.joined(separator: ", "))]
            known-hosts: \(fixture.knownHosts)
            login:
              password:
                file: \(fixture.sandbox.passwordFile)
            key:
              public-key: \(key)

            """)
    }

    @Test("a set-up file with several targets: each runs on its own; the one on a closed port fails alone, exit 1")
    func severalTargetsInTheFile() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("apply-fleet")
            let closed = try LoopbackListener.freePort()
            let good = "\(account.name)@\(fixture.sandbox.host):\(fixture.sandbox.port)"
            let bad = "\(account.name)@\(fixture.sandbox.host):\(closed)"
            let file = try setupFile(fixture, key: key.publicPath, targets: [good, bad])
            let result = try SSHAuthBinary.run(["apply", file], environment: InstallFixture.environment)
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("installed  \(good) (\(good))"), "\(result.stdout)")
            #expect(result.stdout.contains("FAILED  \(bad) (\(bad))"), "\(result.stdout)")
            #expect(result.stdout.hasSuffix("1 of 2 targets failed: \(bad)\n"), "\(result.stdout)")
            let lines = String(decoding: account.authorizedKeysBytes() ?? [], as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix(key.keyText))
            #expect(try fixture.sandbox.proveKeyLogin(identity: key.privatePath).status == 0)

            let dryRun = try SSHAuthBinary.run(["apply", file, "--dry-run"], environment: InstallFixture.environment)
            #expect(dryRun.status == 2 && dryRun.stderr.contains("--dry-run works on one target"), "\(dryRun.stderr)")
        }
    }

    @Test("apply FILE --hosts LIST: the list's targets replace the file's; --limit picks a group")
    func hostsReplaceTheFilesTargets() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("apply-hosts")
            let file = try setupFile(fixture, key: key.publicPath, targets: ["nobody@192.0.2.1"])
            let closed = try LoopbackListener.freePort()
            let inventory = try fixture.scratch.write("inventory.ini", """
                [good]
                sandbox ansible_host=\(fixture.sandbox.host) ansible_port=\(fixture.sandbox.port) ansible_user=\(account.name)
                [bad]
                closed ansible_host=\(fixture.sandbox.host) ansible_port=\(closed)

                """)
            let result = try SSHAuthBinary.run(["apply", file, "--hosts", inventory, "--limit", "good", "--json"], environment: InstallFixture.environment)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout)")
            #expect(objects.map { $0["target"] as? String } == ["sandbox"])
            #expect(objects.map { $0["result"] as? String } == ["installed"])
            #expect(try fixture.sandbox.proveKeyLogin(identity: key.privatePath).status == 0)
        }
    }

    @Test("bad fleet options of apply: exit 2 and one sentence", arguments: [
        (["--parallel", "4"], "--limit and --parallel go with --hosts FILE or a set-up file with several targets"),
        (["--hosts", "-", "--password-fd", "0"], "both read standard input"),
    ])
    func badOptions(extra: [String], phrase: String) throws {
        try SandboxAccount.exclusive { account in
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("apply-bad")
            let file = try setupFile(fixture, key: key.publicPath, targets: ["\(account.name)@\(fixture.sandbox.host)"])
            let result = try SSHAuthBinary.run(["apply", file] + extra, environment: InstallFixture.environment)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains(phrase) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }
}
