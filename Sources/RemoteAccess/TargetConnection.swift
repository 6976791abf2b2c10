import AuthSetup
import SSHKeys

/// A connection to a target whose host key has been judged against known_hosts, before anything
/// else is sent: the shared first step of every command and of the wizard.
public final class TargetConnection: @unchecked Sendable {
    // Used from one thread at a time, like the session it owns.
    public let session: SSHSession
    public let user: String
    public let host: String
    public let port: Int
    public let trust: HostKeyTrust
    public let verdict: HostKeyTrust.Verdict

    /// Connects (asking first for key types already trusted for the host) and judges the host key.
    /// `timeoutSeconds` is the time allowed for all the talking to the target (see ``NetworkDeadline``).
    public convenience init(user: String, host: String, port: Int, knownHostsFiles: [String], timeoutSeconds: Int = 10) throws(RemoteError) {
        try self.init(user: user, host: host, port: port, trust: HostKeyTrust(files: knownHostsFiles),
                      deadline: NetworkDeadline(seconds: timeoutSeconds))
    }

    private init(user: String, host: String, port: Int, trust: HostKeyTrust, deadline: NetworkDeadline) throws(RemoteError) {
        self.trust = trust
        do { try trust.checkReadable() } catch {
            throw RemoteError(.knownHostsUnreadable, "Cannot judge the host key of \(host): \(error) Nothing was sent to the target.")
        }
        let knownAlgorithms = trust.knownAlgorithms(host: host, port: port)
        session = try SSHSession(host: host, port: port, deadline: deadline, preferredHostKeyAlgorithms: knownAlgorithms)
        verdict = trust.verdict(for: session.hostKey, host: host, port: port)
        if case .unknown = verdict,
           let refusal = HostKeyAlgorithmPreference(known: knownAlgorithms, supported: HostKeyAlgorithmPreference.supportedMethods(session.session))
            .refusal(presented: session.hostKey, name: KnownHostsFile.lookupName(host: host, port: port), libraryVersion: LibSSH2Library.version) {
            throw RemoteError(.handshakeFailed, refusal)
        }
        self.user = user
        self.host = host
        self.port = port
    }

    /// This connection when the server still holds it open; otherwise a new one to the same
    /// target, which must present the very host key already judged here (nothing is sent to a
    /// server that presents another). The new one shares what is left of the time allowed.
    public func reopenedIfClosed() throws(RemoteError) -> TargetConnection {
        guard session.connectionLooksClosed else { return self }
        let fresh = try TargetConnection(user: user, host: host, port: port, trust: trust, deadline: session.deadline)
        guard fresh.session.hostKey == session.hostKey else {
            throw RemoteError(.handshakeFailed, "\(knownHostsName) closed the connection, and on reconnecting presented another host key (\(Fingerprint(of: fresh.session.hostKey))) than the \(Fingerprint(of: session.hostKey)) accepted before; nothing was sent to it.")
        }
        return fresh
    }

    /// `host` or `[host]:port`, as known_hosts and ssh name it.
    public var knownHostsName: String { port == 22 ? host : "[\(host)]:\(port)" }

    /// Records the (unknown) host key as the user's ssh would: hashed when ssh hashes.
    public func recordHostKey() throws(LocalFileError) {
        let settings = ClientHostKeySettings.forTarget(host: host, port: port, user: user)
        try trust.record(session.hostKey, host: host, port: port, hashed: settings.hashKnownHosts)
    }

    /// The sentence for a host key that must stop everything, or nil when it may be used.
    public var refusal: String? {
        let key = session.hostKey
        let fingerprint = Fingerprint(of: key)
        switch verdict {
        case .known, .unknown:
            return nil
        case .changed(let file, let lines):
            return """
                WARNING: the host key of \(knownHostsName) has CHANGED. It now presents \(key.algorithm.shortName) key \(fingerprint), \
                which does not match line \(lines.map(String.init).joined(separator: ", ")) of \(file). Someone may be \
                intercepting the connection, or the server was reinstalled. Nothing was sent to it. If the change is \
                expected, remove the old entry with: ssh-keygen -R '\(knownHostsName)' -f \(file)
                """
        case .revoked(let file, let line):
            return "the host key \(fingerprint) of \(knownHostsName) is marked @revoked on line \(line) of \(file); nothing was sent to it."
        }
    }
}
