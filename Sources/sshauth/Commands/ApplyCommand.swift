import ArgumentParser
import AuthSetup

/// `sshauth apply FILE`: runs a saved set-up with no questions beyond the secrets it says to ask for.
struct ApplyCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Run a set-up file: the set-up the wizard or a command's --save-setup wrote.",
        discussion: """
            The file says everything the set-up needs except its secrets (see 'The set-up file' in \
            the README): the mechanism, the target, the key or certificate, the host-key rule and \
            where each secret comes from. apply runs it exactly as the matching command would \
            (install, keygen, askpass setup or ring install): --dry-run prints the same plan, line \
            for line, and changes nothing. A secret the file says to ask for is asked on the \
            terminal; with no terminal the run stops with a sentence naming the option to give \
            instead. The secret options below replace the file's sources for this run.
            """
    )

    @Argument(help: ArgumentHelp("The set-up file.", valueName: "file"))
    var file: String

    @Flag(name: .customLong("dry-run"), help: "Print the plan and change nothing.")
    var dryRun = false

    @Flag(help: "Print the result (or the plan) as JSON.")
    var json = false

    @Option(name: .customLong("password-file"), help: ArgumentHelp("The target password, from a file only you can read.", valueName: "file"))
    var passwordFile: String?

    @Option(name: .customLong("password-fd"), help: ArgumentHelp("The target password, from this inherited file descriptor.", valueName: "n"))
    var passwordFD: Int32?

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("The passphrase of the login key or of the new key, from a file only you can read.", valueName: "file"))
    var passphraseFile: String?

    @Option(name: .customLong("ring-password-file"), help: ArgumentHelp("The key ring's password, from a file only you can read.", valueName: "file"))
    var ringPasswordFile: String?

    @Option(name: .customLong("ring-password-fd"), help: ArgumentHelp("The key ring's password, from this inherited file descriptor.", valueName: "n"))
    var ringPasswordFD: Int32?

    func validate() throws {
        if passwordFile != nil, passwordFD != nil { throw ValidationError("--password-file and --password-fd are two sources for one password; give one.") }
        if ringPasswordFile != nil, ringPasswordFD != nil { throw ValidationError("--ring-password-file and --ring-password-fd are two sources for one password; give one.") }
    }

    func execute() throws(CommandFailure) {
        var setup: Setup
        do { setup = try SetupFile.load(file) } catch { throw CommandFailure(error.description) }
        try overrideSecrets(&setup)
        guard setup.targets.count <= 1 else {
            throw CommandFailure("\(file) names \(setup.targets.count) targets; this sshauth runs a set-up on one target at a time: split the file, one target each.")
        }
        let mode = SetupRunMode(dryRun: dryRun, json: json)
        switch setup.mechanism {
        case .keyPair where setup.targets.isEmpty: try KeygenCommand.perform(setup, mode: mode)
        case .keyPair: try InstallCommand.perform(setup, mode: mode)
        case .askpass: try AskpassSetupCommand.perform(setup, mode: mode)
        case .certificate: try RingInstallCommand.perform(setup, mode: mode)
        }
    }

    /// The secret options name this run's sources and replace the file's.
    private func overrideSecrets(_ setup: inout Setup) throws(CommandFailure) {
        let password: Setup.SecretOrigin? = passwordFile.map { .file($0) } ?? passwordFD.map { .descriptor($0) }
        if let password {
            if case .identity = setup.login {
                throw CommandFailure("\(file) logs in with a key (login: identity); a password option does not apply to it.")
            }
            setup.login = .password(password)
        }
        if let passphraseFile {
            switch (setup.login, setup.key) {
            case (.identity(let path, _), _): setup.login = .identity(path: path, passphrase: .file(passphraseFile))
            case (_, .new(var key)?): key.passphrase = .file(passphraseFile); setup.key = .new(key)
            default: throw CommandFailure("\(file) has no key that takes a passphrase (no login identity, no new key); drop --passphrase-file.")
            }
        }
        let ring: Setup.SecretOrigin? = ringPasswordFile.map { .file($0) } ?? ringPasswordFD.map { .descriptor($0) }
        if let ring {
            guard setup.certificate != nil else { throw CommandFailure("\(file) holds no key ring set-up; drop the ring password option.") }
            setup.certificate?.ringPassword = ring
        }
    }
}
