/// The key ring screen's answers: the ring file and its password (masked), the password typed
/// twice when the ring is to be made.
public struct RingForm: Sendable, Equatable {
    public enum Field: Int, Sendable, CaseIterable {
        case path, password, confirmation
    }

    public var path: String
    public var password = TypedSecret()
    /// Only read for a ring that does not exist yet: a new ring's password is typed twice.
    public var confirmation = TypedSecret()
    public var focus: Field = .path
    /// Whether the user changed the suggested path.
    public var pathEdited = false

    public init(path: String) {
        self.path = path
    }

    /// The ring suggested for a user: a PKCS#12 file in `~/.ssh`, next to the keys it stands in for.
    public static func suggestedPath(sshDirectory: String) -> String {
        sshDirectory + "/sshauth-ring.p12"
    }

    /// What stops the form from being used, as one sentence; nil when it can be.
    public var problem: String? {
        if path.isEmpty { return "Give the ring file (a PKCS#12 file; a new one is made if it does not exist)." }
        if !path.hasPrefix("/") { return "Give the ring file as an absolute path." }
        if password.isEmpty { return "Type the ring password (for a new ring: the one it is to have)." }
        return nil
    }

    /// Applies a typed key to the focused field; false when the key is not for the form.
    mutating func edit(_ key: WizardEvent.Key) -> Bool {
        switch key {
        case .tab, .down:
            focus = focus.next
        case .backTab, .up:
            focus = focus.previous
        case .character(let character):
            guard character.isTypable else { return false }
            switch focus {
            case .path:
                path.append(character)
                pathEdited = true
            case .password: password.append(character)
            case .confirmation: confirmation.append(character)
            }
        case .backspace:
            switch focus {
            case .path:
                if !path.isEmpty { path.removeLast() }
                pathEdited = true
            case .password: password.removeLast()
            case .confirmation: confirmation.removeLast()
            }
        default:
            return false
        }
        return true
    }
}
