import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The `sshauth` command tree.
@main
struct SSHAuth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sshauth",
        abstract: "Set up SSH client authentication to a target system, correctly, showing every step first.",
        discussion: """
            Four mechanisms: an interactive password, an OpenSSH key pair, SSH_ASKPASS for unattended \
            password logins, and a certificate in a key ring. Every command that changes something \
            accepts --dry-run, which prints the plan and changes nothing.
            """,
        version: "0.1.0",
        subcommands: [WizardCommand.self, KeygenCommand.self, PassphraseCommand.self, ConvertCommand.self, FingerprintCommand.self, InstallCommand.self,
                      CheckCommand.self, KeysCommand.self, RemoveCommand.self, RotateCommand.self, AskpassCommand.self, RingCommand.self,
                      ZOSCommand.self, ApplyCommand.self, ExportCommand.self, HelpCommand.self]
    )

    /// `sshauth` alone opens the wizard on a terminal and prints the command overview otherwise.
    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            print(SSHAuth.helpMessage())
            return
        }
        try WizardCommand.parse([]).run()
    }
}
