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

    /// The `~/.ssh/id_*.pub` files with a private key next to them, newest first; unreadable ones are left out.
    public static func list(in sshDirectory: String) -> [ExistingKey] {
        KeyFiles.defaultPublicKeys(in: sshDirectory).compactMap { publicPath in
            let privatePath = String(publicPath.dropLast(4))
            guard LocalFile.exists(privatePath), let text = try? LocalFile.readAll(publicPath),
                  let line = try? PublicKeyLine(parsing: String(decoding: text, as: UTF8.self)) else { return nil }
            return ExistingKey(privateKeyPath: privatePath, publicKeyPath: publicPath, algorithm: line.key.algorithm,
                               bits: line.key.bits, fingerprint: Fingerprint(of: line.key).description, comment: line.comment)
        }
    }
}

/// What the wizard knows about this machine when it starts: read once, before the first frame.
public struct WizardEnvironment: Sendable, Equatable {
    public let sshDirectory: String
    public let existingKeys: [ExistingKey]
    /// `user@hostname`, the comment new keys get.
    public let defaultComment: String
    /// Files that exist in `~/.ssh`, so a new key's path can be checked as it is typed.
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
