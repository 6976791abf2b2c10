import AuthSetup
import RemoteAccess
import SSHKeys

/// What to log in with, read before connecting, so that an unprotected password file or a wrong
/// passphrase is refused before anything goes over the network.
public struct LoginCredentials: Sendable {
    public var identity: SSHPrivateKey?
    public var password: SecretBytes?
    /// The password is to be asked on the terminal once the server has said it takes one.
    public var asksPassword: Bool

    public init(identity: SSHPrivateKey? = nil, password: SecretBytes? = nil, asksPassword: Bool = false) {
        self.identity = identity
        self.password = password
        self.asksPassword = asksPassword
    }

    /// Reads the secrets a set-up's login names. A typed password is asked later, at the server.
    public static func read(_ login: Setup.Login, questions: Questions) throws(FlowFailure) -> LoginCredentials {
        do {
            switch login {
            case .identity(let path, let passphrase):
                return LoginCredentials(identity: try loadIdentity(path, passphrase: passphrase, questions: questions))
            case .password(.file(let path)):
                return LoginCredentials(password: try SecretSource.file(path).read())
            case .password(.descriptor(let fd)):
                return LoginCredentials(password: try SecretSource.descriptor(fd).read())
            case .password(.ask):
                return LoginCredentials(asksPassword: true)
            }
        } catch let failure as FlowFailure {
            throw failure
        } catch {
            throw FlowFailure("\(error)")
        }
    }

    private static func loadIdentity(_ path: String, passphrase origin: Setup.SecretOrigin?, questions: Questions) throws -> SSHPrivateKey {
        let text = try LocalFile.readAll(path)
        var passphrase: SecretBytes?
        if try PrivateKeyFile.isEncrypted(text) {
            switch origin {
            case .file(let file)?:
                passphrase = try SecretSource.file(file).read()
            case .descriptor(let fd)?:
                passphrase = try SecretSource.descriptor(fd).read()
            case .ask?, nil:
                guard questions.canAsk else {
                    throw FlowFailure("\(path) is protected by a passphrase; give --passphrase-file FILE (there is no terminal to ask on).")
                }
                passphrase = questions.secret("Enter passphrase for \(path): ")
            }
        }
        do { return try PrivateKeyFile.read(text, passphrase: passphrase) } catch {
            throw FlowFailure("\(path): \(error).")
        }
    }
}

/// Logs in to a connected target with the set-up's credentials.
public enum TargetLogin {
    /// Logs in with the identity key or a password (asked when the set-up says so). Each password
    /// costs the server exactly one attempt; a typed one may be typed again after a refusal, three
    /// times at most. A given password is dropped (and so wiped) as soon as the login has ended.
    /// Returns false, without sending anything, for a dry run that has no credentials.
    public static func authenticate(_ session: SSHSession, target: Target, credentials: inout LoginCredentials, dryRun: Bool,
                                    questions: Questions) throws(FlowFailure) -> Bool {
        defer { credentials.password = nil }
        let user = target.user, host = target.host
        let methods: [String]
        do { methods = try session.authenticationMethods(user: user) } catch { throw FlowFailure(error.description) }
        if session.isAuthenticated { return true }
        do {
            if let key = credentials.identity {
                guard methods.contains("publickey") else {
                    throw FlowFailure("\(host) does not accept keys for \(user) (it offers: \(methods.joined(separator: ", "))).")
                }
                try session.authenticate(user: user, key: key)
                return true
            }
            if let given = credentials.password {
                try session.authenticate(user: user, password: given, methods: methods)
                return true
            }
            guard questions.canAsk else {
                if dryRun { return false }
                throw FlowFailure("no way to log in to \(host): give --password-file FILE, --password-fd N or --identity KEY (there is no terminal to ask on).")
            }
            guard SSHSession.passwordMethod(offered: methods) != nil else {
                throw FlowFailure("\(host) does not accept passwords for \(user) (it offers: \(methods.joined(separator: ", "))); use --identity with a key it already accepts.")
            }
            for attempt in 1...PasswordAttempts.limit {
                guard let typed = questions.secret("\(user)@\(host)'s password: ") else {
                    if dryRun { return false }
                    throw FlowFailure("no password was typed for \(user)@\(host); nothing was changed on the target.")
                }
                do {
                    try session.authenticate(user: user, password: typed, methods: methods)
                    return true
                } catch {
                    guard error.kind == .authenticationFailed else { throw error }
                    if attempt < PasswordAttempts.limit { questions.warn("\(error.description) Try again.") }
                }
            }
            throw FlowFailure(PasswordAttempts.lockoutSentence(user: user, host: host))
        } catch let failure as FlowFailure {
            throw failure
        } catch {
            throw FlowFailure("\(error)")
        }
    }
}
