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
    public var focus: Field = .kind
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
        case .character(let character) where focus != .kind:
            guard character.asciiValue.map({ $0 >= 0x20 }) ?? true else { return false }
            switch focus {
            case .path:
                path.append(character)
                pathEdited = true
            case .comment: comment.append(character)
            case .passphrase: passphrase.append(character)
            case .confirmation: confirmation.append(character)
            case .kind: break
            }
        case .backspace:
            switch focus {
            case .path:
                if !path.isEmpty { path.removeLast() }
                pathEdited = true
            case .comment: if !comment.isEmpty { comment.removeLast() }
            case .passphrase: passphrase.removeLast()
            case .confirmation: confirmation.removeLast()
            case .kind: break
            }
        default:
            return false
        }
        return true
    }
}

/// A secret typed into the wizard: shown only as bullets, described as a mask.
///
/// The bytes live in ``SecretBytes``, which wipes them when the last screen holding them goes
/// away. Each keystroke makes a new one instead of growing an array in place, because the
/// buffers a growing array leaves behind are freed without being wiped.
public struct TypedSecret: Sendable, Equatable, CustomStringConvertible {
    /// The secret for the work that needs it.
    public private(set) var secret = SecretBytes([UInt8]())

    public init() {}

    public var isEmpty: Bool { secret.isEmpty }

    /// How many characters were typed (for the bullets): the Unicode scalars, counted from the
    /// UTF-8 lead bytes so the secret is never copied into a String.
    public var count: Int { secret.withBytes { bytes in bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } } }

    /// A copy of the bytes, for tests.
    var bytes: [UInt8] { secret.withBytes { Array($0) } }

    mutating func append(_ character: Character) {
        replace { $0 += Array(String(character).utf8) }
    }

    /// Removes the last character typed (its last Unicode scalar).
    mutating func removeLast() {
        replace { bytes in
            while let last = bytes.popLast(), last & 0xC0 == 0x80 {}
        }
    }

    /// Builds the next value in a scratch array that is wiped afterwards.
    private mutating func replace(_ change: (inout [UInt8]) -> Void) {
        var scratch = [UInt8]()
        scratch.reserveCapacity(secret.count + 64)
        secret.withBytes { scratch.append(contentsOf: $0) }
        change(&scratch)
        secret = SecretBytes(consuming: &scratch)
    }

    public var description: String { String(repeating: "\u{2022}", count: count) }
}
