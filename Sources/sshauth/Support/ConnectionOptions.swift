import ArgumentParser
import AuthSetup
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

    /// Where to connect and as whom, with ~/.ssh/config applied.
    struct Resolved {
        let account: UserAccount
        let user: String
        let host: String
        let port: Int
        /// Files to check host keys against; new keys go to the first.
        let knownHostsFiles: [String]
        var knownHostsFile: String? { knownHostsFiles.first }
    }

    func resolve() throws(CommandFailure) -> Resolved {
        let account: UserAccount
        do { account = try UserAccount.current() } catch { throw CommandFailure(error.description) }
        let address: TargetAddress
        let typedPort: Int?
        let config: SSHClientConfig
        do {
            address = try TargetAddress(parsing: target)
            typedPort = try address.port(option: port)
            config = try SSHClientConfig.load(path: account.sshDirectory + "/config")
        } catch {
            throw CommandFailure(error.description)
        }
        let resolved = config.resolve(target: address, localUser: account.name, localHome: account.home)
        for warning in resolved.warnings { Console.warning(warning.description) }
        // The files are judged (size, pipes, devices) where the connection reads them, before it connects.
        return Resolved(account: account, user: resolved.user, host: resolved.host, port: typedPort ?? resolved.port,
                        knownHostsFiles: knownHosts.map { [$0] } ?? resolved.knownHostsFiles)
    }

    /// Connects and settles the host key before anything else is sent.
    func connectAndTrust(_ context: Resolved, dryRun: Bool, quiet: Bool) throws(CommandFailure) -> SSHSession {
        let connection: TargetConnection
        do {
            connection = try TargetConnection(user: context.user, host: context.host, port: context.port,
                                              knownHostsFiles: context.knownHostsFiles, timeoutSeconds: timeoutSeconds)
        } catch {
            throw CommandFailure(error.description)
        }
        if let refusal = connection.refusal { throw CommandFailure(refusal) }
        guard case .unknown = connection.verdict else { return connection.session }
        let key = connection.session.hostKey
        let fingerprint = Fingerprint(of: key)
        let name = connection.knownHostsName
        if let pin = hostKeyPin {
            guard pin == fingerprint.description else {
                throw CommandFailure("the host key of \(name) is \(fingerprint), not the \(pin) given with --host-key; nothing was sent to it.")
            }
        } else if !acceptNewHostKey {
            guard Console.stdinIsTerminal, !quiet else {
                throw CommandFailure("the host key of \(name) is not known: \(key.algorithm.shortName) \(fingerprint). Check it with the server's administrator, then pass --host-key \(fingerprint) (or --accept-new-host-key). Nothing was sent to it.")
            }
            Console.out("""
                The authenticity of host '\(name)' can't be established.
                \(key.algorithm.shortName) key fingerprint is \(fingerprint).
                \(FingerprintListing.randomart(for: key, hash: .sha256))
                Are you sure you want to trust it (yes/no)? 
                """)
            guard readLine()?.lowercased() == "yes" else {
                throw CommandFailure("the host key of \(name) was not accepted; nothing was sent to it.")
            }
        }
        if !dryRun {
            do { try connection.recordHostKey() } catch {
                throw CommandFailure("the host key was accepted but could not be recorded: \(error.description)")
            }
            if !quiet { Console.out("Added \(name) (\(key.algorithm.shortName) \(fingerprint)) to \(context.knownHostsFile ?? "known_hosts").\n") }
        }
        return connection.session
    }

    /// What to log in with, read before connecting so that an unprotected password file or a
    /// wrong passphrase is refused before anything goes over the network.
    struct Credentials {
        var identity: SSHPrivateKey?
        var password: SecretBytes?
    }

    func readCredentials() throws(CommandFailure) -> Credentials {
        do {
            if let identity { return Credentials(identity: try loadIdentity(identity)) }
            if let passwordFile { return Credentials(password: try SecretSource.file(passwordFile).read()) }
            if let passwordFD { return Credentials(password: try SecretSource.descriptor(passwordFD).read()) }
            return Credentials()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// Logs in with the identity key or a password (asked on the terminal when none was given).
    /// Each password costs the server exactly one attempt; a typed one may be typed again after
    /// a refusal, three times at most. A given password is dropped (and so wiped) as soon as the
    /// login has ended. Returns false, without sending anything, for a dry run that has no credentials.
    func authenticate(_ session: SSHSession, context: Resolved, credentials: inout Credentials, dryRun: Bool) throws(CommandFailure) -> Bool {
        defer { credentials.password = nil }
        let methods: [String]
        do { methods = try session.authenticationMethods(user: context.user) } catch { throw CommandFailure(error.description) }
        if session.isAuthenticated { return true }
        do {
            if let key = credentials.identity {
                guard methods.contains("publickey") else {
                    throw CommandFailure("\(context.host) does not accept keys for \(context.user) (it offers: \(methods.joined(separator: ", "))).")
                }
                try session.authenticate(user: context.user, key: key)
                return true
            }
            if let given = credentials.password {
                try session.authenticate(user: context.user, password: given, methods: methods)
                return true
            }
            guard Console.stdinIsTerminal else {
                if dryRun { return false }
                throw CommandFailure("no way to log in to \(context.host): give --password-file FILE, --password-fd N or --identity KEY (there is no terminal to ask on).")
            }
            guard SSHSession.passwordMethod(offered: methods) != nil else {
                throw CommandFailure("\(context.host) does not accept passwords for \(context.user) (it offers: \(methods.joined(separator: ", "))); use --identity with a key it already accepts.")
            }
            for attempt in 1...PasswordAttempts.limit {
                guard let typed = PassphrasePrompt.ask("\(context.user)@\(context.host)'s password: ") else {
                    if dryRun { return false }
                    throw CommandFailure("no password was typed for \(context.user)@\(context.host); nothing was changed on the target.")
                }
                do {
                    try session.authenticate(user: context.user, password: typed, methods: methods)
                    return true
                } catch {
                    guard error.kind == .authenticationFailed else { throw error }
                    if attempt < PasswordAttempts.limit { Console.warning("\(error.description) Try again.") }
                }
            }
            throw CommandFailure(PasswordAttempts.lockoutSentence(user: context.user, host: context.host))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    private func loadIdentity(_ path: String) throws -> SSHPrivateKey {
        let text = try LocalFile.readAll(path)
        var passphrase: SecretBytes?
        if try PrivateKeyFile.isEncrypted(text) {
            if let passphraseFile {
                passphrase = try SecretSource.file(passphraseFile).read()
            } else if Console.stdinIsTerminal {
                passphrase = PassphrasePrompt.ask("Enter passphrase for \(path): ")
            } else {
                throw CommandFailure("\(path) is protected by a passphrase; give --passphrase-file FILE (there is no terminal to ask on).")
            }
        }
        do { return try PrivateKeyFile.read(text, passphrase: passphrase) } catch {
            throw CommandFailure("\(path): \(error).")
        }
    }
}
