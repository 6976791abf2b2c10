import Foundation
import Synchronization
import SSHKeys
import TestSupport
import Testing

/// `sshauth ring` through the built binary, checked against the real `openssl`, `ssh-keygen`,
/// `ssh-agent`, `ssh-add` and the loopback sshd.
@Suite(.serialized) struct RingCommandTests {
    // MARK: 1. openssl reads what sshauth writes

    @Test("openssl pkcs12 reads a ring made by sshauth without -legacy: labels, subjects, and each key with its certificate")
    func opensslReadsOurRing() throws {
        let fixture = try RingFixture()
        try fixture.create("RSA-CERT", ["--cn", "First Lastname", "--o", "My Company", "--ou", "Development", "--c", "US"])
        try fixture.create("ec cert with blanks", ["--cn", "Batch Job", "--key", "ecdsa:256", "--not-after", "2030-12-31"])

        let info = try ExternalTool.run(["openssl", "pkcs12", "-in", fixture.ring, "-passin", "file:" + fixture.passwordFile, "-info", "-nokeys"])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stderr.contains("MAC: sha256") && info.stderr.contains("PBES2, PBKDF2, AES-256-CBC"), "\(info.stderr)")

        let rsaCertificate = try fixture.opensslBlock(label: "RSA-CERT", keys: false)
        #expect(rsaCertificate.contains("subject=C = US, O = My Company, OU = Development, CN = First Lastname"), "\(rsaCertificate)")
        let ecCertificate = try fixture.opensslBlock(label: "ec cert with blanks", keys: false)
        #expect(ecCertificate.contains("subject=CN = Batch Job"), "\(ecCertificate)")
        let end = try ExternalTool.run(["openssl", "x509", "-noout", "-enddate"], stdin: Array(ecCertificate.utf8))
        #expect(end.stdout == "notAfter=Dec 31 23:59:59 2030 GMT\n", "\(end.stdout)")

