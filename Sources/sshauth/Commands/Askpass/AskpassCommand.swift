import ArgumentParser

/// `sshauth askpass`: mechanism 3, a stored password handed to ssh by a helper program.
struct AskpassCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "askpass",
        abstract: "Set up unattended password logins through SSH_ASKPASS.",
        discussion: """
            'askpass setup' stores a password and writes the wrappers; 'askpass answer PROMPT' \
            (or 'askpass PROMPT') is the helper ssh runs; 'askpass zos' prints the z/OS batch variant.
            """,
        subcommands: [AskpassSetupCommand.self, AskpassAnswerCommand.self, AskpassZOSCommand.self],
        defaultSubcommand: AskpassAnswerCommand.self
    )
}
