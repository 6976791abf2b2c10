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

            A key-pair set-up that installs an existing key runs on many targets: those of \
            --hosts LIST (a plain list or an Ansible INI inventory, which replace the file's own), \
            or the file's own when it names several. It runs as 'sshauth install --hosts' does: \
            every input read first, each target on its own, several at a time, a table at the \
            end, and exit status 0 (all succeeded), 1 (some failed) or 2 (bad input, nobody \
            contacted).
            """
    )

    @Argument(help: ArgumentHelp("The set-up file.", valueName: "file"))
    var file: String

    @Flag(name: .customLong("dry-run"), help: "Print the plan and change nothing.")
    var dryRun = false

    @Flag(help: "Print the result (or the plan) as JSON.")
    var json = false

    @OptionGroup var fleet: FleetOptions

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

    func run() throws {
        do {
            if let status = try executeOnTargets() {
                if status != 0 { throw ExitCode(status) }
                return
            }
        } catch let failure as CommandFailure {
            Console.error(failure.sentence)
            throw ExitCode(failure.status)
        }
    }

    /// Runs the set-up; returns an exit status when it ran on a list of targets (which reports its
    /// failures itself), nil when it ran on one.
    private func executeOnTargets() throws(CommandFailure) -> Int32? {
        var setup: Setup
        do { setup = try SetupFile.load(file) } catch { throw CommandFailure(error.description) }
        try overrideSecrets(&setup)
        if let list = try targetList(setup) {
            guard setup.mechanism == .keyPair else {
                throw CommandFailure("\(file) is \(setup.mechanism == .askpass ? "an askpass" : "a certificate") set-up, which runs on one target at a time; split it, one target each.", status: 2)
            }
            if dryRun { throw CommandFailure("--dry-run works on one target; leave it out for a run over several targets.", status: 2) }
            let name = fleet.hosts == nil ? "\(file) (targets)" : fleet.listName
            return FleetInstallRun(setup: setup, targets: list, list: name, parallel: fleet.workers, json: json).run()
        }
        try execute(setup)
        return nil
    }

    /// The targets to run on one by one: --hosts, or the set-up file's own when it names several.
    private func targetList(_ setup: Setup) throws(CommandFailure) -> [FleetTarget]? {
        guard fleet.hosts != nil || setup.targets.count > 1 else {
            if fleet.limit != nil || fleet.parallel != nil {
                throw CommandFailure("--limit and --parallel go with --hosts FILE or a set-up file with several targets; \(file) names one.", status: 2)
            }
            return nil
        }
        try fleet.checkRun(passwordFD: passwordFD)
        guard fleet.hosts == nil else { return try fleet.targets() }
        if fleet.limit != nil { throw CommandFailure("--limit picks an inventory group; it goes with --hosts FILE, not with the targets of \(file).", status: 2) }
        return setup.targets.enumerated().map { FleetTarget(name: $1.displayName, address: $1, line: $0 + 1) }
    }

    func execute() throws(CommandFailure) {
        var setup: Setup
        do { setup = try SetupFile.load(file) } catch { throw CommandFailure(error.description) }
        try overrideSecrets(&setup)
        try execute(setup)
    }

    private func execute(_ setup: Setup) throws(CommandFailure) {
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
