import ArgumentParser
import AuthSetup
import Flows
import RemoteAccess
import SSHKeys

/// `sshauth askpass setup`: store a checked password where only the user can read it, and write
/// the helper, wrappers and environment that let unattended ssh and sftp runs use it.
struct AskpassSetupCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Store a password for unattended ssh/sftp runs and write the askpass helper and wrappers.",
        discussion: """
            Checks the target's host key (as install does) and the password (by logging in once) \
            before anything is stored; a refused password stores nothing. Then writes, in DIR \
            (default ~/.config/sshauth/askpass, created 0700), under NAME (default: the host):

              NAME.password     the password alone, mode 0600
              NAME.known_hosts  the target's host key, pinned (StrictHostKeyChecking=yes)
              NAME-askpass      the helper ssh runs (sshauth askpass answer, or POSIX sh with --standalone-helper)
              NAME-ssh          ssh to the target with no person needed; arguments are the remote command
              NAME-sftp         sftp to the target; arguments are sftp options such as -b BATCHFILE
              NAME.env          for jobs that call ssh themselves (see below)

            Only NAME.password holds the password. The helper answers only ssh's password prompt \
            for USER@[HOST]:PORT, the HostKeyAlias the wrappers give ssh together with the pinned \
            host key, so the password goes to no other account or server. The wrappers give the \
            askpass settings to their own ssh or sftp alone. Sourcing NAME.env exports nothing and \
            arms no ssh in the shell: it sets SSHAUTH_SSH_OPTIONS and defines the function \
            sshauth_askpass, which gives the settings to one command, as in \
            'sshauth_askpass ssh $SSHAUTH_SSH_OPTIONS -p PORT USER@HOST true'. Finally runs 'NAME-ssh true' detached from any \
            terminal and reports whether it logged in, and ends with the one command that repeats \
            the set-up (--json: the same as a JSON object). --dry-run shows every file with its mode and content (the password as \
            bullets), connects only to read the host key, and writes nothing. --save-setup FILE \
            checks the options and writes them as a set-up file for 'sshauth apply FILE', and does \
            nothing else: no connection, no password read, no file in DIR.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("Where to write the files (default ~/.config/sshauth/askpass); no blank, quote or backslash, which ssh would misread in the pinned known_hosts path.", valueName: "dir"))
    var dir: String?

    @Option(help: ArgumentHelp("The name the files start with (default: the host).", valueName: "name"))
    var name: String?

    @Flag(name: .customLong("standalone-helper"), help: "Write the helper as a POSIX sh script, for hosts where sshauth is not installed.")
    var standaloneHelper = false

    @Flag(help: "Replace the files of an earlier set-up with the same name (a changed password), and with --save-setup an existing set-up file.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Show every file with its mode and content; write nothing, send no password.")
    var dryRun = false

    @Flag(help: "Print the plan (with --dry-run) or the result as JSON.")
    var json = false

    @Option(name: .customLong("save-setup"), help: ArgumentHelp("Only write these options as a set-up file (holding no password) for 'sshauth apply FILE'; nothing else is done.", valueName: "file"))
    var saveSetup: String?

    func validate() throws {
        try connection.validate()
        if dryRun || json, saveSetup != nil {
            throw ValidationError("--save-setup only writes its file, so --dry-run and --json have nothing to add to it; give one of them.")
        }
        if connection.identity != nil { throw ValidationError(Self.identityRefusal) }
        if let name, let problem = AskpassRequest.checkName(name) { throw ValidationError(problem) }
    }

    static let identityRefusal = "--identity logs in with a key; askpass stores a password."

    func execute() throws(CommandFailure) {
        let setup = try setup()
        if let saveSetup {
            try SetupSaving.save(setup, to: saveSetup, force: force)
            return
        }
        try Self.perform(setup, mode: SetupRunMode(dryRun: dryRun, json: json))
    }

    /// The options as a set-up: `-p` folded into the target, paths made absolute, the directory
    /// left unnamed when not given (the default is found in the home of whoever runs the set-up).
    func setup() throws(CommandFailure) -> Setup {
        let typed = try connection.typedTarget
        let address: TargetAddress
        do { address = TargetAddress(user: typed.user, host: typed.host, port: try typed.port(option: connection.port)) } catch {
            throw CommandFailure(error.description)
        }
        var directory: String?
        if let dir {
            let account: UserAccount
            do { account = try UserAccount.current() } catch { throw CommandFailure(error.description) }
            do { directory = try AskpassPreparation.directory(Setup.AskpassChoice(directory: dir), home: account.home) } catch {
                throw CommandFailure(error.description)
            }
        }
        var login = connection.login
        if case .password(.file(let file)) = login { login = .password(.file(try SetupSaving.absolutePath(file))) }
        return Setup(mechanism: .askpass, targets: [address], knownHostsFile: try connection.knownHosts.map(SetupSaving.absolutePath),
                     unknownHostKey: connection.unknownHostKeyRule, login: login, timeoutSeconds: connection.timeoutSeconds,
                     askpass: Setup.AskpassChoice(directory: directory, name: name, standaloneHelper: standaloneHelper, replace: force))
    }

    /// The whole set-up: reads the password to store, connects and settles the host key, prepares
    /// the files through the flow, and then shows them (dry run) or proves the password by logging
    /// in once, writes them and proves that a run with no terminal logs in.
    static func perform(_ setup: Setup, mode: SetupRunMode) throws(CommandFailure) {
        guard setup.mechanism == .askpass, setup.targets.count == 1 else {
            throw CommandFailure("askpass setup stores the password of one target; this set-up is not one for it.")
        }
        let choice = setup.askpass ?? Setup.AskpassChoice()
        if case .identity = setup.login { throw CommandFailure(identityRefusal) }
        let context = try TargetContext.resolve(setup.targets[0], portOption: nil, knownHostsFile: setup.knownHostsFile)
        do { _ = try AskpassPreparation.directory(choice, home: context.account.home) } catch { throw CommandFailure(error.description) }
        var password: SecretBytes?
        if !mode.dryRun {
            password = try readPassword(setup.login, context)
            if let problem = password!.withBytes({ AskpassRequest.checkPassword($0) }) {
                throw CommandFailure(problem + " Nothing was stored.")
            }
        }
        let session = try context.connectAndTrust(rule: setup.unknownHostKey, timeoutSeconds: setup.timeoutSeconds, dryRun: mode.dryRun, quiet: mode.json)
        let helper = try helper(choice)
        let made: AskpassPreparation
        do {
            made = try AskpassPreparation.prepare(choice, target: context.target, hostKey: session.hostKey, password: password,
                                                  helper: helper, home: context.account.home, proofSeconds: setup.timeoutSeconds)
        } catch {
            throw CommandFailure(error.description)
        }
        if mode.dryRun {
            Console.out(mode.json ? made.plan.renderedJSON() + "\n" : made.dryRunText)
            return
        }
        do {
            let methods = try session.authenticationMethods(user: context.user)
            try session.authenticate(user: context.user, password: password!, methods: methods)
        } catch {
            throw CommandFailure("\(error.description) Nothing was stored.")
        }
        let request = made.request
        if !mode.json { Console.out("The password logs in to \(context.user)@\(context.host). Writing the set-up:\n") }
        do {
            try PlanExecutor.apply(made.plan, report: { progress in
                if !mode.json, case .finished(_, let step) = progress { Console.out("  done: \(step.summary)\n") }
            })
        } catch {
            let kept = error.completed.isEmpty ? "Nothing was written." : "Done before the failure: \(error.completed.joined(separator: "; "))."
            throw CommandFailure("\(error.underlying) \(kept)")
        }
        let repeatLine = commandLine(setup).map(ShellQuoting.quote).joined(separator: " ")
        if mode.json {
            struct Result: Encodable {
                let target: String
                let directory: String
                let password_file: String
                let ssh_wrapper: String
                let sftp_wrapper: String
                let environment_file: String
                let pinned_host_key: String
                let login_proved: Bool
                let repeat_with: String
            }
            Console.out(JSONText.encode(Result(
                target: made.targetName, directory: request.directory, password_file: request.passwordFile, ssh_wrapper: request.sshWrapper,
                sftp_wrapper: request.sftpWrapper, environment_file: request.environmentFile, pinned_host_key: made.hostKeyFingerprint,
                login_proved: true, repeat_with: repeatLine)) + "\n")
            return
        }
        Console.out("""
            Proof: \(request.sshWrapper) true logged in with no terminal.
            Use it in a job:  \(request.sshWrapper) COMMAND...     or  \(request.sftpWrapper) -b BATCHFILE
            Or source the settings:  . \(request.environmentFile); \(AskpassScripts.environmentFunction) ssh $SSHAUTH_SSH_OPTIONS -p \(request.port) \(request.user)@\(request.host) ...
            Repeat with: \(repeatLine)

            """)
    }

    /// The one-line command that repeats `setup`; secrets appear only as the file or descriptor
    /// they come from.
    static func commandLine(_ setup: Setup) -> [String] {
        var words = ["sshauth", "askpass", "setup"]
        let choice = setup.askpass ?? Setup.AskpassChoice()
        if let directory = choice.directory { words += ["--dir", directory] }
        if let name = choice.name { words += ["--name", name] }
        if choice.standaloneHelper { words.append("--standalone-helper") }
        if choice.replace { words.append("--force") }
        switch setup.login {
        case .password(.file(let file)): words += ["--password-file", file]
        case .password(.descriptor(let fd)): words += ["--password-fd", String(fd)]
        case .password(.ask): break
        case .identity(let path, let passphrase):
            words += ["--identity", path]
            if case .file(let file)? = passphrase { words += ["--passphrase-file", file] }
        }
        if let knownHosts = setup.knownHostsFile { words += ["--known-hosts", knownHosts] }
        switch setup.unknownHostKey {
        case .ask: break
        case .pin(let fingerprint): words += ["--host-key", fingerprint]
        case .acceptNew: words.append("--accept-new-host-key")
        }
        if setup.timeoutSeconds != Setup(mechanism: .askpass, targets: []).timeoutSeconds { words += ["--timeout", String(setup.timeoutSeconds)] }
        return words + setup.targets.map(\.displayName)
    }

    private static func readPassword(_ login: Setup.Login, _ context: TargetContext) throws(CommandFailure) -> SecretBytes {
        let credentials = try TargetContext.readCredentials(login)
        if let password = credentials.password { return password }
        guard Console.stdinIsTerminal, let typed = PassphrasePrompt.ask("\(context.user)@\(context.host)'s password (to store): ") else {
            throw CommandFailure("no password to store: give --password-file FILE or --password-fd N (there is no terminal to ask on).")
        }
        return typed
    }

    private static func helper(_ choice: Setup.AskpassChoice) throws(CommandFailure) -> AskpassRequest.Helper {
        if choice.standaloneHelper { return .standalone }
        guard let binary = AskpassSetup.runningBinary() else {
            throw CommandFailure("cannot tell where the sshauth binary is; give --standalone-helper.")
        }
        return .sshauth(binary: binary)
    }
}
