import ArgumentParser

/// `sshauth zos`: the z/OS artifacts of mechanism 4, written as text to submit or paste.
struct ZOSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zos",
        abstract: "Write the z/OS side of a key ring certificate: RACDCERT and renewal JCL, PERMITs, cozsftp and COZCFG lines.",
        discussion: """
            Nothing here connects anywhere or changes anything: each subcommand prints text \
            (or writes it to --output FILE) for you to review, copy to a dataset and submit or \
            paste on z/OS. Every JCL line stays within columns 1-71, TSO commands are continued \
            with '+', and a quoted value such as a label is never split across lines.

            User IDs, dataset names and the like are checked as z/OS will check them, and lower \
            case is refused rather than changed: what you type is what goes into the JCL. Ring \
            names and labels are case-sensitive and kept as typed. The jobs start with a plain \
            JOB statement; give your site's with --jobcard.
            """,
        subcommands: [ZOSRACDCERTCommand.self, ZOSRenewCommand.self, ZOSPermitsCommand.self, ZOSUseCommand.self]
    )
}
