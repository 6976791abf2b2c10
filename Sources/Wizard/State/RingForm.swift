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
    public var focus: Field = .path {
        didSet { afterCursor = 0 }
    }
    /// Characters between the cursor and the end of the path (the passwords keep their own cursor).
    public internal(set) var afterCursor = 0
    /// Whether the user changed the suggested path.
    public var pathEdited = false
    /// Why the ring did not open with the answer in a field, shown beside that field until the next key.
    public internal(set) var refusal: (field: Field, sentence: String)? {
        get { refusedField.map { ($0, refusedSentence) } }
        set {
            refusedField = newValue?.field
            refusedSentence = newValue?.sentence ?? ""
        }
    }
    private var refusedField: Field?
    private var refusedSentence = ""

    /// The ring refused the answer in `field`: that field is cleared (a password) and focused,
    /// with the sentence beside it.
    mutating func refuse(_ field: Field, _ sentence: String) {
        switch field {
        case .path: break
        case .password: password = TypedSecret()
        case .confirmation: confirmation = TypedSecret()
        }
        focus = field
        refusal = (field, sentence)
    }

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
        refusal = nil
        switch key {
        case .tab, .down:
            focus = focus.next
        case .backTab, .up:
            focus = focus.previous
        default:
            switch focus {
            case .path:
                guard TextEntry.apply(key, to: &path, afterCursor: &afterCursor) else { return false }
                pathEdited = true
            case .password: return password.edit(key)
            case .confirmation: return confirmation.edit(key)
            }
        }
        return true
    }
}
