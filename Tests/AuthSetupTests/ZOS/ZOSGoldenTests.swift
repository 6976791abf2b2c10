import Testing
@testable import AuthSetup

/// Each generator's text compared with its golden file under `__Golden__/zos`. The integration
/// tests run the same cases through the binary and compare with the same files.
@Suite("z/OS generators: golden files")
struct ZOSGoldenTests {
    static let today = try! RACFDate("2026-06-15")

    @Test("RACDCERT job with a key ring and a full subject")
    func racdcertRing() throws {
        let job = try CertificateCreationJob(
            owner: ZOSUserID("COZUSER"), ring: KeyRingName("MY-RING"), label: RACFLabel("MY-CERT"),
            subject: RACFSubject(commonName: "First Lastname", organizationalUnit: "Development", organization: "My Company", country: "US"),
            notAfter: RACFDate("2040-12-31"), today: Self.today)
        try Golden.assertMatches(try job.jcl(), file: "zos/racdcert-ring.jcl")
    }

    @Test("RACDCERT job for the virtual ring, key in ICSF, a label with apostrophes, a site job card")
    func racdcertVirtual() throws {
        let job = try CertificateCreationJob(
            owner: ZOSUserID("BATCH#1"), ring: nil, label: RACFLabel("O'Brien's SSH key"),
            subject: RACFSubject(commonName: "Batch transfers", title: "Robot", organizationalUnit: "Ops", organization: "Example AG",
                                 locality: "Zurich", stateOrProvince: "ZH", country: "CH"),
            notAfter: nil, today: Self.today, keySize: .bits4096, keyStore: .icsf,
            jobCard: JobCard("//SSHCERT  JOB (ACCT1,DEPT22),'SECURITY ADMIN',CLASS=A,MSGCLASS=X,MSGLEVEL=(1,1),NOTIFY=&SYSUID"))
        try Golden.assertMatches(try job.jcl(), file: "zos/racdcert-virtual-icsf.jcl")
    }

    @Test("renewal job")
    func renewal() throws {
        let job = try CertificateRenewalJob(owner: ZOSUserID("COZUSER"), label: RACFLabel("MY-CERT"), notAfter: RACFDate("2040-12-31"),
                                            today: Self.today, requestDataset: DatasetName("SYSADM.CERT.REQ"))
        try Golden.assertMatches(try job.jcl(), file: "zos/renew.jcl")
    }

