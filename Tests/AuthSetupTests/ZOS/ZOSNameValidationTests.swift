import Testing
@testable import AuthSetup

/// User IDs, labels, ring names and dataset names are checked as z/OS checks them, and each
/// refusal says what is wrong with which input.
@Suite("z/OS names")
struct ZOSNameValidationTests {
    @Test("accepted user IDs", arguments: ["A", "COZUSER", "BATCHID8", "#SYS", "@OPS", "$X1", "A1234567", "U#@$9"])
    func acceptedUserID(_ text: String) throws {
        #expect(try ZOSUserID(text).value == text)
    }

    @Test("refused user IDs", arguments: [
        ("", ZOSInputError.Kind.empty),
        ("ABCDEFGHI", .tooLong(maximum: 8)),
        ("COZUSER12", .tooLong(maximum: 8)),
        ("cozuser", .lowercase),
        ("CozUser", .lowercase),
        ("1ABC", .badFirstCharacter("1", part: "")),
        ("9", .badFirstCharacter("9", part: "")),
        ("-ABC", .badFirstCharacter("-", part: "")),
        ("AB-C", .badCharacter("-", part: "")),
        ("AB C", .badCharacter(" ", part: "")),
        ("AB.C", .badCharacter(".", part: "")),
        ("ÄBC", .badFirstCharacter("Ä", part: "")),
    ])
    func refusedUserID(_ text: String, _ kind: ZOSInputError.Kind) {
        #expect(throws: ZOSInputError(.userID, kind, input: text)) { try ZOSUserID(text) }
    }

    @Test("a lower-case user ID is refused, not changed, and the sentence says so")
    func lowercaseSentence() {
        do {
            _ = try ZOSUserID("cozuser")
            Issue.record("accepted a lower-case user ID")
        } catch {
            #expect(error.description.contains("'cozuser'"))
            #expect(error.description.contains("capitals"))
            #expect(error.description.contains("does not change it"))
        }
    }

    @Test("accepted labels", arguments: ["MY-CERT", "x", "Mixed Case label", "O'Brien", String(repeating: "L", count: 32), "a.b_c-d/e:f"])
    func acceptedLabel(_ text: String) throws {
        #expect(try RACFLabel(text).value == text)
    }

    @Test("refused labels", arguments: [
        ("", ZOSInputError.Kind.empty),
        (String(repeating: "L", count: 33), .tooLong(maximum: 32)),
        (" LEAD", .edgeBlank),
        ("TRAIL ", .edgeBlank),
        ("TAB\tLABEL", .badCharacter("\t", part: "")),
        ("LINE\nBREAK", .badCharacter("\n", part: "")),
        ("Zertifikat-ä", .badCharacter("ä", part: "")),
    ])
    func refusedLabel(_ text: String, _ kind: ZOSInputError.Kind) {
        #expect(throws: ZOSInputError(.label, kind, input: text)) { try RACFLabel(text) }
    }

    @Test("apostrophes are doubled inside the quoted label", arguments: [
        ("MY-CERT", "'MY-CERT'"),
        ("O'Brien", "'O''Brien'"),
        ("'", "''''"),
        ("''x''", "'''''x'''''"),
    ])
    func quotedLabel(_ text: String, _ quoted: String) throws {
        #expect(try RACFLabel(text).quoted == quoted)
    }

    @Test("accepted ring names", arguments: ["MY-RING", "SSHring", "*", "R", "a!b&c*d-e%f_g?h:i=j.k$#@", String(repeating: "R", count: 50)])
    func acceptedRing(_ text: String) throws {
        #expect(try KeyRingName(text).value == text)
    }

    @Test("refused ring names", arguments: [
        ("", ZOSInputError.Kind.empty),
        ("MY RING", .badCharacter(" ", part: "")),
        (" RING", .badCharacter(" ", part: "")),
        ("RING'S", .badCharacter("'", part: "")),
        ("OWNER/RING", .badCharacter("/", part: "")),
        ("RING(1)", .badCharacter("(", part: "")),
        ("RÏNG", .badCharacter("Ï", part: "")),
        (String(repeating: "R", count: 51), .tooLong(maximum: 50)),
    ])
    func refusedRing(_ text: String, _ kind: ZOSInputError.Kind) {
        #expect(throws: ZOSInputError(.ringName, kind, input: text)) { try KeyRingName(text) }
    }

