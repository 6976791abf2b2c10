/// The key file formats sshauth writes, for private and public keys alike.
///
/// A closed list: a new format is one case here and one call in each switch below.
public enum KeyFileFormat: String, CaseIterable, Sendable {
    /// OpenSSH's own: openssh-key-v1 private keys (bcrypt KDF, aes256-ctr) and `.pub` lines.
    case openssh
    /// RFC 4716 (`---- BEGIN SSH2 PUBLIC KEY ----`): public keys only.
    case rfc4716
    /// PKCS#8 PEM private keys and SubjectPublicKeyInfo PEM public keys.
    case pkcs8
    /// PuTTY's key file (version 3, Argon2id and aes256-cbc when encrypted): private keys only, with
    /// the public key and comment in the clear as PuTTY keeps them.
    case ppk

    /// The format's name in sentences.
    public var name: String {
        switch self {
        case .openssh: return "OpenSSH"
        case .rfc4716: return "RFC 4716"
        case .pkcs8: return "PKCS#8"
        case .ppk: return "PuTTY .ppk"
        }
    }

    /// Whether the format has a form for private keys.
    public var holdsPrivateKeys: Bool {
        self != .rfc4716
    }

    /// Whether the format stores a key's comment.
    public var keepsComment: Bool {
        self != .pkcs8
    }

    /// A private key in this format, encrypted when `passphrase` is not empty. `rounds` are the
    /// openssh-key-v1 bcrypt rounds (OpenSSH's default when nil); the other formats have fixed settings.
    public func encode(_ key: SSHPrivateKey, passphrase: SecretBytes?, rounds: Int? = nil) throws(SSHKeyError) -> SecretBytes {
        switch self {
        case .openssh:
            return try OpenSSHPrivateKeyFile.encode(key, passphrase: passphrase, rounds: rounds ?? OpenSSHPrivateKeyFile.defaultRounds)
        case .rfc4716:
            throw SSHKeyError(.unsupportedFormat, "RFC 4716 files hold public keys only")
        case .pkcs8:
            return try PKCS8KeyFile.encode(key, passphrase: passphrase)
        case .ppk:
            return try PuTTYKeyFile.encode(key, passphrase: passphrase)
        }
    }

    /// A public key in this format, newline-terminated; `comment` where the format keeps one.
    public func encodePublic(_ key: SSHPublicKey, comment: String?) throws(SSHKeyError) -> [UInt8] {
        switch self {
        case .openssh:
            let line = PublicKeyLine(key: key, comment: comment ?? "")
            return Array(((comment ?? "").isEmpty ? line.keyText : line.text).utf8) + [UInt8(ascii: "\n")]
        case .rfc4716:
            return RFC4716PublicKeyFile.encode(key, comment: comment)
        case .pkcs8:
            return try PKCS8KeyFile.encodePublic(key)
        case .ppk:
            throw SSHKeyError(.unsupportedFormat, "a .ppk file holds a private key; PuTTYgen exports public keys as RFC 4716 (--to rfc4716) or OpenSSH lines (--to openssh)")
        }
    }

    /// The format of a private key file, when it is one sshauth writes: openssh-key-v1, PKCS#8
    /// PEM (plain or encrypted) or PuTTY .ppk (written back as version 3). Nil for the older PEM
    /// forms (PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`) and anything else.
    public static func ofPrivateKeyFile(_ text: [UInt8]) -> KeyFileFormat? {
        if OpenSSHPrivateKeyFile.looksLikeOne(text) { return .openssh }
        if PuTTYKeyFile.looksLikeOne(text) { return .ppk }
        switch PEMKeyFile.firstBeginLabel(text) {
        case "PRIVATE KEY"?, "ENCRYPTED PRIVATE KEY"?: return .pkcs8
        default: return nil
        }
    }
}
