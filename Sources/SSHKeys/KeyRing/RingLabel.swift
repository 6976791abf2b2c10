/// The label that names one certificate in a ring: RACF's WITHLABEL, stored as the PKCS#12 friendlyName.
///
/// RACF allows 1 to 32 characters, mixed case and blanks, and compares labels exactly (case and
/// blanks count), so this type keeps the text as given and only refuses what RACF would: the same
/// rule as the z/OS generators' RACFLabel (printable ASCII, no blank at either end), so a label
/// made here can be used in the RACDCERT jobs for the same certificate.
public struct RingLabel: Sendable, Hashable, CustomStringConvertible {
    /// RACF's upper bound for WITHLABEL.
    public static let maximumLength = 32

    public let text: String

    /// Accepts 1-32 printable ASCII characters without a blank at either end.
    public init(_ text: String) throws(KeyRingError) {
        let scalars = text.unicodeScalars
        guard (1...Self.maximumLength).contains(scalars.count), scalars.allSatisfy({ (0x20...0x7E).contains($0.value) }),
              text.first != " ", text.last != " " else {
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
