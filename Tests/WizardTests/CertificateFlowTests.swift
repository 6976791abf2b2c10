import AuthSetup
import SSHKeys
import Testing
@testable import Wizard

/// Mechanism 4's transitions, event by event with no terminal: ring, certificate list (expiry),
/// new certificate, the shared target/review/apply screens, the result and the z/OS artifacts.
@Suite struct CertificateFlowTests {
    static let size = TerminalSize(rows: 24, columns: 80)
    static let today = try! CertificateDate(parsing: "2026-11-27")
    static let environment = WizardEnvironment(sshDirectory: "/home/u/.ssh", existingKeys: [], defaultComment: "u@h", today: today)
    static let ring = "/home/u/.ssh/sshauth-ring.p12"

    static func entry(_ label: String, _ expiry: RingCertificate.Expiry, notAfter: String = "2027-11-27", privateKey: Bool = true) -> RingListing.Entry {
        RingListing.Entry(label: label, subject: "CN=Batch \(label), O=Example, C=US", commonName: "Batch \(label)", organization: "Example",
                          organizationalUnit: nil, country: "US", keyAlgorithm: .rsa, keyBits: 2048,
                          fingerprint: "SHA256:Fj3sd9XnW1cJq0w8Yk1sLk2b7mQ6uP5tR4eW3qZ2xA0", notAfter: notAfter, expiry: expiry,
                          hasPrivateKey: privateKey)
    }

    /// Valid, expiring soon, expired, and one without a private key.
    static let listing = RingListing(path: ring, isNew: false, entries: [
        entry("BATCHKEY", .valid(daysLeft: 365)),
        entry("SOONKEY", .expiringSoon(daysLeft: 12), notAfter: "2026-12-09"),
        entry("OLDKEY", .expired(daysAgo: 40), notAfter: "2026-10-18"),
        entry("PUBONLY", .valid(daysLeft: 200), notAfter: "2027-06-15", privateKey: false),
    ])

    static func check(_ verdict: TargetCheck.Verdict = .known) -> TargetCheck {
        TargetCheck(user: "me", hostName: "example.org", alias: nil, hostKeyType: "ED25519", fingerprint: "SHA256:xyz",
                    randomart: "+--[ED25519 256]--+\n|                 |\n+----[SHA256]-----+", verdict: verdict, methods: ["publickey", "password"])
    }

    static func type(_ text: String) -> [WizardEvent.Key] { text.map { .character($0) } }

    /// Applies keys, collecting the effects.
    static func press(_ keys: [WizardEvent.Key], _ state: inout WizardState) -> [WizardEffect] {
        keys.flatMap { state.handle(.key($0)) }
    }

