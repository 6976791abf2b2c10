/// The RACF commands that let a user ID use its certificate through its key ring: READ on
/// IRR.DIGTCERT.LISTRING in FACILITY (any ring it owns) or on the ring's own RDATALIB profile,
/// and, for a key kept in ICSF, READ on the CSFDSG and CSFDSV services in CSFSERV. Each class
/// touched is refreshed.
public struct KeyRingPermits: Sendable {
    public let user: ZOSUserID
    public let ring: KeyRingName
    /// Ring-specific authorization through `USER.RING.LST` in RDATALIB instead of FACILITY.
    public let ringSpecific: Bool
    /// The key is kept in ICSF (created with ICSF or PCICC).
    public let icsf: Bool
    public let jobCard: JobCard

    /// For ring-specific authorization, refuses ring names whose `*` or `%` would make the
    /// RDATALIB profile a generic one covering other rings.
    public init(user: ZOSUserID, ring: KeyRingName, ringSpecific: Bool, icsf: Bool,
                jobCard: JobCard = .standard) throws(ZOSInputError) {
        if ringSpecific, ring.value.contains(where: { $0 == "*" || $0 == "%" }) {
            throw ZOSInputError(.ringName, .unusable(reason: "in an RDATALIB profile name * and % are generic characters, so the profile would cover other rings too"), input: ring.value)
        }
        self.user = user
        self.ring = ring
        self.ringSpecific = ringSpecific
        self.icsf = icsf
        self.jobCard = jobCard
    }

    /// The RDATALIB profile for the ring: owner and ring name in capitals, as RACF folds the
    /// ring name when it checks.
    public var ringProfile: String {
        "\(user).\(ring.value.uppercased()).LST"
    }

    /// The job as text.
    public func jcl() throws(ZOSInputError) -> String {
        var job = JCLBuilder(jobCard: jobCard)
        var header = ["Lets \(user) use its own certificates through the key ring \(ring) (for example to export the public key and to log in with it). Run by a security administrator."]
        if ringSpecific {
            header.append("The RDATALIB class must be active and RACLISTed for the ring-specific profile to count: SETROPTS CLASSACT(RDATALIB) RACLIST(RDATALIB). Where such a profile exists, the FACILITY profile IRR.DIGTCERT.LISTRING is not checked.")
        } else {
            header.append("PERMIT fails if IRR.DIGTCERT.LISTRING is not defined. It is not defined here on purpose: a new discrete profile would take over from a generic IRR.DIGTCERT.* profile for every other user too.")
        }
        header.append("IKJEFT01 ends with the return code of the last command only: read SYSTSPRT to see how each command went.")
        job.commentBlock(header)

        var items: [TSOItem] = []
        if ringSpecific {
            items.append(.comment("Ring-specific access: READ lets the owner use its private key"))
            items.append(.command(TSOCommand(["RDEFINE", "RDATALIB", ringProfile, "UACC(NONE)"])))
            items.append(.command(TSOCommand(["PERMIT", ringProfile, "CLASS(RDATALIB)", "ID(\(user))", "ACCESS(READ)"])))
            items.append(.command(TSOCommand(["SETROPTS", "RACLIST(RDATALIB)", "REFRESH"])))
        } else {
            items.append(.comment("READ: use any key ring the user owns"))
            items.append(.command(TSOCommand(["PERMIT", "IRR.DIGTCERT.LISTRING", "CLASS(FACILITY)", "ID(\(user))", "ACCESS(READ)"])))
            items.append(.command(TSOCommand(["SETROPTS", "RACLIST(FACILITY)", "REFRESH"])))
        }
        if icsf {
            items += [.blank, .comment("The key is in ICSF: the signature services it needs")]
            items.append(.command(TSOCommand(["PERMIT", "CSFDSG", "CLASS(CSFSERV)", "ID(\(user))", "ACCESS(READ)"])))
            items.append(.command(TSOCommand(["PERMIT", "CSFDSV", "CLASS(CSFSERV)", "ID(\(user))", "ACCESS(READ)"])))
            items.append(.command(TSOCommand(["SETROPTS", "RACLIST(CSFSERV)", "REFRESH"])))
            items.append(.comment("If CSFKEYS is active, the key label needs READ there too"))
        }
        try job.tsoStep(named: "PERMITS", items)
        return job.text
    }
}