        // Each private key is the one of the certificate with the same label.
        for label in ["RSA-CERT", "ec cert with blanks"] {
            let certificatePublic = try ExternalTool.run(["openssl", "x509", "-pubkey", "-noout"], stdin: Array(try fixture.opensslBlock(label: label, keys: false).utf8))
            let keyPublic = try ExternalTool.run(["openssl", "pkey", "-pubout"], stdin: Array(try fixture.opensslBlock(label: label, keys: true).utf8))
            #expect(certificatePublic.status == 0 && keyPublic.status == 0, "\(certificatePublic.stderr) \(keyPublic.stderr)")
            #expect(!keyPublic.stdout.isEmpty && keyPublic.stdout == certificatePublic.stdout, "\(label)")
        }
        #expect(try ExternalTool.run(["openssl", "pkcs12", "-in", fixture.ring, "-passin", "pass:wrong", "-noout"]).status != 0)
    }

    // MARK: 2. export equals what OpenSSL and ssh-keygen derive from the certificate

    @Test("the exported line equals openssl x509 -pubkey + ssh-keygen -i -m PKCS8, with the label as comment",
          arguments: ["rsa:2048", "rsa:3072", "ecdsa:256", "ecdsa:384", "ecdsa:521"])
    func exportMatchesOpenSSH(_ key: String) throws {
        let fixture = try RingFixture()
        try fixture.create("MY-CERT", ["--cn", "Export Check", "--key", key])
        let exported = try fixture.sshauth(["ring", "export", fixture.ring + ":MY-CERT", "--ring-password-file", fixture.passwordFile])
        #expect(exported.status == 0, "\(exported.stderr)")

        let certificate = try fixture.opensslBlock(label: "MY-CERT", keys: false)
        let spki = try ExternalTool.run(["openssl", "x509", "-pubkey", "-noout"], stdin: Array(certificate.utf8))
        let spkiFile = try fixture.scratch.write("pub.pem", spki.stdout, mode: 0o644)
        let converted = try ExternalTool.run(["ssh-keygen", "-i", "-m", "PKCS8", "-f", spkiFile])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(exported.stdout == converted.stdout.trimmingCharacters(in: .newlines) + " MY-CERT\n", "\(exported.stdout) vs \(converted.stdout)")

        // The same certificate on its own, as PEM and as DER: no ring, no password.
        let pemFile = try fixture.scratch.write("cert.pem", certificate, mode: 0o644)
        let fromPEM = try fixture.sshauth(["ring", "export", pemFile, "--label", "MY-CERT"])
        #expect(fromPEM.status == 0 && fromPEM.stdout == exported.stdout, "\(fromPEM.stderr)")
        let derFile = fixture.scratch.file("cert.der")
        #expect(try ExternalTool.run(["openssl", "x509", "-in", pemFile, "-outform", "DER", "-out", derFile]).status == 0)
        let fromDER = try fixture.sshauth(["ring", "export", derFile])
        #expect(fromDER.status == 0 && fromDER.stdout == converted.stdout.trimmingCharacters(in: .newlines) + " Export Check\n", "\(fromDER.stderr)")
    }

    // MARK: 3. sshauth reads what openssl writes

    @Test("a ring made by openssl pkcs12 -export -name is listed and exported by sshauth",
          arguments: [["-newkey", "rsa:2048"], ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"]])
    func sshauthReadsOpenSSLRing(_ keyArguments: [String]) throws {
        let fixture = try RingFixture()
        let keyFile = fixture.scratch.file("key.pem"), certificateFile = fixture.scratch.file("cert.pem")
        let made = try ExternalTool.run(["openssl", "req", "-x509"] + keyArguments + ["-nodes", "-keyout", keyFile, "-out", certificateFile,
                                                                                       "-subj", "/C=DE/O=Elsewhere/CN=OpenSSL Made", "-days", "100"])
        try #require(made.status == 0, "\(made.stderr)")
        let exported = try ExternalTool.run(["openssl", "pkcs12", "-export", "-in", certificateFile, "-inkey", keyFile, "-name", "OSSL LABEL",
                                             "-out", fixture.ring, "-passout", "file:" + fixture.passwordFile])
        try #require(exported.status == 0, "\(exported.stderr)")

        let expected = try ExternalTool.run(["ssh-keygen", "-y", "-f", keyFile])
        try #require(expected.status == 0, "\(expected.stderr)")
        let line = try fixture.sshauth(["ring", "export", fixture.ring + ":OSSL LABEL", "--ring-password-file", fixture.passwordFile])
        #expect(line.status == 0, "\(line.stderr)")
        #expect(line.stdout == expected.stdout.trimmingCharacters(in: .newlines) + " OSSL LABEL\n")

        let fingerprint = try ExternalTool.run(["ssh-keygen", "-l", "-f", keyFile])
        let listed = try fixture.sshauth(["ring", "list", "--ring", fixture.ring, "--ring-password-file", fixture.passwordFile])
        #expect(listed.status == 0, "\(listed.stderr)")
        let sha256 = try #require(fingerprint.stdout.split(separator: " ").first { $0.hasPrefix("SHA256:") })
        #expect(listed.stdout.contains("OSSL LABEL\n") && listed.stdout.contains("fingerprint: \(sha256)"), "\(listed.stdout)")
        #expect(listed.stdout.contains("subject:     CN=OpenSSL Made, O=Elsewhere, C=DE"), "\(listed.stdout)")
        #expect(listed.stdout.contains("days left") && !listed.stdout.contains("EXPIRES SOON"), "\(listed.stdout)")
    }

    // MARK: 4. list marks, renew and expired certificates

    @Test("list marks a certificate with 10 days left and an expired one; export refuses the expired one unless --allow-expired; renew revives it with the same key")
    func expiryThroughTheBinary() throws {
        let fixture = try RingFixture()
        let now = time(nil)
        var ring = KeyRing()
        let subject = try CertificateSubject(commonName: "Old")
        try ring.add(SelfSignedCertificate.issue(label: RingLabel("SOON"), subject: subject, key: RingKeySpec(parsing: "ecdsa:256"),
                                                 notAfter: now + 10 * 86_400 + 3600))
        try ring.add(SelfSignedCertificate.issue(label: RingLabel("GONE"), subject: subject, key: RingKeySpec(parsing: "ecdsa:256"),
                                                 notBefore: now - 400 * 86_400, notAfter: now - 2 * 86_400 - 3600))
        let password = SecretBytes(Array("correct horse".utf8))
        try Data(ring.pkcs12(password: password)).write(to: URL(fileURLWithPath: fixture.ring))

        let listed = try fixture.sshauth(["ring", "list", fixture.ring, "--ring-password-file", fixture.passwordFile])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("(10 days left: EXPIRES SOON"), "\(listed.stdout)")
        #expect(listed.stdout.contains("!!! EXPIRED 2 days ago !!!"), "\(listed.stdout)")
        let json = try fixture.sshauth(["ring", "list", fixture.ring, "--ring-password-file", fixture.passwordFile, "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["label"] as? String } == ["SOON", "GONE"])
        #expect(rows.map { $0["expired"] as? Bool } == [false, true] && rows.map { $0["expiring_soon"] as? Bool } == [true, false])
        #expect(rows.map { $0["days_left"] as? Int } == [10, -2])

        let refused = try fixture.sshauth(["ring", "export", fixture.ring + ":GONE", "--ring-password-file", fixture.passwordFile])
        #expect(refused.status != 0 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("expired on") && refused.stderr.contains("--allow-expired"), "\(refused.stderr)")
        let allowed = try fixture.sshauth(["ring", "export", fixture.ring + ":GONE", "--ring-password-file", fixture.passwordFile, "--allow-expired"])
        #expect(allowed.status == 0, "\(allowed.stderr)")

        let renewed = try fixture.sshauth(["ring", "renew", fixture.ring + ":GONE", "--not-after", "2031-01-31", "--ring-password-file", fixture.passwordFile])
        #expect(renewed.status == 0, "\(renewed.stderr)")
        #expect(renewed.stdout.contains("valid until 2031-01-31") && renewed.stdout.contains("every authorized_keys entry"), "\(renewed.stdout)")
        let after = try fixture.sshauth(["ring", "export", fixture.ring + ":GONE", "--ring-password-file", fixture.passwordFile])
        #expect(after.status == 0 && after.stdout == allowed.stdout, "\(after.stderr)")
        #expect(fixture.mode(of: fixture.ring) == 0o600)
        let end = try ExternalTool.run(["openssl", "x509", "-noout", "-enddate"], stdin: Array(try fixture.opensslBlock(label: "GONE", keys: false).utf8))
        #expect(end.stdout == "notAfter=Jan 31 23:59:59 2031 GMT\n", "\(end.stdout)")
    }

    // MARK: 5. The agent, the install and the login

    @Test("ring agent loads the key into a private ssh-agent; install + ssh log in through it; no file holds the private key")
    func agentInstallAndLogin() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            try agentInstallAndLoginAlone(account)
        }
    }

    private func agentInstallAndLoginAlone(_ account: SandboxAccount) throws {
        let started = time(nil) - 1
        let fixture = try RingFixture()
        try fixture.create("AGENT-CERT", ["--cn", "Agent User"])
        try fixture.create("EC-AGENT", ["--cn", "Agent User", "--key", "ecdsa:256"])
        let agent = try PrivateAgent(socket: fixture.scratch.file("agent.sock"))
        defer { agent.stop() }
        var environment = ProcessInfo.processInfo.environment
        environment["SSH_AUTH_SOCK"] = agent.socket

        for label in ["AGENT-CERT", "EC-AGENT"] {
            let added = try fixture.sshauth(["ring", "agent", "\(fixture.ring):\(label)", "--ring-password-file", fixture.passwordFile, "--lifetime", "600"],
                                            environment: environment)
            #expect(added.status == 0, "\(added.stderr)")
            #expect(added.stdout.contains("Identity added to the agent") && added.stdout.contains(label), "\(added.stdout)")
        }
        let publicFile = fixture.scratch.file("agent-cert.pub")
        let exported = try fixture.sshauth(["ring", "export", fixture.ring + ":AGENT-CERT", "-o", publicFile, "--ring-password-file", fixture.passwordFile])
        #expect(exported.status == 0, "\(exported.stderr)")
        let fingerprint = try ExternalTool.run(["ssh-keygen", "-l", "-f", publicFile])
        let listedByAgent = try ExternalTool.run(["ssh-add", "-l"], environment: environment)
        #expect(listedByAgent.status == 0, "\(listedByAgent.stderr)")
        #expect(listedByAgent.stdout.contains(fingerprint.stdout.trimmingCharacters(in: .newlines)), "\(listedByAgent.stdout) / \(fingerprint.stdout)")
        #expect(listedByAgent.stdout.split(separator: "\n").count == 2, "\(listedByAgent.stdout)")

        let installFixture = try InstallFixture(account)
        let installed = try SSHAuthBinary.run(installFixture.arguments(key: publicFile), environment: environment)
        #expect(installed.status == 0, "\(installed.stderr)")
        #expect(installed.stdout.contains("Login proof: ssh logged in with the key."), "\(installed.stdout)")

        let sandbox = account.sandbox
        func login(agentOption: String) throws -> ExternalTool.Output {
            var clean = ProcessInfo.processInfo.environment
            clean["SSH_AUTH_SOCK"] = nil
            return try ExternalTool.run(["ssh"] + sandbox.strictSSHOptions + ["-o", "IdentityAgent=\(agentOption)", "-o", "IdentitiesOnly=no",
                                                                               "-o", "PreferredAuthentications=publickey",
                                                                               "\(account.name)@\(sandbox.host)", "echo", "ring-agent-ok"],
                                        environment: clean)
        }
        let through = try login(agentOption: agent.socket)
        #expect(through.status == 0, "\(through.stderr)")
        #expect(through.stdout == "ring-agent-ok\n")
        // Without the agent the same login fails: it is the agent's key that logged in.
        #expect(try login(agentOption: "none").status != 0)

        let secrets = try fixture.privateKeyNeedles(label: "AGENT-CERT")
        // The scan can fail: a PEM copy of the key planted in the scratch directory is found.
        let planted = try fixture.scratch.write("planted-key.pem", try fixture.opensslBlock(label: "AGENT-CERT", keys: true), mode: 0o600)
        #expect(PrivateKeyScan.files(under: [fixture.scratch.path], containingAnyOf: secrets, changedSince: started) == [planted])
        try FileManager.default.removeItem(atPath: planted)
        let holders = PrivateKeyScan.files(under: [fixture.scratch.path, account.home, "/tmp"], containingAnyOf: secrets, changedSince: started)
        #expect(holders.isEmpty, "files holding the private key: \(holders)")
    }

    // MARK: 6. Bad input

    struct BadCase: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let expected: String
        var asNobody = false
        var corruptRing = false
        var environment: [String: String?] = [:]
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "33-character label", arguments: ["ring", "create", "@RING:" + String(repeating: "L", count: 33), "--cn", "x", "--ring-password-file", "@PW"], expected: "1 to 32"),
        BadCase(name: "3-letter country", arguments: ["ring", "create", "@RING:NEW", "--cn", "x", "--c", "USA", "--ring-password-file", "@PW"], expected: "two letters"),
        BadCase(name: "past date", arguments: ["ring", "create", "@RING:NEW", "--cn", "x", "--not-after", "2020-01-01", "--ring-password-file", "@PW"], expected: "not in the future"),
        BadCase(name: "30 February", arguments: ["ring", "create", "@RING:NEW", "--cn", "x", "--not-after", "2026-02-30", "--ring-password-file", "@PW"], expected: "not a date"),
        BadCase(name: "empty CN", arguments: ["ring", "create", "@RING:NEW", "--cn", "", "--ring-password-file", "@PW"], expected: "CN"),
        BadCase(name: "65-character O", arguments: ["ring", "create", "@RING:NEW", "--cn", "x", "--o", String(repeating: "o", count: 65), "--ring-password-file", "@PW"], expected: "64"),
        BadCase(name: "past date on renew", arguments: ["ring", "renew", "@RING:GOOD", "--not-after", "2020-01-01", "--ring-password-file", "@PW"], expected: "not in the future"),
        BadCase(name: "label already in the ring", arguments: ["ring", "create", "@RING:GOOD", "--cn", "x", "--ring-password-file", "@PW"], expected: "already in the ring"),
        BadCase(name: "wrong ring password on create", arguments: ["ring", "create", "@RING:NEW", "--cn", "x", "--ring-password-file", "@BADPW"], expected: "does not open"),
        BadCase(name: "wrong ring password on export", arguments: ["ring", "export", "@RING:GOOD", "-o", "@OUT", "--ring-password-file", "@BADPW"], expected: "does not open"),
        BadCase(name: "wrong ring password on renew", arguments: ["ring", "renew", "@RING:GOOD", "--not-after", "2031-01-01", "--ring-password-file", "@BADPW"], expected: "does not open"),
        BadCase(name: "unknown label on export", arguments: ["ring", "export", "@RING:NOPE", "-o", "@OUT", "--ring-password-file", "@PW"], expected: "no certificate labelled 'NOPE'"),
        BadCase(name: "unknown label on renew", arguments: ["ring", "renew", "@RING:good", "--not-after", "2031-01-01", "--ring-password-file", "@PW"], expected: "no certificate labelled 'good'"),
        BadCase(name: "corrupt ring on export", arguments: ["ring", "export", "@RING:GOOD", "-o", "@OUT", "--ring-password-file", "@PW"], expected: "not a PKCS#12", corruptRing: true),
        BadCase(name: "corrupt ring on create", arguments: ["ring", "create", "@RING:NEW", "--cn", "x", "--ring-password-file", "@PW"], expected: "not a PKCS#12", corruptRing: true),
        BadCase(name: "unreadable ring", arguments: ["ring", "create", "@RING:NEW", "--cn", "x", "--ring-password-fd", "0"], expected: "Permission denied", asNobody: true),
        BadCase(name: "password file with mode 0644", arguments: ["ring", "create", "@RING:NEW", "--cn", "x", "--ring-password-file", "@PW644"], expected: "chmod 600"),
        BadCase(name: "no password source and no terminal", arguments: ["ring", "list", "@RING"], expected: "--ring-password-file"),
        BadCase(name: "no agent running", arguments: ["ring", "agent", "@RING:GOOD", "--ring-password-file", "@PW"], expected: "eval \"$(ssh-agent)\"",
                environment: ["SSH_AUTH_SOCK": nil]),
        BadCase(name: "agent socket that is not there", arguments: ["ring", "agent", "@RING:GOOD", "--ring-password-file", "@PW"], expected: "cannot reach the ssh-agent",
                environment: ["SSH_AUTH_SOCK": "/nonexistent/agent.sock"]),
    ]

    @Test("a ring made elsewhere with a private key that has no certificate is never rewritten: the key would be lost")
    func unpairedKeyIsKept() throws {
        let fixture = try RingFixture()
        let keyFile = fixture.scratch.file("lone.key")
        try #require(try ExternalTool.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", keyFile]).status == 0)
        let exported = try ExternalTool.run(["openssl", "pkcs12", "-export", "-nocerts", "-inkey", keyFile, "-name", "LONE",
                                             "-out", fixture.ring, "-passout", "file:" + fixture.passwordFile])
        try #require(exported.status == 0, "\(exported.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: fixture.ring))
        let created = try fixture.sshauth(["ring", "create", "--ring", fixture.ring, "--label", "NEW", "--cn", "New",
                                           "--key", "ecdsa:256", "--ring-password-file", fixture.passwordFile])
        #expect(created.status != 0)
        #expect(created.stderr.contains("private key(s) without a certificate"), "\(created.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.ring)) == before)
    }

    // MARK: Parallel updates and symbolic links

    @Test("6 ring create at once on one ring: every one that exits 0 has its certificate in the ring, the others say why")
    func parallelCreates() throws {
        let fixture = try RingFixture()
        let labels = (1...6).map { "PARALLEL-\($0)" }
        let results = Mutex<[String: (status: Int32, stderr: String)]>([:])
        let ring = fixture.ring, passwordFile = fixture.passwordFile
        DispatchQueue.concurrentPerform(iterations: labels.count) { index in
            let label = labels[index]
            let output = try? SSHAuthBinary.run(["ring", "create", ring + ":" + label, "--cn", label, "--key", "ecdsa:256",
                                                 "--ring-password-file", passwordFile])
            let outcome = output.map { (status: $0.status, stderr: $0.stderr) }
            if let outcome { results.withLock { $0[label] = outcome } }
        }
        let outputs = results.withLock { $0 }
        try #require(outputs.count == labels.count)
        let listed = try fixture.sshauth(["ring", "list", "--ring", fixture.ring, "--ring-password-file", fixture.passwordFile])
        try #require(listed.status == 0, "\(listed.stderr)")
        let inRing = Set(listed.stdout.split(separator: "\n").map(String.init).filter { labels.contains($0) })
        for label in labels {
            let output = try #require(outputs[label])
            if output.status == 0 {
                #expect(inRing.contains(label), "\(label) exited 0 but is not in the ring: \(listed.stdout)")
            } else {
                #expect(!inRing.contains(label))
                #expect(output.stderr.hasPrefix("sshauth: ") && output.stderr.contains(fixture.ring), "\(label): \(output.stderr)")
            }
        }
        // Nobody has a reason to fail here: they take turns.
        #expect(inRing.count == labels.count, "\(outputs.mapValues { $0.stderr })")
        #expect(fixture.mode(of: fixture.ring) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.scratch.path).sorted() == ["ring-password", "ring.p12"])
    }

    @Test("a ring path that is a symbolic link: create and renew update the file it points to, and the link stays")
    func symlinkedRing() throws {
        let fixture = try RingFixture()
        try fixture.create("FIRST", ["--cn", "First", "--key", "ecdsa:256"])
        let link = fixture.scratch.file("link.p12")
        try #require(symlink("ring.p12", link) == 0)
        let created = try fixture.sshauth(["ring", "create", link + ":SECOND", "--cn", "Second", "--key", "ecdsa:256",
                                           "--ring-password-file", fixture.passwordFile])
        #expect(created.status == 0, "\(created.stderr)")
        let renewed = try fixture.sshauth(["ring", "renew", link + ":FIRST", "--not-after", "2031-01-31", "--ring-password-file", fixture.passwordFile])
        #expect(renewed.status == 0, "\(renewed.stderr)")
        var info = stat()
        #expect(lstat(link, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK, "the link was replaced")
        // openssl reads both certificates, the renewed one with its new date, from the real file.
        let printed = try ExternalTool.run(["openssl", "pkcs12", "-in", fixture.ring, "-passin", "file:" + fixture.passwordFile, "-nokeys"])
        #expect(printed.stdout.contains("friendlyName: FIRST") && printed.stdout.contains("friendlyName: SECOND"), "\(printed.stdout)")
        let first = try fixture.opensslBlock(label: "FIRST", keys: false)
        let end = try ExternalTool.run(["openssl", "x509", "-noout", "-enddate"], stdin: Array(first.utf8))
        #expect(end.stdout == "notAfter=Jan 31 23:59:59 2031 GMT\n", "\(end.stdout)")
    }

    @Test("an agent socket that accepts but never answers: the command gives up after its timeout, with a sentence")
    func silentAgent() throws {
        let fixture = try RingFixture()
        try Data(try RingFixture.template.get()).write(to: URL(fileURLWithPath: fixture.ring))
        chmod(fixture.ring, 0o600)
        // A listening socket nobody accepts on: connect succeeds (backlog), no answer ever comes.
        let silent = try UnixSocketFile(path: fixture.scratch.file("silent.sock"), listening: true)
        let path = silent.path
        defer { withExtendedLifetime(silent) {} }
        let started = Date()
        var environment = ProcessInfo.processInfo.environment
        environment["SSH_AUTH_SOCK"] = path
        let result = try fixture.sshauth(["ring", "agent", fixture.ring + ":GOOD", "--ring-password-file", fixture.passwordFile], environment: environment)
        #expect(result.status != 0)
        #expect(result.stderr.contains("did not answer within 10 seconds"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test("bad input: one sentence on stderr, non-zero exit, ring file unchanged, nothing written", arguments: badCases)
    func badInput(_ row: BadCase) throws {
        let fixture = try RingFixture()
        try Data(try RingFixture.template.get()).write(to: URL(fileURLWithPath: fixture.ring))
        chmod(fixture.ring, 0o600)
        if row.corruptRing {
            try Data(try RingFixture.template.get().prefix(700)).write(to: URL(fileURLWithPath: fixture.ring))
        }
        _ = try fixture.scratch.write("bad-password", "not the ring password\n", mode: 0o600)
        _ = try fixture.scratch.write("password-644", "correct horse\n", mode: 0o644)
        let before = fixture.snapshot()
        let arguments = row.arguments.map { argument in
            argument.replacingOccurrences(of: "@RING", with: fixture.ring)
                .replacingOccurrences(of: "@PW644", with: fixture.scratch.file("password-644"))
                .replacingOccurrences(of: "@BADPW", with: fixture.scratch.file("bad-password"))
                .replacingOccurrences(of: "@PW", with: fixture.passwordFile)
                .replacingOccurrences(of: "@OUT", with: fixture.scratch.file("exported.pub"))
        }
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in row.environment { environment[name] = value }
        let result: ExternalTool.Output
        if row.asNobody {
            // Root reads every file, so the unreadable case runs the binary as nobody, who may enter the
            // directory but not read the root-owned 0600 ring; the password comes on standard input.
            chmod(fixture.scratch.path, 0o755)
            result = try ExternalTool.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", SSHAuthBinary.path] + arguments,
                                          stdin: Array("correct horse\n".utf8), environment: environment)
        } else {
            result = try SSHAuthBinary.run(arguments, environment: environment)
        }
        #expect(result.status != 0, "\(row.name): exit status 0")
        #expect(result.stderr.contains(row.expected), "\(row.name): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("sshauth: "), "\(row.name): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(row.name): \(result.stdout)")
        #expect(fixture.snapshot() == before, "\(row.name): files changed")
    }
}

