import ArgumentParser

/// `sshauth askpass`: mechanism 3, a stored password handed to ssh by a helper program.
struct AskpassCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "askpass",
        abstract: "Set up unattended password logins through SSH_ASKPASS.",
        subcommands: [AskpassZOSCommand.self]
    )
}
