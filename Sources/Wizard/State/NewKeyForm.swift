import SSHKeys

/// The answers for a new key pair: kind, file, comment and passphrase (typed twice, never shown).
public struct NewKeyForm: Sendable, Equatable {
    /// The kinds offered, the recommended first.
    public enum Kind: Int, Sendable, CaseIterable {
        case ed25519, ecdsa256, rsa3072, rsa4096

        public var algorithm: SSHKeyAlgorithm {
            switch self {
            case .ed25519: .ed25519
            case .ecdsa256: .ecdsaP256
            case .rsa3072, .rsa4096: .rsa
            }
        }

        public var bits: Int {
            switch self {
            case .ed25519, .ecdsa256: 256
            case .rsa3072: 3072
            case .rsa4096: 4096
            }
        }

        public var label: String {
            switch self {
            case .ed25519: "Ed25519 (recommended: small and fast; OpenSSH 6.5+)"
            case .ecdsa256: "ECDSA P-256 (servers with NIST curves, no Ed25519)"
            case .rsa3072: "RSA 3072 (old servers, z/OS releases with RSA only)"
            case .rsa4096: "RSA 4096 (as RSA 3072; larger, slower to make)"
            }
        }
    }

    public enum Field: Int, Sendable, CaseIterable {
        case kind, path, comment, passphrase, confirmation
    }

    public var kind: Kind = .ed25519
    public var path: String
    public var comment: String
    public var passphrase = TypedSecret()
    public var confirmation = TypedSecret()
    public var focus: Field = .kind {
        didSet { afterCursor = 0 }
    }
    /// Characters between the cursor and the end of the focused path or comment (the
    /// passphrases keep their own cursor).
    public internal(set) var afterCursor = 0
    /// Whether the path was typed by the user (then changing the kind leaves it alone).
    public var pathEdited = false
    let sshDirectory: String

    public init(sshDirectory: String, comment: String) {
        self.sshDirectory = sshDirectory
        self.comment = comment
        path = sshDirectory + "/id_ed25519"
    }

    /// What stops the form from being used, as one sentence; nil when it can be.
    public func problem(fileExists: (String) -> Bool) -> String? {
        if path.isEmpty { return "Give the file for the private key." }
        if !path.hasPrefix("/") { return "Give the private key's file as an absolute path." }
        if fileExists(path) || fileExists(path + ".pub") {
            return "\(path) already exists; choose another file (an existing key can be used from the previous screen)."
        }
        if passphrase != confirmation { return "The two passphrases differ; type the same one twice." }
        return nil
    }

    /// What the passphrase choice means, for the screen.
    public var protectionNote: String {
        passphrase.isEmpty
            ? "No passphrase: batch jobs can use the key unattended, and the file's 0600 mode is all that protects it."
            : "With a passphrase the key is encrypted on disk, but every use needs the passphrase (or an ssh-agent)."
    }

    mutating func edit(_ key: WizardEvent.Key) -> Bool {
        switch key {
        case .tab, .down:
            focus = focus.next
        case .backTab, .up:
            focus = focus.previous
        case .left where focus == .kind, .right where focus == .kind, .character(" ") where focus == .kind:
            let step = key == .left ? Kind.allCases.count - 1 : 1
            kind = Kind(rawValue: (kind.rawValue + step) % Kind.allCases.count)!
            if !pathEdited { path = sshDirectory + "/" + (kind.algorithm == .ed25519 ? "id_ed25519" : kind.algorithm == .rsa ? "id_rsa" : "id_ecdsa") }
        default:
            switch focus {
            case .path:
                guard TextEntry.apply(key, to: &path, afterCursor: &afterCursor) else { return false }
                pathEdited = true
            case .comment: return TextEntry.apply(key, to: &comment, afterCursor: &afterCursor)
            case .passphrase: return passphrase.edit(key)
            case .confirmation: return confirmation.edit(key)
            case .kind: return false
            }
        }
        return true
    }
}

/// A secret typed into the wizard: shown only as bullets, described as a mask, edited at a cursor.
///
/// The bytes live in ``SecretBytes``, which wipes them when the last screen holding them goes
/// away. Each keystroke makes a new one instead of changing an array in place, because the
/// buffers a changed array leaves behind are freed without being wiped. Positions are Unicode
/// scalars, found from the UTF-8 lead bytes, so the secret is never copied into a String.
public struct TypedSecret: Sendable, Equatable, CustomStringConvertible {
    /// The secret for the work that needs it.
    public private(set) var secret = SecretBytes([UInt8]())
    /// Scalars between the cursor and the end (0: typing appends).
    public internal(set) var afterCursor = 0

    public init() {}

    public var isEmpty: Bool { secret.isEmpty }

    /// How many characters were typed (for the bullets): the Unicode scalars.
    public var count: Int { secret.withBytes { bytes in bytes.reduce(0) { $0 + (Self.isLead($1) ? 1 : 0) } } }

    /// Where the cursor stands, counted in scalars from the start.
    public var cursor: Int { count - min(afterCursor, count) }

    /// A copy of the bytes, for tests.
    var bytes: [UInt8] { secret.withBytes { Array($0) } }

    /// Two secrets are equal when their bytes are: where the cursor stands is not part of the value.
    public static func == (lhs: TypedSecret, rhs: TypedSecret) -> Bool { lhs.secret == rhs.secret }

    /// Applies an editing key at the cursor; false when the key is not for a line.
    mutating func edit(_ key: WizardEvent.Key) -> Bool {
        var after = afterCursor
        guard LineEditor.apply(key, to: &self, afterCursor: &after) else { return false }
        afterCursor = after
        return true
    }

    mutating func append(_ character: Character) {
        let end = count
        replace(end..<end, with: [character])
    }

    /// Removes the last character typed (its last Unicode scalar).
    mutating func removeLast() {
        let end = count
        if end > 0 { replace(end - 1..<end, with: []) }
    }

    private static func isLead(_ byte: UInt8) -> Bool { byte & 0xC0 != 0x80 }

    public var description: String { String(repeating: "\u{2022}", count: count) }
}

extension TypedSecret: EditableLine {
    var length: Int { count }

    /// Builds the next value in a scratch array that is wiped afterwards.
    mutating func replace(_ range: Range<Int>, with characters: [Character]) {
        // Room for the whole result up front: a growing array would free its old buffer unwiped.
        var scratch = [UInt8]()
        scratch.reserveCapacity(secret.count + characters.reduce(0) { $0 + $1.utf8.count })
        secret.withBytes { bytes in
            // Byte offsets of the range's ends: the scalar boundaries counted from lead bytes.
            var scalar = 0
            var lower = bytes.count
            var upper = bytes.count
            for (offset, byte) in bytes.enumerated() where Self.isLead(byte) {
                if scalar == range.lowerBound { lower = offset }
                if scalar == range.upperBound { upper = offset; break }
                scalar += 1
            }
            scratch.append(contentsOf: bytes[..<lower])
            for character in characters { scratch.append(contentsOf: character.utf8) }
            scratch.append(contentsOf: bytes[upper...])
        }
        secret = SecretBytes(consuming: &scratch)
    }

    /// Ctrl-W in a masked field takes everything before the cursor: stopping at a blank would show
    /// where the secret's words begin.
    func wordStart(before index: Int) -> Int { 0 }
}
