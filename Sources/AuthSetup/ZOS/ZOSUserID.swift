/// A RACF user ID as JCL and RACF commands take it: 1 to 8 characters, the first a capital letter
/// or one of `# @ $`, the rest capitals, digits or `# @ $`.
///
/// Lower-case input is refused rather than changed, so that what the user typed is what ends up
/// in the JCL. (TSO logon IDs are limited to 7 characters; batch-only IDs may have 8.)
public struct ZOSUserID: Sendable, Equatable, CustomStringConvertible {
    public static let maximumLength = 8

    public let value: String

    public init(_ text: String) throws(ZOSInputError) {
        if text.count > Self.maximumLength {
            throw ZOSInputError(.userID, .tooLong(maximum: Self.maximumLength), input: text)
        }
        try ZOSCharacters.checkShortName(Substring(text), field: .userID, input: text, part: "")
        value = text
    }

    public var description: String { value }
}
