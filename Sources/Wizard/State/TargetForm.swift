import AuthSetup

/// The target screen's answers: host (or a ~/.ssh/config alias), port and user, checked as typed.
public struct TargetForm: Sendable, Equatable {
    public enum Field: Int, Sendable, CaseIterable {
        case host, port, user
    }

    public var host = ""
    public var port = ""
    public var user = ""
    public var focus: Field = .host {
        didSet { afterCursor = 0 }
    }
    /// Characters between the cursor and the end of the focused field.
    public internal(set) var afterCursor = 0
    /// What became of the last connection from this form (a host key rejected), until the next edit.
    public internal(set) var notice: String?

    public init(host: String = "", port: String = "", user: String = "") {
        self.host = host
        self.port = port
        self.user = user
    }

    /// The text of a field.
    public subscript(field: Field) -> String {
        get {
            switch field {
            case .host: host
            case .port: port
            case .user: user
            }
        }
        set {
            switch field {
            case .host: host = newValue
            case .port: port = newValue
            case .user: user = newValue
            }
        }
    }

    /// What is wrong with the answers so far, as one sentence; nil when they can be used.
    public var problem: String? {
        if host.isEmpty { return "Type the host name, address, or a Host alias from ~/.ssh/config." }
        if !port.isEmpty, Int(port).map({ (1...65535).contains($0) }) != true {
            return "The port must be a number from 1 to 65535 (empty means 22 or the alias's Port)."
        }
        do {
            _ = try address()
        } catch {
            return error.description
        }
        return nil
    }

    /// The answers as a target address (user and port are optional: ssh_config or defaults fill them).
    public func address() throws(TargetError) -> TargetAddress {
        let typed = (user.isEmpty ? "" : user + "@") + host
        var parsed = try TargetAddress(parsing: typed)
        if let number = Int(port) { parsed.port = number }
        return parsed
    }

    /// Applies a typed key to the focused field; returns false when the key is not for the form.
    mutating func edit(_ key: WizardEvent.Key) -> Bool {
        notice = nil
        // The port takes digits only; anything else typed is swallowed, not inserted.
        if focus == .port, case .character(let character) = key, character.isTypable, !character.isNumber { return true }
        switch key {
        case .tab, .down:
            focus = focus.next
        case .backTab, .up:
            focus = focus.previous
        default:
            var text = self[focus]
            guard TextEntry.apply(key, to: &text, afterCursor: &afterCursor) else { return false }
            self[focus] = text
        }
        return true
    }
}
