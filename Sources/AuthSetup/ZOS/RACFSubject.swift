/// One field of a certificate's subject distinguished name, as RACDCERT SUBJECTSDN names it.
public enum SubjectAttribute: String, CaseIterable, Sendable {
    case commonName = "CN"
    case title = "T"
    case organizationalUnit = "OU"
    case organization = "O"
    case locality = "L"
    case stateOrProvince = "SP"
    case country = "C"

    /// The RACDCERT keyword.
    public var keyword: String { rawValue }

    /// The upper bounds of RFC 5280, which RACF applies too; a country is exactly two letters.
    public var maximumLength: Int {
        switch self {
        case .commonName, .title, .organizationalUnit, .organization: 64
        case .locality, .stateOrProvince: 128
        case .country: 2
        }
    }
}

/// The subject distinguished name of a new certificate: a common name and, optionally, the other
/// fields, each checked against its length limit.
public struct RACFSubject: Sendable, Equatable {
    /// One field and its value.
    public struct Field: Sendable, Equatable {
        public let attribute: SubjectAttribute
        public let value: String
    }

    /// The fields given, in the order SUBJECTSDN lists them (CN, T, OU, O, L, SP, C).
    public let fields: [Field]

    /// Checks every value given; `nil` leaves a field out.
    public init(commonName: String, title: String? = nil, organizationalUnit: String? = nil,
                organization: String? = nil, locality: String? = nil, stateOrProvince: String? = nil,
                country: String? = nil) throws(ZOSInputError) {
        let given: [(SubjectAttribute, String?)] = [
            (.commonName, commonName), (.title, title), (.organizationalUnit, organizationalUnit),
            (.organization, organization), (.locality, locality), (.stateOrProvince, stateOrProvince),
            (.country, country),
        ]
        var fields: [Field] = []
        for case (let attribute, let value?) in given {
            fields.append(Field(attribute: attribute, value: try Self.check(value, as: attribute)))
        }
        self.fields = fields
    }

    public func value(of attribute: SubjectAttribute) -> String? {
        fields.first { $0.attribute == attribute }?.value
    }

    private static func check(_ value: String, as attribute: SubjectAttribute) throws(ZOSInputError) -> String {
        let field = ZOSInputError.Field.subject(attribute)
        guard attribute == .country else {
            return try QuotedValue.check(value, field: field, maximumLength: attribute.maximumLength)
        }
        guard value.count == 2, value.allSatisfy({ ZOSCharacters.isCapital($0) || ZOSCharacters.isLowercase($0) }) else {
            throw ZOSInputError(field, value.isEmpty ? .empty : .notTwoLetters, input: value)
        }
        return value
    }
}
