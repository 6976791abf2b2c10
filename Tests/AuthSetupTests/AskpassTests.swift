import AuthSetup
import Testing

/// The askpass set-up's pure parts: which prompts get the password, names and passwords that can
/// be stored, and what the scripts say.
@Suite struct AskpassTests {
    @Test("only password prompts are answered", arguments: [
        ("sshauth-test@[127.0.0.1]:2222's password: ", nil, AskpassPrompt.password),
        ("(sshauth-test@[127.0.0.1]:2222) Password: ", nil, .password),
        ("(sshauth-test@[127.0.0.1]:2222) Enter PASSCODE: ", nil, .password),
        ("(sshauth-test@[127.0.0.1]:2222) Current password: ", nil, .password),
        ("The authenticity of host '[127.0.0.1]:22 ([127.0.0.1]:22)' can't be established.\nED25519 key fingerprint is SHA256:x.\nAre you sure you want to continue connecting (yes/no/[fingerprint])? ", nil, .refused(.question)),
        ("Please type 'yes', 'no' or the fingerprint: ", nil, .refused(.question)),
        ("Enter passphrase for key '/root/.ssh/id_ed25519': ", nil, .refused(.passphrase)),
        ("(sshauth-test@[127.0.0.1]:2222) New password: ", nil, .refused(.newPassword)),
        ("(sshauth-test@[127.0.0.1]:2222) Retype new password: ", nil, .refused(.newPassword)),
        ("Allow use of key /root/.ssh/id_ed25519?", "confirm", .refused(.confirmation)),
        ("sshauth-test@[127.0.0.1]:2222's password: ", "confirm", .refused(.confirmation)),
        ("(sshauth-test@[127.0.0.1]:2222) Verification code: ", nil, .refused(.unknown)),
        ("", nil, .refused(.unknown)),
    ] as [(String, String?, AskpassPrompt)])
    func prompts(_ prompt: String, _ kind: String?, _ expected: AskpassPrompt) {
        #expect(AskpassPrompt(prompt, promptKind: kind, user: "sshauth-test", host: "[127.0.0.1]:2222") == expected)
    }

    @Test("a password prompt for another account, another host or no account at all is refused", arguments: [
        ("root@evil.example's password: ", "root@evil.example"),
        ("root@[127.0.0.1]:2222's password: ", "root@[127.0.0.1]:2222"),
        ("SSHAUTH-TEST@[127.0.0.1]:2222's password: ", "SSHAUTH-TEST@[127.0.0.1]:2222"),
        ("sshauth-test@127.0.0.1's password: ", "sshauth-test@127.0.0.1"),
        ("sshauth-test@[127.0.0.1]:2223's password: ", "sshauth-test@[127.0.0.1]:2223"),
        ("sshauth-test@[127.0.0.1]:22222's password: ", "sshauth-test@[127.0.0.1]:22222"),
        ("(root@[127.0.0.1]:2222) Password: ", "root@[127.0.0.1]:2222"),
        ("(sshauth-test@evil.example) Password: ", "sshauth-test@evil.example"),
        ("(sshauth-test@[127.0.0.1]:2222)Password: ", "sshauth-test@[127.0.0.1]:2222"),
        ("Password: ", nil),
        ("password", nil),
        ("Please enter your password for sshauth-test@[127.0.0.1]:2222: ", nil),
        ("sshauth-test@[127.0.0.1]:2222's password:", nil),
        (" sshauth-test@[127.0.0.1]:2222's password: ", nil),
        ("x sshauth-test@[127.0.0.1]:2222's password: ", nil),
        ("sshauth-test@[127.0.0.1]:2222's old password: ", nil),
        ("Enter PASSCODE: ", nil),
    ] as [(String, String?)])
    func otherTargets(_ prompt: String, _ found: String?) {
        let pinned = "sshauth-test@[127.0.0.1]:2222"
        let expected: AskpassPrompt.Refusal = found.map { .otherTarget(found: $0, expected: pinned) } ?? .noTarget(expected: pinned)
        #expect(AskpassPrompt(prompt, promptKind: nil, user: "sshauth-test", host: "[127.0.0.1]:2222") == .refused(expected))
        #expect(expected.description.contains("only for \(pinned)"))
    }

