import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A password is gone from sshauth's memory once the login that needed it has ended: a core dump
/// (gdb's gcore) of a running install, taken after the login, does not hold it.
@Suite(.serialized) struct PasswordWipeTests {
    @Test("install: no copy of the password in a core dump taken during the login proof")
    func passwordGoneAfterLogin() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let key = scratch.file("k")
            try #require(try SSHAuthBinary.run(["keygen", "-f", key, "--no-passphrase"]).status == 0)
            // The pause point: an `ssh` first on PATH that the proof runs, which says it has started
            // and waits to be released (the install is then past its login and its SFTP work).
            let paused = scratch.file("paused"), release = scratch.file("release")
            let fakeSSH = try scratch.write("ssh", "#!/bin/sh\n: > '\(paused)'\nwhile [ ! -e '\(release)' ]; do sleep 0.1; done\nexit 255\n", mode: 0o755)
            #expect(FileManager.default.isExecutableFile(atPath: fakeSSH))
            let target = "\(sandbox.user)@\(sandbox.host)"
            let (process, _) = try SSHAuthBinary.start(["install", "-i", key + ".pub", "--password-file", sandbox.passwordFile,
                                                              "--known-hosts", sandbox.knownHosts, "-p", String(sandbox.port), target],
                                                             pathFirst: scratch.path)
            defer {
                _ = FileManager.default.createFile(atPath: release, contents: nil)
                process.waitUntilExit()
            }
            let limit = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: paused), process.isRunning, Date() < limit { usleep(50_000) }
            try #require(FileManager.default.fileExists(atPath: paused), "the install never reached its login proof")
            let dump = try ExternalTool.run(["gcore", "-o", scratch.file("core"), String(process.processIdentifier)])
            try #require(dump.status == 0, "gcore failed: \(dump.stderr)")
            let core = try Data(contentsOf: URL(fileURLWithPath: scratch.file("core.\(process.processIdentifier)")))
            var password = try Data(contentsOf: URL(fileURLWithPath: sandbox.passwordFile))
            while password.last == 0x0A || password.last == 0x0D { password.removeLast() }
            try #require(password.count >= 8)
            // The search works: the target named on the command line is in the dump.
            #expect(core.range(of: Data(target.utf8)) != nil)
            #expect(core.range(of: password) == nil, "the password is still in sshauth's memory after the login")
        }
    }
}
