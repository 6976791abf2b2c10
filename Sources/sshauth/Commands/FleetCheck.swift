import AuthSetup
import Flows

/// `sshauth check --hosts FILE`: the doctor's checks on every target of a list, a bounded number
/// at a time (`FleetRun`). Every input (the list, each target's ssh configuration, the key, the
/// login) is read before the first connection, so bad input contacts nobody. Each target stands
/// alone: its own host key verdict, its own login, its own result; one failing never stops the others.
struct FleetCheck {
    let options: CheckCommand

    /// One target's result, as the table and `--json` show it.
    struct Outcome: Sendable, Encodable {
        /// The name in the list.
        let target: String
        /// Where it was reached: user@host:port after ~/.ssh/config.
        let address: String
        let line: Int
        let result: String
        let hostKey: String?
        let seconds: Double
        let findings: [CheckReport.Finding]

        var passed: Bool { result == "passed" }
    }

    private struct Job: Sendable {
        let target: FleetTarget
        let diagnosis: CheckDiagnosis
    }

    /// Runs the checks and prints the results; returns the exit status (0 all passed, 1 some
    /// failed, 2 bad input).
    func run() -> Int32 {
        let jobs: [Job]
        let credentials: LoginCredentials
        do {
            (jobs, credentials) = try prepare()
        } catch {
            Console.error(error.sentence)
            return error.status
        }
        let display = FleetDisplay(names: jobs.map(\.target.name), quiet: options.json)
        let outcomes = FleetRun.run(count: jobs.count, parallel: options.targets.fleet.workers,
                                    report: { display.show($0, $1) },
                                    finished: { index, outcome in
                                        display.finish(index, Self.stage(outcome), line: Self.finishedLines(outcome))
                                    }) { index, stage in
            Self.check(jobs[index], credentials: credentials, stage: stage)
        }
        let failed = outcomes.filter { !$0.passed }.map(\.target)
        if options.json {
            Console.out(JSONText.encode(outcomes) + "\n")
        } else {
            Console.out("\n" + table(outcomes) + "\n")
        }
        let summary = FleetSummary.lastLine(total: outcomes.count, failed: failed, verb: "passed")
        if options.json { Console.write(Array(summary.utf8), to: 2) } else { Console.out(summary) }
        return failed.isEmpty ? 0 : 1
    }

    private func prepare() throws(CommandFailure) -> ([Job], LoginCredentials) {
        let connection = try options.targets.connection()
        let targets = try options.targets.fleet.targets()
        let contexts = try FleetTargets.resolve(targets, list: options.targets.fleet.listName, knownHostsFile: connection.knownHosts)
        // The list is never empty: TargetList refuses a list without targets.
        let key = try options.loadKey(account: contexts[0].account)
        let credentials = try connection.readCredentials()
        let jobs = zip(targets, contexts).map { target, context in
            Job(target: target, diagnosis: options.diagnosis(context, connection: connection, key: key, typed: target.address.displayName))
        }
        return (jobs, credentials)
    }

    private static func check(_ job: Job, credentials: LoginCredentials, stage: @Sendable (FleetStage) -> Void) -> Outcome {
        let started = ContinuousClock.now
        var credentials = credentials
        var report = CheckReport()
        let name = job.target.name
        stage(.working("checking"))
        job.diagnosis.run(credentials: &credentials, questions: .nobody(warn: { Console.warning("\(name): \($0)") }), into: &report)
        let outcome = Outcome(target: name, address: FleetTargets.address(job.diagnosis.context), line: job.target.line,
                              result: report.problems == 0 ? "passed" : "failed", hostKey: report.hostKey,
                              seconds: FleetSummary.seconds(since: started), findings: report.findings)
        return outcome
    }

    /// The last stage of a target, for the live view: its first problem when it failed.
    private static func stage(_ outcome: Outcome) -> FleetStage {
        guard !outcome.passed else { return .done("passed") }
        let problem = outcome.findings.first { $0.level == .problem }
        return .failed(problem.map { "\($0.topic): \($0.text)" } ?? "failed")
    }

    /// The line printed when a target is done; a failed one is followed by its problems.
    static func finishedLines(_ outcome: Outcome) -> String {
        var lines = ["\(outcome.passed ? "passed" : "FAILED")  \(outcome.target) (\(outcome.address)) \(FleetSummary.seconds(outcome.seconds))"]
        for finding in outcome.findings where finding.level == .problem {
            lines.append("    PROBLEM  \(finding.topic): \(finding.text)")
        }
        return TerminalText.printable(lines.joined(separator: "\n"), keepingLineBreaks: true) + "\n"
    }

    /// Target, where it was reached, host key, result and time, in the order of the list.
    func table(_ outcomes: [Outcome]) -> String {
        FleetSummary.table(["TARGET", "ADDRESS", "HOST KEY", "RESULT", "TIME"], outcomes.map {
            [$0.target, $0.address, $0.hostKey ?? "-", $0.result, FleetSummary.seconds($0.seconds)]
        })
    }
}
