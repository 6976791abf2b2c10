/// The label that names one certificate in a ring: RACF's WITHLABEL, stored as the PKCS#12 friendlyName.
///
/// RACF allows 1 to 32 characters, mixed case and blanks, and compares labels exactly (case and
/// blanks count), so this type keeps the text as given and only refuses what RACF would.
public struct RingLabel: Sendable, Hashable, CustomStringConvertible {
    /// RACF's upper bound for WITHLABEL.
    public static let maximumLength = 32

    public let text: String

    /// Accepts 1-32 characters with no control characters.
    public init(_ text: String) throws(KeyRingError) {
        let scalars = text.unicodeScalars
        guard (1...Self.maximumLength).contains(scalars.count), !scalars.contains(where: CertificateSubject.isControl) else {
            throw KeyRingError(.invalidLabel, text)
        }
        self.text = text
    }

    /// A label read from a ring made elsewhere, taken as it is.
    init(stored text: String) {
        self.text = text
    }

    public var description: String { text }
}