    @Test("names that cannot be file names are refused", arguments: ["", "../x", "a/b", ".hidden", "with space", String(repeating: "n", count: 65), "caf\u{e9}"])
    func badNames(_ name: String) {
        #expect(AskpassRequest.checkName(name) != nil)
    }

    @Test("names that can", arguments: ["host", "site1.example.org", "HOST_2-b", "a"])
    func goodNames(_ name: String) {
        #expect(AskpassRequest.checkName(name) == nil)
    }

    @Test("the default name is the host, made fit for a file name")
    func defaultNames() {
        #expect(AskpassRequest.defaultName(host: "db.example.org") == "db.example.org")
        #expect(AskpassRequest.defaultName(host: "::1") == "__1")
        #expect(AskpassRequest.defaultName(host: ".") == "target")
        #expect(AskpassRequest.checkName(AskpassRequest.defaultName(host: "fe80::1%eth0")) == nil)
    }

    @Test("passwords ssh cannot take from a helper are refused")
    func passwords() {
        #expect(AskpassRequest.checkPassword(Array("fine 'one' $x".utf8)) == nil)
        #expect(AskpassRequest.checkPassword([UInt8]()) != nil)
        #expect(AskpassRequest.checkPassword(Array("a\rb".utf8)) != nil)
        #expect(AskpassRequest.checkPassword(Array("a\nb".utf8)) != nil)
        #expect(AskpassRequest.checkPassword([UInt8](repeating: 0x61, count: 1024)) != nil)
        #expect(AskpassRequest.checkPassword([UInt8](repeating: 0x61, count: 1023)) == nil)
    }

    static let request = AskpassRequest(directory: "/home/o'brien/100%/$HOME", name: "site", user: "me", host: "db.example.org", port: 2222,
                                        hostKey: "ssh-ed25519 AAAA", helper: .sshauth(binary: "/usr/local/bin/sshauth"),
                                        replace: false)

    @Test("BatchMode=no comes before everything, so sftp -b cannot switch passwords off; the pinned file is strict")
    func options() throws {
        let options = AskpassScripts.sshOptions(Self.request)
        #expect(options.first == "-oBatchMode=no")
        #expect(options.contains("-oStrictHostKeyChecking=yes"))
        #expect(options.contains("-oUserKnownHostsFile=/home/o'brien/100%%/$HOME/site.known_hosts"), "ssh's %-tokens escaped")
        #expect(options.contains("-oNumberOfPasswordPrompts=1"))
        #expect(options.contains("-oHostKeyAlias=[db.example.org]:2222"), "the name the helper answers to")
        let sftp = AskpassScripts.sftpWrapper(Self.request)
        let call = try #require(sftp.split(separator: "\n").first { $0.hasPrefix("    sftp ") })
        #expect(call.range(of: "BatchMode=no")!.lowerBound < call.range(of: "\"$@\"")!.lowerBound)
    }

