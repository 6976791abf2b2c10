import ArgumentParser
import AuthSetup

/// `--hosts FILE [--limit GROUP] [--parallel N]`: many targets instead of one.
struct FleetOptions: ParsableArguments {
    @Option(name: .customLong("hosts"), help: ArgumentHelp("Run on every target of this file instead of one target: a plain list of [user@]host[:port] lines or an Ansible INI inventory (- reads standard input).", valueName: "file"))
    var hosts: String?

    @Option(name: .customLong("limit"), help: ArgumentHelp("With --hosts: only the inventory group GROUP and the groups below it (all: every host).", valueName: "group"))
    var limit: String?

    @Option(name: .customLong("parallel"), help: ArgumentHelp("With --hosts: how many targets to work on at the same time (default 16).", valueName: "n"))
    var parallel: Int?

    /// The worker count a run uses.
    var workers: Int { parallel ?? 16 }

    /// The list as sentences name it.
    var listName: String { hosts == "-" ? "(stdin)" : hosts ?? "" }

    /// Refuses what does not fit with (or without) `--hosts`. Checked when the command runs rather
    /// than in ArgumentParser's validation, whose refusals exit 64: a bad option of a run over
    /// many targets exits 2, like a bad list. `extraFleetOnly` names the caller's own options that
    /// only make sense with --hosts and were given; `passwordFD` is the descriptor a password is read from.
    func check(target: String?, passwordFD: Int32?, extraFleetOnly: [String] = []) throws(CommandFailure) {
        guard let hosts else {
            let fleetOnly = (limit == nil ? [] : ["--limit"]) + (parallel == nil ? [] : ["--parallel"]) + extraFleetOnly
            if !fleetOnly.isEmpty {
                throw CommandFailure("\(fleetOnly.joined(separator: " and ")) go with --hosts FILE; leave them out for one target.", status: 2)
            }
            if target == nil { throw CommandFailure("no target is given; name one as [user@]host, or a file of targets with --hosts FILE.", status: 2) }
            return
        }
        if let target {
            throw CommandFailure("both a target (\(target)) and --hosts \(hosts) are given; name one target, or put it in the list.", status: 2)
        }
        try checkRun(passwordFD: passwordFD)
    }

    /// Refuses a run over many targets that cannot work: standard input read twice, a worker
    /// count out of range.
    func checkRun(passwordFD: Int32?) throws(CommandFailure) {
        if hosts == "-", passwordFD == 0 {
            throw CommandFailure("--hosts - and --password-fd 0 both read standard input; give the password on another descriptor or in a file.", status: 2)
        }
        if let parallel, !(1...256).contains(parallel) { throw CommandFailure("--parallel \(parallel) is out of range; give 1-256.", status: 2) }
    }

    /// The targets of the list, read whole and checked before anyone is contacted.
    func targets() throws(CommandFailure) -> [FleetTarget] {
        guard let hosts else { return [] }
        do { return try TargetList.read(hosts, limit: limit) } catch { throw CommandFailure(error.description, status: 2) }
    }
}

/// The target part of `install` and `check`: ConnectionOptions' options with the target optional,
/// because `--hosts FILE` may name the targets instead. The single-target path gets a
/// `ConnectionOptions` from the same options (`connection()`), so it stays as it is.
struct TargetOrHostsOptions: ParsableArguments {
    @Option(name: .customShort("p"), help: ArgumentHelp("The target's SSH port (default: from ~/.ssh/config, else 22); must agree with a :port in the target.", valueName: "port"))
    var port: Int?

    @Option(name: .customLong("identity"), help: ArgumentHelp("Log in with this private key (OpenSSH or PEM), for targets that already accept it.", valueName: "privkey"))
    var identity: String?

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("The --identity key's passphrase, from a file only you can read.", valueName: "file"))
    var passphraseFile: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp("Log in with the password in this file (must be yours, mode 0600 or 0400); with --hosts, an inventory's sshauth_password_file replaces it for its hosts.", valueName: "file"))
    var passwordFile: String?

    @Option(name: .customLong("password-fd"), help: ArgumentHelp("Log in with the password on the first line read from this inherited file descriptor (read up to the newline, not to the end).", valueName: "n"))
    var passwordFD: Int32?

    @Option(name: .customLong("known-hosts"), help: ArgumentHelp("Check and record host keys in this file instead of the user's known_hosts.", valueName: "file"))
    var knownHosts: String?

    @Flag(name: .customLong("accept-new-host-key"), help: "Trust an unknown host key (a changed one is never accepted).")
    var acceptNewHostKey = false

    @Option(name: .customLong("host-key"), help: ArgumentHelp("Trust an unknown host key only if its fingerprint is this one.", valueName: "SHA256:..."))
    var hostKeyPin: String?

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Seconds allowed for all the talking to one target together: connecting, key exchange, login, each file request and the login proof (default 10).", valueName: "seconds"))
    var timeoutSeconds: Int = 10

    @OptionGroup var fleet: FleetOptions

    @Argument(help: ArgumentHelp("The target: [user@]host[:port], [user@][v6addr]:port, or a Host alias from ~/.ssh/config (or none, with --hosts FILE).", valueName: "[user@]host"))
    var target: String?

    func validate() throws {
        if passwordFile != nil, passwordFD != nil { throw ValidationError("--password-file and --password-fd are two sources for one password; give one.") }
        if identity != nil, passwordFile != nil || passwordFD != nil { throw ValidationError("--identity logs in with a key; do not give a password as well.") }
        if acceptNewHostKey, hostKeyPin != nil { throw ValidationError("--accept-new-host-key trusts any new key and --host-key one specific key; give one.") }
        if !(1...600).contains(timeoutSeconds) { throw ValidationError("--timeout \(timeoutSeconds) is out of range; give 1-600 seconds.") }
        if let port, !(1...65535).contains(port) { throw ValidationError("-p \(port) is not a TCP port; give 1-65535.") }
        if let pin = hostKeyPin, !pin.hasPrefix("SHA256:") { throw ValidationError("--host-key takes a SHA256 fingerprint as ssh-keygen -l prints it (SHA256:...), not \(pin).") }
    }

    /// Refuses a missing target, a target beside --hosts, and options that do not fit a list
    /// (exit 2, see `FleetOptions.check`).
    func checkTargets(extraFleetOnly: [String] = []) throws(CommandFailure) {
        try fleet.check(target: target, passwordFD: passwordFD, extraFleetOnly: extraFleetOnly)
        if fleet.hosts != nil, let port {
            throw CommandFailure("-p \(port) is for one target; with --hosts write host:\(port) in the list (ansible_port in an inventory).", status: 2)
        }
    }

    /// The same options as every single-target command takes them; with --hosts the target in it
    /// is empty and only the shared options (login, host-key rule, timeout) count.
    func connection() throws(CommandFailure) -> ConnectionOptions {
        var words: [String] = []
        if let port { words += ["-p", String(port)] }
        if let identity { words += ["--identity", identity] }
        if let passphraseFile { words += ["--passphrase-file", passphraseFile] }
        if let passwordFile { words += ["--password-file", passwordFile] }
        if let passwordFD { words += ["--password-fd", String(passwordFD)] }
        if let knownHosts { words += ["--known-hosts", knownHosts] }
        if acceptNewHostKey { words.append("--accept-new-host-key") }
        if let hostKeyPin { words += ["--host-key", hostKeyPin] }
        words += ["--timeout", String(timeoutSeconds), "--", target ?? ""]
        do { return try ConnectionOptions.parse(words) } catch { throw CommandFailure(ConnectionOptions.message(for: error), status: 2) }
    }
}
