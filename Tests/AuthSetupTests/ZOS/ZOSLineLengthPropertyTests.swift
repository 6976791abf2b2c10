import Testing
@testable import AuthSetup

/// For many long and awkward inputs, every generated line stays within 71 columns and no TSO
/// continuation splits a quoted value; where a value cannot fit at all, the result is an error
/// naming it.
@Suite("z/OS generators: line-length property")
struct ZOSLineLengthPropertyTests {
    /// A small deterministic generator, so that a failure can be reproduced.
    struct Seeded {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func text(length: Int, from alphabet: [Character]) -> String {
            String((0..<length).map { _ in alphabet[next(alphabet.count)] })
        }
    }

    static let awkward: [Character] = Array("ABCXYZ abc'''  -.,()*/+$&%#@!?:=\\\"")
    static let today = try! RACFDate("2026-06-15")

    /// Checks a generated text; the quoted values must each appear whole on one line.
    static func check(_ text: String, quoted values: [String]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        for line in lines {
            #expect(line.count <= 71, "line of \(line.count) columns: \(line)")
        }
        var inTSO = false
        for line in lines {
            if line.hasPrefix("//SYSTSIN") { inTSO = true; continue }
            if line == "$$" { inTSO = false; continue }
            guard inTSO, !line.hasPrefix(" /*") else { continue }
            // A quoted value opened on a line is closed on it: apostrophes come in pairs.
            #expect(line.filter { $0 == "'" }.count % 2 == 0, "a quoted value is split: \(line)")
        }
        for value in values {
            let quoted = QuotedValue.quote(value)
            #expect(lines.contains { $0.contains(quoted) }, "\(quoted) is not whole on one line")
        }
    }

    /// An error is only acceptable for a value whose quoted form cannot fit a line.
    static func checkRefusal(_ error: ZOSInputError) {
        #expect(error.kind == .doesNotFit, "\(error)")
        #expect(QuotedValue.quote(error.input).count > 68, "\(error.input) would have fitted")
    }

    static let jobCards: [JobCard] = [
        .standard,
        try! JobCard("//SSHAUTH1 JOB (ACCOUNT1,DEPARTMENT2,PROJECT3,SUBPROJECT4),'PROGRAMMER NAME',CLASS=A,MSGCLASS=X,MSGLEVEL=(1,1),NOTIFY=&SYSUID,REGION=0M,TIME=1440,TYPRUN=HOLD"),
        try! JobCard("//X JOB " + (1...20).map { "P\($0)=VALUE\($0)" }.joined(separator: ",")),
    ]

    @Test("RACDCERT and renewal jobs", arguments: 0..<200)
    func certificateJobs(seed: Int) throws {
        var random = Seeded(state: UInt64(seed) &* 7919 &+ 17)
        func value(_ maximum: Int) -> String {
            var text = random.text(length: 1 + random.next(maximum), from: Self.awkward)
            if seed % 3 == 0 { text = String(repeating: "'", count: maximum) }
            text = String(text.drop(while: { $0 == " " }))
            while text.last == " " { text.removeLast() }
            return text.isEmpty ? "X" : text
        }
        let label = try RACFLabel(value(32))
        let subject = try RACFSubject(commonName: value(64), title: value(64), organizationalUnit: value(64),
                                      organization: value(64), locality: random.next(2) == 0 ? value(128) : value(60),
                                      stateOrProvince: random.next(2) == 0 ? value(128) : value(60), country: "US")
        let ring = random.next(3) == 0 ? nil : try KeyRingName(random.text(length: 1 + random.next(50), from: Array("ABC-$#@!&_?:=.%")))
        let owner = try ZOSUserID(["U", "COZUSER", "#@$12345", "ABCDEFGH"][random.next(4)])
        let jobCard = Self.jobCards[random.next(Self.jobCards.count)]
        let creation = try CertificateCreationJob(owner: owner, ring: ring, label: label, subject: subject,
                                                  notAfter: RACFDate("2040-02-29"), today: Self.today,
                                                  keySize: .bits4096, keyStore: [.racfDatabase, .icsf, .pcicc][random.next(3)], jobCard: jobCard)
        do throws(ZOSInputError) {
            Self.check(try creation.jcl(), quoted: [label.value] + subject.fields.map(\.value))
        } catch {
            Self.checkRefusal(error)
        }
        let renewal = try CertificateRenewalJob(owner: owner, label: label, notAfter: RACFDate("2040-02-29"), today: Self.today,
                                                requestDataset: DatasetName("ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH"), jobCard: jobCard)
        Self.check(try renewal.jcl(), quoted: [label.value])
    }

    @Test("PERMITs, use lines and askpass jobs with the longest names", arguments: 0..<60)
    func otherArtifacts(seed: Int) throws {
        var random = Seeded(state: UInt64(seed) &* 104729 &+ 3)
        let ring = try KeyRingName(random.text(length: 1 + random.next(50), from: Array("ABCabc-$#@!&_?=.")))
        let user = try ZOSUserID(["U", "ABCDEFGH", "#@$#@$#@"][random.next(3)])
        let jobCard = Self.jobCards[random.next(Self.jobCards.count)]
        for (ringSpecific, icsf) in [(false, false), (true, true)] {
            Self.check(try KeyRingPermits(user: user, ring: ring, ringSpecific: ringSpecific, icsf: icsf, jobCard: jobCard).jcl(), quoted: [])
        }
        let label = try RACFLabel(String(random.text(length: 32, from: Self.awkward).map { $0 == " " ? "B" : $0 }))
        let usage = try KeyRingUsage(ring: ring, label: label, target: TargetAddress(parsing: "user@host.example.com"))
        let text = try usage.text()
        let cozcfg = text.split(separator: "\n").drop(while: { !$0.hasPrefix("//COZCFG") })
        #expect(cozcfg.allSatisfy { $0.count <= 71 })
        #expect(cozcfg.dropFirst().first?.hasPrefix("saf-cert=") == true)

        let dataset = try DatasetName("ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH(ABCDEFGH)")
        let host = String(repeating: "h", count: 1 + random.next(40)) + ".example.com"
        let askpass = try AskpassBatchJob(passwordDataset: dataset, user: user, cozHome: "/" + String(repeating: "c", count: 40),
                                          target: TargetAddress(parsing: "abcdefgh@\(host):65535"), jobCard: jobCard)
        Self.check(try askpass.jcl(), quoted: [])
    }
}
