import Glibc
import Testing
import SSHKeys

/// What `ring create` accepts and refuses before anything is made, following RACF's rules.
@Suite struct RingFieldValidationTests {
    @Test("labels of 1 to 32 characters, blanks and mixed case included, are accepted",
          arguments: ["A", "MY-CERT", "my cert with blanks", String(repeating: "x", count: 32), "O'Brien's key", "RING:with:colons"])
    func goodLabels(_ text: String) throws {
        #expect(try RingLabel(text).text == text)
    }

    @Test("labels that are empty, longer than 32 characters, not printable ASCII or with a blank at an end are refused",
          arguments: ["", String(repeating: "x", count: 33), "tab\there", "new\nline", "del\u{7F}", "\u{fc}n\u{ef}c\u{f6}d\u{e9}", " leading", "trailing "])
    func badLabels(_ text: String) {
        #expect(throws: KeyRingError(.invalidLabel, text)) { try RingLabel(text) }
    }

    struct SubjectCase: CustomTestStringConvertible, Sendable {
        let name: String
        let field: String?
        let build: @Sendable () throws -> CertificateSubject
        var testDescription: String { name }
    }

    static let long64 = String(repeating: "o", count: 64)
    static let long65 = String(repeating: "o", count: 65)
    static let long128 = String(repeating: "l", count: 128)
    static let long129 = String(repeating: "l", count: 129)

    static let subjects: [SubjectCase] = [
        SubjectCase(name: "CN only", field: nil) { try CertificateSubject(commonName: "First Lastname") },
        SubjectCase(name: "every field at its limit", field: nil) {
            try CertificateSubject(commonName: long64, title: long64, organizationalUnit: long64, organization: long64,
                                   locality: long128, stateOrProvince: long128, country: "US")
        },
        SubjectCase(name: "lower-case country", field: nil) { try CertificateSubject(commonName: "x", country: "de") },
        SubjectCase(name: "empty CN", field: "CN") { try CertificateSubject(commonName: "") },
        SubjectCase(name: "65-character CN", field: "CN") { try CertificateSubject(commonName: long65) },
        SubjectCase(name: "65-character O", field: "O") { try CertificateSubject(commonName: "x", organization: long65) },
        SubjectCase(name: "65-character OU", field: "OU") { try CertificateSubject(commonName: "x", organizationalUnit: long65) },
        SubjectCase(name: "65-character T", field: "T") { try CertificateSubject(commonName: "x", title: long65) },
        SubjectCase(name: "129-character L", field: "L") { try CertificateSubject(commonName: "x", locality: long129) },
        SubjectCase(name: "129-character SP", field: "SP") { try CertificateSubject(commonName: "x", stateOrProvince: long129) },
        SubjectCase(name: "empty O", field: "O") { try CertificateSubject(commonName: "x", organization: "") },
        SubjectCase(name: "3-letter country", field: "C") { try CertificateSubject(commonName: "x", country: "USA") },
        SubjectCase(name: "1-letter country", field: "C") { try CertificateSubject(commonName: "x", country: "U") },
        SubjectCase(name: "digits as country", field: "C") { try CertificateSubject(commonName: "x", country: "12") },
        SubjectCase(name: "control character in CN", field: "CN") { try CertificateSubject(commonName: "a\u{1B}[2J") },
    ]

    @Test("subject fields follow RFC 5280's bounds as RACF does", arguments: subjects)
    func subjectFields(_ row: SubjectCase) {
        do {
            let subject = try row.build()
            #expect(row.field == nil, "\(row.name) was accepted")
            if let country = subject.country { #expect(country == country.uppercased()) }
        } catch let error as KeyRingError {
            guard case .invalidSubjectField(let field, _) = error.kind else {
                Issue.record("\(row.name): \(error)")
                return
            }
            #expect(field == row.field, "\(row.name): \(error)")
        } catch {
            Issue.record("\(row.name): \(error)")
        }
    }

    @Test("dates must be days of the calendar in YYYY-MM-DD",
          arguments: ["2026-02-30", "2025-02-29", "2100-02-29", "2027-13-01", "2027-00-10", "2027-04-31", "27-01-01", "2027/01/01", "2027-1-1", "", "tomorrow", "2027-01-01T00:00"])
    func badDates(_ text: String) {
        #expect(throws: KeyRingError(.invalidDate, text)) { try CertificateDate(parsing: text) }
    }

    @Test("leap days exist in leap years only", arguments: ["2028-02-29", "2000-02-29", "2027-12-31"])
    func goodDates(_ text: String) throws {
        #expect(try CertificateDate(parsing: text).description == text)
    }

    @Test("a date must lie after today: yesterday and today are refused, tomorrow is accepted")
    func futureDates() throws {
        let now = time(nil)
        let today = CertificateDate.today(now: now)
        let yesterday = CertificateDate(containing: now - 86_400)
        let tomorrow = CertificateDate(containing: now + 86_400)
        #expect(throws: KeyRingError(.dateNotInFuture, today.description)) { try today.requireFuture(now: now) }
        #expect(throws: KeyRingError(.dateNotInFuture, yesterday.description)) { try yesterday.requireFuture(now: now) }
        #expect(throws: KeyRingError(.dateNotInFuture, "2020-01-01")) { try CertificateDate(parsing: "2020-01-01").requireFuture(now: now) }
        #expect(try tomorrow.requireFuture(now: now) == tomorrow)
        #expect(try CertificateDate(parsing: "2030-01-01").endOfDay == 1_893_542_399, "23:59:59 UTC on the day")
    }

    @Test("one year from 29 February is 28 February")
    func leapDayPlusOneYear() throws {
        #expect(try CertificateDate(parsing: "2028-02-29").adding(years: 1).description == "2029-02-28")
    }

    @Test("key types: RSA 2048/3072/4096 and the three NIST curves; nothing else",
          arguments: ["rsa:1024", "rsa:8192", "dsa:1024", "ecdsa:224", "ed25519", "rsa", ""])
    func badKeySpecs(_ text: String) {
        #expect(throws: KeyRingError(.invalidKeySpec, text)) { try RingKeySpec(parsing: text) }
    }

    @Test("the offered key types parse back to themselves")
    func goodKeySpecs() throws {
        #expect(RingKeySpec.offered.map(\.description) == ["rsa:2048", "rsa:3072", "rsa:4096", "ecdsa:256", "ecdsa:384", "ecdsa:521"])
        #expect(try RingKeySpec(parsing: "ecdsa:384").bits == 384)
        #expect(try RingKeySpec(parsing: "RSA:3072").bits == 3072)
        #expect(RingKeySpec.default.description == "rsa:2048")
    }
}
