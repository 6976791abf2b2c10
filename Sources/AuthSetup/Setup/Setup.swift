/// Everything one set-up needs except its secrets. The wizard builds one by asking, a command
/// from its options, `sshauth apply` from a set-up file; all of them hand it to the same flow.
///
/// Paths are as the user gave them, made absolute; targets are as typed (an ssh_config alias is
/// resolved when the set-up runs, as ssh would). Secrets appear only as where to get them.
public struct Setup: Sendable, Equatable {
    /// The set-up file format this build reads and writes.
    public static let currentVersion = 1

    public enum Mechanism: String, Sendable, Equatable, CaseIterable {
        /// A key pair: an existing public key or a new key, installed on the targets (none: only made).
        case keyPair = "key-pair"
        /// A stored password with its askpass helper, wrappers and pinned host key.
        case askpass
        /// A certificate in a key ring, its public key installed and its key loaded into ssh-agent.
        case certificate
    }

    public var mechanism: Mechanism
    /// The targets as typed (`[user@]host[:port]` or an ssh_config alias). Empty only for a key
    /// pair that is made and not installed (`sshauth keygen`).
    public var targets: [TargetAddress]
    /// The known_hosts file to check and record host keys in (nil: what ssh_config says).
    public var knownHostsFile: String?
    /// What to do with a host key that is not known yet. A changed or revoked key always stops.
    public var unknownHostKey: UnknownHostKeyRule
    /// How to log in to the target to install (for askpass: the password that is stored).
    public var login: Login
    /// Seconds allowed for all the talking to one target.
    public var timeoutSeconds: Int

    /// Mechanism 1's key, or the key a key-pair set-up installs.
    public var key: KeyChoice?
    /// Where and how the public key goes on the target (key-pair and certificate).
    public var install: InstallChoice
    /// Mechanism 3's files.
    public var askpass: AskpassChoice?
    /// Mechanism 4's ring and certificate.
    public var certificate: CertificateChoice?

    public init(mechanism: Mechanism, targets: [TargetAddress], knownHostsFile: String? = nil,
                unknownHostKey: UnknownHostKeyRule = .ask, login: Login = .password(.ask), timeoutSeconds: Int = 10,
                key: KeyChoice? = nil, install: InstallChoice = InstallChoice(), askpass: AskpassChoice? = nil,
                certificate: CertificateChoice? = nil) {
        self.mechanism = mechanism
        self.targets = targets
        self.knownHostsFile = knownHostsFile
        self.unknownHostKey = unknownHostKey
        self.login = login
        self.timeoutSeconds = timeoutSeconds
        self.key = key
        self.install = install
        self.askpass = askpass
        self.certificate = certificate
    }

    /// Where a secret comes from when the set-up runs. The secret itself is never part of a set-up.
    public enum SecretOrigin: Sendable, Equatable {
        /// Asked on the terminal (no echo); with no terminal the run stops with a sentence.
        case ask
        /// A file only the user can read (mode 0600 or 0400).
        case file(String)
        /// The first line read from an inherited file descriptor.
        case descriptor(Int32)
    }

    public enum UnknownHostKeyRule: Sendable, Equatable {
        /// Shown with its fingerprint and trusted only after a "yes" on the terminal.
        case ask
        /// Trusted only if its SHA256 fingerprint is this one (`SHA256:...`).
        case pin(String)
        /// Trusted and recorded.
        case acceptNew
    }

    public enum Login: Sendable, Equatable {
        /// A password (one attempt per password; a typed one may be typed again, three times at most).
        case password(SecretOrigin)
        /// A private key the target already accepts, with its passphrase's origin if it has one.
        case identity(path: String, passphrase: SecretOrigin?)
    }

    public enum KeyChoice: Sendable, Equatable {
        /// An existing public key: a `.pub` file, or a private key whose public half is used.
        case existing(publicKey: String)
        /// A key made by the set-up.
        case new(NewKey)
    }

    /// A key to make, as `sshauth keygen` takes it.
    public struct NewKey: Sendable, Equatable {
        /// `ed25519`, `ecdsa` or `rsa`.
        public var type: String
        /// nil: the type's default size.
        public var bits: Int?
        /// nil: `user@hostname`.
        public var comment: String?
        /// The private key file; the public key goes beside it with `.pub`.
        public var file: String
        /// nil: no passphrase (for unattended jobs).
        public var passphrase: SecretOrigin?
        /// Replace key files already at `file`.
        public var replace: Bool

        public init(type: String, bits: Int? = nil, comment: String? = nil, file: String, passphrase: SecretOrigin? = nil, replace: Bool = false) {
            self.type = type
            self.bits = bits
            self.comment = comment
            self.file = file
            self.passphrase = passphrase
            self.replace = replace
        }
    }

    public struct InstallChoice: Sendable, Equatable {
        /// The authorized_keys file on the target (nil: `.ssh/authorized_keys`).
        public var targetPath: String?
        /// Consent to remove group and other write permission from the remote home.
        public var fixHomePermissions: Bool
        /// Prove the login with the system ssh afterwards.
        public var verify: Bool

        public init(targetPath: String? = nil, fixHomePermissions: Bool = false, verify: Bool = true) {
            self.targetPath = targetPath
            self.fixHomePermissions = fixHomePermissions
            self.verify = verify
        }
    }

    public struct AskpassChoice: Sendable, Equatable {
        /// nil: `~/.config/sshauth/askpass`.
        public var directory: String?
        /// nil: named after the host.
        public var name: String?
        /// The POSIX sh helper instead of `sshauth askpass answer`.
        public var standaloneHelper: Bool
        /// Replace an earlier set-up with the same name.
        public var replace: Bool

        public init(directory: String? = nil, name: String? = nil, standaloneHelper: Bool = false, replace: Bool = false) {
            self.directory = directory
            self.name = name
            self.standaloneHelper = standaloneHelper
            self.replace = replace
        }
    }

    public struct CertificateChoice: Sendable, Equatable {
        public var ring: String
        public var label: String
        public var ringPassword: SecretOrigin
        /// The certificate to create when the label is not in the ring yet (nil: it must be there).
        public var new: NewCertificate?
        /// Use an expired certificate rather than stop.
        public var allowExpired: Bool

        public init(ring: String, label: String, ringPassword: SecretOrigin = .ask, new: NewCertificate? = nil, allowExpired: Bool = false) {
            self.ring = ring
            self.label = label
            self.ringPassword = ringPassword
            self.new = new
            self.allowExpired = allowExpired
        }
    }

    /// A self-signed certificate to create, as `sshauth ring create` takes it.
    public struct NewCertificate: Sendable, Equatable {
        public var commonName: String
        public var organization: String?
        public var organizationalUnit: String?
        public var country: String?
        /// `rsa:2048`, `ecdsa:256`, ... as `--key` takes it.
        public var key: String
        /// The last day of validity, `YYYY-MM-DD`.
        public var notAfter: String

        public init(commonName: String, organization: String? = nil, organizationalUnit: String? = nil, country: String? = nil,
                    key: String = "rsa:2048", notAfter: String) {
            self.commonName = commonName
            self.organization = organization
            self.organizationalUnit = organizationalUnit
            self.country = country
            self.key = key
            self.notAfter = notAfter
        }
    }
}