/// A scratch directory with a ring path and its password file, and helpers around them.
struct RingFixture {
    let scratch: TemporaryDirectory
    let ring: String
    let passwordFile: String

    init() throws {
        scratch = try TemporaryDirectory()
        ring = scratch.file("ring.p12")
        passwordFile = try scratch.write("ring-password", "correct horse\n", mode: 0o600)
    }

    /// A ring holding one ECDSA certificate labelled GOOD, made once by sshauth for the bad-input table.
    static let template: Result<[UInt8], Error> = Result {
        let fixture = try RingFixture()
        try fixture.create("GOOD", ["--cn", "Good", "--key", "ecdsa:256"])
        return Array(try Data(contentsOf: URL(fileURLWithPath: fixture.ring)))
    }

    func sshauth(_ arguments: [String], environment: [String: String]? = nil) throws -> ExternalTool.Output {
        try SSHAuthBinary.run(arguments, environment: environment)
    }

    /// `sshauth ring create` of `label` in this ring; fails the test when it does not succeed.
    func create(_ label: String, _ extra: [String]) throws {
        let made = try sshauth(["ring", "create", "--ring", ring, "--label", label, "--ring-password-file", passwordFile] + extra)
        try #require(made.status == 0, "\(made.stderr)")
    }

    /// The PEM block (certificate, or with `keys` the private key) that `openssl pkcs12` prints under `friendlyName: label`.
    func opensslBlock(label: String, keys: Bool) throws -> String {
        let printed = try ExternalTool.run(["openssl", "pkcs12", "-in", ring, "-passin", "file:" + passwordFile, "-nodes", keys ? "-nocerts" : "-nokeys"])
        try #require(printed.status == 0, "\(printed.stderr)")
        let block = try #require(printed.stdout.components(separatedBy: "Bag Attributes").first { $0.contains("friendlyName: \(label)\n") },
                                 "no bag labelled \(label) in: \(printed.stdout)")
        return block
    }

    /// Byte strings any copy of the certificate's private key holds: its PKCS#8 DER, and the private
    /// number itself (RSA d or the EC scalar), which every binary encoding stores as is.
    func privateKeyNeedles(label: String) throws -> [[UInt8]] {
        let pem = try opensslBlock(label: label, keys: true)
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") && !$0.contains(":") }.joined()
        let der = try #require(Data(base64Encoded: body).map(Array.init))
        let text = try ExternalTool.run(["openssl", "pkey", "-noout", "-text"], stdin: Array(pem.utf8))
        var hex = ""
        var inside = false
        for line in text.stdout.split(separator: "\n") {
            if line.hasPrefix("privateExponent:") || line.hasPrefix("priv:") { inside = true; continue }
            if inside {
                guard line.hasPrefix(" ") else { break }
                hex += line.filter { $0.isHexDigit }
            }
        }
        var number: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            number.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        while number.first == 0 { number.removeFirst() }
        try #require(number.count >= 32, "no private number found in: \(text.stdout)")
        return [der, number]
    }

    func mode(of path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    /// Every file in the scratch directory with its mode and bytes.
    func snapshot() -> [String: String] {
        var result: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? [] {
            let data = FileManager.default.contents(atPath: scratch.file(name)) ?? Data()
            result[name] = "\(String(mode(of: scratch.file(name)), radix: 8)) \(data.base64EncodedString())"
        }
        return result
    }
}

