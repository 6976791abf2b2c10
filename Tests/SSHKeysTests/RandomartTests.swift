import Testing
@testable import SSHKeys

/// One synthetic drunken-bishop picture.
struct RandomartVector: Sendable, CustomTestStringConvertible {
    let name: String
    let digest: [UInt8]
    let title: String
    let hashLabel: String
    let art: String

    var testDescription: String { name }
}

/// The "drunken bishop" art, character for character as ssh-keygen 9.2 draws it.
@Suite("Randomart")
struct RandomartTests {
    static let vectors: [RandomartVector] = [
        RandomartVector(name: "32 zero bytes, ED25519", digest: [UInt8](repeating: 0x00, count: 32),
                        title: "[ED25519 256]", hashLabel: "SHA256", art: """
            +--[ED25519 256]--+
            |E....            |
            |     .           |
            |      .          |
            |       .         |
            |        S        |
            |                 |
            |                 |
            |                 |
            |                 |
            +----[SHA256]-----+
            """),
        RandomartVector(name: "32 0xff bytes, RSA", digest: [UInt8](repeating: 0xFF, count: 32),
                        title: "[RSA 2048]", hashLabel: "SHA256", art: """
            +---[RSA 2048]----+
            |                 |
            |                 |
            |                 |
            |                 |
            |        S        |
            |         .       |
            |          .      |
            |           .     |
            |            ....E|
            +----[SHA256]-----+
            """),
        RandomartVector(name: "bytes 0...31, ECDSA", digest: (0..<32).map { UInt8($0) },
                        title: "[ECDSA 256]", hashLabel: "SHA256", art: """
            +---[ECDSA 256]---+
            |^^O@@E.          |
            |@@O++..          |
            |o+.. ..          |
            |       .         |
            |        S        |
            |                 |
            |                 |
            |                 |
            |                 |
            +----[SHA256]-----+
            """),
        RandomartVector(name: "16 zero bytes, truncated title, MD5", digest: [UInt8](repeating: 0x00, count: 16),
                        title: "[ED25519-SK-CERT", hashLabel: "MD5", art: """
            +[ED25519-SK-CERT-+
            |E....            |
            |     .           |
            |      .          |
            |       .         |
            |        S        |
            |                 |
            |                 |
            |                 |
            |                 |
            +------[MD5]------+
            """),
    ]

    @Test("synthetic digests draw byte for byte", arguments: vectors)
    func syntheticVectors(_ vector: RandomartVector) {
        let art = Randomart.draw(digest: vector.digest, title: vector.title, hashLabel: vector.hashLabel)
        #expect(art == vector.art)
        #expect(art.last == "+", "no trailing newline after the bottom border")
        let lines = art.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 11)
        #expect(lines.allSatisfy { $0.utf8.count == 19 })
    }

    @Test("titles follow OpenSSH's 17-byte buffer", arguments: [
        ("RSA", 2048, "[RSA 2048]"),
        ("RSA", 16384, "[RSA 16384]"),
        ("ED25519", 256, "[ED25519 256]"),
        ("ECDSA", 521, "[ECDSA 521]"),
        ("ED25519-SK", 256, "[ED25519-SK 256]"),          // 16 characters: fits
        ("ECDSA-SK", 2560, "[ECDSA-SK 2560]"),
        ("ED25519-CERT", 256, "[ED25519-CERT]"),         // 18 characters: short form
        ("ED25519-SK-CERT", 256, "[ED25519-SK-CERT"),    // short form is 17: cut to 16
        ("ED25519-SKX", 256, "[ED25519-SKX 256"),         // 17 characters: cut to 16, no short form
    ])
    func titles(typeName: String, bits: Int, expected: String) {
        #expect(Randomart.title(typeName: typeName, bits: bits) == expected)
    }

    @Test("top border centres the title, left-biased", arguments: [
        ("[RSA 2048]", "+---[RSA 2048]----+"),
        ("[ED25519 256]", "+--[ED25519 256]--+"),
        ("[ED25519-SK 256]", "+[ED25519-SK 256]-+"),
        ("[ED25519-CERT]", "+-[ED25519-CERT]--+"),
        ("[ED25519-SK-CERT", "+[ED25519-SK-CERT-+"),
        ("[ECDSA 384]", "+---[ECDSA 384]---+"),
        ("", "+-----------------+"),
    ])
    func topBorders(title: String, expected: String) {
        let art = Randomart.draw(digest: [], title: title, hashLabel: "SHA256")
        #expect(art.split(separator: "\n").first.map(String.init) == expected)
    }

    @Test("bottom border carries the hash label", arguments: [
        ("SHA256", "+----[SHA256]-----+"),
        ("MD5", "+------[MD5]------+"),
    ])
    func bottomBorders(label: String, expected: String) {
        let art = Randomart.draw(digest: [1, 2, 3], title: "[RSA 2048]", hashLabel: label)
        #expect(art.split(separator: "\n").last.map(String.init) == expected)
    }

    @Test("an empty digest leaves the bishop on the start square, drawn as E")
    func emptyDigest() {
        let art = Randomart.draw(digest: [], title: "[X]", hashLabel: "MD5")
        let rows = art.split(separator: "\n").dropFirst().dropLast()
        #expect(rows.count == 9)
        #expect(rows[rows.startIndex + 4] == "|        E        |")
        #expect(rows.enumerated().allSatisfy { $0.offset == 4 || $0.element == "|                 |" })
    }

    @Test("worked example: ED25519 key listing and art")
    func workedExample() throws {
        let line = try PublicKeyLine(parsing: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEpdmP58NrU/oCzvj7VrIRXNw9a08j5EhD2guLwDqDFo alice@example")
        let comment = Array(line.comment.utf8)
        #expect(FingerprintListing.line(for: line.key, comment: comment, hash: .sha256)
            == "256 SHA256:bIkxteurPOnwIAxwJV+CL9I1ogtIyjdkUW0gwZR9feI alice@example (ED25519)")
        #expect(FingerprintListing.line(for: line.key, comment: comment, hash: .md5)
            == "256 MD5:d3:e6:7c:b9:99:33:ab:58:40:6a:d2:87:c9:4d:db:9e alice@example (ED25519)")
        #expect(FingerprintListing.randomart(for: line.key, hash: .sha256) == """
            +--[ED25519 256]--+
            |  +*Oo+ o        |
            | .oO++ = + .     |
            |*o++..= o o      |
            |Booo.  = E       |
            |oo... . S        |
            |.o     o         |
            |  o o  ..        |
            |   . =o  .       |
            |     .=o.        |
            +----[SHA256]-----+
            """)
        // Listing the line as a file with -v gives the line, a newline, the art and a newline.
        let file = Array("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEpdmP58NrU/oCzvj7VrIRXNw9a08j5EhD2guLwDqDFo alice@example\n".utf8)
        let listing = file.withUnsafeBufferPointer { FingerprintListing.list($0, hash: .sha256, visual: true) }
        #expect(listing.keyCount == 1)
        #expect(listing.problems.isEmpty)
        #expect(String(decoding: listing.output, as: UTF8.self) == """
            256 SHA256:bIkxteurPOnwIAxwJV+CL9I1ogtIyjdkUW0gwZR9feI alice@example (ED25519)
            \(FingerprintListing.randomart(for: line.key, hash: .sha256))

            """)
    }
}
