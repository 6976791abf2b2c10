import AuthSetup
import Testing

/// The askpass set-up's pure parts: which prompts get the password, names and passwords that can
/// be stored, and what the scripts say.
@Suite struct AskpassTests {
    @Test("only password prompts are answered", arguments: [
        ("sshauth-test@127.0.0.1's password: ", nil, AskpassPrompt.password),
        ("Password: ", nil, .password),
        ("(user@host) Password: ", nil, .password),
        ("Enter PASSCODE: ", nil, .password),
        ("Current password: ", nil, .password),
        ("The authenticity of host '[127.0.0.1]:22 ([127.0.0.1]:22)' can't be established.\nED25519 key fingerprint is SHA256:x.\nAre you sure you want to continue connecting (yes/no/[fingerprint])? ", nil, .refused(.question)),
        ("Please type 'yes', 'no' or the fingerprint: ", nil, .refused(.question)),
        ("Enter passphrase for key '/root/.ssh/id_ed25519': ", nil, .refused(.passphrase)),
        ("New password: ", nil, .refused(.newPassword)),
        ("Retype new password: ", nil, .refused(.newPassword)),
        ("Allow use of key /root/.ssh/id_ed25519?", "confirm", .refused(.confirmation)),
        ("Password: ", "confirm", .refused(.confirmation)),
        ("Verification code: ", nil, .refused(.unknown)),
        ("", nil, .refused(.unknown)),
    ] as [(String, String?, AskpassPrompt)])
    func prompts(_ prompt: String, _ kind: String?, _ expected: AskpassPrompt) {
        #expect(AskpassPrompt(prompt, promptKind: kind) == expected)
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
                                        knownHostsLine: "[db.example.org]:2222 ssh-ed25519 AAAA", helper: .sshauth(binary: "/usr/local/bin/sshauth"),
                                        replace: false)

    @Test("BatchMode=no comes before everything, so sftp -b cannot switch passwords off; the pinned file is strict")
    func options() {
        let options = AskpassScripts.sshOptions(Self.request)
        #expect(options.first == "-oBatchMode=no")
        #expect(options.contains("-oStrictHostKeyChecking=yes"))
        #expect(options.contains("-oUserKnownHostsFile=/home/o'brien/100%%/$HOME/site.known_hosts"), "ssh's %-tokens escaped")
        #expect(options.contains("-oNumberOfPasswordPrompts=1"))
        let sftp = AskpassScripts.sftpWrapper(Self.request)
        let call = try! #require(sftp.split(separator: "\n").first { $0.hasPrefix("sftp ") })
        #expect(call.range(of: "BatchMode=no")!.lowerBound < call.range(of: "\"$@\"")!.lowerBound)
    }

    @Test("paths are single-quoted in the scripts: a quote, a $ or a % stays as written")
    func quoting() {
        let ssh = AskpassScripts.sshWrapper(Self.request)
        #expect(ssh.contains("SSHAUTH_ASKPASS_FILE='/home/o'\\''brien/100%/$HOME/site.password'"))
        #expect(ssh.contains("SSH_ASKPASS='/home/o'\\''brien/100%/$HOME/site-askpass'"))
        #expect(ssh.contains("SSH_ASKPASS_REQUIRE=force"))
        #expect(ssh.contains("-p 2222 -l 'me' -- 'db.example.org' \"$@\""))
        #expect(AskpassScripts.helper(Self.request).contains("exec '/usr/local/bin/sshauth' askpass answer -- \"$@\""))
        let env = AskpassScripts.environmentFile(Self.request)
        #expect(env.contains("export SSH_ASKPASS SSH_ASKPASS_REQUIRE DISPLAY SSHAUTH_ASKPASS_FILE"))
        #expect(env.contains("SSHAUTH_SSH_OPTIONS='-oBatchMode=no "))
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
