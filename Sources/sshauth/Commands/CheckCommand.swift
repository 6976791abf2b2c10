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
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customShort("i"), help: ArgumentHelp("A key to look for in authorized_keys and to try logging in with (.pub or private key).", valueName: "key"))
    var keyFile: String?

    @Option(name: .customLong("target-path"), help: ArgumentHelp("The authorized_keys file to examine (default: .ssh/authorized_keys).", valueName: "path"))
    var targetPath: String?

    func run() throws {
        var report = Report()
        do {
            try diagnose(into: &report)
        } catch {
            report.problem("stopped", error.sentence)
        }
        Console.out(report.lines.joined(separator: "\n") + "\n")
        if report.problems > 0 { throw ExitCode.failure }
    }

    private struct Report {
        var lines: [String] = []
        var problems = 0

        mutating func fine(_ topic: String, _ text: String) { lines.append("ok       \(topic): \(text)") }
        mutating func problem(_ topic: String, _ text: String) {
            problems += 1
            lines.append("PROBLEM  \(topic): \(text)")
        }
        mutating func note(_ topic: String, _ text: String) { lines.append("note     \(topic): \(text)") }
    }

    private func diagnose(into report: inout Report) throws(CommandFailure) {
        let context = try connection.resolve()
        let key = try keyFile.map { (path) throws(CommandFailure) in
            try CommandFailure.flow { () throws(FlowFailure) in try KeyToInstall.load(path, account: context.account) }
        }
        var credentials = try connection.readCredentials()
        let session = try connection.connectAndTrust(context, dryRun: true, quiet: true)
        report.fine("host key", "\(session.hostKey.algorithm.shortName) \(Fingerprint(of: session.hostKey)) is trusted for \(context.host) port \(context.port)")
        let methods: [String]
        do { methods = try session.authenticationMethods(user: context.user) } catch { throw CommandFailure(error.description) }
        if methods.contains("publickey") {
            report.fine("methods", "the server offers \(methods.joined(separator: ", ")) to \(context.user)")
        } else {
            report.problem("methods", "the server offers only \(methods.joined(separator: ", ")) to \(context.user), not publickey; key logins cannot work until its administrator enables PubkeyAuthentication.")
        }
        let keyLoginWorks = key.flatMap { proveLogin($0, context: context, keyExchange: session.keyExchangeMethod, deadline: session.deadline, into: &report) }
        guard try connection.authenticate(session, context: context, credentials: &credentials, dryRun: true) else {
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
            report.problem("key", "\(fingerprint) is not in \(shown); install it with: sshauth install -i \(ShellQuoting.quote(key.publicKeyPath)) \(ShellQuoting.quote(connection.target))")
        }
    }

    /// Tries the key login; nil when it could not be tried.
    private func proveLogin(_ key: KeyToInstall, context: ConnectionOptions.Resolved, keyExchange: String?, deadline: NetworkDeadline,
                            into report: inout Report) -> Bool? {
        guard let identity = key.privateKeyPath ?? (key.agentHoldsKey ? key.publicKeyPath : nil) else {
            report.note("login", "no private key or agent key for \(key.publicKeyPath), so the login was not tried")
            return nil
        }
        let outcome = LoginProof.prove(user: context.user, host: context.host, port: context.port, identityFile: identity,
                                       knownHostsFile: connection.knownHosts, keyExchange: keyExchange, deadline: deadline)
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
