/// Why a value for a z/OS artifact (a user ID, a label, a dataset name, a date, a line of JCL)
/// cannot be used as given, with the text it concerns.
public struct ZOSInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Which value the complaint is about.
    public enum Field: Equatable, Sendable {
        case userID
        case label
        case ringName
        case datasetName
        case date
        case keySize
        case subject(SubjectAttribute)
        case jobCard
        case cozHome
        /// A line of generated JCL or in-stream data, or a piece of one.
        case line
    }

    /// What is wrong.
    public enum Kind: Equatable, Sendable {
        /// Nothing was given.
        case empty
        /// More characters than the field allows.
        case tooLong(maximum: Int)
        /// Lower-case letters where z/OS expects capitals.
        case lowercase
        /// A character that may not start the value (or the named part of it).
        case badFirstCharacter(Character, part: String)
        /// A character the value (or the named part of it) may not contain.
        case badCharacter(Character, part: String)
        /// A blank at the start or end, which RACF would not keep as typed.
        case edgeBlank
        /// A dataset-name qualifier (or member name) longer than 8 characters.
        case partTooLong(String)
        /// Two periods in a row, or a period at the start or end of a dataset name.
        case emptyQualifier
        /// A member name that is empty, unclosed or followed by more text.
        case malformedMember
        /// A member name where a sequential dataset is needed.
        case memberNotAllowed
        /// A date not written as YYYY-MM-DD.
        case malformedDate
        /// A date written correctly that the calendar does not have, such as 2026-02-30.
        case noSuchDay
        /// A date that is not after `today`.
        case notInFuture(today: RACFDate)
        /// A key size other than the ones offered.
        case unsupportedKeySize
        /// A country that is not two letters.
        case notTwoLetters
        /// A name that cannot serve here, with the reason.
        case unusable(reason: String)
        /// An unbreakable piece (a quoted value, a profile name) wider than a 71-column line.
        case doesNotFit
        /// A JOB statement that cannot be used, with the reason.
        case jobStatement(reason: String)
    }

    public let field: Field
    public let kind: Kind
    /// The value as typed (for a line that does not fit: the piece that does not fit).
    public let input: String

    public init(_ field: Field, _ kind: Kind, input: String) {
        self.field = field
        self.kind = kind
        self.input = input
    }

    /// One sentence naming the value and saying what to do.
    public var description: String {
        let subject = "\(fieldName) \(Self.quoted(input))"
        switch kind {
        case .empty:
            return "The \(fieldName) is empty; give a value."
        case .tooLong(let maximum):
            return "The \(subject) has \(input.count) characters, but at most \(maximum) are allowed\(lengthReason); shorten it."
        case .lowercase:
            return "The \(subject) has lower-case letters, but z/OS expects capitals here; type it in capitals (sshauth does not change it for you)."
        case .badFirstCharacter(let character, let part):
            return "The \(subject) has \(Self.name(of: character)) as the first character\(Self.within(part)), but it must start with a letter A-Z or one of # @ $; correct it."
        case .badCharacter(let character, let part):
            return "The \(subject) contains \(Self.name(of: character))\(Self.within(part)), which is not allowed there (\(allowedCharacters)); remove it."
        case .edgeBlank:
            return "The \(subject) starts or ends with a blank, which RACF would not keep as typed; remove it."
        case .partTooLong(let part):
            return "The \(subject) has the part \(Self.quoted(part)) with \(part.count) characters, but each qualifier and member name is 1 to 8 characters; shorten it."
        case .emptyQualifier:
            return "The \(subject) has an empty qualifier (two periods in a row, or a period at the start or end); remove the extra period."
        case .malformedMember:
            return "The \(subject) has a member name that is empty, not closed by ')', or followed by more text; write it as NAME(MEMBER)."
        case .memberNotAllowed:
            return "The \(subject) names a member, but a sequential dataset is needed here; leave out the member."
        case .malformedDate:
            return "The \(subject) is not written as YYYY-MM-DD; write it like 2027-12-31."
        case .noSuchDay:
            return "The \(subject) is not a day of the calendar; check the month and the day."
        case .notInFuture(let today):
            return "The \(subject) is not after today (\(today)); give a date in the future."
        case .unsupportedKeySize:
            return "The \(subject) is not offered; use 2048, 3072 or 4096."
        case .notTwoLetters:
            return "The \(subject) is not a two-letter country code; use the ISO 3166 code, such as US or DE."
        case .unusable(let reason):
            return "The \(subject) cannot be used here: \(reason)."
        case .doesNotFit:
            return "The \(subject) is too long to fit on one 71-column JCL line, and sshauth never splits it; shorten it."
        case .jobStatement(let reason):
            return "The \(subject) is not a usable JOB statement: \(reason)."
        }
    }

    private var fieldName: String {
        switch field {
        case .userID: "user ID"
        case .label: "certificate label"
        case .ringName: "key ring name"
        case .datasetName: "dataset name"
        case .date: "date"
        case .keySize: "key size"
        case .subject(let attribute): "subject name field \(attribute.keyword)"
        case .jobCard: "job card"
        case .cozHome: "Co:Z home directory"
        case .line: "text"
        }
    }

    private var lengthReason: String {
        switch field {
        case .ringName: " (so that every generated line fits in 71 columns)"
        case .datasetName: " (44, not counting the member name)"
        default: ""
        }
    }

    private var allowedCharacters: String {
        switch field {
        case .userID: "letters A-Z, digits and # @ $"
        case .datasetName: "letters A-Z, digits, # @ $ and - in qualifiers, no - in a member name"
        case .ringName: "letters, digits and $ # @ ! & * - % _ ? : = ., no blanks"
        case .label, .subject: "printable ASCII characters"
        case .cozHome: "an absolute z/OS UNIX path without blanks or quotes"
        default: "printable ASCII characters"
        }
    }

    private static func within(_ part: String) -> String {
        part.isEmpty ? "" : " of \(quoted(part))"
    }

    static func quoted(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x20, scalar.value < 0x7F {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out + "'"
    }

    private static func name(of character: Character) -> String {
        switch character {
        case " ": return "a blank"
        case "\t": return "a tab"
        case "\n", "\r", "\r\n": return "a line break"
        default:
            let scalars = character.unicodeScalars
            if scalars.count == 1, let scalar = scalars.first, scalar.value >= 0x21, scalar.value < 0x7F {
                return "'\(character)'"
            }
            return "the character U+" + scalars.map { String($0.value, radix: 16, uppercase: true) }.joined(separator: " U+")
        }
    }
}
