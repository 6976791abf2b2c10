import AuthSetup
import RemoteAccess
import SSHKeys

/// Settles an unknown host key by the set-up's rule before anything else is sent: a pin must
/// match, `accept-new` trusts it, `ask` shows it as ssh does and wants a "yes". A changed or
/// revoked key has already stopped the connection (its refusal).
public enum HostKeyDecision {
    /// Returns the sentence saying where the key was recorded (nil when it was already known, or
    /// when `record` is false, as in a dry run, which writes nothing, not even known_hosts).
    public static func settle(_ connection: TargetConnection, target: Target, rule: Setup.UnknownHostKeyRule, record: Bool,
                              questions: Questions) throws(FlowFailure) -> String? {
        if let refusal = connection.refusal { throw FlowFailure(refusal) }
        guard case .unknown = connection.verdict else { return nil }
        let key = connection.session.hostKey
        let fingerprint = Fingerprint(of: key)
        let name = connection.knownHostsName
        switch rule {
        case .pin(let pin):
            guard pin == fingerprint.description else {
                throw FlowFailure("the host key of \(name) is \(fingerprint), not the \(pin) given with --host-key; nothing was sent to it.")
            }
        case .acceptNew:
            break
        case .ask:
            let question = """
                The authenticity of host '\(name)' can't be established.
                \(key.algorithm.shortName) key fingerprint is \(fingerprint).
                \(FingerprintListing.randomart(for: key, hash: .sha256))
                Are you sure you want to trust it (yes/no)? 
                """
            guard questions.canAsk, let answer = questions.confirm(question) else {
                throw FlowFailure("the host key of \(name) is not known: \(key.algorithm.shortName) \(fingerprint). Check it with the server's administrator, then pass --host-key \(fingerprint) (or --accept-new-host-key). Nothing was sent to it.")
            }
            guard answer else { throw FlowFailure("the host key of \(name) was not accepted; nothing was sent to it.") }
        }
        guard record else { return nil }
        do { try connection.recordHostKey() } catch {
            throw FlowFailure("the host key was accepted but could not be recorded: \(error.description)")
        }
        return "Added \(name) (\(key.algorithm.shortName) \(fingerprint)) to \(target.knownHostsFile ?? "known_hosts")."
    }
}
