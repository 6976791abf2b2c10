import AuthSetup
import Flows
import SSHKeys

/// `remove --hosts FILE`: one key's lines taken out of every target's authorized_keys, a bounded
/// number of targets at a time (`FleetRun`). Every input is read first (the key, the list, each
/// target's ssh configuration, every password, the --force proof); each target then stands alone:
/// its own host key verdict before any credential, its own login, lockout judgement and
/// replacement; one failing never stops or touches the others.
struct FleetRemoveRun {
    let key: KeyToRemove
    let targetPath: String?
    let targets: [FleetTarget]
    /// The list as sentences name it: a file or `(stdin)`.
    let list: String
    let parallel: Int
    let json: Bool
    let connection: ConnectionOptions
    let proof: KeyRemovalLockout.Proof?

    /// One target's result, as the table and `--json` show it.
    struct Outcome: Sendable, Encodable {
        let target: String
        /// Where it was reached: user@host:port after ~/.ssh/config.
        let address: String
        let line: Int
        /// `removed` or `failed`.
        let result: String
        let hostKey: String?
        let authorizedKeys: String?
        /// The numbers of the lines removed.
        let removedLines: [Int]
        let seconds: Double
        let error: String?

        var succeeded: Bool { error == nil }
    }

    /// Removes the key everywhere and prints the results; returns the exit status (0 removed
    /// everywhere, 1 some failed, 2 bad input, in which case nobody was contacted).
    func run() -> Int32 {
        let contexts: [TargetContext]
        let logins: [LoginCredentials]
        do {
            contexts = try FleetTargets.resolve(targets, list: list, knownHostsFile: connection.knownHosts)
            logins = try FleetLogins.credentials(for: targets, list: list, login: connection.login, json: json)
        } catch {
            Console.error(error.sentence)
            return error.status
        }
        let display = FleetDisplay(names: targets.map(\.name), quiet: json)
        let (key, targets, targetPath, proof) = (key, targets, targetPath, proof)
        let rule = connection.unknownHostKeyRule, timeout = connection.timeoutSeconds
        let outcomes = FleetRun.run(count: targets.count, parallel: parallel,
                                    report: { display.show($0, $1) },
                                    finished: { index, outcome in
                                        display.finish(index, outcome.error.map { .failed($0) } ?? .done(outcome.result), line: Self.finishedLine(outcome))
                                    }) { index, stage in
            let target = targets[index], context = contexts[index]
            let started = ContinuousClock.now
            let result = FleetRemove.remove(key, targetPath: target.targetPath ?? targetPath, on: context.target, rule: rule,
                                            credentials: logins[index], proof: proof, timeoutSeconds: timeout, stage: stage)
            return Outcome(target: target.name, address: FleetTargets.address(context), line: target.line, result: result.word,
                           hostKey: result.hostKey, authorizedKeys: result.authorizedKeys, removedLines: result.removedLines,
                           seconds: FleetSummary.seconds(since: started), error: result.failure)
        }
        let failed = outcomes.filter { !$0.succeeded }.map(\.target)
        if json {
            Console.out(JSONText.encode(outcomes) + "\n")
        } else {
            Console.out("\n" + FleetSummary.table(["TARGET", "ADDRESS", "HOST KEY", "RESULT", "LINES", "TIME"], outcomes.map {
                [$0.target, $0.address, $0.hostKey ?? "-", $0.result, $0.removedLines.map(String.init).joined(separator: ","),
                 FleetSummary.seconds($0.seconds)]
            }) + "\n")
        }
        let summary = FleetSummary.lastLine(total: outcomes.count, failed: failed, verb: "no longer have the key")
        if json { Console.write(Array(summary.utf8), to: 2) } else { Console.out(summary) }
        return failed.isEmpty ? 0 : 1
    }

    /// The line printed when a target is done (the plain mode).
    static func finishedLine(_ outcome: Outcome) -> String {
        let lines = outcome.removedLines.isEmpty ? "" : " (line\(outcome.removedLines.count == 1 ? "" : "s") \(outcome.removedLines.map(String.init).joined(separator: ", ")))"
        let head = "\(outcome.succeeded ? outcome.result + lines : "FAILED")  \(outcome.target) (\(outcome.address)) \(FleetSummary.seconds(outcome.seconds))"
        return TerminalText.printable(head + (outcome.error.map { ": \($0)" } ?? ""), keepingLineBreaks: false) + "\n"
    }
}
