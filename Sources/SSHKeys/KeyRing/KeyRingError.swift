/// Why a key ring, a certificate or a certificate field could not be used.
///
/// A value with a kind (for code to switch on) and the offending input (for people);
/// ``description`` turns both into one sentence fragment that the command line finishes.
public struct KeyRingError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// A certificate label outside RACF's rule (1-32 printable ASCII characters, no blank at either end).
        case invalidLabel
        /// A subject field that is empty, too long, or has characters a DN cannot hold; `field` names it.
        case invalidSubjectField(field: String, rule: String)
        /// A date that is not `YYYY-MM-DD` or not a day of the calendar.
        case invalidDate
        /// A date that is today or earlier where a future one is needed.
        case dateNotInFuture
        /// A key specification other than the rsa:/ecdsa: sizes offered.
        case invalidKeySpec
        /// The ring password does not open the ring (its integrity check fails).
        case wrongPassword
        /// A ring password OpenSSL cannot take: empty, or holding a NUL byte.
        case unusablePassword
        /// The bytes are not a PKCS#12 file (or not a certificate, where one is expected).
        case notAKeyRing
        /// The PKCS#12 structure opened but part of it could not be decoded.
        case corrupt
        /// No certificate in the ring carries the label.
        case unknownLabel
        /// A certificate with the label is already in the ring.
        case labelExists
        /// The certificate has no private key in the ring.
        case noPrivateKey
        /// The certificate's key is not one SSH can use.
        case unusableKey
        /// OpenSSL reported a failure.
        case library
        /// Writing the ring back would drop private keys that have no certificate.
        case unpairedKeys
    }

    public let kind: Kind
    /// The offending input or a short detail, already safe to show (never a secret).
    public let detail: String

    public init(_ kind: Kind, _ detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .invalidLabel:
            return "the label '\(detail)' is not 1 to 32 printable ASCII characters without a blank at either end, as RACF requires"
        case .invalidSubjectField(let field, let rule):
            return "the subject field \(field) '\(detail)' \(rule)"
        case .invalidDate:
            return "'\(detail)' is not a date of the calendar in the form YYYY-MM-DD"
        case .dateNotInFuture:
            return "the date \(detail) is not in the future"
        case .invalidKeySpec:
            return "'\(detail)' is not a key type offered here (rsa:2048, rsa:3072, rsa:4096, ecdsa:256, ecdsa:384, ecdsa:521)"
        case .wrongPassword:
            return "the ring password does not open \(detail)"
        case .unusablePassword:
            return "a ring password must be non-empty and hold no NUL byte"
        case .notAKeyRing:
            return "\(detail) is not a PKCS#12 key ring or an X.509 certificate"
        case .corrupt:
            return "the key ring is damaged: \(detail)"
        case .unknownLabel:
            return "no certificate labelled '\(detail)' is in the ring"
        case .labelExists:
            return "a certificate labelled '\(detail)' is already in the ring"
        case .noPrivateKey:
            return "the ring holds no private key for the certificate '\(detail)'"
        case .unusableKey:
            return "the certificate's key cannot be used with SSH: \(detail)"
        case .library:
            return "OpenSSL failed: \(detail)"
        case .unpairedKeys:
            return "the ring holds \(detail) private key(s) without a certificate, which rewriting it would lose; sshauth leaves it as it is (add certificates to another ring file)"
        }
    }
}

extension KeyRingError {
    /// An OpenSSL failure with the library's own reason, read from its error queue in the one place that does so.
    static func openSSL(_ operation: String) -> KeyRingError {
        KeyRingError(.library, SSHKeyError.openSSL(operation).detail)
    }
}
