/// Why a key, a key file or a key line could not be used.
///
/// A value with a kind (for code to switch on) and the offending input or detail (for people);
/// ``description`` turns both into one sentence.
public struct SSHKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The data ends before a field it announces.
        case truncated
        /// The data has the right overall shape but a field is wrong.
        case malformed
        /// Base64 text that is not strictly valid (bad characters, missing or extra padding).
        case badBase64
        /// A key type name this tool does not know.
        case unknownKeyType
        /// The type word of a line does not match the type inside the key blob.
        case typeMismatch
        /// An ECDSA key whose curve does not match its type.
        case curveMismatch
        /// An RSA key below the size this tool accepts.
        case rsaTooSmall
        /// Bytes left over after a complete structure.
        case trailingData
        /// The line or file holds no public key.
        case notAPublicKey
        /// A private key file that is not one of the formats read here.
        case unsupportedFormat
        /// The passphrase does not decrypt the key.
        case wrongPassphrase
        /// The key is encrypted and no passphrase was supplied.
        case passphraseRequired
        /// A cipher or KDF not supported for private key files.
        case unsupportedCipher
        /// OpenSSL reported a failure.
        case library
    }

    public let kind: Kind
    /// The offending input or a short detail, already safe to show (never a secret).
    public let detail: String

    public init(_ kind: Kind, _ detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        let base: String
        switch kind {
        case .truncated: base = "the key data is cut short"
        case .malformed: base = "the key data is malformed"
        case .badBase64: base = "the base64 text of the key is invalid (it must be complete and correctly padded)"
        case .unknownKeyType: base = "unknown key type"
        case .typeMismatch: base = "the key type word does not match the key data"
        case .curveMismatch: base = "the ECDSA curve does not match the key type"
        case .rsaTooSmall: base = "the RSA key is too small"
        case .trailingData: base = "unexpected data after the end of the key"
        case .notAPublicKey: base = "not a public key"
        case .unsupportedFormat: base = "not a private key format sshauth can read"
        case .wrongPassphrase: base = "the passphrase is wrong"
        case .passphraseRequired: base = "the key is protected by a passphrase"
        case .unsupportedCipher: base = "the key is encrypted with an unsupported cipher"
        case .library: base = "OpenSSL failed"
        }
        return detail.isEmpty ? base : "\(base): \(detail)"
    }
}
