import AuthSetup
import RemoteAccess
import SSHKeys

/// The start every job of a run over many targets shares: connect, judge the host key with
/// nobody to ask (a changed or revoked key, or an unknown one `rule` does not accept, ends it
/// before any credential), record an accepted new key through `recorder` when there is one, and
/// log in with the credentials read before the run.
enum FleetLogin {
    /// The logged-in connection. `hostKey` hears the server's key fingerprint as soon as it is known,
    /// so that a target refused for its key still shows which key it presented.
    static func open(_ target: Target, rule: Setup.UnknownHostKeyRule, credentials: LoginCredentials, timeoutSeconds: Int,
                     recorder: HostKeyRecorder?, hostKey: (String) -> Void) throws(FlowFailure) -> TargetConnection {
        let connection = try target.connect(timeoutSeconds: timeoutSeconds)
        hostKey(Fingerprint(of: connection.session.hostKey).description)
        _ = try HostKeyDecision.settle(connection, target: target, rule: rule, record: false, questions: .nobody())
        if let recorder, case .unknown = connection.verdict { try recorder.record(connection) }
        var credentials = credentials
        _ = try TargetLogin.authenticate(connection.session, target: target, credentials: &credentials, dryRun: false, questions: .nobody())
        return connection
    }
}
