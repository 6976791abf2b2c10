import ArgumentParser
import AuthSetup
import Flows
import RemoteAccess
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth ring install`: mechanism 4 end to end, the wizard's certificate flow without questions.
struct RingInstallCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install a ring certificate's public key on a target, load its key into ssh-agent and prove the login through the agent.",
        discussion: """
            The whole of mechanism 4, as the wizard does it: the certificate RING:LABEL (made first \
            with --create when it is not in the ring yet, or in a new ring), its public key exported \
            in OpenSSH format next to the ring (RING-LABEL.pub), installed in the target's \
            authorized_keys exactly as 'sshauth install' does it (append only, StrictModes checked), \
            its private key loaded into the ssh-agent at SSH_AUTH_SOCK (never into a file), and a \
            login through that agent proved with the system ssh. Every check is made before the \
            first change.

            With no ssh-agent the command stops before changing anything: start one with \
            eval "$(ssh-agent)" and run it again, or pass --no-agent to install only (the proof is \
            then skipped, and the plan says so). --dry-run connects and reads, and prints the plan: \
            no ring, public key file, known_hosts or authorized_keys is written and no key goes \
            into the agent.

            The certificate comes first, then the target: RING:LABEL, or the ring file followed \
            by --label LABEL (not --ring, which would leave the target as the only argument).

            Two secrets: the ring password (--ring-password-file, --ring-password-fd, or a prompt) \
            and the target's login (--password-file, --password-fd, --identity, or a prompt). \
            Neither is ever taken from the command line.
            """
    )

    @OptionGroup var selection: RingSelection
    @OptionGroup var password: RingPasswordOptions
    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .customLong("create"), help: "Make the certificate first (a self-signed one with a new key), as 'sshauth ring create' does; refused when the label is already in the ring.")
    var create = false

    @Option(name: .customLong("cn"), help: ArgumentHelp("With --create: the common name (CN), up to 64 characters.", valueName: "name"))
    var commonName: String?

    @Option(name: .customLong("o"), help: ArgumentHelp("With --create: the organization (O), up to 64 characters.", valueName: "org"))
    var organization: String?

    @Option(name: .customLong("ou"), help: ArgumentHelp("With --create: the organizational unit (OU), up to 64 characters.", valueName: "unit"))
    var organizationalUnit: String?

    @Option(name: .customLong("c"), help: ArgumentHelp("With --create: the country (C), two letters such as US.", valueName: "cc"))
    var country: String?

    @Option(name: .customLong("key"), help: ArgumentHelp("With --create: rsa:2048 (default), rsa:3072, rsa:4096, ecdsa:256, ecdsa:384 or ecdsa:521.", valueName: "type:size"))
    var key: String?

    @Option(name: .customLong("not-after"), help: ArgumentHelp("With --create: the last day of validity, YYYY-MM-DD (default: one year from today).", valueName: "date"))
    var notAfter: String?

    @Flag(name: .customLong("allow-expired"), help: "Install and load the key of an expired certificate too.")
    var allowExpired = false

    @Flag(name: .customLong("no-agent"), help: "Install only: do not load the key into an ssh-agent, and skip the login proof.")
    var noAgent = false

    @Flag(name: .customLong("dry-run"), help: "Connect and read, but change nothing anywhere; print the plan.")
    var dryRun = false

    @Flag(help: "Print the result (or the plan) as JSON.")
    var json = false

    @OptionGroup var saving: SetupSavingOptions

    func validate() throws {
        try connection.validate()
        try password.validate()
        try saving.validate(preview: dryRun ? "--dry-run" : json ? "--json" : nil)
    }

    func execute() throws(CommandFailure) {
        let setup = try setup()
        if try saving.saveIfAsked(setup) { return }
        try Self.perform(setup, mode: SetupRunMode(dryRun: dryRun, json: json))
    }

    // MARK: The set-up

    /// The options as a set-up: paths made absolute, the target as typed (with -p in it), and a
    /// new certificate's answers checked by the RACF rules.
    func setup() throws(CommandFailure) -> Setup {
        let reference = try selection.resolve(needsLabel: true)
        let label = reference.label ?? ""
        let newOptions = [("--cn", commonName), ("--o", organization), ("--ou", organizationalUnit), ("--c", country),
                          ("--key", key), ("--not-after", notAfter)].filter { $0.1 != nil }.map(\.0)
        var new: Setup.NewCertificate?
        if create {
            guard let commonName else {
                throw CommandFailure("--create makes a new certificate and needs its common name: add --cn NAME. Nothing was written.")
            }
            let lastDay = notAfter ?? CertificateDate.today().adding(years: 1).description
            let described = Setup.NewCertificate(commonName: commonName, organization: organization, organizationalUnit: organizationalUnit,
                                                 country: country, key: key ?? RingKeySpec.default.description, notAfter: lastDay)
            do { _ = try NewCertificateValues(described, label: label) } catch {
                throw CommandFailure(error.description + "; nothing was written.")
            }
            new = described
        } else if !newOptions.isEmpty {
            throw CommandFailure("\(newOptions.joined(separator: ", ")) describe\(newOptions.count == 1 ? "s" : "") a new certificate: add --create to make '\(label)', or leave \(newOptions.count == 1 ? "it" : "them") out to install the one in the ring.")
        }
        do { _ = try RingLabel(label) } catch { throw CommandFailure(error.description + "; nothing was written.") }
        let typed = try connection.typedTarget
        let port: Int?
        do { port = try typed.port(option: connection.port) } catch { throw CommandFailure(error.description) }
        let ringPassword: Setup.SecretOrigin
        if let file = password.file { ringPassword = .file(try SetupSaving.absolutePath(file)) }
        else if let descriptor = password.descriptor { ringPassword = .descriptor(descriptor) }
        else { ringPassword = .ask }
        let login: Setup.Login
        switch connection.login {
        case .identity(let path, let passphrase):
            var origin = passphrase
            if case .file(let file)? = passphrase { origin = .file(try SetupSaving.absolutePath(file)) }
            login = .identity(path: try SetupSaving.absolutePath(path), passphrase: origin)
        case .password(.file(let file)):
            login = .password(.file(try SetupSaving.absolutePath(file)))
        case let other:
            login = other
        }
        return Setup(mechanism: .certificate, targets: [TargetAddress(user: typed.user, host: typed.host, port: port)],
                     knownHostsFile: try connection.knownHosts.map { (path) throws(CommandFailure) in try SetupSaving.absolutePath(path) },
                     unknownHostKey: connection.unknownHostKeyRule, login: login, timeoutSeconds: connection.timeoutSeconds,
                     install: Setup.InstallChoice(verify: !noAgent),
                     certificate: Setup.CertificateChoice(ring: try SetupSaving.absolutePath(reference.path), label: label, ringPassword: ringPassword,
                                                          new: new, allowExpired: allowExpired))
    }

    /// The command line that repeats `setup`; secrets appear only as their file or descriptor options.
    static func commandLine(_ setup: Setup) -> [String] {
        var words = ["sshauth", "ring", "install"]
        if let choice = setup.certificate {
            // RING:LABEL splits at the first colon, so a ring path with one goes alone, with --label.
            if choice.ring.contains(":") || LocalFile.exists(choice.ring + ":" + choice.label) {
                words += [choice.ring, "--label", choice.label]
            } else {
                words.append(choice.ring + ":" + choice.label)
            }
            switch choice.ringPassword {
            case .file(let file): words += ["--ring-password-file", file]
            case .descriptor(let fd): words += ["--ring-password-fd", String(fd)]
            case .ask: break
            }
            if let new = choice.new {
                words += ["--create", "--cn", new.commonName]
                for (option, value) in [("--o", new.organization), ("--ou", new.organizationalUnit), ("--c", new.country)] {
                    if let value { words += [option, value] }
                }
                words += ["--key", new.key, "--not-after", new.notAfter]
            }
            if choice.allowExpired { words.append("--allow-expired") }
        }
        if !setup.install.verify { words.append("--no-agent") }
        switch setup.login {
        case .identity(let path, let passphrase):
            words += ["--identity", path]
            if case .file(let file)? = passphrase { words += ["--passphrase-file", file] }
        case .password(.file(let file)): words += ["--password-file", file]
        case .password(.descriptor(let fd)): words += ["--password-fd", String(fd)]
        case .password(.ask): break
        }
        if let knownHosts = setup.knownHostsFile { words += ["--known-hosts", knownHosts] }
        switch setup.unknownHostKey {
        case .pin(let fingerprint): words += ["--host-key", fingerprint]
        case .acceptNew: words.append("--accept-new-host-key")
        case .ask: break
        }
        if setup.timeoutSeconds != 10 { words += ["--timeout", String(setup.timeoutSeconds)] }
        if let target = setup.targets.first { words.append(target.displayName) }
        return words
    }

    // MARK: The run

    /// The whole run from a set-up: the agent and the ring first (nothing is sent anywhere before
    /// they are fine), then the target, the plan from the certificate flow, and the plan printed
    /// (dry run) or applied and reported.
    static func perform(_ setup: Setup, mode: SetupRunMode) throws(CommandFailure) {
        guard setup.mechanism == .certificate, let choice = setup.certificate, let address = setup.targets.first else {
            throw CommandFailure("this set-up is not a certificate set-up with a target; 'sshauth ring install' runs only those.")
        }
        let agent = try agentChoice(setup)
        let opened = try openRing(choice)
        do { _ = try CertificatePlanning.check(choice, opened: opened) } catch { throw CommandFailure(error.description) }

        let context = try TargetContext.resolve(address, portOption: nil, knownHostsFile: setup.knownHostsFile)
        var credentials = try TargetContext.readCredentials(setup.login)
        let session = try context.connectAndTrust(rule: setup.unknownHostKey, timeoutSeconds: setup.timeoutSeconds,
                                                  dryRun: mode.dryRun, quiet: mode.json)
        guard try context.authenticate(session, credentials: &credentials, dryRun: mode.dryRun) else {
            throw CommandFailure("the plan depends on the target's authorized_keys, which sshauth can read only once logged in: give --password-file FILE, --password-fd N or --identity KEY. Nothing was changed.")
        }
        let made: CertificatePlan
        do {
            let files = try session.openSFTP()
            made = try CertificatePlanning.prepare(choice, opened: opened, target: context.target, session: session, files: files, agent: agent,
                                                   install: setup.install)
        } catch let failure as FlowFailure {
            throw CommandFailure(failure.description)
        } catch {
            throw CommandFailure("\(error)")
        }
        if mode.dryRun {
            Console.out((mode.json ? made.plan.renderedJSON() : made.plan.renderedText()) + "\n")
            return
        }
        try apply(made, setup: setup, json: mode.json)
    }

    /// The agent the key goes into. Without one the run stops here, before the ring is even
    /// read, unless the set-up says to install only.
    private static func agentChoice(_ setup: Setup) throws(CommandFailure) -> CertificateAgent {
        guard setup.install.verify else {
            return .none(note: "No ssh-agent (--no-agent): the key is not loaded into an agent and the login is not proved; load it later with 'sshauth ring agent'.")
        }
        let agent: SSHAgentClient
        do { agent = try SSHAgentClient.fromEnvironment() } catch {
            throw CommandFailure("no ssh-agent is running here (SSH_AUTH_SOCK is not set): \(SSHAgentError.startHint), or pass --no-agent to install the public key only (no key loaded, no login proof). Nothing was changed.")
        }
        if let problem = unreachable(agent.socketPath) {
            throw CommandFailure("cannot reach the ssh-agent at \(agent.socketPath) (SSH_AUTH_SOCK): \(problem); start an agent with eval \"$(ssh-agent)\", or pass --no-agent. Nothing was changed.")
        }
        return .socket(agent.socketPath)
    }

    /// Why nothing answers a connection at `path` (nil when something does). The key goes to the
    /// agent only after the install, so a dead agent is found here, before anything changes.
    private static func unreachable(_ path: String) -> String? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return "the path is too long for a socket" }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return connected == 0 ? nil : String(cString: strerror(errno))
    }

    /// Reads and opens the ring: a ring that is not there yet is new (only with --create), and its
    /// directory must be safe for a file holding private keys before the password is asked.
    private static func openRing(_ choice: Setup.CertificateChoice) throws(CommandFailure) -> OpenedRing {
        let path = choice.ring
        let bytes: [UInt8]?
        do {
            if choice.new != nil { try RingFile.checkDirectory(path) }
            bytes = try RingFile.contents(path)
        } catch {
            throw RingFailure.sentence(error, path: path)
        }
        if bytes == nil, choice.new == nil {
            throw CommandFailure("the ring \(path) does not exist; name an existing ring, or add --create and the new certificate's subject (--cn NAME) to make it there. Nothing was written.")
        }
        let secret = try RingPasswordOptions.read(choice.ringPassword, for: path, newRing: bytes == nil)
        do { return try OpenedRing.open(path: path, bytes: bytes, password: secret) } catch {
            throw RingFailure.sentence(error, path: path)
        }
    }

    private static func apply(_ made: CertificatePlan, setup: Setup, json: Bool) throws(CommandFailure) {
        let plan = made.plan
        let target = made.targetPort == 22 ? "\(made.targetUser)@\(made.targetHost)" : "\(made.targetUser)@\(made.targetHost) port \(made.targetPort)"
        if !json {
            Console.out("Installing the certificate '\(made.label)' on \(target):\n")
            for note in plan.notes { Console.out("  \(note)\n") }
        }
        do {
            try PlanExecutor.apply(plan) { progress in
                guard !json else { return }
                switch progress {
                case .started: break
                case .finished(_, let step): Console.out("  done: \(step.summary)\n")
                case .failed(_, let step, _): Console.out("  FAILED: \(step.summary)\n")
                }
            }
        } catch {
            let kept = error.completed.isEmpty ? "Nothing was changed." : "Done before the failure: \(error.completed.joined(separator: "; "))."
            throw CommandFailure("\(error.underlying) \(kept)")
        }
        let repeatLine = commandLine(setup).map(ShellQuoting.quote).joined(separator: " ")
        if json {
            struct Result: Encodable {
                let target: String
                let ring: String
                let label: String
                let certificate_created: Bool
                let new_ring: Bool
                let fingerprint: String
                let public_key_file: String
                let agent_socket: String?
                let login_proved: Bool
                let login_command: String
                let repeat_command: String
            }
            Console.out(JSONText.encode(Result(target: target, ring: setup.certificate?.ring ?? "", label: made.label,
                                               certificate_created: made.createsCertificate, new_ring: made.newRing,
                                               fingerprint: made.fingerprint, public_key_file: made.publicKeyPath,
                                               agent_socket: made.agentSocket, login_proved: made.agentSocket != nil,
                                               login_command: made.loginCommand, repeat_command: repeatLine)) + "\n")
            return
        }
        Console.out("The certificate '\(made.label)' (\(made.fingerprint)) is installed on \(target); its public key is in \(made.publicKeyPath).\n")
        if let socket = made.agentSocket {
            Console.out("Its key is in the ssh-agent at \(socket), and ssh logged in through the agent.\n")
        } else {
            Console.out("No key was loaded into an agent and the login was not proved; load it with 'sshauth ring agent \(RingCommandText.reference(setup.certificate?.ring ?? "", made.label))'.\n")
        }
        Console.out("Log in with: \(made.loginCommand)\n")
        Console.out("Repeat with: \(repeatLine)\n")
    }
}
