/// What the result screen shows after the certificate flow: the key, the proof, the line to log
/// in with, where the ring and the exported public key are, and the values the z/OS artifacts need.
public struct CertificateResult: Sendable, Equatable {
    public let targetUser: String
    public let targetHost: String
    public let targetPort: Int
    public let fingerprint: String
    public let randomart: String
    public let ringPath: String
    public let label: String
    public let publicKeyPath: String
    /// The ssh-agent the key was loaded into; nil when there was none, so nothing was loaded or proved.
    public let agentSocket: String?
    /// The proof's command line, as the plan showed it; nil without an agent.
    public let proofCommand: String?
    /// The `ssh ...` line that logs in through the agent afterwards.
    public let loginCommand: String
    /// The certificate's values, for the z/OS artifacts.
    public let certificate: RingListing.Entry

    public init(targetUser: String, targetHost: String, targetPort: Int, fingerprint: String, randomart: String, ringPath: String,
                label: String, publicKeyPath: String, agentSocket: String?, proofCommand: String?, loginCommand: String,
                certificate: RingListing.Entry) {
        self.targetUser = targetUser
        self.targetHost = targetHost
        self.targetPort = targetPort
        self.fingerprint = fingerprint
        self.randomart = randomart
        self.ringPath = ringPath
        self.label = label
        self.publicKeyPath = publicKeyPath
        self.agentSocket = agentSocket
        self.proofCommand = proofCommand
        self.loginCommand = loginCommand
        self.certificate = certificate
    }

    /// `user@host` with the port when it is not 22, for sentences.
    public var targetName: String {
        targetPort == 22 ? "\(targetUser)@\(targetHost)" : "\(targetUser)@\(targetHost) port \(targetPort)"
    }
}
