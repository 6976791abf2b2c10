import ArgumentParser

/// `sshauth ring`: mechanism 4's key ring, a PKCS#12 file standing in for a RACF key ring.
struct RingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ring",
        abstract: "Keep SSH identities as certificates in a key ring (a PKCS#12 file), as z/OS keeps them in RACF.",
        discussion: """
            A ring is one PKCS#12 file protected by a ring password; each certificate in it has a \
            label, and RING:LABEL names one certificate (as Co:Z's 'cozsftp -k RING:LABEL' does). \
            --ring FILE --label LABEL works everywhere too.

            The ring password comes from --ring-password-file (a file only you can read: mode 0600 \
            or 0400), --ring-password-fd, or a prompt on the terminal; never from the command line.
            """,
        subcommands: [RingCreateCommand.self, RingListCommand.self, RingExportCommand.self, RingRenewCommand.self, RingAgentCommand.self, RingInstallCommand.self]
    )
}
