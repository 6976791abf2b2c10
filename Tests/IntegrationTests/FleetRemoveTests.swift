import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth remove --hosts FILE` against the sandbox sshd and extra sshd instances beside it: the
/// key's lines leave every reachable target byte-exactly, a target that cannot be reached fails
/// alone, and bad input contacts nobody.
@Suite(.serialized) struct FleetRemoveTests {
    /// A server with the sandbox's configuration whose authorized_keys is `.ssh/keys_NAME`, its host
    /// keys recorded in the fixture's known_hosts.
    static func server(_ fixture: InstallFixture, _ name: String) throws -> ExtraSSHD {
        let server = try ExtraSSHD.likeSandbox(in: fixture.scratch, name: name, options: ["AuthorizedKeysFile=.ssh/keys_\(name)"])
        let sandboxName = "[\(fixture.sandbox.host)]:\(fixture.sandbox.port) "
        let lines = try String(contentsOfFile: fixture.sandbox.knownHosts, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix(sandboxName) }
            .map { "[\(fixture.sandbox.host)]:\(server.port) " + $0.dropFirst(sandboxName.count) + "\n" }
        let handle = try #require(FileHandle(forWritingAtPath: fixture.knownHosts))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.joined().utf8))
        try handle.close()
        return server
    }

    private func remove(_ fixture: InstallFixture, _ arguments: [String]) throws -> ExternalTool.Output {
        try SSHAuthBinary.run(["remove", "--password-file", fixture.sandbox.passwordFile, "--known-hosts", fixture.knownHosts] + arguments,
                              environment: InstallFixture.environment)
    }

    @Test("three targets: the key's lines leave both reachable files (every other byte kept), a closed port fails alone; exit 1 naming it")
    func removesEverywhere() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let gone = try fixture.publicOnlyKey("gone"), stays = try fixture.publicOnlyKey("stays")
            let second = try Self.server(fixture, "second")
            let closed = try LoopbackListener.freePort()
            let sandboxFile = Array("\(stays.keyText) kept\r\nno-pty,command=\"a,b\" \(gone.keyText) old laptop\n# note\n\n".utf8)
            let secondFile = Array("\(gone.keyText)\n\(stays.keyText) last line without newline".utf8)
            try account.writeAuthorizedKeys(bytes: sandboxFile)
            try account.writeAuthorizedKeys(bytes: secondFile, at: account.sshDirectory + "/keys_second", dirMode: 0o700, fileMode: 0o600, owner: nil)
            let inventory = try fixture.scratch.write("inventory.ini", """
                sandbox ansible_port=\(fixture.sandbox.port)
                second ansible_port=\(second.port) sshauth_target_path=.ssh/keys_second
                closed ansible_port=\(closed)
                [all:vars]
                ansible_host=\(fixture.sandbox.host)
                ansible_user=\(account.name)

                """)
            let result = try remove(fixture, ["-i", gone.publicPath, "--hosts", inventory])
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.last == "1 of 3 targets failed: closed", "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("removed (line 2)  sandbox (") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("removed (line 1)  second (") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("FAILED  closed (") }, "\(result.stdout)")
            #expect(account.authorizedKeysBytes() == Array("\(stays.keyText) kept\r\n# note\n\n".utf8))
            #expect(account.authorizedKeysBytes(at: account.sshDirectory + "/keys_second") == Array("\(stays.keyText) last line without newline".utf8))

            // Run again with --json: the key is in neither file now, which each target reports alone.
            let again = try remove(fixture, ["--fingerprint", try fingerprint(gone.publicPath), "--json", "--hosts", inventory])
            #expect(again.status == 1)
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]], "\(again.stdout)")
            #expect(objects.map { $0["result"] as? String } == ["failed", "failed", "failed"])
            #expect((objects[0]["error"] as? String)?.contains("not in") == true || (objects[0]["error"] as? String)?.contains("no line") == true,
                    "\(objects[0]["error"] ?? "")")
            #expect(objects.allSatisfy { $0["removedLines"] as? [Int] == [] })
        }
    }

    private func fingerprint(_ path: String) throws -> String {
        String(try ExternalTool.run(["ssh-keygen", "-l", "-f", path]).stdout.split(separator: " ")[1])
    }

    @Test("bad input with --hosts exits 2 with one sentence and contacts nobody", arguments: [
        (["--dry-run"], "--dry-run works on one target"),
        (["--parallel", "0"], "--parallel 0 is out of range"),
        (["somehost"], "both a target (somehost) and --hosts"),
    ])
    func badInput(extra: [String], sentence: String) throws {
        let scratch = try TemporaryDirectory()
        let (listener, port) = try LoopbackListener.open()
        defer { close(listener) }
        let list = try scratch.write("list", "127.0.0.1:\(port)\n")
        let key = scratch.file("k")
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
        let result = try SSHAuthBinary.run(["remove", "-i", key + ".pub", "--hosts", list] + extra)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(sentence), "\(result.stderr)")
        // A connection would wait in the listener's queue; there is none.
        _ = fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK)
        let accepted = accept(listener, nil, nil)
        if accepted >= 0 { close(accepted) }
        #expect(accepted < 0, "a bad input contacted a target")
    }
}
