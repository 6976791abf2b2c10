/// The name of a RACF key ring: no blanks, mixed case kept (ring names are case-sensitive).
///
/// RACF accepts up to 237 characters; sshauth takes at most 50, so that the ring fits, with the
/// keyword or profile around it, on one 71-column line of every artifact it writes. The special
/// name `*` stands for the user's virtual key ring, the set of all certificates the user owns.
public struct KeyRingName: Sendable, Equatable, CustomStringConvertible {
    public static let maximumLength = 50

    /// The punctuation RACF allows in a ring name besides letters and digits.
    static let punctuation: Set<Character> = ["$", "#", "@", "!", "&", "*", "-", "%", "_", "?", ":", "=", "."]

    public let value: String

    public init(_ text: String) throws(ZOSInputError) {
        guard !text.isEmpty else { throw ZOSInputError(.ringName, .empty, input: text) }
        if let bad = text.first(where: { !Self.isAllowed($0) }) {
            throw ZOSInputError(.ringName, .badCharacter(bad, part: ""), input: text)
        }
        if text.count > Self.maximumLength {
            throw ZOSInputError(.ringName, .tooLong(maximum: Self.maximumLength), input: text)
        }
        value = text
    }

    /// The user's virtual key ring.
    public static let virtual = KeyRingName(unchecked: "*")

    private init(unchecked: String) { value = unchecked }

    /// Whether this is `*`, the virtual key ring.
    public var isVirtual: Bool { value == "*" }

    public var description: String { value }

    private static func isAllowed(_ character: Character) -> Bool {
        ZOSCharacters.isCapital(character) || ZOSCharacters.isLowercase(character) || ZOSCharacters.isDigit(character)
            || punctuation.contains(character)
    }
}
