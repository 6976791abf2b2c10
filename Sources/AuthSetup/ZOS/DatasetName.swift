/// An MVS dataset name, fully qualified, with an optional member: `HLQ.PASSWD(SITE1)`.
///
/// Qualifiers are 1 to 8 characters, the first a capital letter or `# @ $`, the rest capitals,
/// digits, `# @ $` or `-`; with the periods between them at most 44 characters. A member name in
/// parentheses follows the user-ID rule (no `-`). The name may be typed in apostrophes, the TSO
/// way of saying "fully qualified"; they are not part of the name. Lower case is refused, not
/// changed.
public struct DatasetName: Sendable, Equatable, CustomStringConvertible {
    public static let maximumLength = 44
    public static let maximumPartLength = 8

    /// The name without the member, e.g. `HLQ.PASSWD`.
    public let name: String
    /// The member of a partitioned dataset, when one was given.
    public let member: String?

    public init(_ text: String) throws(ZOSInputError) {
        func failure(_ kind: ZOSInputError.Kind) -> ZOSInputError { ZOSInputError(.datasetName, kind, input: text) }

        var body = Substring(text)
        if body.count >= 2, body.first == "'", body.last == "'" {
            body = body.dropFirst().dropLast()
        }
        guard !body.isEmpty else { throw failure(.empty) }
        if body.contains(where: ZOSCharacters.isLowercase) { throw failure(.lowercase) }

        var member: Substring?
        if let open = body.firstIndex(of: "(") {
            guard body.last == ")" else { throw failure(.malformedMember) }
            let inside = body[body.index(after: open)..<body.index(before: body.endIndex)]
            guard !inside.isEmpty, !inside.contains("("), !inside.contains(")") else { throw failure(.malformedMember) }
            member = inside
            body = body[..<open]
        } else if body.contains(")") {
            throw failure(.malformedMember)
        }

        guard !body.isEmpty else { throw failure(.empty) }
        if body.count > Self.maximumLength { throw failure(.tooLong(maximum: Self.maximumLength)) }
        for qualifier in body.split(separator: ".", omittingEmptySubsequences: false) {
            guard !qualifier.isEmpty else { throw failure(.emptyQualifier) }
            if qualifier.count > Self.maximumPartLength { throw failure(.partTooLong(String(qualifier))) }
            try ZOSCharacters.checkShortName(qualifier, field: .datasetName, input: text, part: String(qualifier),
                                             extra: { $0 == "-" })
        }
        if let member {
            if member.count > Self.maximumPartLength { throw failure(.partTooLong(String(member))) }
            try ZOSCharacters.checkShortName(member, field: .datasetName, input: text, part: String(member))
        }
        name = String(body)
        self.member = member.map(String.init)
    }

    /// The name with the member in parentheses, without apostrophes: `HLQ.PASSWD(SITE1)`.
    public var fullName: String {
        member.map { "\(name)(\($0))" } ?? name
    }

    /// The name in apostrophes, as TSO and RACF commands take a fully qualified name.
    public var quoted: String { "'\(fullName)'" }

    /// The first qualifier, usually the owning user ID or group.
    public var highLevelQualifier: String {
        String(name.split(separator: ".").first ?? Substring(name))
    }

    public var description: String { fullName }
}
