/// The job that renews a self-signed certificate with the same key pair: RACDCERT GENREQ makes
/// a certificate request from the existing certificate, and GENCERT signs a new certificate from
/// that request with the certificate's own label and a new end date.
///
/// Because the key pair stays, the public key in the targets' authorized_keys stays valid. That
/// only works while the certificate has not expired; afterwards a new key pair is needed, and
/// its public key must go to every target again.
public struct CertificateRenewalJob: Sendable {
    public let owner: ZOSUserID
    public let label: RACFLabel
    public let notAfter: RACFDate
    /// The sequential dataset the certificate request is written to (and deleted from first).
    public let requestDataset: DatasetName
    public let jobCard: JobCard

    /// Checks that `notAfter` lies after `today` and that the request dataset is sequential.
    /// Without `requestDataset` the request goes to `OWNER.SSHAUTH.CERTREQ`.
    public init(owner: ZOSUserID, label: RACFLabel, notAfter: RACFDate, today: RACFDate,
                requestDataset: DatasetName? = nil, jobCard: JobCard = .standard) throws(ZOSInputError) {
        try notAfter.checkInFuture(today: today)
        let dataset: DatasetName
        if let requestDataset { dataset = requestDataset } else { dataset = try DatasetName("\(owner).SSHAUTH.CERTREQ") }
        if dataset.member != nil {
            throw ZOSInputError(.datasetName, .memberNotAllowed, input: dataset.fullName)
        }
        self.owner = owner
        self.label = label
        self.notAfter = notAfter
        self.requestDataset = dataset
        self.jobCard = jobCard
    }

    /// The job as text.
    public func jcl() throws(ZOSInputError) -> String {
        var job = JCLBuilder(jobCard: jobCard)
        job.commentBlock([
            "Renews the certificate \(label.value) of \(owner) until \(notAfter), keeping its key pair.",
            "RUN THIS BEFORE THE CERTIFICATE EXPIRES. Renewed in time, the key pair stays the same and the public key in the targets' authorized_keys stays valid. Once it has expired, a new certificate with a new key pair is needed, and its public key must be exported and added to authorized_keys on every target again.",
            "Run by \(owner) (or an administrator) with authority for RACDCERT GENREQ and GENCERT in the FACILITY class. If DIGTCERT is RACLISTed, an administrator then refreshes it: SETROPTS RACLIST(DIGTCERT) REFRESH.",
            "IKJEFT01 ends with the return code of the last command only: read SYSTSPRT to see how each command went.",
        ])
        let dataset = requestDataset.fullName
        var genreq = TSOCommand(["RACDCERT"])
        genreq.append([.open("GENREQ")] + TSOCommand.Token.keyword("LABEL", quoted: label.value) + [.close])
        genreq.line(depth: 1, [.word("ID(\(owner))")])
        genreq.line(depth: 1, TSOCommand.Token.keyword("DSN", quoted: dataset))

        var gencert = TSOCommand(["RACDCERT"])
        gencert.append(TSOCommand.Token.keyword("GENCERT", quoted: dataset))
        gencert.line(depth: 1, [.word("ID(\(owner))")])
        gencert.line(depth: 1, TSOCommand.Token.keyword("WITHLABEL", quoted: label.value))
        gencert.line(depth: 1, [.word("NOTAFTER(DATE(\(notAfter)))")])
        gencert.line(depth: 1, [.open("SIGNWITH")] + TSOCommand.Token.keyword("LABEL", quoted: label.value) + [.close])

        var list = TSOCommand(["RACDCERT", "ID(\(owner))"])
        list.append([.open("LIST")] + TSOCommand.Token.keyword("LABEL", quoted: label.value) + [.close])

        try job.tsoStep(named: "RENEW", [
            .comment("Remove a request left from an earlier renewal; a message"),
            .comment("that the dataset does not exist is harmless"),
            .command(TSOCommand(["DELETE", requestDataset.quoted])),
            .blank,
            .comment("A request from the existing certificate and its key"),
            .command(genreq),
            .blank,
            .comment("The renewed certificate, signed with its own key"),
            .command(gencert),
            .blank,
            .comment("Show the new validity dates"),
            .command(list),
        ])
        return job.text
    }
}
