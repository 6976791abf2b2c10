import AuthSetup

/// The one-line command that repeats a set-up: the matching command's own flags form, or nil
/// where no single command can (a new key together with its install).
enum SetupCommandLine {
    static func words(for setup: Setup) -> [String]? {
        let words: [String]
        switch setup.mechanism {
        case .keyPair where setup.targets.isEmpty: words = KeygenCommand.commandLine(setup)
        case .keyPair: words = InstallCommand.commandLine(setup)
        case .askpass: words = AskpassSetupCommand.commandLine(setup)
        case .certificate: words = RingInstallCommand.commandLine(setup)
        }
        return words.isEmpty ? nil : words
    }
}
