import ArgumentParser
import AuthSetup
import Flows
import RemoteAccess
import SSHKeys

/// `sshauth check`: the doctor. Reads, never writes, and says what to fix.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Diagnose SSH key login to a target: host key, login methods, permissions, key presence, and a login attempt.",
        discussion: """
            Read-only: nothing is written on the target or locally (an unknown host key is not \
            recorded). One line per finding, each with its fix. The exit status is 0 when \
            everything checked is in order.

            sshauth check --hosts FILE [--limit GROUP] [--parallel N] [--json] [options]: \
            instead of one target, a file of targets (a plain list of \
            [user@]host[:port] lines, or an Ansible INI inventory; - reads standard input), and \
            each target is checked on its own, several at a time: one line per finished target, \
            then a table. The exit status is 0 when every target passed, 1 when any failed (named \
            in the last line), and 2 when the list or another input is bad, in which case no \
            target is contacted.
            """
    )

    @OptionGroup var targets: TargetOrHostsOptions

    @Option(name: .customShort("i"), help: ArgumentHelp("A key to look for in authorized_keys and to try logging in with (.pub or private key).", valueName: "key"))
    var keyFile: String?

    @Option(name: .customLong("target-path"), help: ArgumentHelp("The authorized_keys file to examine (default: .ssh/authorized_keys).", valueName: "path"))
    var targetPath: String?

    @Flag(name: .customLong("json"), help: "With --hosts: print one JSON object per target instead of lines and a table.")
    var json = false

    func run() throws {
        do {
            try targets.checkTargets(extraFleetOnly: json ? ["--json"] : [])
        } catch {
            Console.error(error.sentence)
            throw ExitCode(error.status)
        }
        if targets.fleet.hosts != nil {
            let status = FleetCheck(options: self).run()
            if status != 0 { throw ExitCode(status) }
            return
        }
        var report = CheckReport()
        do {
            let connection = try targets.connection()
            let context = try connection.resolve()
            let key = try loadKey(account: context.account)
            var credentials = try connection.readCredentials()
            diagnosis(context, connection: connection, key: key).run(credentials: &credentials, questions: TargetContext.terminalQuestions(), into: &report)
        } catch {
            report.problem("stopped", error.sentence)
        }
        Console.out(report.lines.joined(separator: "\n") + "\n")
        if report.problems > 0 { throw ExitCode.failure }
    }

    /// The `-i` key, read once for every target.
    func loadKey(account: UserAccount) throws(CommandFailure) -> KeyToInstall? {
        try keyFile.map { (path) throws(CommandFailure) in
            try CommandFailure.flow { () throws(FlowFailure) in try KeyToInstall.load(path, account: account) }
        }
    }

    /// The checks for one resolved target with these options.
    func diagnosis(_ context: TargetContext, connection: ConnectionOptions, key: KeyToInstall? = nil, typed: String? = nil) -> CheckDiagnosis {
        CheckDiagnosis(context: context, key: key, rule: connection.unknownHostKeyRule, timeoutSeconds: connection.timeoutSeconds,
                       knownHostsOption: connection.knownHosts, targetPath: targetPath, typedTarget: typed ?? connection.target)
    }
}

/// The findings of a check, one line each.
struct CheckReport: Sendable {
    enum Level: String, Sendable, Encodable {
        case ok, problem, note
    }

    struct Finding: Sendable, Encodable {
        let level: Level
        let topic: String
        let text: String
    }

    var findings: [Finding] = []
    /// The target's host key fingerprint, once it is known.
    var hostKey: String?

    var problems: Int { findings.count(where: { $0.level == .problem }) }

    var lines: [String] {
        findings.map { finding in
            switch finding.level {
            case .ok: "ok       \(finding.topic): \(finding.text)"
            case .problem: "PROBLEM  \(finding.topic): \(finding.text)"
            case .note: "note     \(finding.topic): \(finding.text)"
            }
        }
    }

    mutating func fine(_ topic: String, _ text: String) { findings.append(Finding(level: .ok, topic: topic, text: text)) }
    mutating func problem(_ topic: String, _ text: String) { findings.append(Finding(level: .problem, topic: topic, text: text)) }
    mutating func note(_ topic: String, _ text: String) { findings.append(Finding(level: .note, topic: topic, text: text)) }
}

/// The doctor's checks on one target: host key, login methods, the key login, and (once logged
/// in) the home, `~/.ssh` and authorized_keys. Every input is already read, so targets can be
/// checked side by side.
struct CheckDiagnosis: Sendable {
    let context: TargetContext
    let key: KeyToInstall?
    let rule: Setup.UnknownHostKeyRule
    let timeoutSeconds: Int
    /// `--known-hosts` as given, for the ssh of the login proof.
    let knownHostsOption: String?
    let targetPath: String?
    /// The target as typed, for the install command a finding suggests.
    let typedTarget: String

