import AuthSetup
import RemoteAccess
import SSHKeys

/// Whether removing a key's lines could shut the user out of the target, and the proof that
/// `--force` asks for before doing it anyway: a second login that does not depend on those lines.
public enum KeyRemovalLockout {
    /// What the removal would take away.
    public enum Risk: Sendable, Equatable {
        /// The key this run logged in with.
        case removesLoginKey(Fingerprint)
        /// The file's last key line, on a server that does not take passwords.
        case removesLastKey

        /// The note the plan carries.
        public func sentence(place: String) -> String {
            switch self {
            case .removesLoginKey(let fingerprint):
                "\(fingerprint) is the key this run logged in with; after the removal it no longer logs in through \(place)."
            case .removesLastKey:
                "the removal leaves \(place) without a key, and the server does not offer password login for this account."
            }
        }

        /// The refusal without `--force` and a proof.
        public func refusal(place: String) -> String {
            sentence(place: place) + " To remove it anyway, give --force with --proof-identity KEY (another key that stays authorized) or --proof-password-file FILE; nothing was changed."
        }
    }

    /// The other way in that `--force` proves before removing.
    public struct Proof: Sendable {
        public enum Credential: Sendable {
            case identity(path: String, key: SSHPrivateKey)
            case password(SecretBytes)
            /// A login this run has already proven with the system ssh client (`rotate`'s new key),
            /// described in words.
            case provenBefore(String)
        }

        public let credential: Credential

        public init(_ credential: Credential) {
            self.credential = credential
        }

        /// What the proof does, in words (never the secret).
        public var summary: String {
            switch credential {
            case .identity(let path, let key): "log in with the key \(path) (\(Fingerprint(of: key.publicKey)))"
            case .password: "log in with the password from --proof-password-file"
            case .provenBefore(let what): what
            }
        }
    }

    /// The risk of removing `removal`'s lines for a run that logged in with `loginKey` (nil: with a
    /// password), on a server offering `offeredMethods`; nil when there is none.
    public static func risk(_ removal: KeyLineRemoval, loginKey: SSHPublicKey?, offeredMethods: [String]) -> Risk? {
        if let loginKey, removal.removed.contains(where: { $0.key.blob == loginKey.blob }) {
            return .removesLoginKey(Fingerprint(of: loginKey))
        }
        if !removal.removed.isEmpty, removal.remainingKeys.isEmpty, SSHSession.passwordMethod(offered: offeredMethods) == nil {
            return .removesLastKey
        }
        return nil
    }

    /// Logs in once more, on a connection of its own to the host key already judged, with the
    /// proof's credential; a failure stops the removal before anything is changed.
    public static func prove(_ proof: Proof, target: Target, hostKey: SSHPublicKey, removed removal: KeyLineRemoval,
                             timeoutSeconds: Int) throws(FlowFailure) {
        if case .identity(let path, let key) = proof.credential, removal.removed.contains(where: { $0.key.blob == key.publicKey.blob }) {
            throw FlowFailure("--proof-identity \(path) is the key being removed, so it proves no other way in; nothing was changed.")
        }
        if case .provenBefore = proof.credential { return }
        let refused = "the proof with --force failed, so nothing was changed"
        do {
            let connection = try TargetConnection(user: target.user, host: target.host, port: target.port,
                                                  knownHostsFiles: target.knownHostsFiles, timeoutSeconds: timeoutSeconds)
            guard connection.session.hostKey == hostKey else {
                throw FlowFailure("\(target.displayName) presented another host key on the second connection than on the first; \(refused).")
            }
            let methods = try connection.session.authenticationMethods(user: target.user)
            switch proof.credential {
            case .identity(_, let key):
                guard methods.contains("publickey") else {
                    throw FlowFailure("\(target.host) does not accept keys for \(target.user); \(refused).")
                }
                try connection.session.authenticate(user: target.user, key: key)
            case .password(let password):
                try connection.session.authenticate(user: target.user, password: password, methods: methods)
            case .provenBefore:
                break
            }
        } catch let failure as FlowFailure {
            throw failure
        } catch {
            throw FlowFailure("\(refused): \(error)")
        }
    }
}
