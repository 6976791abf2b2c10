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
    public init(user: String, host: String, port: Int, knownHostsFiles: [String], timeoutSeconds: Int = 10) throws(RemoteError) {
        trust = HostKeyTrust(files: knownHostsFiles)
        let knownAlgorithms = trust.knownAlgorithms(host: host, port: port)
        session = try SSHSession(host: host, port: port, timeoutSeconds: timeoutSeconds, preferredHostKeyAlgorithms: knownAlgorithms)
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
