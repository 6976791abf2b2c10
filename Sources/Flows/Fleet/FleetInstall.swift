import AuthSetup
import RemoteAccess
import SSHKeys
import Synchronization

/// Mechanism 2 on one target of many: the single-target install flow with nobody to ask. The
/// host key is judged before any credential (a changed or revoked key, or an unknown one the
/// rule does not accept, ends it there), then the login, the StrictModes audit, the append-only
/// write and the proof. Every input is already read, so targets can run side by side.
public enum FleetInstall {
    /// What became of one target.
    public struct Result: Sendable {
        /// The target's host key fingerprint, once the connection got that far.
        public var hostKey: String?
        /// The authorized_keys file written (or found holding the key), as the target names it.
        public var authorizedKeys: String?
        /// The line that already held the key, when nothing was added.
        public var alreadyPresentOnLine: Int?
        /// Whether ssh logged in with the key afterwards; nil without a proof.
        public var loginProved: Bool?
        /// Why the target failed, as one sentence; nil when it succeeded.
        public var failure: String?

        public init(failure: String? = nil) {
            self.failure = failure
        }

        /// The result in a word, for the table.
        public var word: String {
            if failure != nil { return "failed" }
            return alreadyPresentOnLine == nil ? "installed" : "already present"
        }
    }

    /// Installs `key` on `target`. `rule` settles an unknown host key (`ask` refuses it, since
    /// nobody is asked here); an accepted one is recorded through `recorder`.
    public static func install(_ key: KeyToInstall, install: Setup.InstallChoice, on target: Target, rule: Setup.UnknownHostKeyRule,
                               credentials: LoginCredentials, timeoutSeconds: Int, usageKnownHostsFile: String?,
                               recorder: HostKeyRecorder, stage: @Sendable (FleetStage) -> Void) -> Result {
        var result = Result()
        do throws(FlowFailure) {
            stage(.connecting)
            let connection = try FleetLogin.open(target, rule: rule, credentials: credentials, timeoutSeconds: timeoutSeconds,
                                                 recorder: recorder) { result.hostKey = $0 }
            stage(.working("installing"))
            let prepared = try KeyInstallFlow.prepare(key, install: install, target: target, session: connection.session,
                                                      proof: install.verify ? .reportedAfter : .skipped,
                                                      restrictedKey: install.verify ? .refuseUnlessItLogsIn : .note,
                                                      usageKnownHostsFile: usageKnownHostsFile)
            if prepared.proof.cannotProve { throw FlowFailure(KeyInstallFlow.noProofSentence(key) + " Nothing was changed.") }
            let proofIndex = prepared.proof.step == nil ? nil : prepared.plan.steps.count - 1
            do {
                try PlanExecutor.apply(prepared.plan) { progress in
                    if case .started(let index, _) = progress, index == proofIndex { stage(.proving) }
                }
            } catch {
                let kept = error.completed.isEmpty ? "nothing was changed on the target" : "done before the failure: \(error.completed.joined(separator: "; "))"
                throw FlowFailure("\(error.underlying) (\(kept))")
            }
            result.authorizedKeys = prepared.inspection.authorizedKeysPath
            result.alreadyPresentOnLine = prepared.inspection.presentOnLine
            if let outcome = prepared.proof.outcome() {
                result.loginProved = outcome.succeeded
                if !outcome.succeeded {
                    let state = prepared.inspection.presentOnLine == nil ? "was installed" : "was already there"
                    throw FlowFailure("the key \(state), but ssh could not log in with it: \(outcome.detail)")
                }
            }
            stage(.done(result.word))
        } catch {
            result.failure = error.description
            stage(.failed(error.description))
        }
        return result
    }
}

/// Records accepted host keys one at a time, so that targets finishing together never write the
/// same known_hosts file at once.
public final class HostKeyRecorder: Sendable {
    private let lock = Mutex<Void>(())

    public init() {}

    func record(_ connection: TargetConnection) throws(FlowFailure) {
        let failure: LocalFileError? = lock.withLock { _ in
            do throws(LocalFileError) { try connection.recordHostKey() } catch { return error }
            return nil
        }
        if let failure { throw FlowFailure("the host key was accepted but could not be recorded: \(failure.description)") }
    }
}
