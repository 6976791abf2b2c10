import AuthSetup
import Dispatch
import Flows
import Synchronization

/// `sshauth check --hosts FILE`: the doctor's checks on every target of a list, a bounded number
/// at a time. Every input (the list, each target's ssh configuration, the key, the login) is read
/// before the first connection, so bad input contacts nobody. Each target stands alone: its own
/// host key verdict, its own login, its own result; one failing never stops the others.
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
            return 2
        }
        let outcomes = check(jobs, credentials: credentials)
        let failed = outcomes.filter { !$0.passed }.map(\.target)
        if options.json {
            Console.out(JSONText.encode(outcomes) + "\n")
        } else {
            Console.out("\n" + table(outcomes) + "\n")
        }
        let summary = failed.isEmpty
            ? "All \(outcomes.count) targets passed.\n"
            : "\(failed.count) of \(outcomes.count) targets failed: \(failed.joined(separator: ", "))\n"
        if options.json { Console.write(Array(summary.utf8), to: 2) } else { Console.out(summary) }
        return failed.isEmpty ? 0 : 1
    }

    private func prepare() throws(CommandFailure) -> ([Job], LoginCredentials) {
        let list = options.connection.target
        let file = list == "-" ? "(stdin)" : list
        let targets: [FleetTarget]
        do { targets = try TargetList.read(list, limit: options.limit) } catch { throw CommandFailure(error.description) }
        var contexts: [TargetContext] = []
        var reached: [String: Int] = [:]
        for target in targets {
            let context: TargetContext
            do {
                context = try TargetContext.resolve(target.address, portOption: nil, knownHostsFile: options.connection.knownHosts)
            } catch {
                throw CommandFailure("\(file):\(target.line): \(error.sentence)")
            }
            // An ssh_config alias can make two names one target, which two checks at once would both log in to.
            let address = Self.address(context)
            if let first = reached[address.lowercased()] {
                throw CommandFailure("\(file):\(target.line): \(target.name) reaches \(address), as line \(first) does; remove one of the two.")
            }
            reached[address.lowercased()] = target.line
            contexts.append(context)
        }
        // The list is never empty: TargetList refuses a list without targets.
        let key = try options.loadKey(account: contexts[0].account)
        let credentials = try options.connection.readCredentials()
        let jobs = zip(targets, contexts).map { target, context in
            Job(target: target, diagnosis: options.diagnosis(context, key: key, typed: target.address.displayName))
        }
        return (jobs, credentials)
    }

    static func address(_ context: TargetContext) -> String {
        TargetAddress(user: context.user, host: context.host, port: context.port).displayName
    }

    /// Runs the jobs on at most `--parallel` workers, each taking the next target when it is done
    /// with one; prints each target's line as it finishes (unless `--json`).
    private func check(_ jobs: [Job], credentials: LoginCredentials) -> [Outcome] {
        let progress = Progress(count: jobs.count)
        let group = DispatchGroup()
        let workers = min(options.parallel ?? 16, jobs.count)
        let json = options.json
        for _ in 0..<workers {
            DispatchQueue.global().async(group: group) {
                while let index = progress.next() {
                    let outcome = Self.check(jobs[index], credentials: credentials)
                    progress.finish(index, outcome) {
                        if !json { Console.out(Self.finishedLines(outcome)) }
                    }
                }
            }
        }
        group.wait()
        return progress.outcomes
    }

    private static func check(_ job: Job, credentials: LoginCredentials) -> Outcome {
        let started = ContinuousClock.now
        var credentials = credentials
        var report = CheckReport()
        let name = job.target.name
        job.diagnosis.run(credentials: &credentials, questions: .nobody(warn: { Console.warning("\(name): \($0)") }), into: &report)
        let elapsed = ContinuousClock.now - started
        return Outcome(target: name, address: address(job.diagnosis.context), line: job.target.line,
                       result: report.problems == 0 ? "passed" : "failed", hostKey: report.hostKey,
                       seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                       findings: report.findings)
    }

    /// The line printed when a target is done; a failed one is followed by its problems.
    static func finishedLines(_ outcome: Outcome) -> String {
        var lines = ["\(outcome.passed ? "passed" : "FAILED")  \(outcome.target) (\(outcome.address)) \(seconds(outcome.seconds))"]
        for finding in outcome.findings where finding.level == .problem {
            lines.append("    PROBLEM  \(finding.topic): \(finding.text)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Target, where it was reached, host key, result and time, in the order of the list.
    func table(_ outcomes: [Outcome]) -> String {
        let rows = [["TARGET", "ADDRESS", "HOST KEY", "RESULT", "TIME"]] + outcomes.map {
            [$0.target, $0.address, $0.hostKey ?? "-", $0.result, Self.seconds($0.seconds)]
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == 4 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) s"
    }
}

/// Hands out targets to the workers and gathers their outcomes, in the list's order.
private final class Progress: Sendable {
    private struct State {
        var nextIndex = 0
        var outcomes: [FleetCheck.Outcome?]
    }

    private let state: Mutex<State>
    private let count: Int

    init(count: Int) {
        self.count = count
        state = Mutex(State(outcomes: Array(repeating: nil, count: count)))
    }

    /// The next target to check, or nil when none is left.
    func next() -> Int? {
        state.withLock { state in
            guard state.nextIndex < count else { return nil }
            defer { state.nextIndex += 1 }
            return state.nextIndex
        }
    }

    /// Records an outcome; `report` runs under the same lock, so that lines never interleave.
    func finish(_ index: Int, _ outcome: FleetCheck.Outcome, report: () -> Void) {
        state.withLock { state in
            state.outcomes[index] = outcome
            report()
        }
    }

    var outcomes: [FleetCheck.Outcome] { state.withLock { $0.outcomes.compactMap { $0 } } }
}
