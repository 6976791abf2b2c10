import AuthSetup
import Flows

/// The logins of a run over many targets, all read before the first connection: the common one
/// (a key, a password file or descriptor, or a password typed once on the terminal) and each
/// target's own password file from the inventory (`sshauth_password_file`). A failure here is bad
/// input (exit 2) and contacts nobody.
enum FleetLogins {
    /// One login per target, in the list's order.
    static func credentials(for targets: [FleetTarget], list: String, login: Setup.Login, json: Bool) throws(CommandFailure) -> [LoginCredentials] {
        let common = targets.contains { $0.passwordFile == nil } ? try commonCredentials(login, json: json) : nil
        var ownPasswords: [String: LoginCredentials] = [:]
        var logins: [LoginCredentials] = []
        for target in targets {
            var credentials = common
            if let file = target.passwordFile {
                if ownPasswords[file] == nil {
                    do { ownPasswords[file] = LoginCredentials(password: try SecretSource.file(file).read()) } catch {
                        throw CommandFailure("\(list):\(target.line): \(target.name)'s sshauth_password_file: \(error.description)", status: 2)
                    }
                }
                credentials = ownPasswords[file]
            }
            guard let credentials else {
                throw CommandFailure("\(list):\(target.line): no way to log in to \(target.name): give --password-file FILE, --password-fd N or --identity KEY, or sshauth_password_file in the inventory.", status: 2)
            }
            logins.append(credentials)
        }
        return logins
    }

    /// The login every target without its own password file uses; nil when there is none to be
    /// had (a password to be typed, with no terminal to type it on).
    private static func commonCredentials(_ login: Setup.Login, json: Bool) throws(CommandFailure) -> LoginCredentials? {
        if case .password(.ask) = login {
            // One typed password for every target, asked once before the first connection.
            guard Console.stdinIsTerminal, !json, let typed = PassphrasePrompt.ask("Password for the targets (the same for all): ") else { return nil }
            return LoginCredentials(password: typed)
        }
        do { return try LoginCredentials.read(login, questions: TargetContext.terminalQuestions()) } catch {
            throw CommandFailure(error.description, status: 2)
        }
    }
}
