import ArgumentParser
import AuthSetup

/// `sshauth askpass zos`: the z/OS batch variant, a password dataset read by Co:Z's helper.
struct AskpassZOSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zos",
        abstract: "Write the JCL for Co:Z SFTP batch logins with a password kept in a RACF-protected dataset.",
        discussion: """
            Two jobs. The first protects the password dataset: a profile with UACC(NONE) and \
            READ for the job's user ID only (by default the dataset's first qualifier; name \
            another with --userid). The second is the transfer job, a COZBATCH step whose shell \
            lines export PASSWD_DSN, SSH_ASKPASS (Co:Z's read_passwd_dsn.sh under --coz-home), \
            DISPLAY and SSH_ASKPASS_REQUIRE, and run cozsftp with -oBatchMode=no before -b-, since \
            -b alone switches password logins off.

            The dataset (or member) holds one line: the password from column 1, no sequence \
            numbers. The target's host key must already be in the job user's known_hosts: the \
            job refuses an unknown one rather than asking. sshauth never sees the password.
            """
    )

    @Option(help: ArgumentHelp("The password dataset, e.g. 'HLQ.PASSWD(SITE1)'.", valueName: "dsn"))
    var dsn: String

    @Option(help: ArgumentHelp("The user ID the transfer job runs as (default: the dataset's first qualifier).", valueName: "userid"))
    var userid: String?

    @Option(name: .customLong("coz-home"), help: ArgumentHelp("Where Co:Z is installed on z/OS.", valueName: "path"))
    var cozHome = AskpassBatchJob.defaultCozHome

    @Argument(help: ArgumentHelp("The target, as [user@]host[:port].", valueName: "[user@]host"))
    var target: String

    @OptionGroup var jobCard: JobCardOption
    @OptionGroup var output: GeneratedTextOutput

    func run() throws {
        try output.deliver {
            let job = try AskpassBatchJob(
                passwordDataset: DatasetName(dsn), user: userid.map { (text) throws(ZOSInputError) in try ZOSUserID(text) },
                cozHome: cozHome, target: TargetAddress(parsing: target), jobCard: jobCard.jobCard())
            return try job.jcl()
        }
    }
}
