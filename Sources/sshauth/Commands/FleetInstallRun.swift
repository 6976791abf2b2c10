import AuthSetup
import Flows
import SSHKeys

/// A key-pair set-up run on many targets (`install --hosts`, `apply` with several targets): every
/// input read first (the key, the list, each target's ssh configuration, every password), then
/// the single-target install flow on each target, a bounded number at a time (`FleetRun`). Each
/// target stands alone: its own host key verdict before any credential, its own login, audit,
/// append and proof; one failing never stops or touches the others.
struct FleetInstallRun {
    let setup: Setup
    let targets: [FleetTarget]
    /// The list as sentences name it: a file, `(stdin)`, or the set-up file.
    let list: String
    let parallel: Int
    let json: Bool

    /// One target's result, as the table and `--json` show it.
    struct Outcome: Sendable, Encodable {
        /// The name in the list.
        let target: String
        /// Where it was reached: user@host:port after ~/.ssh/config.
        let address: String
        let line: Int
        /// `installed`, `already present` or `failed`.
        let result: String
        let hostKey: String?
        /// The installed key's fingerprint.
        let key: String
        let authorizedKeys: String?
        let alreadyPresentOnLine: Int?
        let loginProved: Bool?
        let seconds: Double
        let error: String?

        var succeeded: Bool { error == nil }
    }

    /// What one target runs with, all of it read before the first connection.
    private struct Job: Sendable {
        let target: FleetTarget
        let context: Target
        let credentials: LoginCredentials
        let install: Setup.InstallChoice
        var rule: Setup.UnknownHostKeyRule
        /// Set when the one question about unknown host keys was answered no.
        var refusal: String?
    }

    /// Runs the set-up and prints the results; returns the exit status (0 all succeeded, 1 some
    /// failed, 2 bad input, in which case nobody was contacted).
    func run() -> Int32 {
        var jobs: [Job]
        let key: KeyToInstall
        do {
            (jobs, key) = try prepare()
        } catch {
            Console.error(error.sentence)
            return error.status
        }
        let display = FleetDisplay(names: jobs.map(\.target.name), quiet: json)
        if case .ask = setup.unknownHostKey, !json, Console.stdinIsTerminal {
            askAboutUnknownKeys(&jobs)
        }
        let jobsToRun = jobs
        let recorder = HostKeyRecorder()
        let timeout = setup.timeoutSeconds, usageKnownHosts = setup.knownHostsFile
        let fingerprint = Fingerprint(of: key.line.key).description
        let outcomes = FleetRun.run(count: jobs.count, parallel: parallel,
                                    report: { display.show($0, $1) },
                                    finished: { index, outcome in
                                        display.finish(index, Self.stage(outcome), line: Self.finishedLine(outcome))
                                    }) { index, stage in
            let job = jobsToRun[index]
            let started = ContinuousClock.now
            var result = FleetInstall.Result()
            if let refusal = job.refusal {
                result.failure = refusal
            } else {
                result = FleetInstall.install(key, install: job.install, on: job.context, rule: job.rule, credentials: job.credentials,
                                              timeoutSeconds: timeout, usageKnownHostsFile: usageKnownHosts, recorder: recorder, stage: stage)
            }
            return Outcome(target: job.target.name, address: TargetAddress(user: job.context.user, host: job.context.host, port: job.context.port).displayName,
                           line: job.target.line, result: result.word, hostKey: result.hostKey, key: fingerprint,
                           authorizedKeys: result.authorizedKeys, alreadyPresentOnLine: result.alreadyPresentOnLine,
                           loginProved: result.loginProved, seconds: FleetSummary.seconds(since: started), error: result.failure)
        }
        let failed = outcomes.filter { (outcome: Outcome) in !outcome.succeeded }.map { (outcome: Outcome) in outcome.target }
        if json {
            Console.out(JSONText.encode(outcomes) + "\n")
        } else {
            Console.out("\n" + FleetSummary.table(["TARGET", "ADDRESS", "HOST KEY", "RESULT", "TIME"], outcomes.map {
                [$0.target, $0.address, $0.hostKey ?? "-", $0.result, FleetSummary.seconds($0.seconds)]
            }) + "\n")
        }
        let summary = FleetSummary.lastLine(total: outcomes.count, failed: failed, verb: "have the key")
        if json { Console.write(Array(summary.utf8), to: 2) } else { Console.out(summary) }
        return failed.isEmpty ? 0 : 1
    }