    @Test("accepted dataset names", arguments: [
        ("HLQ.PASSWD(SITE1)", "HLQ.PASSWD", "SITE1"),
        ("'HLQ.PASSWD(SITE1)'", "HLQ.PASSWD", "SITE1"),
        ("SYSADM.CERT.REQ", "SYSADM.CERT.REQ", nil),
        ("A", "A", nil),
        ("#A.@B.$C.D-1", "#A.@B.$C.D-1", nil),
        ("ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH", "ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH", nil),
        ("ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH(ABCDEFGH)", "ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH", "ABCDEFGH"),
        ("HLQ.P(#1)", "HLQ.P", "#1"),
    ] as [(String, String, String?)])
    func acceptedDataset(_ text: String, _ name: String, _ member: String?) throws {
        let dataset = try DatasetName(text)
        #expect(dataset.name == name)
        #expect(dataset.member == member)
    }

    @Test("refused dataset names", arguments: [
        ("", ZOSInputError.Kind.empty),
        ("''", .empty),
        ("(MEM)", .empty),
        ("HLQ.ABCDEFGHI", .partTooLong("ABCDEFGHI")),
        ("HLQ.1ABC", .badFirstCharacter("1", part: "1ABC")),
        ("HLQ.-ABC", .badFirstCharacter("-", part: "-ABC")),
        ("HLQ.A_B", .badCharacter("_", part: "A_B")),
        ("HLQ.A B", .badCharacter(" ", part: "A B")),
        ("ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH.A", .tooLong(maximum: 44)),
        ("ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFG.AB(M)", .tooLong(maximum: 44)),
        ("HLQ..PASSWD", .emptyQualifier),
        (".HLQ.PASSWD", .emptyQualifier),
        ("HLQ.PASSWD.", .emptyQualifier),
        ("HLQ.PASSWD(ABCDEFGHI)", .partTooLong("ABCDEFGHI")),
        ("HLQ.PASSWD(1SITE)", .badFirstCharacter("1", part: "1SITE")),
        ("HLQ.PASSWD(SI-TE)", .badCharacter("-", part: "SI-TE")),
        ("HLQ.PASSWD(+1)", .badFirstCharacter("+", part: "+1")),
        ("HLQ.PASSWD()", .malformedMember),
        ("HLQ.PASSWD(SITE1", .malformedMember),
        ("HLQ.PASSWD(SITE1)X", .malformedMember),
        ("HLQ.PASSWD(A(B))", .malformedMember),
        ("HLQ.PASSWD)", .malformedMember),
        ("hlq.passwd", .lowercase),
        ("HLQ.PASSWD(site1)", .lowercase),
        ("HLQ.PÄSS", .badCharacter("Ä", part: "PÄSS")),
    ])
    func refusedDataset(_ text: String, _ kind: ZOSInputError.Kind) {
        #expect(throws: ZOSInputError(.datasetName, kind, input: text)) { try DatasetName(text) }
    }

    @Test("key sizes", arguments: [(2048, true), (3072, true), (4096, true), (1024, false), (2047, false), (8192, false)])
    func keySizes(_ bits: Int, _ accepted: Bool) {
        #expect((try? RSAKeySize(bits: bits))?.rawValue == (accepted ? bits : nil))
    }

    @Test("every refusal is one sentence that names the input")
    func sentences() {
        func failure<T>(_ body: @autoclosure () throws(ZOSInputError) -> T) -> ZOSInputError? {
            do throws(ZOSInputError) {
                _ = try body()
                return nil
            } catch {
                return error
            }
        }
        let errors = [
            failure(try ZOSUserID("ABCDEFGHI")), failure(try ZOSUserID("1ABC")),
            failure(try RACFLabel(String(repeating: "x", count: 33))), failure(try KeyRingName("A B")),
            failure(try DatasetName("HLQ.ABCDEFGHI")), failure(try DatasetName("HLQ..X")),
            failure(try RACFDate("2026-02-30")), failure(try RACFDate("2026-2-3")),
            failure(try RSAKeySize(bits: 1024)), failure(try RACFSubject(commonName: "X", country: "USA")),
        ]
        for error in errors {
            guard let error else {
                Issue.record("no error")
                continue
            }
            let sentence = error.description
            #expect(sentence.hasSuffix("."), "\(sentence)")
            #expect(!sentence.dropLast().contains(". "), "more than one sentence: \(sentence)")
            #expect(!sentence.contains("\n"))
            #expect(sentence.contains(error.input), "\(sentence)")
        }
    }
}
