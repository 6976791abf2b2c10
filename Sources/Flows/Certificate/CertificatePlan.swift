import AuthSetup
import SSHKeys

/// What the certificate flow hands back: the plan to review or apply, and what the result shows
/// once it has been applied.
public struct CertificatePlan: Sendable {
    public var plan: Plan
    public let certificate: RingCertificate
    public let label: String
    public let fingerprint: String
    public let randomart: String
    /// The exported public key (written by the plan, or already there).
    public let publicKeyPath: String
    /// The ssh-agent the key goes into; nil when there is none, so nothing is loaded or proved.
    public let agentSocket: String?
    /// The proof's command line, as the plan shows it; nil without an agent.
    public let proofCommand: String?
    /// The `ssh ...` line that logs in through the agent afterwards.
    public let loginCommand: String
    /// The plan makes the certificate (and, for a ring still to be made, the ring).
    public let createsCertificate: Bool
    /// The ring does not exist yet.
    public let newRing: Bool
    public let targetUser: String
    public let targetHost: String
    public let targetPort: Int
}

/// What mechanism 4 does about the ssh-agent.
public enum CertificateAgent: Sendable, Equatable {
    /// Load the key into the agent listening here and prove the login through it.
    case socket(String)
    /// No agent: install only. `note` says so in the plan, with what to do instead.
    case none(note: String)
}
