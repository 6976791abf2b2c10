import SSHKeys
import Testing
@testable import AuthSetup

/// The byte-exact removal of a key's lines: every other byte of the file stays, in order.
@Suite struct KeyLineRemovalTests {
    private static func key(_ byte: UInt8) -> SSHPublicKey {
        try! SSHPublicKey(ed25519: [UInt8](repeating: byte, count: 32))
    }

    private static let removed = key(0x41)
    private static let kept = key(0x42)
    /// `type base64` of each.
    private static let removedText = PublicKeyLine(key: removed, comment: "").keyText
    private static let keptText = PublicKeyLine(key: kept, comment: "").keyText
    private static let skLine = "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIENDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDAAAABHNzaDo= sk"
    private static let certLine = "ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29tAAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIEFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB cert"

    private static func removal(_ text: String, _ selection: KeyToRemove = .key(removed)) -> KeyLineRemoval {
        KeyLineRemoval(bytes: Array(text.utf8), removing: selection)
    }

    /// Each file, the line numbers removed, and the exact text left.
    @Test("only the lines carrying the key go, each with its own line ending; everything else stays byte for byte", arguments: [
        ("CRLF lines", "\(keptText) a\r\n\(removedText) b\r\n# c\r\n", [2], "\(keptText) a\r\n# c\r\n"),
        ("quoted commas and spaces in options",
         #"command="echo a, b",from="10.0.0.0/8" "# + removedText + " x\n" + keptText + "\n", [1], keptText + "\n"),
        ("escaped quotes in options", #"command="say \"hi, there\"" "# + removedText + "\n#x\n", [1], "#x\n"),
        ("comments and blank lines", "# top\n\n   \n\(removedText)\n\t\n# end\n", [4], "# top\n\n   \n\t\n# end\n"),
        ("no final newline, key last", "\(keptText)\n\(removedText) last", [2], "\(keptText)\n"),
        ("no final newline, key first", "\(removedText) first\n\(keptText) k", [1], "\(keptText) k"),
        ("no final newline, key elsewhere", "\(removedText)\n\(keptText) k", [1], "\(keptText) k"),
        ("the key twice with different options", "no-pty \(removedText) one\n\(keptText)\nrestrict,command=\"x\" \(removedText) two\n",
         [1, 3], "\(keptText)\n"),
        ("a comment that mentions the key text", "# old: \(removedText)\n\(removedText)\n", [2], "# old: \(removedText)\n"),
        ("a kept key whose comment holds the removed key's text", "\(keptText) was \(removedText)\n\(removedText)\n", [2], "\(keptText) was \(removedText)\n"),
        ("a security-key line and a certificate line are kept", "\(skLine)\n\(removedText)\n\(certLine)\n", [2], "\(skLine)\n\(certLine)\n"),
        ("invalid lines are kept as they are", "ssh-ed25519 AAAA-broken\n\(removedText)\nno-such-option \(keptText)\n", [2],
         "ssh-ed25519 AAAA-broken\nno-such-option \(keptText)\n"),
        ("a cert-authority line of the key goes too", "cert-authority \(removedText) ca\n\(keptText)\n", [1], "\(keptText)\n"),
        ("leading blanks and a CR-only comment", "  \t\(removedText) x\r\n\r\n", [1], "\r\n"),
        ("the only line", "\(removedText)\n", [1], ""),
        ("not there", "\(keptText)\n# \(removedText)\n", [], "\(keptText)\n# \(removedText)\n"),
        ("an empty file", "", [], ""),
    ])
    func removal(_ name: String, _ text: String, _ lines: [Int], _ expected: String) {
        let removal = Self.removal(text)
        #expect(removal.removed.map(\.number) == lines, "\(name)")
        #expect(removal.result == Array(expected.utf8), "\(name): \(String(decoding: removal.result, as: UTF8.self).debugDescription)")
        #expect(removal.original == Array(text.utf8))
    }

    @Test("bytes that are not UTF-8 elsewhere in the file are kept exactly")
    func nonUTF8() {
        let before: [UInt8] = [0x23, 0xFF, 0xFE, 0x0A] + Array("\(Self.removedText)\n".utf8) + [0x80, 0x0D, 0x0A]
        let removal = KeyLineRemoval(bytes: before, removing: .key(Self.removed))
        #expect(removal.result == [0x23, 0xFF, 0xFE, 0x0A, 0x80, 0x0D, 0x0A])
    }

    @Test("a removed line is reported as written, without its CR; the keys left exclude cert-authority lines")
    func reportAndRemaining() {
        let removal = Self.removal("no-pty \(Self.removedText) me\r\ncert-authority \(Self.keptText)\n")
        #expect(removal.removed.map(\.text) == ["no-pty \(Self.removedText) me"])
        #expect(removal.remainingKeys.isEmpty)
        let other = Self.removal("\(Self.removedText)\n\(Self.keptText)\n")
        #expect(other.remainingKeys.map(\.blob) == [Self.kept.blob])
    }

    @Test("a fingerprint selects the same lines as the key; one that matches nothing removes nothing")
    func fingerprint() throws {
        let text = "\(Self.keptText)\n\(Self.removedText) x\n"
        let typed = try KeyToRemove.parseFingerprint(Fingerprint(of: Self.removed).description)
        #expect(Self.removal(text, typed) == Self.removal(text))
        let other = try KeyToRemove.parseFingerprint(Fingerprint(of: Self.key(0x44)).description)
        #expect(Self.removal(text, other).removed.isEmpty)
        #expect(Self.removal(text, other).result == Array(text.utf8))
    }

    @Test("a fingerprint that is not SHA256 and 43 base64 characters is refused with one sentence", arguments: [
        "", "SHA256:", "MD5:12:34", "sha256:jN7bzojig/be5Sa4wXjCdAki4GehcsVqn6SnJb3pY4Y",
        "SHA256:jN7bzojig/be5Sa4wXjCdAki4GehcsVqn6SnJb3pY4", "SHA256:jN7bzojig/be5Sa4wXjCdAki4GehcsVqn6SnJb3pY4Y=",
        "SHA256:jN7bzojig/be5Sa4wXjCdAki4GehcsVqn6SnJb3pY4-", "jN7bzojig/be5Sa4wXjCdAki4GehcsVqn6SnJb3pY4Y",
    ])
    func badFingerprint(_ text: String) {
        #expect(throws: KeyLineRemovalError.self) { try KeyToRemove.parseFingerprint(text) }
        do { _ = try KeyToRemove.parseFingerprint(text) } catch {
            #expect(error.description.hasPrefix("--fingerprint \(text) is not a SHA256 fingerprint"))
        }
    }
}