    /// Start, 4, Enter: the ring form; the password typed; Enter; the ring opened with `listing`.
    static func listed(_ listing: RingListing = listing, size: TerminalSize = size, dryRun: Bool = false) -> WizardState {
        var state = WizardState(size: size, dryRun: dryRun, environment: environment)
        _ = press([.character("4"), .enter, .tab] + type("pw"), &state)
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.ringOpened(listing)))
        return state
    }

    /// Up to the review of `CertificateFlowTests.preview`, with the first certificate.
    static func reviewing(dryRun: Bool = false, size: TerminalSize = size) -> WizardState {
        var state = listed(size: size, dryRun: dryRun)
        _ = press([.enter] + type("me@example.org") + [.enter], &state)
        _ = state.handle(.effectFinished(.targetChecked(check())))
        _ = press(type("secret") + [.enter], &state)
        _ = state.handle(.effectFinished(.loggedIn))
        _ = state.handle(.effectFinished(.planned(preview)))
        return state
    }

    static let preview = PlanPreview(
        Plan(title: "Certificate 'BATCHKEY' for me@example.org through ssh-agent", steps: [
            Plan.Step(change: .writeFile, summary: "Export the certificate's public key in OpenSSH format to /home/u/.ssh/sshauth-ring-BATCHKEY.pub",
                      mode: 0o644, manualCommand: "sshauth ring export /home/u/.ssh/sshauth-ring.p12:BATCHKEY -o /home/u/.ssh/sshauth-ring-BATCHKEY.pub") {},
            Plan.Step(change: .append, summary: "Create ~/.ssh/authorized_keys with mode 0600 holding the key", mode: 0o600) {},
            Plan.Step(change: .run, summary: "Load the certificate's private key into the ssh-agent (over its socket; never into a file)",
                      manualCommand: "sshauth ring agent /home/u/.ssh/sshauth-ring.p12:BATCHKEY") {},
            Plan.Step(change: .check, summary: "Prove that the key logs in through the ssh-agent with the system ssh client") {},
        ], notes: ["Key ring: /home/u/.ssh/sshauth-ring.p12"]),
        fingerprint: "SHA256:Fj3sd9XnW1cJq0w8Yk1sLk2b7mQ6uP5tR4eW3qZ2xA0", randomart: "")

    static let art = "+---[RSA 2048]----+\n|      .o+=B*+.   |\n|       ++*o=+    |\n|      o =.=+.    |\n|     . + +.o     |\n|      o S o .    |\n|       = + +     |\n|      . = *      |\n|       o E .     |\n|        o.       |\n+----[SHA256]-----+"

    static func result(agent: String? = "/tmp/ssh-XYZ/agent.123") -> CertificateResult {
        CertificateResult(targetUser: "me", targetHost: "example.org", targetPort: 22, fingerprint: "SHA256:Fj3sd9XnW1cJq0w8Yk1sLk2b7mQ6uP5tR4eW3qZ2xA0",
                          randomart: art, ringPath: ring, label: "BATCHKEY", publicKeyPath: "/home/u/.ssh/sshauth-ring-BATCHKEY.pub",
                          agentSocket: agent, proofCommand: agent.map { "ssh -o IdentityAgent=\($0) ... true" },
                          loginCommand: "ssh -i /home/u/.ssh/sshauth-ring-BATCHKEY.pub -o IdentitiesOnly=yes me@example.org",
                          certificate: entry("BATCHKEY", .valid(daysLeft: 365)))
    }

    static func installed(agent: String? = "/tmp/ssh-XYZ/agent.123", size: TerminalSize = size, repeating: Bool = false) -> WizardState {
        var state = reviewing(size: size)
        _ = state.handle(.key(.enter))
        _ = state.handle(.effectFinished(.stepDone(0)))
        if repeating {
            _ = state.handle(.effectFinished(.repeatable("sshauth ring install /home/u/.ssh/sshauth-ring.p12:BATCHKEY --known-hosts /home/u/.ssh/known_hosts.d/example --no-agent me@example.org")))
        }
        _ = state.handle(.effectFinished(.certificateInstalled(result(agent: agent))))
        return state
    }

    // MARK: The ring

    @Test("4 and Enter open the ring form with the suggested ring; --mechanism certificate starts there; Esc goes back")
    func opensRing() {
        var state = WizardState(size: Self.size, environment: Self.environment)
        #expect(Self.press([.character("4"), .enter], &state).isEmpty)
        #expect(state.screen == .ring(RingForm(path: Self.ring)))
        _ = state.handle(.key(.escape))
        #expect(state.screen == .start(highlighted: .certificate))
        #expect(WizardState(size: Self.size, environment: Self.environment, mechanism: .certificate).screen == .ring(RingForm(path: Self.ring)))
    }

    @Test("the ring password is masked, never drawn, and needed; Enter asks to open the ring with both fields")
    func ringForm() {
        var state = WizardState(size: Self.size, environment: Self.environment, mechanism: .certificate)
        #expect(state.handle(.key(.enter)).isEmpty, "no password: nothing happens")
        _ = Self.press([.tab] + Self.type("s3cr?q") + [.tab] + Self.type("s3cr?q"), &state)
        guard case .ring(let form) = state.screen else { Issue.record("left the ring form: \(state.screen)"); return }
        #expect(form.password.description == String(repeating: "\u{2022}", count: 6))
        #expect(String(decoding: form.password.bytes, as: UTF8.self) == "s3cr?q", "q and ? are text in the field")
        #expect(!render(state).lines.joined().contains("s3cr"))
        #expect(state.handle(.key(.enter)) == [.openRing(path: Self.ring, password: form.password, confirmation: form.confirmation)])
        guard case .working(let what) = state.screen else { Issue.record("not working: \(state.screen)"); return }
        #expect(what.contains(Self.ring))
        #expect(state.contextHelpTopic == "certificate")
    }

    @Test("a relative ring path is refused as typed")
    func relativeRing() {
        var form = RingForm(path: "ring.p12")
        form.password = TypedSecret()
        _ = form.edit(.tab)
        _ = form.edit(.character("x"))
        #expect(form.problem?.contains("absolute") == true)
    }

    @Test("the opened ring lists its certificates; Esc goes back to the ring form and forgets the ring")
    func listedAndBack() {
        var state = Self.listed()
        #expect(state.screen == .certificates(CertificateChoice(Self.listing)))
        #expect(state.handle(.key(.escape)) == [.closeRing])
        guard case .ring(let form) = state.screen else { Issue.record("not back on the ring form: \(state.screen)"); return }
        #expect(!form.password.isEmpty, "the typed password is still there to correct")
    }

    @Test("a wrong ring password ends on the failure screen; Esc returns to the ring form")
    func wrongRingPassword() {
        var state = WizardState(size: Self.size, environment: Self.environment, mechanism: .certificate)
        _ = Self.press([.tab] + Self.type("wrong") + [.enter], &state)
        _ = state.handle(.effectFinished(.failed("The ring password does not open \(Self.ring); go back (Esc) and type the password the ring was made with. Nothing was written.")))
        guard case .failure(let sentence) = state.screen else { Issue.record("no failure: \(state.screen)"); return }
        #expect(sentence.contains("does not open"))
        #expect(state.contextHelpTopic == "certificate")
        _ = state.handle(.key(.escape))
        guard case .ring = state.screen else { Issue.record("not back on the ring form: \(state.screen)"); return }
    }

    @Test("a late ring result after Esc changes nothing")
    func cancelledOpen() {
        var state = WizardState(size: Self.size, environment: Self.environment, mechanism: .certificate)
        _ = Self.press([.tab] + Self.type("pw") + [.enter], &state)
        #expect(state.handle(.key(.escape)) == [.cancel])
        _ = state.handle(.effectFinished(.ringOpened(Self.listing)))
        guard case .ring = state.screen else { Issue.record("a cancelled result moved the flow: \(state.screen)"); return }
    }

    @Test("q on the ring form is a letter; from the list it asks first, since a ring password was typed")
    func quitFromRing() {
        var state = WizardState(size: Self.size, environment: Self.environment, mechanism: .certificate)
        #expect(state.handle(.key(.character("q"))).isEmpty)
        var listed = Self.listed()
        #expect(listed.handle(.key(.character("q"))).isEmpty)
        #expect(listed.screen == .confirmQuit)
        #expect(listed.handle(.key(.character("y"))) == [.quit])
        #expect(Self.listed().contextHelpTopic == "certificate")
    }

    // MARK: The certificate list

    @Test("a valid certificate goes on to the target with that certificate")
    func chooseValid() {
        var state = Self.listed()
        #expect(state.handle(.key(.enter)).isEmpty)
        #expect(state.screen == .target(.certificate, TargetForm()))
        #expect(state.flow == .certificate(CertificateAnswers(certificate: .existing(ring: Self.ring, label: "BATCHKEY"))))
        _ = state.handle(.key(.escape))
        guard case .certificates = state.screen else { Issue.record("Esc did not go back to the list: \(state.screen)"); return }
    }

    @Test("an expiring certificate is marked and can be taken")
    func chooseExpiring() {
        var state = Self.listed()
        _ = Self.press([.down], &state)
        #expect(render(state).lines.joined().contains("EXPIRES SOON"))
        _ = state.handle(.key(.enter))
        #expect(state.flow == .certificate(CertificateAnswers(certificate: .existing(ring: Self.ring, label: "SOONKEY"))))
    }

    @Test("an expired certificate is marked loudly and needs y; n or Esc keeps the list, other keys do nothing")
    func expiredNeedsConfirmation() {
        var state = Self.listed()
        _ = Self.press([.down, .down], &state)
        #expect(render(state).lines.joined().contains("!!! OLDKEY"))
        _ = state.handle(.key(.enter))
        guard case .certificates(let asking) = state.screen else { Issue.record("left the list: \(state.screen)"); return }
        #expect(asking.confirmingExpired)
        #expect(state.flow == .certificate(CertificateAnswers()))
        #expect(render(state).lines.joined().contains("EXPIRED on 2026-10-18"))
        #expect(state.handle(.key(.down)).isEmpty)
        #expect(state.screen == .certificates(asking), "arrows do not slip past the question")
        _ = state.handle(.key(.escape))
        guard case .certificates(let declined) = state.screen else { Issue.record("Esc left the list: \(state.screen)"); return }
        #expect(!declined.confirmingExpired)
        _ = Self.press([.enter, .character("y")], &state)
        #expect(state.screen == .target(.certificate, TargetForm()))
        #expect(state.flow == .certificate(CertificateAnswers(certificate: .existing(ring: Self.ring, label: "OLDKEY"))))
    }

    @Test("a certificate without its private key cannot be taken; the list says why")
    func publicOnly() {
        var state = Self.listed()
        _ = Self.press([.down, .down, .down, .enter], &state)
        guard case .certificates(let choice) = state.screen else { Issue.record("left the list: \(state.screen)"); return }
        #expect(choice.notice?.contains("private key") == true)
        #expect(state.flow == .certificate(CertificateAnswers()))
    }

    @Test("arrows wrap through the certificates and the new-certificate row")
    func listWraps() {
        var state = Self.listed()
        _ = state.handle(.key(.up))
        guard case .certificates(let choice) = state.screen else { Issue.record("left the list"); return }
        #expect(choice.highlighted == 4 && choice.highlightedEntry == nil)
    }

    // MARK: A new certificate

    /// The list of a new ring, then "create a new certificate".
    static func newForm(size: TerminalSize = size) -> WizardState {
        var state = listed(RingListing(path: ring, isNew: true, entries: []), size: size)
        _ = state.handle(.key(.enter))
        return state
    }

    @Test("the new certificate form starts with the local user as CN, RSA 2048 and a year from today")
    func newDefaults() {
        let state = Self.newForm()
        guard case .newCertificate(let form) = state.screen else { Issue.record("no form: \(state.screen)"); return }
        #expect(form.commonName == "u")
        #expect(form.keySpec == .default)
        #expect(form.notAfter == "2027-11-27")
        #expect(form.problem?.contains("label") == true)
        #expect(state.contextHelpTopic == "certificate")
    }

    @Test("the new certificate form checks RACF's rules as typed", arguments: [
        ("A" + String(repeating: "B", count: 32), "", "", "32"),
        ("SSHKEY", "USA", "", "two-letter"),
        ("SSHKEY", "", "2026-11-27", "after today"),
        ("SSHKEY", "", "2027-02-30", "YYYY-MM-DD"),
        ("SSH\u{e9}KEY", "", "", "not allowed"),
        (" SSHKEY", "", "", "blank"),
        ("OLDKEY", "", "", "already has"),
    ])
    func newValidation(label: String, country: String, notAfter: String, expected: String) {
        var form = NewCertificateForm(takenLabels: ["OLDKEY"], today: Self.today, commonName: "Batch")
        form.label = label
        form.country = country
        if !notAfter.isEmpty { form.notAfter = notAfter }
        #expect(form.problem?.contains(expected) == true, "\(form.problem ?? "no problem")")
        #expect(form.values == nil)
    }

    @Test("a valid new certificate goes on to the target; the key type cycles with the arrows; Esc goes back")
    func newValid() {
        var state = Self.newForm()
        #expect(state.handle(.key(.enter)).isEmpty, "no label yet")
        _ = Self.press(Self.type("SSHKEY") + [.tab, .tab] + Self.type("Example") + [.tab, .tab] + Self.type("us") + [.tab, .right, .right, .left, .right], &state)
        guard case .newCertificate(let form) = state.screen else { Issue.record("left the form: \(state.screen)"); return }
        #expect(form.keyDescription == "RSA 4096")
        #expect(form.problem == nil)
        #expect(form.values?.subject.country == "US")
        _ = state.handle(.key(.enter))
        #expect(state.screen == .target(.certificate, TargetForm()))
        #expect(state.flow == .certificate(CertificateAnswers(certificate: .new(ring: Self.ring, form))))
        _ = state.handle(.key(.escape))
        #expect(state.screen == .newCertificate(form))
        _ = state.handle(.key(.escape))
        guard case .certificates = state.screen else { Issue.record("not back on the list: \(state.screen)"); return }
    }

    @Test("typed answers in the new certificate form make q a letter and quitting ask first")
    func newQuit() {
        var state = Self.newForm()
        _ = Self.press(Self.type("q"), &state)
        guard case .newCertificate(let form) = state.screen else { Issue.record("left the form"); return }
        #expect(form.label == "q")
        #expect(state.hasUnsavedAnswers)
    }

    // MARK: Target, review, apply

    @Test("after the login the certificate plan is asked for; the review and apply use the certificate help")
    func prepareAndReview() {
        var state = Self.listed()
        _ = Self.press([.enter] + Self.type("me@example.org") + [.enter], &state)
        _ = state.handle(.effectFinished(.targetChecked(Self.check())))
        guard case .password(.certificate, _, _) = state.screen else { Issue.record("no password screen: \(state.screen)"); return }
        #expect(render(state).lines.joined().contains("used once"))
        _ = Self.press(Self.type("secret") + [.enter], &state)
        #expect(state.handle(.effectFinished(.loggedIn)) == [.prepareCertificate(.existing(ring: Self.ring, label: "BATCHKEY"))])
        _ = state.handle(.effectFinished(.planned(Self.preview)))
        #expect(state.screen == .review(ReviewScreen(Self.preview)))
        #expect(state.contextHelpTopic == "certificate")
        #expect(state.handle(.key(.enter)) == [.apply])
        #expect(state.contextHelpTopic == "certificate")
    }

    @Test("a failed plan (the target, the ring) ends on the failure screen; Esc goes back to the target's side")
    func prepareFails() {
        var state = Self.listed()
        _ = Self.press([.enter] + Self.type("me@example.org") + [.enter], &state)
        _ = state.handle(.effectFinished(.targetChecked(Self.check())))
        _ = Self.press(Self.type("secret") + [.enter], &state)
        _ = state.handle(.effectFinished(.loggedIn))
        _ = state.handle(.effectFinished(.failed("The key ring \(Self.ring) is no longer open; go back and open it again.")))
        guard case .failure = state.screen else { Issue.record("no failure: \(state.screen)"); return }
        _ = state.handle(.key(.escape))
        guard case .password(.certificate, _, _) = state.screen else { Issue.record("not back: \(state.screen)"); return }
    }

    @Test("a dry run reviews the same plan and only offers to save it")
    func dryRun() {
        var state = Self.reviewing(dryRun: true)
        guard case .review = state.screen else { Issue.record("no review: \(state.screen)"); return }
        #expect(state.handle(.key(.enter)).isEmpty)
        guard case .review(let review) = state.screen else { Issue.record("left the review"); return }
        #expect(review.savePath == "/home/u/sshauth-setup.yaml")
    }

    @Test("Esc while applying stops after the step; a failed step shows its sentence")
    func applyStops() {
        var state = Self.reviewing()
        _ = state.handle(.key(.enter))
        #expect(state.handle(.key(.escape)) == [.stopApplying])
        _ = state.handle(.effectFinished(.failed("Stopped at your request before step 2.")))
        #expect(state.screen == .failure("Stopped at your request before step 2."))
    }

    // MARK: The result and the z/OS artifacts

    @Test("the result shows the proof and the login line; Enter and q quit (closing the ring), Esc does nothing")
    func resultScreen() {
        var state = Self.installed()
        #expect(state.screen == .certificateInstalled(Self.result()))
        let text = render(state).lines.joined(separator: "\n")
        #expect(text.contains("login through the ssh-agent works"))
        #expect(text.contains("IdentitiesOnly=yes"))
        #expect(state.contextHelpTopic == "certificate")
        #expect(state.handle(.key(.escape)).isEmpty)
        #expect(state.handle(.key(.enter)) == [.disconnect, .closeRing, .quit])
        var quitting = Self.installed()
        #expect(quitting.handle(.key(.character("q"))) == [.disconnect, .closeRing, .quit])
        let noAgent = render(Self.installed(agent: nil)).lines.joined(separator: " ")
        #expect(noAgent.contains("SSH_AUTH_SOCK was not set"))
        #expect(noAgent.contains("ssh-agent)\""))
    }

    @Test("z asks for the z/OS user ID and ring, derived from here and checked as typed; Esc goes back")
    func zosForm() {
        var state = Self.installed()
        _ = state.handle(.key(.character("z")))
        guard case .zosForm(_, let form) = state.screen else { Issue.record("no z/OS form: \(state.screen)"); return }
        #expect(form.userID == "U")
        #expect(form.ring == "SSHAUTH-RING")
        _ = Self.press(Self.type("toolongid"), &state)
        guard case .zosForm(_, let long) = state.screen else { Issue.record("left the form"); return }
        #expect(long.problem?.contains("at most 8") == true)
        #expect(state.handle(.key(.enter)).isEmpty)
        guard case .zosForm = state.screen else { Issue.record("an invalid form went on: \(state.screen)"); return }
        _ = Self.press([.tab] + Self.type(" X"), &state)
        guard case .zosForm(_, let blank) = state.screen else { Issue.record("left the form"); return }
        #expect(blank.problem != nil)
        _ = state.handle(.key(.escape))
        #expect(state.screen == .certificateInstalled(Self.result()))
        #expect(ZOSForm(localUser: "build-user", ringPath: "/r/my ring.p12") == ZOSForm(userID: "", ring: "SSHRING"))
    }

    @Test("the artifacts carry the certificate's values; s saves them into a new directory; the outcome shows; q quits")
    func artifacts() {
        var state = Self.installed()
        _ = Self.press([.character("z")] + [WizardEvent.Key](repeating: .backspace, count: 3) + Self.type("BATCH1") + [.enter], &state)
        guard case .zosArtifacts(let screen) = state.screen else { Issue.record("no artifacts: \(state.screen)"); return }
        let text = screen.artifacts.lines.joined(separator: "\n")
        #expect(text.contains("RACDCERT ID(BATCH1) GENCERT"))
        #expect(text.contains("CN('Batch BATCHKEY')"))
        #expect(text.contains("O('Example')"))
        #expect(text.contains("NOTAFTER(DATE(2027-11-27))"))
        #expect(text.contains("WITHLABEL('BATCHKEY')"))
        #expect(text.contains("ADDRING(SSHAUTH-RING)"))
        #expect(text.contains("NOTAFTER(DATE(2028-11-27))"), "the renewal: a year after the current end")
        #expect(text.contains("PERMIT IRR.DIGTCERT.LISTRING CLASS(FACILITY) ID(BATCH1) ACCESS(READ)"))
        #expect(text.contains("saf-cert=SSHAUTH-RING:BATCHKEY"))
        #expect(text.contains("cozsftp -k SSHAUTH-RING:BATCHKEY me@example.org"))
        #expect(screen.artifacts.files.map(\.name) == ["racdcert.jcl", "renew.jcl", "permits.jcl", "cozsftp.txt"])
        #expect(state.contextHelpTopic == "certificate")
        _ = state.handle(.key(.character("s")))
        guard case .zosArtifacts(let asking) = state.screen else { Issue.record("left the artifacts"); return }
        #expect(asking.savePath == "/home/u/sshauth-zos")
        _ = Self.press([WizardEvent.Key](repeating: .backspace, count: 11) + Self.type("zos-q"), &state)
        #expect(state.handle(.key(.enter)) == [.saveArtifacts(directory: "/home/u/zos-q", files: screen.artifacts.files)])
        _ = state.handle(.effectFinished(.artifactsSaved(directory: "/home/u/zos-q", files: ["racdcert.jcl", "renew.jcl"])))
        guard case .zosArtifacts(let saved) = state.screen else { Issue.record("left the artifacts"); return }
        #expect(saved.notice == .saved("racdcert.jcl, renew.jcl in /home/u/zos-q"))
        _ = Self.press([.character("s"), .enter], &state)
        _ = state.handle(.effectFinished(.failed("The z/OS artifacts were not saved: racdcert.jcl already exists.")))
        guard case .zosArtifacts(let failed) = state.screen else { Issue.record("left the artifacts"); return }
        #expect(failed.notice == .failed("The z/OS artifacts were not saved: racdcert.jcl already exists."))
        _ = Self.press([.character("s"), .escape], &state)
        guard case .zosArtifacts(let closed) = state.screen else { Issue.record("Esc in the field left the artifacts"); return }
        #expect(closed.savePath == nil)
        #expect(state.handle(.key(.character("q"))) == [.disconnect, .closeRing, .quit])
        _ = state.handle(.key(.escape))
        guard case .zosForm = state.screen else { Issue.record("Esc did not go back to the form: \(state.screen)"); return }
    }

    @Test("an ECDSA certificate's artifacts say the RACF job makes RSA; a value RACF refuses names itself instead of an artifact")
    func artifactsOddValues() {
        var result = Self.result()
        let ecdsa = RingListing.Entry(label: "EC", subject: "CN=x", commonName: nil, organization: nil, organizationalUnit: nil, country: nil,
                                      keyAlgorithm: .ecdsaP256, keyBits: 256, fingerprint: "SHA256:a", notAfter: "2027-01-01", expiry: .valid(daysLeft: 30), hasPrivateKey: true)
        result = CertificateResult(targetUser: "me", targetHost: "h", targetPort: 2222, fingerprint: "f", randomart: "", ringPath: Self.ring,
                                   label: "EC", publicKeyPath: "/p", agentSocket: nil, proofCommand: nil, loginCommand: "ssh", certificate: ecdsa)
        let artifacts = ZOSArtifacts(result, form: ZOSForm(userID: "U", ring: "R"), today: Self.today)
        #expect(artifacts.notes.first?.contains("RSA 2048") == true)
        #expect(artifacts.lines.contains { $0.hasPrefix("Not made: ") && $0.contains("CN") }, "no CN: the creation job cannot be made")
        #expect(artifacts.files.map(\.name) == ["renew.jcl", "permits.jcl", "cozsftp.txt"])
        #expect(artifacts.lines.joined().contains("-P 2222"))
    }

    // MARK: Snapshots

    /// Every screen of the flow, for ScreenSnapshotTests.
    static func screens(at size: TerminalSize) -> [(String, WizardState)] {
        var ring = WizardState(size: size, environment: environment, mechanism: .certificate)
        _ = press([.tab] + type("secret"), &ring)
        var ringInvalid = WizardState(size: size, environment: environment, mechanism: .certificate)
        _ = press([WizardEvent.Key](repeating: .backspace, count: 40) + type("ring.p12"), &ringInvalid)
        var confirming = listed(size: size)
        _ = press([.down, .down, .enter], &confirming)
        var expiring = listed(size: size)
        _ = press([.down], &expiring)
        var newInvalid = newForm(size: size)
        _ = press(type("SSH KEY ") + [.tab, .tab, .tab, .tab] + type("USA"), &newInvalid)
        var newValid = newForm(size: size)
        _ = press(type("SSHKEY") + [.tab, .tab] + type("Example Corp") + [.tab] + type("Batch") + [.tab] + type("US") + [.tab, .right], &newValid)
        var zosForm = installed(size: size)
        _ = zosForm.handle(.key(.character("z")))
        var artifacts = zosForm
        _ = press([.backspace] + type("BATCH1") + [.enter], &artifacts)
        var saved = artifacts
        _ = press([.character("s"), .enter], &saved)
        _ = saved.handle(.effectFinished(.artifactsSaved(directory: "/home/u/sshauth-zos",
                                                           files: ["racdcert.jcl", "renew.jcl", "permits.jcl", "cozsftp.txt"])))
        var scrolled = artifacts
        _ = press([.pageDown], &scrolled)
        return [
            ("cert-ring", ring),
            ("cert-ring-invalid", ringInvalid),
            ("cert-list", listed(size: size)),
            ("cert-list-expiring", expiring),
            ("cert-list-confirm-expired", confirming),
            ("cert-list-new-ring", listed(RingListing(path: Self.ring, isNew: true, entries: []), size: size)),
            ("cert-new-empty", newForm(size: size)),
            ("cert-new-invalid", newInvalid),
            ("cert-new-valid", newValid),
            ("cert-review", reviewing(size: size)),
            ("cert-installed", installed(size: size)),
            ("cert-installed-no-agent", installed(agent: nil, size: size)),
            ("cert-installed-no-agent-repeat", installed(agent: nil, size: size, repeating: true)),
            ("cert-zos-form", zosForm),
            ("cert-zos-artifacts", artifacts),
            ("cert-zos-artifacts-scrolled", scrolled),
            ("cert-zos-artifacts-saved", saved),
        ]
    }
}
