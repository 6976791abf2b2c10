import ArgumentParser
import AuthSetup
import Flows
import RemoteAccess
import SSHKeys

/// `sshauth install`: what ssh-copy-id should have been.
struct InstallCommand: TargetOrHostsCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install a public key in a target account's authorized_keys, safely, and prove that it logs in.",
        discussion: """
            Over SFTP only (no remote shell): the key is appended in one append-mode write after \
            a missing final newline is repaired; existing lines are never rewritten, reordered or \
            removed, and a key already present is not added again. ~/.ssh is set to 0700 and the \
            file to 0600; home and every directory up to the file are checked against sshd's \
            StrictModes rule. Afterwards the system ssh logs in with the key, as a batch job would.
            Every check is made before the first change: a plan that cannot complete (a directory \
            only an administrator can fix) is refused whole. A key that is already present on a \
            line whose from=, expiry-time= or command= option refuses this client is reported with \
            that option, and nothing is changed.

            An unknown host key needs --accept-new-host-key or a matching --host-key pin (or a \
            "yes" on the terminal); a changed host key stops everything before any password or \
            key is sent.

            --save-setup FILE writes the checked options to a set-up file for 'sshauth apply' \
            instead, contacting nothing. After an install the output ends with the command line \
            that repeats it.

            sshauth install --hosts FILE [--limit GROUP] [--parallel N] [--json] -i KEY.pub [options]: \
            instead of one target, every target of a file (a plain list of [user@]host[:port] \
            lines or an Ansible INI inventory; - reads standard input), several at a time. The \
            key, the list, each target's ssh configuration and every password are read before the \
            first connection; each target then gets the install above on its own, and one failing \
            stops no other. An inventory host's sshauth_password_file replaces --password-file for \
            it, and sshauth_target_path --target-path. Unknown host keys need --accept-new-host-key \
            (or a known_hosts entry); on a terminal, without it, they are listed together for one \
            yes. One line per finished target (live lines on a terminal), then a table; --json \
            gives one object per target. Exit status 0 when every target has the key, 1 when any \
            failed (named in the last line), 2 for bad input, in which case no target is contacted.
            """
    )

    @OptionGroup var targets: TargetOrHostsOptions

    @Option(name: .customShort("i"), help: ArgumentHelp("The public key to install: a .pub file holding one key, or a private key whose public half is used (default: the newest ~/.ssh/id_*.pub).", valueName: "pubkey"))
    var publicKeyFile: String?

    @Option(name: .customLong("target-path"), help: ArgumentHelp("The authorized_keys file on the target, relative to the remote home or absolute (default: .ssh/authorized_keys); a file, not a directory, the home, ~/.ssh itself or a device.", valueName: "path"))
    var targetPath: String?

    @Flag(name: .customLong("fix-home-permissions"), help: "Also remove group and other write permission from the remote home if sshd would refuse it.")
    var fixHomePermissions = false

    @Flag(name: .customLong("no-verify"), help: "Do not prove the key login with ssh afterwards.")
    var noVerify = false

    @Flag(name: .customLong("dry-run"), help: "Connect and read (when credentials are given) but change nothing anywhere; print the plan.")
    var dryRun = false

    @Flag(help: "Print the plan without connecting at all.")
    var offline = false

    @Flag(help: "Print the result (or the plan) as JSON.")
    var json = false

    @OptionGroup var saving: SetupSavingOptions

    func validate() throws {
        if dryRun, offline { throw ValidationError("--dry-run and --offline are two kinds of preview; give one of them.") }
        try saving.validate(preview: dryRun ? "--dry-run" : offline ? "--offline" : nil)
    }

    /// `--hosts FILE`: the same install on every target of the list (`FleetInstallRun`).
    func runOnList() throws(CommandFailure) -> Int32 {
        let single = dryRun ? "--dry-run" : offline ? "--offline" : saving.file != nil ? "--save-setup" : nil
        if let single { throw CommandFailure("\(single) works on one target; leave it out with --hosts, or name one target.", status: 2) }
        let list = try targets.fleet.targets()
        let setup = try setup(list: list)
        return FleetInstallRun(setup: setup, targets: list, list: targets.fleet.listName, parallel: targets.fleet.workers, json: json).run()
    }

    func execute() throws(CommandFailure) {
        let setup = try setup()
        if try saving.saveIfAsked(setup) { return }
        if offline {
            try Self.previewOffline(setup, json: json)
            return
        }
        try Self.perform(setup, mode: SetupRunMode(dryRun: dryRun, json: json))
    }

    /// The options as a key-pair set-up: the target with -p folded in, local paths absolute, and
    /// the key to install read now (its default, the newest ~/.ssh/id_*.pub, fixed by name).
    /// With `list` (`--hosts`), the set-up names the list's targets and keeps the connection
    /// options as given; a failure is bad input (exit 2).
    func setup(list: [FleetTarget]? = nil) throws(CommandFailure) -> Setup {
        var setup = Setup(mechanism: .keyPair, targets: [])
        let connection = try targets.connection()
        if let list {
            setup.targets = list.map(\.address)
            setup.knownHostsFile = connection.knownHosts
            setup.unknownHostKey = connection.unknownHostKeyRule
            setup.timeoutSeconds = connection.timeoutSeconds
            setup.login = connection.login
        } else {
            try connection.fill(&setup)
        }
        let account = try Self.currentAccount()
        let path: String
        if let publicKeyFile {
            path = try SetupSaving.absolutePath(publicKeyFile)
        } else {
            do { path = try KeyToInstall.defaultPublicKey(account: account) } catch { throw CommandFailure(error.description, status: list == nil ? 1 : 2) }
        }
        do { _ = try KeyToInstall.load(path, account: account) } catch { throw CommandFailure(error.description, status: list == nil ? 1 : 2) }
        setup.key = .existing(publicKey: path)
        setup.install = Setup.InstallChoice(targetPath: targetPath, fixHomePermissions: fixHomePermissions, verify: !noVerify)
        return setup
    }

    /// The one-line form of `setup`: `sshauth install` with the options that give it again. None
    /// (empty) for a set-up no install command line says: one that makes its key, or whose
    /// identity passphrase comes from a descriptor.
    static func commandLine(_ setup: Setup) -> [String] {
        guard case .existing(let publicKey)? = setup.key, setup.targets.count == 1,
              let connection = ConnectionOptions.arguments(for: setup) else { return [] }
        var words = ["sshauth", "install", "-i", publicKey]
        words += connection
        if let path = setup.install.targetPath { words += ["--target-path", path] }
        if setup.install.fixHomePermissions { words.append("--fix-home-permissions") }
        if !setup.install.verify { words.append("--no-verify") }
        words.append(setup.targets[0].displayName)
        return words
    }

    /// Runs a key-pair set-up on its target: read the secrets, connect and settle the host key,
    /// log in, read the target and plan through the flow, then print the plan (dry run) or apply
    /// it, prove the login and report. A set-up with a new key makes it first, as the wizard does.
    static func perform(_ setup: Setup, mode: SetupRunMode) throws(CommandFailure) {
        let address = try singleTarget(setup)
        let context = try TargetContext.resolve(address, portOption: nil, knownHostsFile: setup.knownHostsFile)
        let chosen = try chosenKey(setup, account: context.account, dryRun: mode.dryRun)
        var credentials = try TargetContext.readCredentials(setup.login)
        let session = try context.connectAndTrust(rule: setup.unknownHostKey, timeoutSeconds: setup.timeoutSeconds,
                                                  dryRun: mode.dryRun, quiet: mode.json)
        guard try context.authenticate(session, credentials: &credentials, dryRun: mode.dryRun) else {
            // A dry run without credentials cannot read the target: show what would be done.
            print(offlinePlan(chosen, setup: setup, target: context.target), json: mode.json)
            return
        }
        let prepared: KeyInstallFlow.Prepared
        do {
            prepared = try KeyInstallFlow.prepare(chosen.key, newKey: chosen.newKey, install: setup.install, target: context.target,
                                                  session: session, proof: setup.install.verify ? .reportedAfter : .skipped,
                                                  restrictedKey: mode.dryRun || !setup.install.verify ? .note : .refuseUnlessItLogsIn,
                                                  usageKnownHostsFile: setup.knownHostsFile)
        } catch {
            throw CommandFailure(error.description)
        }
        if mode.dryRun {
            print(prepared.plan, json: mode.json)
            return
        }
        if prepared.proof.cannotProve { throw CommandFailure(KeyInstallFlow.noProofSentence(chosen.key) + " Nothing was changed.") }
        try apply(prepared, newKey: chosen.newKey, json: mode.json)
        if !mode.json, case let words = commandLine(setup), !words.isEmpty {
            Console.out("Repeat with: \(words.map(ShellQuoting.quote).joined(separator: " "))\n")
        }
    }

    /// `--offline`: the plan without contacting the target, each step saying what it will check.
    static func previewOffline(_ setup: Setup, json: Bool) throws(CommandFailure) {
        let address = try singleTarget(setup)
        let context = try TargetContext.resolve(address, portOption: nil, knownHostsFile: setup.knownHostsFile)
        let chosen = try chosenKey(setup, account: context.account, dryRun: true)
        print(offlinePlan(chosen, setup: setup, target: context.target), json: json)
    }

    private static func print(_ plan: Plan, json: Bool) {
        Console.out((json ? plan.renderedJSON() : plan.renderedText()) + "\n")
    }

    private static func offlinePlan(_ chosen: ChosenKey, setup: Setup, target: Target) -> Plan {
        var plan = KeyInstallation.offlinePlan(KeyInstallFlow.request(chosen.key, install: setup.install, target: target))
        if let newKey = chosen.newKey { plan.steps = newKey.plan().steps + plan.steps }
        return plan
    }

    private static func singleTarget(_ setup: Setup) throws(CommandFailure) -> TargetAddress {
        guard setup.mechanism == .keyPair, setup.targets.count == 1, let target = setup.targets.first else {
            throw CommandFailure("an install needs a key-pair set-up with exactly one target; this one is \(setup.mechanism.rawValue) with \(setup.targets.count).")
        }
        return target
    }

    static func currentAccount() throws(CommandFailure) -> UserAccount {
        do { return try UserAccount.current() } catch { throw CommandFailure(error.description) }
    }

    /// The key to install: an existing one read now, or a new one made in memory now (so that the
    /// plan shows, and installs, its fingerprint) and written by the plan's first steps.
    private struct ChosenKey {
        let key: KeyToInstall
        let newKey: KeyPairSetup?
    }

    private static func chosenKey(_ setup: Setup, account: UserAccount, dryRun: Bool) throws(CommandFailure) -> ChosenKey {
        guard case .new(let new)? = setup.key else {
            let path: String?
            if case .existing(let given)? = setup.key { path = given } else { path = nil }
            return ChosenKey(key: try CommandFailure.flow { () throws(FlowFailure) in try KeyToInstall.load(path, account: account) }, newKey: nil)
        }
        try CommandFailure.flow { () throws(FlowFailure) in
            _ = try NewKeyPair.algorithm(new)
            try NewKeyPair.checkDirectory(of: new)
        }
        if !new.replace, let existing = NewKeyPair.existingFiles(of: new).first {
            throw CommandFailure("\(existing) already exists; choose another file for the new key, or let the set-up replace it. Nothing was changed.")
        }
        let (protection, passphrase) = try KeygenCommand.newKeyPassphrase(new.passphrase, dryRun: dryRun)
        let comment = new.comment ?? KeygenCommand.defaultComment(account: account)
        let made = try CommandFailure.flow { () throws(FlowFailure) in
            try NewKeyPair.prepare(new, comment: comment, protection: protection, passphrase: passphrase, replace: new.replace, generateNow: true)
        }
        guard let key = made.made else { throw CommandFailure("the new key was not made; nothing was changed.") }
        return ChosenKey(key: KeyToInstall(planned: key, comment: comment, privateKeyPath: new.file), newKey: made.setup)
    }

    private static func apply(_ prepared: KeyInstallFlow.Prepared, newKey: KeyPairSetup?, json: Bool) throws(CommandFailure) {
        let plan = prepared.plan, request = prepared.request, inspection = prepared.inspection, proof = prepared.proof
        if !json {
            Console.out("Installing on \(request.targetName):\n")
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
            let kept = error.completed.isEmpty ? "Nothing was changed on the target." : "Done before the failure: \(error.completed.joined(separator: "; "))."
            throw CommandFailure("\(error.underlying) \(kept)")
        }
        let outcome = proof.outcome()
        let installed = inspection.presentOnLine.map { "was already on line \($0) of" } ?? "is in"
        let path = KeyInstallation.displayPath(inspection.authorizedKeysPath, home: inspection.home)
        if json {
            struct Result: Encodable {
                let target: String
                let authorized_keys: String
                let already_present_on_line: Int?
                let fingerprint: String
                let login_proved: Bool?
                let login_detail: String?
                let next: String?
            }
            Console.out(JSONText.encode(Result(
                target: request.targetName, authorized_keys: inspection.authorizedKeysPath,
                already_present_on_line: inspection.presentOnLine, fingerprint: Fingerprint(of: request.key).description,
                login_proved: outcome?.succeeded, login_detail: outcome?.detail, next: proof.nextCommand)) + "\n")
        } else {
            if let newKey {
                Console.out("The new key pair is in \(newKey.request.privateKeyPath) and \(newKey.request.publicKeyPath).\n")
            }
            Console.out("The key \(Fingerprint(of: request.key)) \(installed) \(path) on \(request.targetName).\n")
            if let outcome {
                Console.out(outcome.succeeded ? "Login proof: ssh logged in with the key.\n" : "Login proof FAILED: \(outcome.detail)\n")
            }
            if let next = proof.nextCommand { Console.out("Next: \(next)\n") }
        }
        if let outcome, !outcome.succeeded {
            let state = inspection.presentOnLine == nil ? "was installed" : "was already there"
            throw CommandFailure("the key \(state), but ssh could not log in with it (\(outcome.detail)); run '\(checkCommand(request))' to see why.")
        }
    }

    private static func checkCommand(_ request: InstallRequest) -> String {
        var words = ["sshauth", "check", "-i", request.publicKeyFile]
        if request.port != 22 { words += ["-p", String(request.port)] }
        words.append("\(request.user)@\(request.host)")
        return words.map(ShellQuoting.quote).joined(separator: " ")
    }
}
