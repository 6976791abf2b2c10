import ArgumentParser
import AuthSetup

/// `sshauth zos permits`: the RACF authority the user of a key ring certificate needs.
struct ZOSPermitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permits",
        abstract: "Write the job with the PERMITs a user needs to use its certificate through its key ring.",
        discussion: """
            By default: READ on IRR.DIGTCERT.LISTRING in the FACILITY class, which lets the user \
            use any ring it owns; the profile must already exist. With --rdatalib instead: the \
            ring's own profile USERID.RING.LST in the RDATALIB class, defined with UACC(NONE), and \
            READ on it (RDATALIB must be active and RACLISTed). With --icsf, for a key kept in \
            ICSF: READ on CSFDSG and CSFDSV in CSFSERV. Each class is refreshed afterwards. Run \
            by a security administrator.

            A message like "R_datalib ... not RACF authorized" when exporting the key or logging \
            in means one of these is missing.
            """
    )

    @Option(help: ArgumentHelp("The RACF user ID that owns and uses the ring (capitals).", valueName: "userid"))
    var userid: String

    @Option(help: ArgumentHelp("The key ring (case-sensitive).", valueName: "ring"))
    var ring: String

    @Flag(help: "The private key is in ICSF: also permit the CSFSERV services CSFDSG and CSFDSV.")
    var icsf = false

    @Flag(help: "Authorize this ring alone, through its RDATALIB profile, instead of FACILITY.")
    var rdatalib = false

    @OptionGroup var jobCard: JobCardOption
    @OptionGroup var output: GeneratedTextOutput

    func run() throws {
        try output.deliver {
            let permits = try KeyRingPermits(user: ZOSUserID(userid), ring: KeyRingName(ring), ringSpecific: rdatalib,
                                             icsf: icsf, jobCard: jobCard.jobCard())
            return try permits.jcl()
        }
    }
}