    /// Runs the checks; a failure that ends them is the finding `stopped`.
    func run(credentials: inout LoginCredentials, questions: Questions, into report: inout CheckReport) {
        do {
            try diagnose(credentials: &credentials, questions: questions, into: &report)
        } catch {
            report.problem("stopped", error.sentence)
        }
    }

    private func diagnose(credentials: inout LoginCredentials, questions: Questions, into report: inout CheckReport) throws(CommandFailure) {
        let session = try context.connectAndTrust(rule: rule, timeoutSeconds: timeoutSeconds, dryRun: true, quiet: true)
        let hostKey = Fingerprint(of: session.hostKey)
        report.hostKey = "\(hostKey)"
        report.fine("host key", "\(session.hostKey.algorithm.shortName) \(hostKey) is trusted for \(context.host) port \(context.port)")
        let methods: [String]
        do { methods = try session.authenticationMethods(user: context.user) } catch { throw CommandFailure(error.description) }
        if methods.contains("publickey") {
            report.fine("methods", "the server offers \(methods.joined(separator: ", ")) to \(context.user)")
        } else {
            report.problem("methods", "the server offers only \(methods.joined(separator: ", ")) to \(context.user), not publickey; key logins cannot work until its administrator enables PubkeyAuthentication.")
        }
        let keyLoginWorks = key.flatMap { proveLogin($0, keyExchange: session.keyExchangeMethod, deadline: session.deadline, into: &report) }
        let loggedIn: Bool
        do {
            loggedIn = try TargetLogin.authenticate(session, target: context.target, credentials: &credentials, dryRun: true, questions: questions)
        } catch {
            throw CommandFailure(error.description)
        }
        guard loggedIn else {
            report.note("files", "give --password-file, --password-fd or --identity to examine the home directory, ~/.ssh and authorized_keys")
            return
        }
        let request = InstallRequest(key: key?.line.key ?? session.hostKey, comment: "", publicKeyFile: key?.publicKeyPath ?? "",
                                     user: context.user, host: context.host, port: context.port, targetPath: targetPath)
        let inspection: InstallInspection
        do {
            inspection = try InstallInspection.inspect(request, on: try session.openSFTP(), keyLoginWorks: keyLoginWorks == true)
        } catch {
            throw CommandFailure("\(error)")
        }
        // Each finding once; blockers are findings too and are not repeated.
        for finding in inspection.audit.findings {
            let topic = KeyInstallation.displayPath(finding.path, home: inspection.home)
            switch finding.problem {
            case nil: report.fine(topic, finding.sentence)
            case .notRegularFile(.symlink)?: report.note(topic, finding.sentence)
            case .groupOrWorldWritable? where keyLoginWorks == true, .ownedBy? where keyLoginWorks == true:
                report.note(topic, finding.sentence)
            default: report.problem(topic, finding.sentence)
            }
        }
        guard let key else { return }
        let shown = KeyInstallation.displayPath(inspection.authorizedKeysPath, home: inspection.home)
        let fingerprint = Fingerprint(of: key.line.key)
        if let line = inspection.presentOnLine {
            let restricting = inspection.restrictingOptions.map(\.text)
            if keyLoginWorks == false, !restricting.isEmpty {
                report.problem("key", "\(fingerprint) is on line \(line) of \(shown) with \(restricting.joined(separator: ", ")), which limits where, when or how it logs in, and ssh from here was refused; edit that option on the target if this client should log in")
            } else {
                report.fine("key", "\(fingerprint) is on line \(line) of \(shown)")
            }
        } else if keyLoginWorks == true {
            report.note("key", "\(fingerprint) is not in \(shown), yet ssh logs in with it, so the server takes it from elsewhere (another AuthorizedKeysFile, or a certificate)")
        } else {
            report.problem("key", "\(fingerprint) is not in \(shown); install it with: sshauth install -i \(ShellQuoting.quote(key.publicKeyPath)) \(ShellQuoting.quote(typedTarget))")
        }
    }

    /// Tries the key login; nil when it could not be tried.
    private func proveLogin(_ key: KeyToInstall, keyExchange: String?, deadline: NetworkDeadline, into report: inout CheckReport) -> Bool? {
        guard let identity = key.privateKeyPath ?? (key.agentHoldsKey ? key.publicKeyPath : nil) else {
            report.note("login", "no private key or agent key for \(key.publicKeyPath), so the login was not tried")
            return nil
        }
        let outcome = LoginProof.prove(user: context.user, host: context.host, port: context.port, identityFile: identity,
                                       knownHostsFile: knownHostsOption, keyExchange: keyExchange, deadline: deadline)
        if outcome.succeeded {
            report.fine("login", "ssh logs in with \(identity)")
        } else {
            report.problem("login", "ssh cannot log in with \(identity): \(outcome.detail)")
        }
        return outcome.succeeded
    }
}

extension Error {
    /// The error as the one sentence a command prints.
    var sentence: String {
        (self as? CommandFailure)?.sentence ?? "\(self)"
    }
}
