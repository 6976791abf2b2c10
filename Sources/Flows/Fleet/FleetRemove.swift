import AuthSetup
import RemoteAccess
import SSHKeys

/// `sshauth remove` on one target of many: the single-target removal with nobody to ask. The host
/// key is judged before any credential and never recorded (as for one target); then the login,
/// the byte-exact plan, the lockout judgement (refused unless the run carries a proof), and the
/// replacement in one rename. Every input is already read, so targets can run side by side.
public enum FleetRemove {
    /// What became of one target.
    public struct Result: Sendable {
        /// The target's host key fingerprint, once the connection got that far.
        public var hostKey: String?
        /// The authorized_keys file, as the target names it.
        public var authorizedKeys: String?
        /// The numbers of the lines removed, in the file as it was when replaced.
        public var removedLines: [Int] = []
        /// Why the target failed, as one sentence; nil when it succeeded.
        public var failure: String?

        public init(failure: String? = nil) {
            self.failure = failure
        }

        /// The result in a word, for the table.
        public var word: String { failure == nil ? "removed" : "failed" }
    }

    /// Removes `key`'s lines from the file at `targetPath` on `target`. `rule` settles an unknown
    /// host key (`ask` refuses it, since nobody is asked here).
    public static func remove(_ key: KeyToRemove, targetPath: String?, on target: Target, rule: Setup.UnknownHostKeyRule,
                              credentials: LoginCredentials, proof: KeyRemovalLockout.Proof?, timeoutSeconds: Int,
                              stage: @Sendable (FleetStage) -> Void) -> Result {
        var result = Result()
        do throws(FlowFailure) {
            stage(.connecting)
            let connection = try FleetLogin.open(target, rule: rule, credentials: credentials, timeoutSeconds: timeoutSeconds,
                                                 recorder: nil) { result.hostKey = $0 }
            let loginKey = credentials.identity?.publicKey
            stage(.working("removing"))
            let (prepared, files) = try KeyRemoval.prepare(session: connection.session, target: target, targetPath: targetPath, key: key,
                                                           loginKey: loginKey, proof: proof)
            result.authorizedKeys = prepared.shownPath
            let outcome = try KeyRemoval.apply(prepared, files: files, target: target, connection: connection.session, proof: proof,
                                               timeoutSeconds: timeoutSeconds)
            result.removedLines = outcome.removed.map(\.number)
            stage(.done(result.word))
        } catch {
            result.failure = error.description
            stage(.failed(error.description))
        }
        return result
    }
}
