import Testing
@testable import AuthSetup

/// End dates are real calendar days after a given today; subject fields keep RFC 5280's limits.
@Suite("RACF dates and subject names")
struct ZOSDateAndSubjectTests {
    static let today = try! RACFDate("2026-06-15")

    @Test("accepted dates", arguments: ["2026-06-16", "2026-12-31", "2028-02-29", "2400-02-29", "9999-12-31", "2030-01-01"])
    func accepted(_ text: String) throws {
        let date = try RACFDate(text)
        #expect(date.description == text)
        try date.checkInFuture(today: Self.today)
    }

    @Test("malformed or impossible dates", arguments: [
        ("", ZOSInputError.Kind.malformedDate),
        ("2026-2-3", .malformedDate),
        ("26-12-31", .malformedDate),
        ("2026/12/31", .malformedDate),
        ("2026-12-31 ", .malformedDate),
        ("2026-12-3x", .malformedDate),
        ("+2026-12-1", .malformedDate),
        ("２０２６-12-31", .malformedDate),
        ("2026-02-30", .noSuchDay),
        ("2026-02-29", .noSuchDay),
        ("1900-02-29", .noSuchDay),
        ("2026-04-31", .noSuchDay),
        ("2026-13-01", .noSuchDay),
        ("2026-00-10", .noSuchDay),
        ("2026-12-00", .noSuchDay),
        ("0000-01-01", .noSuchDay),
    ])
    func refused(_ text: String, _ kind: ZOSInputError.Kind) {
        #expect(throws: ZOSInputError(.date, kind, input: text)) { try RACFDate(text) }
    }

    @Test("dates not after today are refused", arguments: ["2026-06-15", "2026-06-14", "2000-01-01", "2025-12-31"])
    func past(_ text: String) throws {
        let date = try RACFDate(text)
        #expect(throws: ZOSInputError(.date, .notInFuture(today: Self.today), input: text)) { try date.checkInFuture(today: Self.today) }
    }

    @Test("today is a real day")
    func todayIsReal() throws {
        let today = RACFDate.today()
        #expect(try RACFDate(today.description) == today)
        #expect(today.year >= 2024)
    }

    @Test("subject fields keep their order and limits")
    func subjectOrder() throws {
        let subject = try RACFSubject(commonName: "CN", title: "T", organizationalUnit: "OU", organization: "O",
                                      locality: "L", stateOrProvince: "SP", country: "US")
        #expect(subject.fields.map(\.attribute.keyword) == ["CN", "T", "OU", "O", "L", "SP", "C"])
        #expect(try RACFSubject(commonName: "only").fields.count == 1)
        let longest = try RACFSubject(commonName: String(repeating: "c", count: 64), title: String(repeating: "t", count: 64),
                                      organizationalUnit: String(repeating: "u", count: 64), organization: String(repeating: "o", count: 64),
                                      locality: String(repeating: "l", count: 128), stateOrProvince: String(repeating: "s", count: 128),
                                      country: "de")
        #expect(longest.value(of: .locality)?.count == 128)
    }

    @Test("refused subject fields", arguments: [
        (SubjectAttribute.commonName, String(repeating: "c", count: 65), ZOSInputError.Kind.tooLong(maximum: 64)),
        (.commonName, "", .empty),
        (.commonName, " padded", .edgeBlank),
        (.title, String(repeating: "t", count: 65), .tooLong(maximum: 64)),
        (.organizationalUnit, String(repeating: "u", count: 65), .tooLong(maximum: 64)),
        (.organization, String(repeating: "o", count: 65), .tooLong(maximum: 64)),
        (.organization, "Firma\u{7}", .badCharacter("\u{7}", part: "")),
        (.locality, String(repeating: "l", count: 129), .tooLong(maximum: 128)),
        (.stateOrProvince, String(repeating: "s", count: 129), .tooLong(maximum: 128)),
        (.country, "USA", .notTwoLetters),
        (.country, "U", .notTwoLetters),
        (.country, "U1", .notTwoLetters),
        (.country, "", .empty),
    ])
    func refusedSubject(_ attribute: SubjectAttribute, _ value: String, _ kind: ZOSInputError.Kind) {
        func make() throws(ZOSInputError) -> RACFSubject {
            switch attribute {
            case .commonName: try RACFSubject(commonName: value)
            case .title: try RACFSubject(commonName: "X", title: value)
            case .organizationalUnit: try RACFSubject(commonName: "X", organizationalUnit: value)
            case .organization: try RACFSubject(commonName: "X", organization: value)
            case .locality: try RACFSubject(commonName: "X", locality: value)
            case .stateOrProvince: try RACFSubject(commonName: "X", stateOrProvince: value)
            case .country: try RACFSubject(commonName: "X", country: value)
            }
        }
        #expect(throws: ZOSInputError(.subject(attribute), kind, input: value)) { try make() }
    }
}
