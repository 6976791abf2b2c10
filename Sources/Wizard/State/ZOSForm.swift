import AuthSetup

/// The two values the z/OS artifacts need that the certificate does not carry: the RACF user ID
/// that owns the key ring (and runs the jobs that log in), and the ring's name.
public struct ZOSForm: Sendable, Equatable {
    public enum Field: Int, Sendable, CaseIterable {
        case userID, ring
    }

    public var userID: String
    public var ring: String
    public var focus: Field = .userID {
        didSet { afterCursor = 0 }
    }
    /// Characters between the cursor and the end of the focused field.
    public internal(set) var afterCursor = 0

    public init(userID: String, ring: String) {
        self.userID = userID
        self.ring = ring
    }

    /// Suggestions from what is known here: the local user name in capitals (a batch user ID is
    /// often the same name), and the ring file's name without its extension, in capitals as the
    /// z/OS advice goes (ISPF with CAPS ON would change it anyway). Either is left empty or
    /// replaced by SSHRING when it would not be a valid RACF name.
    public init(localUser: String, ringPath: String) {
        let user = localUser.uppercased()
        userID = (try? ZOSUserID(user)) == nil ? "" : user
        let file = ringPath.split(separator: "/").last.map(String.init) ?? ""
        let stem = (file.lastIndex(of: ".").map { String(file[..<$0]) } ?? file).uppercased()
        ring = (try? KeyRingName(stem)) == nil || stem == "*" ? "SSHRING" : stem
    }

    /// What is wrong with the answers, as one sentence; nil when they can be used.
    public var problem: String? {
        do {
            _ = try ZOSUserID(userID)
            _ = try KeyRingName(ring)
        } catch {
            return error.description
        }
        if ring == "*" { return "Name a real key ring: the artifacts create it and connect the certificate to it." }
        return nil
    }

    subscript(field: Field) -> String {
        get { field == .userID ? userID : ring }
        set { if field == .userID { userID = newValue } else { ring = newValue } }
    }

    mutating func edit(_ key: WizardEvent.Key) -> Bool {
        switch key {
        case .tab, .down: focus = focus.next
        case .backTab, .up: focus = focus.previous
        default:
            var text = self[focus]
            guard TextEntry.apply(key, to: &text, afterCursor: &afterCursor) else { return false }
            self[focus] = text
        }
        return true
    }
}
