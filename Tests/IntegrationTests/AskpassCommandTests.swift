import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth askpass setup` and its helper against the real sshd: the wrappers log in with no
/// terminal, hard passwords pass unchanged, and every way it must fail, fails clearly.
@Suite(.serialized) struct AskpassCommandTests {
    enum Helper: String, CaseIterable, CustomTestStringConvertible {
        case sshauth, standalone
        var testDescription: String { rawValue }
        var flags: [String] { self == .standalone ? ["--standalone-helper"] : [] }
    }

    /// A set-up in a scratch directory for the sandbox, with the sandbox's password unless `password` is given.
    private func setUp(_ account: SandboxAccount, _ scratch: TemporaryDirectory, helper: Helper, password: String? = nil,
                       extra: [String] = []) throws -> ExternalTool.Output {
        let sandbox = account.sandbox
        let passwordFile = try password.map { try scratch.write("typed-password", $0) } ?? sandbox.passwordFile
        return try SSHAuthBinary.run(["askpass", "setup", "--dir", scratch.file("askpass"), "--name", "sandbox",
                                      "--password-file", passwordFile, "--known-hosts", sandbox.knownHosts,
                                      "-p", String(sandbox.port)] + helper.flags + extra + ["\(sandbox.user)@\(sandbox.host)"])
    }

    /// Runs a wrapper as cron would: a new session with no terminal, stdin /dev/null.
    private func detached(_ arguments: [String]) throws -> ExternalTool.Output {
        try ExternalTool.run(["setsid", "-w"] + arguments, stdin: [])
    }

    private func sandboxPassword(_ account: SandboxAccount) throws -> String {
        try String(contentsOfFile: account.sandbox.passwordFile, encoding: .utf8)
    }

    @Test("set up, then NAME-ssh runs a command and NAME-sftp a batch file with no terminal", arguments: Helper.allCases)
    func endToEnd(_ helper: Helper) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let scratch = try TemporaryDirectory()
            let setup = try setUp(account, scratch, helper: helper)
            try #require(setup.status == 0, "\(setup.stderr)")
            #expect(setup.stdout.contains("logged in with no terminal"))
            let ssh = try detached([scratch.file("askpass/sandbox-ssh"), "echo", "ok"])
            #expect(ssh.status == 0, "\(ssh.stderr)")
            #expect(ssh.stdout == "ok\n")
            let payload = try scratch.write("payload", "transferred by the askpass wrapper\n")
            let batch = try scratch.write("batch", "put \(payload) \(account.home)/payload\n")
            let sftp = try detached([scratch.file("askpass/sandbox-sftp"), "-b", batch])
            #expect(sftp.status == 0, "\(sftp.stderr)")
            #expect(try String(contentsOfFile: account.home + "/payload", encoding: .utf8) == "transferred by the askpass wrapper\n")
            // Only the password file holds the password.
            let password = try sandboxPassword(account)
            for name in try FileManager.default.contentsOfDirectory(atPath: scratch.file("askpass")) {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.file("askpass/" + name)))
                #expect((name == "sandbox.password") == (bytes.range(of: Data(password.utf8)) != nil), "\(name)")
                #expect(mode(of: scratch.file("askpass/" + name)) == (name.hasSuffix("-ssh") || name.hasSuffix("-sftp") || name.hasSuffix("-askpass") ? 0o700 : 0o600), "\(name)")
            }
            #expect(mode(of: scratch.file("askpass")) == 0o700)
            #expect(try String(contentsOfFile: scratch.file("askpass/sandbox.password"), encoding: .utf8) == password)
        }
    }

    @Test("a password full of shell metacharacters and blanks works end to end", arguments: Helper.allCases)
    func hardPassword(_ helper: Helper) throws {
        try SandboxAccount.exclusive { account in
            defer { try? account.restorePassword() }
            let hard = #"'"$\`;|&*<>#!^/ and  spaces "#
            try account.setPassword(hard)
            let scratch = try TemporaryDirectory()
            let setup = try setUp(account, scratch, helper: helper, password: hard)
            try #require(setup.status == 0, "\(setup.stderr)")
            let ssh = try detached([scratch.file("askpass/sandbox-ssh"), "echo", "ok"])
            #expect(ssh.status == 0, "\(ssh.stderr)")
            #expect(ssh.stdout == "ok\n")
            #expect(try String(contentsOfFile: scratch.file("askpass/sandbox.password"), encoding: .utf8) == hard)
        }
    }

    @Test("the account's password changes: the wrapper fails within seconds and says what to do", arguments: Helper.allCases)
    func passwordChanged(_ helper: Helper) throws {
        try SandboxAccount.exclusive { account in
            defer { try? account.restorePassword() }
            let scratch = try TemporaryDirectory()
            try #require(try setUp(account, scratch, helper: helper).status == 0)
            try account.setPassword("a-new-password-\(UInt32.random(in: 0...UInt32.max))")
            let started = Date()
            let ssh = try detached([scratch.file("askpass/sandbox-ssh"), "true"])
            #expect(Date().timeIntervalSince(started) < 20, "no loop, no hang")
            #expect(ssh.status == 255)
            #expect(ssh.stderr.contains("Permission denied"), "\(ssh.stderr)")
            #expect(ssh.stderr.contains("if the password changed, store the new one with: sshauth askpass setup --force"))
        }
    }

    @Test("the target's host key changes: the wrapper refuses, and the helper is never asked anything", arguments: Helper.allCases)
    func hostKeyChanged(_ helper: Helper) throws {
        try SandboxAccount.exclusive { account in
            let scratch = try TemporaryDirectory()
            try #require(try setUp(account, scratch, helper: helper).status == 0)
            // Another key under the target's name, as after a reinstall (or an interception).
            _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", scratch.file("other")])
            let other = try String(contentsOfFile: scratch.file("other.pub"), encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
            let pinned = scratch.file("askpass/sandbox.known_hosts")
            let name = try String(contentsOfFile: pinned, encoding: .utf8).split(separator: " ")[0]
            try "\(name) \(other)\n".write(toFile: pinned, atomically: true, encoding: .utf8)
            // Record every question ssh puts to the helper.
            let helperPath = scratch.file("askpass/sandbox-askpass")
            try FileManager.default.moveItem(atPath: helperPath, toPath: helperPath + ".real")
            _ = try scratch.write("askpass/sandbox-askpass", "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \(scratch.file("asked"))\nexec \(helperPath).real \"$@\"\n", mode: 0o700)
            let ssh = try detached([scratch.file("askpass/sandbox-ssh"), "true"])
            #expect(ssh.status == 255)
            #expect(ssh.stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") || ssh.stderr.contains("Host key verification failed"), "\(ssh.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.file("asked")), "the helper was asked: \((try? String(contentsOfFile: scratch.file("asked"), encoding: .utf8)) ?? "")")
        }
    }

    @Test("a password file with mode 0644 or another owner: the helper refuses, the wrapper fails clearly",
          arguments: Helper.allCases.flatMap { helper in ["0644", "nobody"].map { (helper, $0) } })
    func unprotectedPasswordFile(_ helper: Helper, _ how: String) throws {
        try SandboxAccount.exclusive { account in
            let scratch = try TemporaryDirectory()
            try #require(try setUp(account, scratch, helper: helper).status == 0)
            let file = scratch.file("askpass/sandbox.password")
            if how == "0644" { try account.chmod(file, 0o644) } else { try account.chown(file, to: "nobody") }
            let started = Date()
            let ssh = try detached([scratch.file("askpass/sandbox-ssh"), "true"])
            #expect(Date().timeIntervalSince(started) < 20)
            #expect(ssh.status == 255)
            #expect(ssh.stderr.contains("must be yours and mode 0600 or 0400"), "\(ssh.stderr)")
        }
    }

    @Test("while a wrapper runs, no process's argv or environment holds the password", arguments: Helper.allCases)
    func noPasswordInProcesses(_ helper: Helper) throws {
        try SandboxAccount.exclusive { account in
            let scratch = try TemporaryDirectory()
            try #require(try setUp(account, scratch, helper: helper).status == 0)
            let password = Array(try sandboxPassword(account).utf8)
            let run = Process()
            run.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            run.arguments = ["-w", scratch.file("askpass/sandbox-ssh"), "sleep", "2"]
            run.standardInput = FileHandle.nullDevice
            run.standardOutput = FileHandle.nullDevice
            run.standardError = FileHandle.nullDevice
            try run.run()
            var scans = 0
            var leaks: [String] = []
            while run.isRunning {
                for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int32(entry) != nil {
                    for part in ["cmdline", "environ"] {
                        guard let bytes = FileManager.default.contents(atPath: "/proc/\(entry)/\(part)") else { continue }
                        if Array(bytes).firstRange(of: password) != nil { leaks.append("/proc/\(entry)/\(part)") }
                    }
                }
                scans += 1
                usleep(20_000)
            }
            #expect(run.terminationStatus == 0)
            #expect(scans >= 5)
            #expect(leaks.isEmpty, "\(leaks)")
        }
    }

    @Test("a wrong password stores nothing; --dry-run shows every file and writes nothing")
    func wrongPasswordAndDryRun() throws {
        try SandboxAccount.exclusive { account in
            let scratch = try TemporaryDirectory()
            let wrong = try setUp(account, scratch, helper: .sshauth, password: "not-the-password")
            #expect(wrong.status != 0)
            #expect(wrong.stderr.contains("Nothing was stored."), "\(wrong.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.file("askpass")))
            let offset = account.logOffset()
            let dry = try SSHAuthBinary.run(["askpass", "setup", "--dry-run", "--dir", scratch.file("askpass"), "--name", "sandbox",
                                             "--known-hosts", account.sandbox.knownHosts, "-p", String(account.sandbox.port),
                                             "\(account.sandbox.user)@\(account.sandbox.host)"])
            #expect(dry.status == 0, "\(dry.stderr)")
            for name in ["sandbox.password", "sandbox.known_hosts", "sandbox-askpass", "sandbox-ssh", "sandbox-sftp", "sandbox.env"] {
                #expect(dry.stdout.contains("--- \(scratch.file("askpass/" + name)) (mode 0"), "\(name)")
            }
            #expect(dry.stdout.contains("\u{2022}\u{2022}\u{2022}\u{2022}"))
            #expect(!dry.stdout.contains(try sandboxPassword(account)))
            #expect(!FileManager.default.fileExists(atPath: scratch.file("askpass")))
            #expect(try account.authenticationAttempts(since: offset) == [], "a dry run sends no password")
        }
    }

    @Test("the helper answers its own target's password prompts only, exactly, and refuses the rest", arguments: Helper.allCases)
    func helperAnswers(_ helper: Helper) throws {
        try SandboxAccount.exclusive { account in
            let scratch = try TemporaryDirectory()
            try #require(try setUp(account, scratch, helper: helper).status == 0)
            let helperPath = scratch.file("askpass/sandbox-askpass")
            let file = scratch.file("askpass/sandbox.password")
            let user = account.sandbox.user
            let alias = "[\(account.sandbox.host)]:\(account.sandbox.port)"
            func ask(_ prompt: String, _ environment: [String: String] = [:]) throws -> ExternalTool.Output {
                try ExternalTool.run([helperPath, prompt], environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
            }
            for prompt in ["\(user)@\(alias)'s password: ", "(\(user)@\(alias)) Password: "] {
                let answered = try ask(prompt)
                #expect(answered.status == 0, "\(prompt): \(answered.stderr)")
                #expect(answered.stdout == (try sandboxPassword(account)), "the password alone, no newline")
            }
            let refusals = [
                "Are you sure you want to continue connecting (yes/no/[fingerprint])? ", "Enter passphrase for key '/root/.ssh/id_ed25519': ",
                "(\(user)@\(alias)) New password: ", "(\(user)@\(alias)) Verification code: ",
                // Another account, another host, another port, the host without the alias, no account at all.
                "root@evil.example's password: ", "root@\(alias)'s password: ", "\(user)@evil.example's password: ",
                "\(user)@[\(account.sandbox.host)]:\(account.sandbox.port + 1)'s password: ", "\(user)@\(account.sandbox.host)'s password: ",
                "(\(user)@\(account.sandbox.host)) Password: ", "(root@\(alias)) Password: ", "Password: ", "password",
                "Type the password of \(user)@\(alias) here: ", "\(user)@\(alias)'s password: '*' \(user)@\(alias)'s password: ",
            ]
            for prompt in refusals {
                let refused = try ask(prompt, ["SSHAUTH_ASKPASS_FILE": file])
                #expect(refused.status == 1, "\(prompt)")
                #expect(refused.stdout.isEmpty, "\(prompt)")
                #expect(refused.stderr.contains("not answering"), "\(prompt): \(refused.stderr)")
            }
            let confirm = try ask("\(user)@\(alias)'s password: ", ["SSH_ASKPASS_PROMPT": "confirm"])
            #expect(confirm.status == 1)
            #expect(confirm.stdout.isEmpty)
            // A link to the password file is not the file: both helpers refuse it.
            try FileManager.default.moveItem(atPath: file, toPath: scratch.file("moved"))
            try FileManager.default.createSymbolicLink(atPath: file, withDestinationPath: scratch.file("moved"))
            let viaLink = try ask("\(user)@\(alias)'s password: ")
            #expect(viaLink.status == 1)
            #expect(viaLink.stdout.isEmpty)
            #expect(viaLink.stderr.contains("not a regular file"), "\(viaLink.stderr)")
        }
    }

    /// Bad input for `sshauth askpass answer`: the options its helper file gives, and the prompt.
    /// FILE, USER and ALIAS stand for the set-up's own; PINNED for USER@ALIAS.
    static let answerBadInput: [([String], String)] = [
        // The issue's reproduction: the password file from the environment, a stranger's prompt.
        ([], "root@evil.example's password: "),
        ([], "PINNED's password: "),
        (["--user", "USER", "--host", "ALIAS"], "PINNED's password: "),
        (["--password-file", "FILE", "--host", "ALIAS"], "PINNED's password: "),
        (["--password-file", "FILE", "--user", "USER"], "PINNED's password: "),
        (["--password-file", "FILE", "--user", "", "--host", "ALIAS"], "PINNED's password: "),
        (["--password-file", "FILE", "--user", "USER", "--host", ""], "PINNED's password: "),
        (["--password-file", "", "--user", "USER", "--host", "ALIAS"], "PINNED's password: "),
        (["--password-file", "FILE", "--user", "USER", "--host", "ALIAS"], "root@evil.example's password: "),
        (["--password-file", "FILE", "--user", "USER", "--host", "ALIAS"], "Password: "),
        (["--password-file", "FILE", "--user", "USER", "--host", "127.0.0.1"], "PINNED's password: "),
        (["--password-file", "FILE", "--user", "root", "--host", "ALIAS"], "PINNED's password: "),
    ]

    @Test("bad input: sshauth askpass answers only with the pinned file, account and host that its helper file gives")
    func answerOptions() throws {
        try SandboxAccount.exclusive { account in
            let scratch = try TemporaryDirectory()
            try #require(try setUp(account, scratch, helper: .sshauth).status == 0)
            let file = scratch.file("askpass/sandbox.password")
            let alias = "[\(account.sandbox.host)]:\(account.sandbox.port)"
            let environment = ProcessInfo.processInfo.environment.merging(["SSHAUTH_ASKPASS_FILE": file]) { $1 }
            for (options, prompt) in Self.answerBadInput {
                let filled = options.map { $0 == "FILE" ? file : $0 == "USER" ? account.sandbox.user : $0 == "ALIAS" ? alias : $0 }
                let pinned = prompt.replacingOccurrences(of: "PINNED", with: "\(account.sandbox.user)@\(alias)")
                let refused = try SSHAuthBinary.run(["askpass", "answer"] + filled + ["--", pinned], environment: environment)
                #expect(refused.status != 0, "\(options) \(prompt)")
                #expect(refused.stdout.isEmpty, "\(options) \(prompt)")
                #expect(refused.stderr.contains("not answering"), "\(options) \(prompt): \(refused.stderr)")
                #expect(refused.stderr.split(separator: "\n").count == 1, "one sentence: \(refused.stderr)")
            }
            // The same file, account and host answer their own prompt, also as `sshauth askpass PROMPT`.
            let answered = try SSHAuthBinary.run(["askpass", "--password-file", file, "--user", account.sandbox.user, "--host", alias,
                                                  "\(account.sandbox.user)@\(alias)'s password: "])
            #expect(answered.status == 0, "\(answered.stderr)")
            #expect(answered.stdout == (try sandboxPassword(account)))
        }
    }

    @Test("the password goes to no other server: a second sshd with its own host key, reached after sourcing NAME.env", arguments: Helper.allCases)
    func otherServerGetsNothing(_ helper: Helper) throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let scratch = try TemporaryDirectory()
            try #require(try setUp(account, scratch, helper: helper).status == 0)
            let other = try ExtraSSHD.withOwnHostKey(in: scratch, name: "second", settings: [
                "UsePAM yes", "PasswordAuthentication yes", "KbdInteractiveAuthentication yes", "PubkeyAuthentication no",
                "StrictModes no", "MaxAuthTries 20", "UseDNS no", "PrintMotd no", "LogLevel VERBOSE",
            ])
            defer { other.stop() }
            let user = account.sandbox.user
            let env = scratch.file("askpass/sandbox.env")
            let helperPath = scratch.file("askpass/sandbox-askpass")
            // ssh as a user's own job would call it, trusting whatever key the second server shows.
            let loose = "ssh -F /dev/null -oStrictHostKeyChecking=no -oUserKnownHostsFile=/dev/null -oConnectTimeout=5 -oNumberOfPasswordPrompts=1 -oPreferredAuthentications=keyboard-interactive,password -p \(other.port) \(user)@127.0.0.1 true"
            let attempts = [
                // Sourcing the env file alone arms nothing.
                ". \(env) && \(loose)",
                // Even with the helper forced on ssh by hand, or by the env file's own function, it refuses the stranger's prompt.
                ". \(env) && SSH_ASKPASS=\(helperPath) SSH_ASKPASS_REQUIRE=force DISPLAY=x \(loose)",
                ". \(env) && sshauth_askpass \(loose)",
                // With the pinned options, the second server's key is not the pinned one: ssh stops before any password.
                ". \(env) && sshauth_askpass ssh $SSHAUTH_SSH_OPTIONS -oConnectTimeout=5 -p \(other.port) \(user)@127.0.0.1 true",
                ". \(env) && sshauth_askpass ssh -F /dev/null -oHostKeyAlias=[127.0.0.1]:\(account.sandbox.port) -oUserKnownHostsFile=\(scratch.file("askpass/sandbox.known_hosts")) -oStrictHostKeyChecking=yes -p \(other.port) \(user)@127.0.0.1 true",
            ]
            for command in attempts {
                let offset = other.logOffset()
                let run = try detached(["sh", "-c", command])
                #expect(run.status == 255, "\(command): \(run.stderr)")
                let log = other.log(since: offset)
                #expect(log.contains("Connection from 127.0.0.1"), "ssh reached the second server: \(command)\n\(log)")
                #expect(!log.contains("Accepted"), "\(command)\n\(log)")
            }
            // The second server does take the account's password: a helper that answers anything gets in.
            let anything = try scratch.write("answers-anything", "#!/bin/sh\ncat \(account.sandbox.passwordFile)\n", mode: 0o700)
            let offset = other.logOffset()
            let control = try detached(["sh", "-c", "SSH_ASKPASS=\(anything) SSH_ASKPASS_REQUIRE=force DISPLAY=x \(loose)"])
            #expect(control.status == 0, "\(control.stderr)")
            #expect(other.log(since: offset).contains("Accepted"))
            // And the wrappers still log in to the pinned target with no terminal.
            let wrapper = try detached([scratch.file("askpass/sandbox-ssh"), "echo", "ok"])
            #expect(wrapper.status == 0, "\(wrapper.stderr)")
            #expect(wrapper.stdout == "ok\n")
        }
    }

    @Test("bad input: one sentence, non-zero status, nothing written", arguments: [
        (["--name", "../escape"], "cannot be a file name"),
        (["--dir", "/tmp/with blank"], "has a blank in its name"),
        (["--identity", "/etc/hostname"], "askpass stores a password"),
        (["-p", "0"], "is not a TCP port"),
    ])
    func badInput(_ extra: [String], _ sentence: String) throws {
        try SandboxAccount.exclusive { account in
            let scratch = try TemporaryDirectory()
            let sandbox = account.sandbox
            let result = try SSHAuthBinary.run(["askpass", "setup", "--dir", scratch.file("askpass"), "--known-hosts", sandbox.knownHosts,
                                                "-p", String(sandbox.port)] + extra + ["\(sandbox.user)@\(sandbox.host)"], stdin: [])
            #expect(result.status != 0)
            #expect(result.stderr.contains(sentence), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: scratch.file("askpass")))
        }
    }

    @Test("no password source and no terminal, an unprotected password file, or an existing set-up: refused, nothing written")
    func refusals() throws {
        try SandboxAccount.exclusive { account in
            let scratch = try TemporaryDirectory()
            let sandbox = account.sandbox
            let base = ["askpass", "setup", "--dir", scratch.file("askpass"), "--name", "sandbox", "--known-hosts", sandbox.knownHosts,
                        "-p", String(sandbox.port), "\(sandbox.user)@\(sandbox.host)"]
            let none = try SSHAuthBinary.run(base, stdin: [])
            #expect(none.status != 0)
            #expect(none.stderr.contains("no password to store"), "\(none.stderr)")
            let open = try scratch.write("open-password", try sandboxPassword(account), mode: 0o644)
            let unprotected = try SSHAuthBinary.run(base + ["--password-file", open])
            #expect(unprotected.status != 0)
            #expect(unprotected.stderr.contains(open), "\(unprotected.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.file("askpass")))
            let broken = try SSHAuthBinary.run(base + ["--password-file", try scratch.write("cr-password", "first\rsecond")])
            #expect(broken.status != 0)
            #expect(broken.stderr.contains("line break"), "\(broken.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.file("askpass")))
            try #require(try setUp(account, scratch, helper: .sshauth).status == 0)
            let before = try Data(contentsOf: URL(fileURLWithPath: scratch.file("askpass/sandbox-ssh")))
            let again = try setUp(account, scratch, helper: .standalone)
            #expect(again.status != 0)
            #expect(again.stderr.contains("give --force to replace it"), "\(again.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.file("askpass/sandbox-ssh"))) == before)
            let forced = try setUp(account, scratch, helper: .standalone, extra: ["--force"])
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(try String(contentsOfFile: scratch.file("askpass/sandbox-askpass"), encoding: .utf8).contains("exec cat -- \"$file\""))
        }
    }
}
