import AuthSetup
import Flows
import RemoteAccess
import SSHKeys

/// `rotate --hosts FILE`: one new key for every target of a list, target by target. The new key
/// is made (or read) once; then on each target, in order, the four steps of a single rotation:
/// install the new key and prove it logs in, remove the old key's lines, prove the old key is
/// refused. A step that fails stops that target (until the removal its old key still works) and
/// the run goes on with the next one.
struct FleetRotateRun {
    let old: KeyToInstall
    let oldPrivate: String
    let newKey: KeyToInstall
    let newPrivate: String
    let targetPath: String?
    let targets: [FleetTarget]
    /// Each target resolved and its login read, before anything was made or contacted.
    let contexts: [TargetContext]
    let logins: [LoginCredentials]
    let json: Bool
    let connection: ConnectionOptions

    /// One target's result, as the table and `--json` show it.
    struct Outcome: Sendable, Encodable {
        let target: String
        let address: String
        let line: Int
        /// `rotated` or `failed`.
        let result: String
        /// The step that failed (1 install, 2 prove new, 3 remove old, 4 prove old refused), if any.
        let failedStep: Int?
        /// Whether the old key still logs in (true until the removal).
        let oldKeyWorks: Bool
        let removedLines: [Int]
        let seconds: Double
        let error: String?

        var succeeded: Bool { error == nil }
    }

    /// Reads every target's configuration and login; a failure is bad input (exit 2).
    static func prepare(_ targets: [FleetTarget], list: String, connection: ConnectionOptions,
                        json: Bool) throws(CommandFailure) -> ([TargetContext], [LoginCredentials]) {
        (try FleetTargets.resolve(targets, list: list, knownHostsFile: connection.knownHosts),
         try FleetLogins.credentials(for: targets, list: list, login: connection.login, json: json))
    }

    /// Rotates every target and prints the results; returns the exit status (0 all rotated, 1 some failed).
    func run() -> Int32 {
        let (contexts, logins) = (contexts, logins)
        let display = FleetDisplay(names: targets.map(\.name), quiet: json)
        let (targets, old, oldPrivate, newKey, newPrivate, targetPath) = (targets, old, oldPrivate, newKey, newPrivate, targetPath)
        let rule = connection.unknownHostKeyRule, timeout = connection.timeoutSeconds
        let recorder = HostKeyRecorder()
        // Target by target: a rotation is a change of who can log in, best watched one at a time.
        let outcomes = FleetRun.run(count: targets.count, parallel: 1,
                                    report: { display.show($0, $1) },
                                    finished: { index, outcome in
                                        display.finish(index, outcome.error.map { .failed($0) } ?? .done(outcome.result), line: Self.finishedLine(outcome))
                                    }) { index, stage in
            Self.rotate(targets[index], context: contexts[index], credentials: logins[index], old: old, oldPrivate: oldPrivate,
                        newKey: newKey, newPrivate: newPrivate, targetPath: targets[index].targetPath ?? targetPath,
                        rule: rule, timeoutSeconds: timeout, recorder: recorder, stage: stage)
        }
        let failed = outcomes.filter { !$0.succeeded }.map(\.target)
        if json {
            Console.out(JSONText.encode(outcomes) + "\n")
        } else {
            Console.out("\n" + FleetSummary.table(["TARGET", "ADDRESS", "RESULT", "OLD KEY", "TIME"], outcomes.map {
                [$0.target, $0.address, $0.failedStep.map { "failed at step \($0)" } ?? $0.result,
                 $0.oldKeyWorks ? "still works" : "removed", FleetSummary.seconds($0.seconds)]
            }) + "\n")
        }
        let summary = FleetSummary.lastLine(total: outcomes.count, failed: failed, verb: "were rotated to \(newPrivate)")
        if json { Console.write(Array(summary.utf8), to: 2) } else { Console.out(summary) }
        return failed.isEmpty ? 0 : 1
    }

    /// The four steps on one target.
    private static func rotate(_ target: FleetTarget, context: TargetContext, credentials: LoginCredentials, old: KeyToInstall,
                               oldPrivate: String, newKey: KeyToInstall, newPrivate: String, targetPath: String?,
                               rule: Setup.UnknownHostKeyRule, timeoutSeconds: Int, recorder: HostKeyRecorder,
                               stage: @escaping @Sendable (FleetStage) -> Void) -> Outcome {
        let started = ContinuousClock.now
        func outcome(failedStep: Int?, oldKeyWorks: Bool, removed: [Int] = [], error: String?) -> Outcome {
            Outcome(target: target.name, address: FleetTargets.address(context), line: target.line, result: error == nil ? "rotated" : "failed",
                    failedStep: failedStep, oldKeyWorks: oldKeyWorks, removedLines: removed,
                    seconds: FleetSummary.seconds(since: started), error: error)
        }
        // The last step means something only if the old key logs in now.
        stage(.proving)
        let before = LoginProof.prove(user: context.user, host: context.host, port: context.port, identityFile: oldPrivate,
                                      knownHostsFile: context.knownHostsFile)
        guard before.succeeded else {
            let why = "the old key \(oldPrivate) does not log in now (\(before.detail)), so its removal could not be proven; nothing was changed."
            stage(.failed(why))
            return outcome(failedStep: 1, oldKeyWorks: false, error: why)
        }
        let installed = FleetInstall.install(newKey, install: Setup.InstallChoice(targetPath: targetPath, fixHomePermissions: false, verify: true),
                                             on: context.target, rule: rule, credentials: credentials, timeoutSeconds: timeoutSeconds,
                                             usageKnownHostsFile: context.knownHostsFile, recorder: recorder, stage: stage)
        if let failure = installed.failure {
            let step = installed.loginProved == false ? 2 : 1
            return outcome(failedStep: step, oldKeyWorks: true, error: "step \(step) failed: \(failure) The old key was not removed and still logs in.")
        }
        let proof = KeyRemovalLockout.Proof(.provenBefore("the new key \(newPrivate) logged in with the system ssh client"))
        let removed = FleetRemove.remove(.key(old.line.key), targetPath: targetPath, on: context.target, rule: rule, credentials: credentials,
                                         proof: proof, timeoutSeconds: timeoutSeconds, stage: stage)
        if let failure = removed.failure {
            return outcome(failedStep: 3, oldKeyWorks: true, error: "step 3 failed: \(failure) The old key was not removed and still logs in.")
        }
        stage(.proving)
        let after = LoginProof.prove(user: context.user, host: context.host, port: context.port, identityFile: oldPrivate,
                                     knownHostsFile: context.knownHostsFile)
        if after.succeeded {
            let why = "step 4 failed: ssh still logs in with \(oldPrivate); another authorized_keys file or a certificate authority may still accept it."
            stage(.failed(why))
            return outcome(failedStep: 4, oldKeyWorks: true, removed: removed.removedLines, error: why)
        }
        stage(.done("rotated"))
        return outcome(failedStep: nil, oldKeyWorks: false, removed: removed.removedLines, error: nil)
    }

    static func finishedLine(_ outcome: Outcome) -> String {
        let head = "\(outcome.succeeded ? outcome.result : "FAILED")  \(outcome.target) (\(outcome.address)) \(FleetSummary.seconds(outcome.seconds))"
        return TerminalText.printable(head + (outcome.error.map { ": \($0)" } ?? ""), keepingLineBreaks: false) + "\n"
    }
}
