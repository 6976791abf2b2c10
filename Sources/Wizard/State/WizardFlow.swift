/// The set-up under way in the wizard: its mechanism, and that mechanism's answers so far.
///
/// Every screen the user can go back to remembers the flow as it was when the screen was shown,
/// so going back forgets whatever was answered after it, and choosing a mechanism on the start
/// screen begins a flow with no answers.
public enum WizardFlow: Sendable, Equatable {
    /// Mechanism 1 asks nothing beyond the target and the password, which live on their screens.
    case password
    case keyPair(KeyPairAnswers)
    /// Mechanism 3's storage answers live on its store screen and travel in its effect.
    case askpass
    case certificate(CertificateAnswers)

    /// A flow with no answers yet.
    public init(_ mechanism: Mechanism) {
        switch mechanism {
        case .password: self = .password
        case .keyPair: self = .keyPair(KeyPairAnswers())
        case .askpass: self = .askpass
        case .certificate: self = .certificate(CertificateAnswers())
        }
    }

    public var mechanism: Mechanism {
        switch self {
        case .password: .password
        case .keyPair: .keyPair
        case .askpass: .askpass
        case .certificate: .certificate
        }
    }
}

/// Mechanism 2's answers.
public struct KeyPairAnswers: Sendable, Equatable {
    /// The key to install; nil until it is chosen or described.
    public var key: KeySelection?
    /// The target mechanism 1 checked and logged in to before handing over: no target questions remain.
    public var loggedIn: TargetCheck?

    public init(key: KeySelection? = nil, loggedIn: TargetCheck? = nil) {
        self.key = key
        self.loggedIn = loggedIn
    }
}

/// Mechanism 4's answers.
public struct CertificateAnswers: Sendable, Equatable {
    /// The certificate to install; nil until one is taken from the ring or described.
    public var certificate: CertificateSelection?

    public init(certificate: CertificateSelection? = nil) {
        self.certificate = certificate
    }
}
