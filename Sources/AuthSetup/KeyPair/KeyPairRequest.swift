import SSHKeys

/// Everything needed to make a key pair on this machine.
public struct KeyPairRequest: Sendable, Equatable {
    public var algorithm: SSHKeyAlgorithm
    /// Only used for RSA.
    public var rsaBits: Int
    public var comment: String
    /// Where the private key goes; the public key goes next to it with `.pub` appended.
    public var privateKeyPath: String
    /// How the private key is protected, in words fit for a plan (never the passphrase itself).
    public var protection: Protection
    /// Whether existing key files at the paths may be replaced.
    public var replaceExisting: Bool

    public enum Protection: Sendable, Equatable {
        case none
        /// Encrypted with a passphrase from the named source ("the file F", "the terminal").
        case passphrase(from: String)
    }

    public init(algorithm: SSHKeyAlgorithm, rsaBits: Int = KeyGeneration.defaultRSABits, comment: String,
                privateKeyPath: String, protection: Protection, replaceExisting: Bool) {
        self.algorithm = algorithm
        self.rsaBits = rsaBits
        self.comment = comment
        self.privateKeyPath = privateKeyPath
        self.protection = protection
        self.replaceExisting = replaceExisting
    }

    public var publicKeyPath: String { privateKeyPath + ".pub" }

    /// The size the key will have.
    public var bits: Int {
        switch algorithm {
        case .ed25519, .ecdsaP256: 256
        case .ecdsaP384: 384
        case .ecdsaP521: 521
        case .rsa: rsaBits
        }
    }

    /// The default file name under `~/.ssh` for an algorithm, as ssh-keygen names it.
    public static func defaultFileName(for algorithm: SSHKeyAlgorithm) -> String {
        switch algorithm {
        case .ed25519: "id_ed25519"
        case .ecdsaP256, .ecdsaP384, .ecdsaP521: "id_ecdsa"
        case .rsa: "id_rsa"
        }
    }

    /// The ssh-keygen command that would make the same key (without the passphrase).
    public var manualCommand: String {
        var words = ["ssh-keygen", "-t"]
        switch algorithm {
        case .ed25519: words.append("ed25519")
        case .ecdsaP256, .ecdsaP384, .ecdsaP521: words += ["ecdsa", "-b", String(bits)]
        case .rsa: words += ["rsa", "-b", String(bits)]
        }
        words += ["-C", ShellQuoting.quote(comment), "-f", ShellQuoting.quote(privateKeyPath)]
        if protection == .none { words += ["-N", "''"] }
        return words.joined(separator: " ")
    }
}
