import ArgumentParser
import AuthSetup

/// `sshauth zos renew`: the job that renews a certificate with the same key pair.
struct ZOSRenewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Write the job that renews a self-signed RACF certificate, keeping its key pair.",
        discussion: """
            The job deletes a request left over from an earlier run, makes a certificate request \
            from the existing certificate (RACDCERT GENREQ into --request-dsn), and signs a new \
            certificate from it with the same label, the new end date and the certificate's own \
            key (GENCERT ... SIGNWITH(LABEL(...))). The owner can run it, given the FACILITY \
            authority for GENREQ and GENCERT.

            Submit it before the certificate expires. Renewed in time, the key pair stays and \
            the targets' authorized_keys need no change; an expired certificate needs a new key \
            pair, and its public key must then be installed on every target again.
            """
    )

    @Option(help: ArgumentHelp("The RACF user ID that owns the certificate (capitals).", valueName: "userid"))
    var userid: String

    @Option(help: ArgumentHelp("The certificate's label, as it is in RACF.", valueName: "label"))
    var label: String

    @Option(name: .customLong("not-after"), help: ArgumentHelp("New last day of validity, YYYY-MM-DD.", valueName: "date"))
    var notAfter: String

    @Option(name: .customLong("request-dsn"), help: ArgumentHelp("Sequential dataset for the certificate request (default USERID.SSHAUTH.CERTREQ); deleted first.", valueName: "dsn"))
    var requestDSN: String?

    @OptionGroup var jobCard: JobCardOption
    @OptionGroup var output: GeneratedTextOutput

    func run() throws {
        try output.deliver {
            let job = try CertificateRenewalJob(
                owner: ZOSUserID(userid), label: RACFLabel(label), notAfter: RACFDate(notAfter), today: RACFDate.today(),
                requestDataset: requestDSN.map { (text) throws(ZOSInputError) in try DatasetName(text) },
                jobCard: jobCard.jobCard())
            return try job.jcl()
        }
    }
}