    @Test("paths are single-quoted in the scripts: a quote, a $ or a % stays as written")
    func quoting() {
        let ssh = AskpassScripts.sshWrapper(Self.request)
        #expect(ssh.contains("SSH_ASKPASS='/home/o'\\''brien/100%/$HOME/site-askpass'"))
        #expect(ssh.contains("-p 2222 -l 'me' -- 'db.example.org' \"$@\""))
        #expect(AskpassScripts.helper(Self.request).contains(
            "exec '/usr/local/bin/sshauth' askpass answer --password-file '/home/o'\\''brien/100%/$HOME/site.password' --user 'me' --host '[db.example.org]:2222' -- \"$@\""))
        let standalone = AskpassRequest(directory: "/home/o'brien", name: "site", user: "o'me", host: "DB.example.org", port: 22,
                                        hostKey: "ssh-ed25519 AAAA", helper: .standalone, replace: false)
        let script = AskpassScripts.helper(standalone)
        #expect(script.contains("file='/home/o'\\''brien/site.password'"))
        #expect(script.contains("pinned='o'\\''me@[db.example.org]:22'"))
        #expect(!script.contains("SSHAUTH_ASKPASS_FILE"), "nothing is taken from the caller's environment")
    }

    @Test("the host key alias is [host]:port in lower case, for port 22 too; the pinned line is filed under it")
    func alias() {
        #expect(Self.request.hostKeyAlias == "[db.example.org]:2222")
        #expect(Self.request.knownHostsLine == "[db.example.org]:2222 ssh-ed25519 AAAA")
        let other = AskpassRequest(directory: "/d", name: "n", user: "u", host: "Host.EXAMPLE", port: 22, hostKey: "k", helper: .standalone, replace: false)
        #expect(other.hostKeyAlias == "[host.example]:22")
        let v6 = AskpassRequest(directory: "/d", name: "n", user: "u", host: "::1", port: 2200, hostKey: "k", helper: .standalone, replace: false)
        #expect(v6.hostKeyAlias == "[::1]:2200")
    }

    @Test("the wrappers give the askpass settings to their own ssh or sftp only; the env file exports nothing")
    func nothingExported() throws {
        for script in [AskpassScripts.sshWrapper(Self.request), AskpassScripts.sftpWrapper(Self.request)] {
            #expect(!script.contains("export"), "\(script)")
            let lines = script.split(separator: "\n")
            let settings = try #require(lines.firstIndex { $0.hasPrefix("SSH_ASKPASS=") })
            #expect(lines[settings].hasSuffix(" \\"), "the assignments continue onto the program's line")
            #expect(lines[settings + 1].hasPrefix("    ssh ") || lines[settings + 1].hasPrefix("    sftp "))
        }
        let env = AskpassScripts.environmentFile(Self.request)
        #expect(!env.split(separator: "\n").contains { !$0.hasPrefix("#") && $0.contains("export") })
        #expect(!env.split(separator: "\n").contains { $0.hasPrefix("SSH_ASKPASS") || $0.hasPrefix("DISPLAY") })
        #expect(env.contains("SSHAUTH_SSH_OPTIONS='-oBatchMode=no "))
        #expect(env.contains("sshauth_askpass() {\n    env SSH_ASKPASS='/home/o'\\''brien/100%/$HOME/site-askpass' SSH_ASKPASS_REQUIRE=force"))
    }

    @Test("the dry run shows every file with its mode; the password file as bullets")
    func files() {
        let setup = AskpassSetup(request: Self.request, password: nil)
        #expect(setup.files.map(\.path) == ["site.password", "site.known_hosts", "site-askpass", "site-ssh", "site-sftp", "site.env"].map { "/home/o'brien/100%/$HOME/" + $0 })
        #expect(setup.files.map(\.mode) == [0o600, 0o600, 0o700, 0o700, 0o700, 0o600])
        #expect(setup.files[0].shownContent == "\u{2022}\u{2022}\u{2022}\u{2022}")
        #expect(setup.files[1].shownContent == "[db.example.org]:2222 ssh-ed25519 AAAA\n")
    }
}

/// Paths as typed: `~` is the home directory, trailing slashes go, nothing else changes.
@Suite struct TypedPathTests {
    @Test("~ and ~/ expand; ~user, $HOME and relative paths stay as typed", arguments: [
        ("~", "/home/u"), ("~/", "/home/u"), ("~/plans/a.txt", "/home/u/plans/a.txt"), ("/tmp/x///", "/tmp/x"), ("/", "/"),
        ("~other/x", "~other/x"), ("$HOME/x", "$HOME/x"), ("rel/dir/", "rel/dir"),
    ])
    func expand(_ typed: String, _ expected: String) {
        #expect(TypedPath.expand(typed, home: "/home/u") == expected)
    }
}

/// The z/OS variant the wizard offers next to a local set-up.
@Suite struct AskpassBatchVariantTests {
    @Test("the dataset is named from the user and the set-up, in qualifiers z/OS takes; the JCL sets askpass up")
    func suggested() {
        let lines = AskpassBatchJob.suggestedLines(for: AskpassTests.request, localUser: "sshauth-test")
        #expect(lines.first?.contains("'SSHAUTHT.SSHAUTH.PASSWD(SITE)'") == true, "\(lines.first ?? "")")
        #expect(lines.contains { $0.contains("SSH_ASKPASS_REQUIRE") })
        #expect(lines.contains { $0.contains("-oBatchMode=no") })
        let digits = AskpassBatchJob.suggestedLines(for: AskpassTests.request, localUser: "1234")
        #expect(digits.first?.contains("'USERID.SSHAUTH.PASSWD(SITE)'") == true, "a user name of digits gives no qualifier")
    }
}
