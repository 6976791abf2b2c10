/// The label of a certificate in RACF (WITHLABEL, LABEL): 1 to 32 printable characters, blanks
/// and mixed case allowed, case- and blank-sensitive.
///
/// Only ASCII is accepted, because anything else would not reach z/OS as typed; a blank at
/// either end is refused because RACF would not keep it.
public struct RACFLabel: Sendable, Equatable, CustomStringConvertible {
    public static let maximumLength = 32

    public let value: String

    public init(_ text: String) throws(ZOSInputError) {
        value = try QuotedValue.check(text, field: .label, maximumLength: Self.maximumLength)
    }

    /// The label in apostrophes, each apostrophe inside doubled, as RACF commands take it.
    public var quoted: String { QuotedValue.quote(value) }

    public var description: String { value }
}

/// Free text that RACF commands take in apostrophes: labels and subject-name fields.
enum QuotedValue {
    static func check(_ text: String, field: ZOSInputError.Field, maximumLength: Int) throws(ZOSInputError) -> String {
        guard !text.isEmpty else { throw ZOSInputError(field, .empty, input: text) }
        if let bad = text.first(where: { !ZOSCharacters.isPrintableASCII($0) }) {
            throw ZOSInputError(field, .badCharacter(bad, part: ""), input: text)
        }
        if text.count > maximumLength { throw ZOSInputError(field, .tooLong(maximum: maximumLength), input: text) }
        if text.first == " " || text.last == " " { throw ZOSInputError(field, .edgeBlank, input: text) }
        return text
    }

    /// `text` in apostrophes, with every apostrophe inside written twice.
    static func quote(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }
}
