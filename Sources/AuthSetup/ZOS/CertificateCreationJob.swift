/// The job that creates a self-signed RSA certificate for SSH client authentication in RACF and
/// connects it to a key ring: RACDCERT GENCERT, ADDRING and CONNECT, a refresh of the RACLISTed
/// classes, and listings to check the result.
///
/// Creating certificates needs RACF authority that the user of the key does not need, so this
/// job is usually run by a security administrator.
public struct CertificateCreationJob: Sendable {
    /// Where RACF keeps the private key.
    public enum KeyStore: Sendable {
        /// In the RACF database; z/OS OpenSSH's own key ring support can use it.
        case racfDatabase
        /// In ICSF's PKA key dataset (the ICSF keyword).
        case icsf
        /// In ICSF, generated on a PCI cryptographic coprocessor (the PCICC keyword).
        case pcicc
    }

    public let owner: ZOSUserID
    /// The real key ring to create and connect to; `nil` leaves the certificate in the owner's
    /// virtual key ring.
    public let ring: KeyRingName?
    public let label: RACFLabel
    public let subject: RACFSubject
    /// The last day of validity; `nil` leaves it to RACF, which makes it one year.
    public let notAfter: RACFDate?
    public let keySize: RSAKeySize
    public let keyStore: KeyStore
    public let jobCard: JobCard

    /// Checks that `notAfter` lies after `today` and that a real ring is not named `*`.
    public init(owner: ZOSUserID, ring: KeyRingName?, label: RACFLabel, subject: RACFSubject, notAfter: RACFDate?,
                today: RACFDate, keySize: RSAKeySize = .bits2048, keyStore: KeyStore = .racfDatabase,
                jobCard: JobCard = .standard) throws(ZOSInputError) {
        try notAfter?.checkInFuture(today: today)
        if let ring, ring.isVirtual {
            throw ZOSInputError(.ringName, .unusable(reason: "* is the virtual key ring, which needs no ADDRING or CONNECT; ask for the virtual ring instead"), input: ring.value)
        }
        self.owner = owner
        self.ring = ring
        self.label = label
        self.subject = subject
        self.notAfter = notAfter
        self.keySize = keySize
        self.keyStore = keyStore
        self.jobCard = jobCard
    }

    /// The job as text.
    public func jcl() throws(ZOSInputError) -> String {
        var job = JCLBuilder(jobCard: jobCard)
        job.commentBlock(headerComments)
        try job.tsoStep(named: "RACDCERT", items)
        return job.text
    }

    private var id: String { "ID(\(owner))" }

    private var headerComments: [String] {
        var text = [
            "Creates a self-signed RSA certificate for SSH client authentication, owned by \(owner), with the label \(label.value).",
        ]
        if let ring {
            text.append("It is connected to the key ring \(ring) as its default personal certificate, so the ring alone finds it.")
        } else {
            text.append("No key ring is created: the certificate is in \(owner)'s virtual key ring, which is named * (for example \"* \(label.value)\").")
        }
        text.append("Needs RACF authority to create certificates (the IRR.DIGTCERT profiles in the FACILITY class); usually run by a security administrator.")
        text.append("IKJEFT01 ends with the return code of the last command only: read SYSTSPRT to see how each command went.")
        return text
    }

    private var items: [TSOItem] {
        var items: [TSOItem] = [.comment("Self-signed certificate for SSH client authentication")]
        var gencert = TSOCommand(["RACDCERT", id, "GENCERT"])
        gencert.line(depth: 1, [.open("SUBJECTSDN")])
        for field in subject.fields {
            gencert.line(depth: 2, TSOCommand.Token.keyword(field.attribute.keyword, quoted: field.value))
        }
        gencert.append([.close])
        gencert.line(depth: 1, [.word("SIZE(\(keySize.rawValue))")])
        if let notAfter {
            gencert.line(depth: 1, [.word("NOTAFTER(DATE(\(notAfter)))")])
        }
        gencert.line(depth: 1, TSOCommand.Token.keyword("WITHLABEL", quoted: label.value))
        switch keyStore {
        case .racfDatabase: break
        case .icsf: gencert.line(depth: 1, [.word("ICSF")])
        case .pcicc: gencert.line(depth: 1, [.word("PCICC")])
        }
        if notAfter == nil { items.append(.comment("No NOTAFTER: RACF makes it valid for one year")) }
        if keyStore != .racfDatabase {
            items.append(.comment("Key in ICSF: needs ICSF started and CSFKEYS authority, and"))
            items.append(.comment("works with Co:Z saf-ssh-agent, not IdentityKeyRingLabel"))
        }
        items.append(.command(gencert))

        let classes: String
        if let ring {
            items += [.blank, .comment("The key ring, with the certificate as its default")]
            items.append(.command(TSOCommand(["RACDCERT", id, "ADDRING(\(ring))"])))
            var connect = TSOCommand(["RACDCERT", id])
            connect.append([.open("CONNECT")])
            connect.line(depth: 1, [.word(id)])
            connect.line(depth: 1, TSOCommand.Token.keyword("LABEL", quoted: label.value))
            connect.line(depth: 1, [.word("RING(\(ring))")])
            connect.line(depth: 1, [.word("USAGE(PERSONAL)"), .word("DEFAULT"), .close])
            items.append(.command(connect))
            classes = "DIGTCERT,DIGTRING"
        } else {
            classes = "DIGTCERT"
        }
        items += [.blank, .comment("Refresh the in-storage profiles, if the classes are RACLISTed")]
        items.append(.command(TSOCommand(["SETROPTS", "RACLIST(\(classes))", "REFRESH"])))
        items += [.blank, .comment("Show the result")]
        if let ring {
            items.append(.command(TSOCommand(["RACDCERT", id, "LISTRING(\(ring))"])))
        }
        var list = TSOCommand(["RACDCERT", id])
        list.append([.open("LIST")] + TSOCommand.Token.keyword("LABEL", quoted: label.value) + [.close])
        items.append(.command(list))
        return items
    }
}