    @Test("renewal job with the default request dataset")
    func renewalDefaultDataset() throws {
        let job = try CertificateRenewalJob(owner: ZOSUserID("COZUSER"), label: RACFLabel("MY-CERT"), notAfter: RACFDate("2040-12-31"), today: Self.today)
        #expect(job.requestDataset.fullName == "COZUSER.SSHAUTH.CERTREQ")
        #expect(throws: ZOSInputError(.datasetName, .memberNotAllowed, input: "SYSADM.CERT(REQ)")) {
            try CertificateRenewalJob(owner: ZOSUserID("COZUSER"), label: RACFLabel("MY-CERT"), notAfter: RACFDate("2040-12-31"),
                                      today: Self.today, requestDataset: DatasetName("SYSADM.CERT(REQ)"))
        }
    }

    @Test("PERMITs through FACILITY")
    func permitsFacility() throws {
        let permits = try KeyRingPermits(user: ZOSUserID("COZUSER"), ring: KeyRingName("MY-RING"), ringSpecific: false, icsf: false)
        try Golden.assertMatches(try permits.jcl(), file: "zos/permits.jcl")
    }

    @Test("PERMITs through RDATALIB, key in ICSF")
    func permitsRingSpecific() throws {
        let permits = try KeyRingPermits(user: ZOSUserID("COZUSER"), ring: KeyRingName("My-Ring"), ringSpecific: true, icsf: true)
        #expect(permits.ringProfile == "COZUSER.MY-RING.LST")
        try Golden.assertMatches(try permits.jcl(), file: "zos/permits-rdatalib-icsf.jcl")
        #expect(throws: ZOSInputError.self) {
            try KeyRingPermits(user: ZOSUserID("COZUSER"), ring: KeyRingName("RING*"), ringSpecific: true, icsf: false)
        }
    }

    @Test("use lines")
    func use() throws {
        let usage = try KeyRingUsage(ring: KeyRingName("MY-RING"), label: RACFLabel("MY-CERT"),
                                     target: TargetAddress(parsing: "cozuser@linux1.myco.com"))
        try Golden.assertMatches(try usage.text(), file: "zos/use.txt")
    }

    @Test("use lines for the virtual ring, a label with blanks and a port")
    func useVirtual() throws {
        let usage = try KeyRingUsage(ring: KeyRingName("*"), label: RACFLabel("SSH key $1"),
                                     target: TargetAddress(parsing: "cozuser@linux1.myco.com:2222"))
        #expect(usage.publicKeyFile == "SSH_key__1.pub")
        try Golden.assertMatches(try usage.text(), file: "zos/use-virtual.txt")
        #expect(throws: ZOSInputError.self) {
            try KeyRingUsage(ring: KeyRingName("A:B"), label: RACFLabel("X"), target: TargetAddress(parsing: "h"))
        }
    }

    @Test("askpass batch jobs")
    func askpass() throws {
        let job = try AskpassBatchJob(passwordDataset: DatasetName("'HLQ.PASSWD(SITE1)'"), user: ZOSUserID("COZUSER"),
                                      target: TargetAddress(parsing: "cozuser@linux1.myco.com"))
        try Golden.assertMatches(try job.jcl(), file: "zos/askpass.jcl")
    }

    @Test("askpass batch jobs: user from the first qualifier, Co:Z elsewhere, a port")
    func askpassDefaults() throws {
        let job = try AskpassBatchJob(passwordDataset: DatasetName("BATCHID.SSH.PASSWD"), cozHome: "/opt/dovetail/coz/",
                                      target: TargetAddress(parsing: "xfer@[2001:db8::1]:2222"))
        #expect(job.user.value == "BATCHID")
        #expect(job.cozHome == "/opt/dovetail/coz")
        try Golden.assertMatches(try job.jcl(), file: "zos/askpass-defaults.jcl")
    }

    @Test("askpass refusals", arguments: [
        ("HLQ-X.PASSWD", "/usr/lpp/coz"),
        ("HLQ.PASSWD", "usr/lpp/coz"),
        ("HLQ.PASSWD", "/usr/lpp/c oz"),
        ("HLQ.PASSWD", "/usr/lpp/$coz"),
        ("HLQ.PASSWD", ""),
        ("HLQ.PASSWD", "/" + String(repeating: "d", count: 70)),
    ])
    func askpassRefusals(_ dataset: String, _ cozHome: String) throws {
        #expect(throws: ZOSInputError.self) {
            try AskpassBatchJob(passwordDataset: DatasetName(dataset), cozHome: cozHome, target: TargetAddress(parsing: "h")).jcl()
        }
    }

    @Test("a past end date is refused by the jobs that take one")
    func pastDates() throws {
        let past = try RACFDate("2026-06-15")
        #expect(throws: ZOSInputError(.date, .notInFuture(today: Self.today), input: "2026-06-15")) {
            try CertificateCreationJob(owner: ZOSUserID("U"), ring: nil, label: RACFLabel("L"), subject: RACFSubject(commonName: "C"),
                                       notAfter: past, today: Self.today)
        }
        #expect(throws: ZOSInputError(.date, .notInFuture(today: Self.today), input: "2026-06-15")) {
            try CertificateRenewalJob(owner: ZOSUserID("U"), label: RACFLabel("L"), notAfter: past, today: Self.today)
        }
        #expect(throws: ZOSInputError.self) {
            try CertificateCreationJob(owner: ZOSUserID("U"), ring: .virtual, label: RACFLabel("L"), subject: RACFSubject(commonName: "C"),
                                       notAfter: nil, today: Self.today)
        }
    }
}
