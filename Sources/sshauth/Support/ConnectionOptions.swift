import ArgumentParser
import AuthSetup
import Flows
import RemoteAccess
import SSHKeys

/// The options every command that talks to a target shares: where, which host key to trust,
/// and how to log in. Secrets come from files, descriptors or a no-echo prompt, never argv.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customShort("p"), help: ArgumentHelp("The target's SSH port (default: from ~/.ssh/config, else 22); must agree with a :port in the target.", valueName: "port"))
    var port: Int?

    @Option(name: .customLong("identity"), help: ArgumentHelp("Log in with this private key (OpenSSH or PEM), for targets that already accept it.", valueName: "privkey"))
    var identity: String?

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("The --identity key's passphrase, from a file only you can read.", valueName: "file"))
    var passphraseFile: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp("Log in with the password in this file (must be yours, mode 0600 or 0400).", valueName: "file"))
    var passwordFile: String?

    @Option(name: .customLong("password-fd"), help: ArgumentHelp("Log in with the password on the first line read from this inherited file descriptor (read up to the newline, not to the end).", valueName: "n"))
    var passwordFD: Int32?

    @Option(name: .customLong("known-hosts"), help: ArgumentHelp("Check and record host keys in this file instead of the user's known_hosts.", valueName: "file"))
    var knownHosts: String?

    @Flag(name: .customLong("accept-new-host-key"), help: "Trust an unknown host key (a changed one is never accepted).")
    var acceptNewHostKey = false

    @Option(name: .customLong("host-key"), help: ArgumentHelp("Trust an unknown host key only if its fingerprint is this one.", valueName: "SHA256:..."))
    var hostKeyPin: String?

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Seconds allowed for all the talking to the target together: connecting, key exchange, login, each file request and the login proof (default 10).", valueName: "seconds"))
    var timeoutSeconds: Int = 10

    @Argument(help: ArgumentHelp("The target: [user@]host[:port], [user@][v6addr]:port, or a Host alias from ~/.ssh/config.", valueName: "[user@]host"))
    var target: String

    func validate() throws {
        if passwordFile != nil, passwordFD != nil { throw ValidationError("--password-file and --password-fd are two sources for one password; give one.") }
        if identity != nil, passwordFile != nil || passwordFD != nil { throw ValidationError("--identity logs in with a key; do not give a password as well.") }
        if acceptNewHostKey, hostKeyPin != nil { throw ValidationError("--accept-new-host-key trusts any new key and --host-key one specific key; give one.") }
        if !(1...600).contains(timeoutSeconds) { throw ValidationError("--timeout \(timeoutSeconds) is out of range; give 1-600 seconds.") }
        if let port, !(1...65535).contains(port) { throw ValidationError("-p \(port) is not a TCP port; give 1-65535.") }
        if let pin = hostKeyPin, !pin.hasPrefix("SHA256:") { throw ValidationError("--host-key takes a SHA256 fingerprint as ssh-keygen -l prints it (SHA256:...), not \(pin).") }
    }

    /// The parts of a set-up these options give: the target as typed, the host-key rule, the login.
    var typedTarget: TargetAddress {
        get throws(CommandFailure) {
            do { return try TargetAddress(parsing: target) } catch { throw CommandFailure(error.description) }
        }
    }

    var unknownHostKeyRule: Setup.UnknownHostKeyRule {
        if let hostKeyPin { return .pin(hostKeyPin) }
        return acceptNewHostKey ? .acceptNew : .ask
    }

    var login: Setup.Login {
        if let identity { return .identity(path: identity, passphrase: passphraseFile.map { .file($0) }) }
        if let passwordFile { return .password(.file(passwordFile)) }
        if let passwordFD { return .password(.descriptor(passwordFD)) }
        return .password(.ask)
    }

    /// These options' part of a set-up: the target with `-p` folded into it (a disagreeing
    /// `:port` is refused), the host-key rule, the login and the timeout, local paths made absolute.
    func fill(_ setup: inout Setup) throws(CommandFailure) {
        let typed = try typedTarget
        let port: Int?
        do { port = try typed.port(option: self.port) } catch { throw CommandFailure(error.description) }
        setup.targets = [TargetAddress(user: typed.user, host: typed.host, port: port)]
        if let knownHosts { setup.knownHostsFile = try SetupSaving.absolutePath(knownHosts) } else { setup.knownHostsFile = nil }
        setup.unknownHostKey = unknownHostKeyRule
        setup.timeoutSeconds = timeoutSeconds
        switch login {
        case .identity(let path, let passphrase):
            var origin = passphrase
            if case .file(let file)? = passphrase { origin = .file(try SetupSaving.absolutePath(file)) }
            setup.login = .identity(path: try SetupSaving.absolutePath(path), passphrase: origin)
        case .password(.file(let file)):
            setup.login = .password(.file(try SetupSaving.absolutePath(file)))
        case .password(let origin):
            setup.login = .password(origin)
        }
    }

    /// The options that give `setup`'s connection part again (the target itself not included);
    /// nil when no option can say it (an identity's passphrase from a descriptor).
    static func arguments(for setup: Setup) -> [String]? {
        var words: [String] = []
        switch setup.login {
        case .identity(let path, let passphrase):
            words += ["--identity", path]
            switch passphrase {
            case .file(let file)?: words += ["--passphrase-file", file]
            case .descriptor?: return nil
            // Asked when the key is encrypted, as without the option.
            case .ask?, nil: break
            }
        case .password(.file(let file)):
            words += ["--password-file", file]
        case .password(.descriptor(let fd)):
            words += ["--password-fd", String(fd)]
        case .password(.ask):
            break
        }
        if let file = setup.knownHostsFile { words += ["--known-hosts", file] }
        switch setup.unknownHostKey {
        case .ask: break
        case .acceptNew: words.append("--accept-new-host-key")
        case .pin(let fingerprint): words += ["--host-key", fingerprint]
        }
        if setup.timeoutSeconds != 10 { words += ["--timeout", String(setup.timeoutSeconds)] }
        return words
    }

    /// Where to connect and as whom, with ~/.ssh/config applied.
    typealias Resolved = TargetContext

    func resolve() throws(CommandFailure) -> Resolved {
        try TargetContext.resolve(try typedTarget, portOption: port, knownHostsFile: knownHosts)
    }

    /// Connects and settles the host key before anything else is sent.
    func connectAndTrust(_ context: Resolved, dryRun: Bool, quiet: Bool) throws(CommandFailure) -> SSHSession {
        try context.connectAndTrust(rule: unknownHostKeyRule, timeoutSeconds: timeoutSeconds, dryRun: dryRun, quiet: quiet)
    }

    typealias Credentials = LoginCredentials

    func readCredentials() throws(CommandFailure) -> Credentials {
        try TargetContext.readCredentials(login)
    }

    func authenticate(_ session: SSHSession, context: Resolved, credentials: inout Credentials, dryRun: Bool) throws(CommandFailure) -> Bool {
        try context.authenticate(session, credentials: &credentials, dryRun: dryRun)
    }
}