    /// Reads everything: the key, each target's ssh configuration, the common password and every
    /// target's own password file. A failure here is bad input (exit 2) and contacts nobody.
    private func prepare() throws(CommandFailure) -> ([Job], KeyToInstall) {
        guard setup.mechanism == .keyPair, case .existing(let publicKey)? = setup.key else {
            throw CommandFailure("a run over several targets installs an existing public key; make the key first (sshauth keygen), then name it with -i.", status: 2)
        }
        let contexts = try FleetTargets.resolve(targets, list: list, knownHostsFile: setup.knownHostsFile)
        let key: KeyToInstall
        do { key = try KeyToInstall.load(publicKey, account: contexts[0].account) } catch { throw CommandFailure(error.description, status: 2) }
        if setup.install.verify, key.privateKeyPath == nil, !key.agentHoldsKey {
            throw CommandFailure(KeyInstallFlow.noProofSentence(key) + " Nothing was contacted.", status: 2)
        }
        let logins = try FleetLogins.credentials(for: targets, list: list, login: setup.login, json: json)
        var jobs: [Job] = []
        for ((target, context), credentials) in zip(zip(targets, contexts), logins) {
            var install = setup.install
            if let path = target.targetPath { install.targetPath = path }
            jobs.append(Job(target: target, context: context.target, credentials: credentials, install: install, rule: setup.unknownHostKey))
        }
        return (jobs, key)
    }

    /// With no rule for unknown host keys and a terminal: connect to every target first (sending
    /// nothing but the key exchange), show the unknown keys together, and ask once. A yes pins each
    /// target to the key it showed (recorded when the run meets it again); a no fails those targets.
    private func askAboutUnknownKeys(_ jobs: inout [Job]) {
        Console.out("Looking at the host keys of \(jobs.count) targets (nothing is sent but the key exchange)...\n")
        let unknown = HostKeySurvey.unknownKeys(jobs.map(\.context), parallel: parallel, timeoutSeconds: setup.timeoutSeconds,
                                                report: { _, _ in })
        guard !unknown.isEmpty else { return }
        var question = "The host keys of these \(unknown.count) targets are not known:\n"
        let width = unknown.map { jobs[$0.index].target.name.count }.max() ?? 0
        for key in unknown {
            let name = jobs[key.index].target.name
            question += "  \(TerminalText.printable(name))\(String(repeating: " ", count: width - name.count))  \(key.name)  \(key.algorithm) \(key.fingerprint)\n"
        }
        question += "Check them with the servers' administrators. Trust and record all of them (yes/no)? "
        Console.out(question)
        let yes = readLine()?.lowercased() == "yes"
        for key in unknown {
            if yes {
                jobs[key.index].rule = .pin(key.fingerprint)
            } else {
                jobs[key.index].refusal = "the host key of \(key.name) (\(key.algorithm) \(key.fingerprint)) was not accepted; nothing was sent to it."
            }
        }
    }

    private static func stage(_ outcome: Outcome) -> FleetStage {
        outcome.error.map { .failed($0) } ?? .done(outcome.result)
    }

    /// The line printed when a target is done (the plain mode).
    static func finishedLine(_ outcome: Outcome) -> String {
        let head = "\(outcome.succeeded ? outcome.result : "FAILED")  \(outcome.target) (\(outcome.address)) \(FleetSummary.seconds(outcome.seconds))"
        return TerminalText.printable(head + (outcome.error.map { ": \($0)" } ?? ""), keepingLineBreaks: false) + "\n"
    }
}
