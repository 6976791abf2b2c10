import ArgumentParser
import AuthSetup

/// `sshauth zos racdcert`: the job that creates the certificate and its key ring.
struct ZOSRACDCERTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "racdcert",
        abstract: "Write the job that creates a self-signed RSA certificate for SSH in a RACF key ring.",
        discussion: """
            The job runs RACDCERT GENCERT in a batch TSO step (IKJEFT01), then ADDRING and \
            CONNECT with USAGE(PERSONAL) DEFAULT, so that naming the ring alone finds the \
            certificate; then it refreshes DIGTCERT and DIGTRING and lists the ring and the \
            certificate. Creating certificates needs RACF authority the key's user does not need, \
            so it is usually submitted by a security administrator.

            With --virtual-ring no ring is created: the certificate lives in the user's virtual \
            key ring, named '*'. Without --not-after RACF makes the certificate valid for one \
            year; renew it in time with 'sshauth zos renew'. --icsf or --pcicc keep the private \
            key in ICSF, which then works with Co:Z's saf-ssh-agent but not with z/OS OpenSSH's \
            IdentityKeyRingLabel.
            """
    )

    @Option(help: ArgumentHelp("The RACF user ID that owns and uses the certificate (capitals).", valueName: "userid"))
    var userid: String

    @Option(help: ArgumentHelp("The key ring to create and connect the certificate to (case-sensitive, no blanks).", valueName: "ring"))
    var ring: String?

    @Flag(name: .customLong("virtual-ring"), help: "Create no ring; use the user's virtual key ring, named '*'.")
    var virtualRing = false

    @Option(help: ArgumentHelp("The certificate's label, 1 to 32 characters (case- and blank-sensitive).", valueName: "label"))
    var label: String

    @OptionGroup var subject: SubjectOptions

    @Option(name: .customLong("not-after"), help: ArgumentHelp("Last day of validity, YYYY-MM-DD (default: RACF's one year).", valueName: "date"))
    var notAfter: String?

    @Option(help: ArgumentHelp("RSA key size: 2048, 3072 or 4096.", valueName: "bits"))
    var size = 2048

    @Flag(help: "Keep the private key in ICSF (the ICSF keyword).")
    var icsf = false

    @Flag(help: "Generate and keep the private key with a PCI cryptographic coprocessor (the PCICC keyword).")
    var pcicc = false

    @OptionGroup var jobCard: JobCardOption
    @OptionGroup var output: GeneratedTextOutput

    func run() throws {
        try output.deliver {
            if icsf, pcicc { throw CommandFailure("--icsf and --pcicc contradict each other; give one of them.") }
            let ringName: KeyRingName?
            switch (ring, virtualRing) {
            case (let ring?, false): ringName = try KeyRingName(ring)
            case (nil, true): ringName = nil
            case (_?, true): throw CommandFailure("--ring and --virtual-ring contradict each other; give one of them.")
            case (nil, false): throw CommandFailure("no key ring given; name one with --ring, or pass --virtual-ring to use the virtual ring '*'.")
            }
            let name = try RACFSubject(commonName: subject.commonName, title: subject.title, organizationalUnit: subject.organizationalUnit,
                                       organization: subject.organization, locality: subject.locality,
                                       stateOrProvince: subject.stateOrProvince, country: subject.country)
            let job = try CertificateCreationJob(
                owner: ZOSUserID(userid), ring: ringName, label: RACFLabel(label), subject: name,
                notAfter: notAfter.map { (text) throws(ZOSInputError) in try RACFDate(text) }, today: RACFDate.today(),
                keySize: RSAKeySize(bits: size), keyStore: icsf ? .icsf : pcicc ? .pcicc : .racfDatabase,
                jobCard: jobCard.jobCard())
            return try job.jcl()
        }
    }
}
