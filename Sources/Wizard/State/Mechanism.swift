/// The four ways to authenticate to a target that the wizard offers, in the order of the manual.
public enum Mechanism: Int, Sendable, CaseIterable, Equatable {
    case password
    case keyPair
    case askpass
    case certificate

    public var title: String {
        switch self {
        case .password: "Interactive password"
        case .keyPair: "OpenSSH key pair"
        case .askpass: "SSH_ASKPASS"
        case .certificate: "Certificate in a key ring"
        }
    }

    /// One line for the start screen.
    public var summary: String {
        switch self {
        case .password: "Type the password at each login; checks the target and logs in once."
        case .keyPair: "A key pair; the public key goes into the target's authorized_keys."
        case .askpass: "A password kept in a protected file and handed to ssh by a helper."
        case .certificate: "A key held in a key ring (PKCS#12 here, RACF on z/OS), via ssh-agent."
        }
    }

    /// Whether the mechanism can serve unattended (batch) jobs.
    public var suitsBatchJobs: Bool { self != .password }

    /// The parts of the set-up a user goes through, in order, as "step n of N" counts them.
    public enum Step: Sendable, Equatable {
        case key, ring, certificate, target, login, store, review, apply
    }

    /// This mechanism's steps (the host key check belongs to the target step).
    public var steps: [Step] {
        switch self {
        case .password: [.target, .login]
        case .keyPair: [.key, .target, .login, .review, .apply]
        case .askpass: [.target, .login, .store, .review, .apply]
        case .certificate: [.ring, .certificate, .target, .login, .review, .apply]
        }
    }

    /// "step n of N" for one of this mechanism's steps; empty for a step it does not have.
    public func label(_ step: Step) -> String {
        steps.firstIndex(of: step).map { "step \($0 + 1) of \(steps.count)" } ?? ""
    }

    /// The help topic that explains the mechanism.
    public var helpTopic: String {
        switch self {
        case .password: "password"
        case .keyPair: "keypair"
        case .askpass: "askpass"
        case .certificate: "certificate"
        }
    }
}