/// An ssh-agent of the test's own, in the foreground (`-D`) so that it is our child: it holds none of
/// our pipes open and is stopped by its own pid.
final class PrivateAgent {
    let socket: String
    private let process = Process()

    init(socket: String) throws {
        self.socket = socket
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ssh-agent", "-D", "-a", socket]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The socket appears once the agent listens.
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { usleep(50_000) }
        try #require(FileManager.default.fileExists(atPath: socket), "ssh-agent did not create \(socket)")
    }

    /// SIGKILL, because a child spawned from a test thread inherits its blocked signals, SIGTERM included.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Looks through files for bytes of a private key.
enum PrivateKeyScan {
    /// Regular files under `roots` that hold any needle, as is or inside base64 (PEM) text.
    ///
    /// Only files changed since `since` are read: the key did not exist before, so no older file
    /// can hold it, and reading all of a busy /tmp takes minutes.
    static func files(under roots: [String], containingAnyOf needles: [[UInt8]], changedSince since: time_t) -> [String] {
        var found: [String] = []
        for root in roots {
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            while let relative = walker.nextObject() as? String {
                let path = root + "/" + relative
                var info = stat()
                guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 32 << 20,
                      info.st_mtim.tv_sec >= since || info.st_ctim.tv_sec >= since,
                      let data = FileManager.default.contents(atPath: path) else { continue }
                let bytes = [UInt8](data)
                if needles.contains(where: { bytes.contains($0) }) || pemBodies(bytes).contains(where: { body in needles.contains { body.contains($0) } }) {
                    found.append(path)
                }
            }
        }
        return found
    }

    /// The decoded base64 between `-----BEGIN` and `-----END` lines.
    private static func pemBodies(_ bytes: [UInt8]) -> [[UInt8]] {
        guard bytes.contains(Array("-----BEGIN".utf8)) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.components(separatedBy: "-----BEGIN").dropFirst().compactMap { chunk in
            let lines = chunk.split(separator: "\n").dropFirst().prefix { !$0.hasPrefix("-----END") }
            return Data(base64Encoded: lines.filter { !$0.contains(":") }.joined()).map(Array.init)
        }
    }
}

extension Array where Element == UInt8 {
    /// memchr and memcmp: the scan reads all of /tmp, which a generic search in a debug build makes take minutes.
    fileprivate func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        return withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in
                var cursor = haystack.baseAddress!
                let last = haystack.baseAddress! + (haystack.count - pattern.count)
                while cursor <= last {
                    guard let hit = memchr(cursor, Int32(pattern[0]), last - cursor + 1) else { return false }
                    if memcmp(hit, pattern.baseAddress!, pattern.count) == 0 { return true }
                    cursor = UnsafeRawPointer(hit) + 1
                }
                return false
            }
        }
    }
}
