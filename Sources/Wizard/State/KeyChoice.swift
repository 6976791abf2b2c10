import AuthSetup
import SSHKeys

/// A key pair already in `~/.ssh`, as the key choice screen lists it.
public struct ExistingKey: Sendable, Equatable {
    public let privateKeyPath: String
    public let publicKeyPath: String
    public let algorithm: SSHKeyAlgorithm
    public let bits: Int
    public let fingerprint: String
    public let comment: String

    public init(privateKeyPath: String, publicKeyPath: String, algorithm: SSHKeyAlgorithm, bits: Int, fingerprint: String, comment: String) {
        self.privateKeyPath = privateKeyPath
        self.publicKeyPath = publicKeyPath
        self.algorithm = algorithm
        self.bits = bits
        self.fingerprint = fingerprint
        self.comment = comment
    }
}

/// What the wizard knows about this machine when it starts: read once, before the first frame.
public struct WizardEnvironment: Sendable, Equatable {
    public let sshDirectory: String
    public let existingKeys: [ExistingKey]
    /// `user@hostname`, the comment new keys get.
    public let defaultComment: String
    /// Files that exist in `~/.ssh` and in home, so a new key's path can be checked as it is typed
    /// and the set-up file name the review suggests is a free one.
    public let takenPaths: Set<String>
    /// The day the wizard started (UTC): new certificates must outlive it, and the z/OS jobs are dated from it.
    public var today: CertificateDate
    /// The local user name: the part of `defaultComment` before the `@`.
    public var localUser: String { String(defaultComment.prefix { $0 != "@" }) }
    /// The home directory: where `~/.ssh` is.
    public var home: String {
        guard let slash = sshDirectory.lastIndex(of: "/"), slash != sshDirectory.startIndex else { return "/" }
        return String(sshDirectory[..<slash])
    }

    public init(sshDirectory: String, existingKeys: [ExistingKey], defaultComment: String, takenPaths: Set<String> = [],
                today: CertificateDate = .today()) {
        self.sshDirectory = sshDirectory
        self.today = today
        self.existingKeys = existingKeys
        self.defaultComment = defaultComment
        self.takenPaths = takenPaths
    }

    /// An environment with no keys, for previews and tests.
    public static func empty(sshDirectory: String = "/home/user/.ssh") -> WizardEnvironment {
        WizardEnvironment(sshDirectory: sshDirectory, existingKeys: [], defaultComment: "user@host")
    }
}

/// The key the key-pair flow will install.
public enum KeySelection: Sendable, Equatable {
    case existing(ExistingKey)
    case new(NewKeyForm)
}
