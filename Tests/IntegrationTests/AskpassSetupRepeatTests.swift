import Foundation
import TestSupport
import Testing

/// `askpass setup` against the sandbox as a set-up that can be run again: the command it prints
/// at the end repeats it.
@Suite(.serialized) struct AskpassSetupRepeatTests {
    @Test("the success output ends with 'Repeat with:' and a command that, run by the shell, does the set-up again")
    func repeatLine() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8)
            let arguments = ["askpass", "setup", "--dir", scratch.file("jobs&(1)"),
                             "--name", "nightly", "--force", "--password-file", sandbox.passwordFile, "--known-hosts", sandbox.knownHosts,
                             "-p", String(sandbox.port), "\(sandbox.user)@\(sandbox.host)"]
            let first = try SSHAuthBinary.run(arguments)
            try #require(first.status == 0, "\(first.stderr)")
            let last = try #require(first.stdout.split(separator: "\n").last.map(String.init))
            let prefix = "Repeat with: "
            try #require(last.hasPrefix(prefix), "\(first.stdout)")
            let line = String(last.dropFirst(prefix.count))
            #expect(line.hasPrefix("sshauth askpass setup "))
            #expect(line.contains("\(sandbox.user)@\(sandbox.host):\(sandbox.port)"), "the -p is in the target: \(line)")
            #expect(!line.contains(password), "no secret, only its file")
            let wrapper = scratch.file("jobs&(1)/nightly-ssh")
            let written = try Data(contentsOf: URL(fileURLWithPath: wrapper))
            // The shell reads the quoting back; sshauth is found on PATH, as a user would run it.
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = URL(fileURLWithPath: SSHAuthBinary.path).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            let again = try ExternalTool.run(["sh", "-c", line], environment: environment)
            #expect(again.status == 0, "\(line): \(again.stderr)")
            #expect(again.stdout.contains("Proof: \(wrapper) true logged in with no terminal."), "\(again.stdout)")
            #expect(again.stdout.hasSuffix(last + "\n"), "the repeat repeats itself: \(again.stdout)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: wrapper)) == written)
        }
    }

    @Test("a directory with a quote, which ssh would misread in the wrappers, is refused before connecting: nothing written, no host key recorded")
    func quoteInDirectory() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let scratch = try TemporaryDirectory()
            let knownHosts = try scratch.write("known_hosts", "")
            let refused = try SSHAuthBinary.run(["askpass", "setup", "--dir", scratch.file("it's"), "--password-file", sandbox.passwordFile,
                                                 "--known-hosts", knownHosts, "--accept-new-host-key", "-p", String(sandbox.port),
                                                 "\(sandbox.user)@\(sandbox.host)"])
            #expect(refused.status != 0)
            #expect(refused.stderr == "sshauth: the directory \(scratch.file("it's")) has a quote (') in its name, which ssh's UserKnownHostsFile option takes as quoting; choose another --dir.\n")
            #expect(refused.stdout.isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["known_hosts"])
            #expect(try String(contentsOfFile: knownHosts, encoding: .utf8).isEmpty, "no connection was made")
        }
    }
}
