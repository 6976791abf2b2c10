/// What ssh asked the askpass helper, and whether the stored password is the answer.
///
/// ssh runs `$SSH_ASKPASS PROMPT` for every question it would put to a person: passwords, but
/// also the host-key "yes/no" question, key passphrases and confirmations. Answering those with
/// the password makes ssh loop or do the wrong thing, so only password prompts get it. And a
/// password prompt gets it only when it names the set-up's own account and host: ssh writes
/// `USER@HOST's password: ` for password logins and `(USER@HOST) ` before keyboard-interactive
/// prompts, so any other name is a login somewhere else, which must not learn the password.
public enum AskpassPrompt: Sendable, Equatable {
    case password
    case refused(Refusal)

    public enum Refusal: Sendable, Equatable, CustomStringConvertible {
        /// `SSH_ASKPASS_PROMPT=confirm` (a yes/no confirmation, e.g. for agent keys).
        case confirmation
        /// A host-key question or any other yes/no question.
        case question
        /// A key's passphrase: the stored password is not it.
        case passphrase
        /// A new password (an expired account): typing the old one again would loop.
        case newPassword
        /// A password prompt for another account or host than the pinned one.
        case otherTarget(found: String, expected: String)
        /// A password prompt that names no account and host at all.
        case noTarget(expected: String)
        /// Anything else.
        case unknown

        public var description: String {
            switch self {
            case .confirmation: "it asks for a confirmation"
            case .question: "it is a yes/no question (such as an unknown host key)"
            case .passphrase: "it asks for a key's passphrase, not the account's password"
            case .newPassword: "it asks for a new password (the account's password has expired)"
            case .otherTarget(let found, let expected): "it is for \(found), and this password is only for \(expected)"
            case .noTarget(let expected): "it does not say which account it is for, and this password is only for \(expected)"
            case .unknown: "it is not a password prompt"
            }
        }
    }

    /// Classifies `prompt` for the pinned account `user` at `host` (the host as ssh names it in
    /// its prompts); `promptKind` is the value of `SSH_ASKPASS_PROMPT`, if set.
    public init(_ prompt: String, promptKind: String?, user: String, host: String) {
        let pinned = user + "@" + host
        if let kind = promptKind, !kind.isEmpty, kind != "none" {
            self = .refused(kind == "confirm" ? .confirmation : .unknown)
        } else if prompt == pinned + "'s password: " {
            self = .password
        } else if prompt.hasPrefix("(" + pinned + ") ") {
            self = Self.classify(String(prompt.dropFirst(pinned.count + 3)))
        } else {
            switch Self.classify(prompt) {
            case .password:
                self = .refused(Self.namedTarget(in: prompt).map { .otherTarget(found: $0, expected: pinned) } ?? .noTarget(expected: pinned))
            case let refused:
                self = refused
            }
        }
    }

    /// What kind of question `prompt` is, whoever it is for.
    private static func classify(_ prompt: String) -> AskpassPrompt {
        let text = prompt.lowercased()
        if ["yes/no", "(yes", "'yes'", "continue connecting", "fingerprint"].contains(where: text.contains) {
            return .refused(.question)
        } else if text.contains("passphrase") {
            return .refused(.passphrase)
        } else if ["new password", "new unix password", "retype", "again", "re-enter", "reenter", "confirm"].contains(where: text.contains) {
            return .refused(.newPassword)
        } else if text.contains("password") || text.contains("passcode") {
            return .password
        }
        return .refused(.unknown)
    }

    /// The `USER@HOST` of a prompt in one of ssh's two forms, for the refusal's sentence.
    private static func namedTarget(in prompt: String) -> String? {
        if prompt.hasPrefix("("), let close = prompt.firstIndex(of: ")") {
            let inside = prompt[prompt.index(after: prompt.startIndex)..<close]
            return inside.contains("@") ? String(inside) : nil
        }
        let suffix = "'s password: "
        if prompt.hasSuffix(suffix) {
            let named = prompt.dropLast(suffix.count)
            return named.contains("@") && !named.contains(where: \.isWhitespace) ? String(named) : nil
        }
        return nil
    }
}
