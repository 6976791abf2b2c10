/// The rule every front end follows for typed passwords: each costs the server one attempt, and
/// after this many refusals in a row no more are sent, since many servers (PAM's faillock, for
/// one) lock an account after a few failed logins, commonly from three.
public enum PasswordAttempts {
    public static let limit = 3

    /// Why no more passwords are sent to `user` at `host`.
    public static func lockoutSentence(user: String, host: String) -> String {
        "\(host) refused \(limit) passwords for \(user) in a row, so sshauth sends no more: many servers lock an account after a few failed logins. Check the password, or ask the administrator whether the account is locked, and try again later."
    }
}
