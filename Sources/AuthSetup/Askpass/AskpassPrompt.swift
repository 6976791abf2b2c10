/// What ssh asked the askpass helper, and whether the stored password is the answer.
///
/// ssh runs `$SSH_ASKPASS PROMPT` for every question it would put to a person: passwords, but
/// also the host-key "yes/no" question, key passphrases and confirmations. Answering those with
/// the password makes ssh loop or do the wrong thing, so only password prompts get it.
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
        /// Anything else.
        case unknown

        public var description: String {
            switch self {
            case .confirmation: "it asks for a confirmation"
            case .question: "it is a yes/no question (such as an unknown host key)"
            case .passphrase: "it asks for a key's passphrase, not the account's password"
            case .newPassword: "it asks for a new password (the account's password has expired)"
            case .unknown: "it is not a password prompt"
            }
        }
    }

    /// Classifies `prompt`; `promptKind` is the value of `SSH_ASKPASS_PROMPT`, if set.
    public init(_ prompt: String, promptKind: String?) {
        let text = prompt.lowercased()
        if let kind = promptKind, !kind.isEmpty, kind != "none" {
            self = .refused(kind == "confirm" ? .confirmation : .unknown)
        } else if ["yes/no", "(yes", "'yes'", "continue connecting", "fingerprint"].contains(where: text.contains) {
            self = .refused(.question)
        } else if text.contains("passphrase") {
            self = .refused(.passphrase)
        } else if ["new password", "new unix password", "retype", "again", "re-enter", "reenter", "confirm"].contains(where: text.contains) {
            self = .refused(.newPassword)
        } else if text.contains("password") || text.contains("passcode") {
            self = .password
        } else {
            self = .refused(.unknown)
        }
    }
}
