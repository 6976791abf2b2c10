import Foundation
import Testing
@testable import SSHKeys

/// Damaged, hostile and unsupported .ppk files: each is refused with the right kind and one sentence
/// that names what is wrong, and none runs Argon2 beyond the limits.
@Suite("PuTTYKeyFileBadInput")
struct PuTTYKeyFileBadInputTests {
    struct BadFile: CustomTestStringConvertible, Sendable {
        let testDescription: String
        let text: String
        var passphrase: String? = nil
        let kind: SSHKeyError.Kind
        let says: String
    }

    static let plain = PuTTYFixtures.named("ed25519-v3").text
    static let plainV2 = PuTTYFixtures.named("rsa-v2").text
    static let encrypted = PuTTYFixtures.named("ed25519-v3-enc").text
    static let encryptedV2 = PuTTYFixtures.named("ecdsa384-v2-enc").text
    static let right = PuTTYFixtures.passphrase

    /// `text` with the line starting with `prefix` replaced by `line` (nil removes it).
    static func replacing(_ prefix: String, with line: String?, in text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        let index = lines.firstIndex { $0.hasPrefix(prefix) }!
        if let line { lines[index] = line } else { lines.remove(at: index) }
        return lines.joined(separator: "\n")
    }

    /// `text` with one hexadecimal digit of the MAC changed.
    static func flippedMAC(_ text: String) -> String {
        let line = text.components(separatedBy: "\n").first { $0.hasPrefix("Private-MAC: ") }!
        let flipped = String(line.dropLast()) + (line.last == "0" ? "1" : "0")
        return replacing("Private-MAC: ", with: flipped, in: text)
    }

    static let badFiles: [BadFile] = [
        BadFile(testDescription: "a wrong MAC, unencrypted", text: flippedMAC(plain), kind: .malformed,
                says: "Private-MAC does not match its contents, so the file was changed or damaged"),
        BadFile(testDescription: "a wrong MAC, unencrypted version 2", text: flippedMAC(plainV2), kind: .malformed,
                says: "Private-MAC does not match"),
        BadFile(testDescription: "a wrong MAC, encrypted (indistinguishable from a wrong passphrase)", text: flippedMAC(encrypted),
                passphrase: right, kind: .wrongPassphrase, says: "the passphrase is wrong"),
        BadFile(testDescription: "an edited comment, which the MAC covers", text: replacing("Comment: ", with: "Comment: someone else", in: plain),
                kind: .malformed, says: "Private-MAC does not match"),
        BadFile(testDescription: "an edited comment in an encrypted file", text: replacing("Comment: ", with: "Comment: someone else", in: encrypted),
                passphrase: right, kind: .wrongPassphrase, says: "the passphrase is wrong"),
        BadFile(testDescription: "a wrong passphrase, version 3", text: encrypted, passphrase: "wrong", kind: .wrongPassphrase, says: "the passphrase is wrong"),
        BadFile(testDescription: "a wrong passphrase, version 2", text: encryptedV2, passphrase: "wrong", kind: .wrongPassphrase, says: "the passphrase is wrong"),
        BadFile(testDescription: "truncated after the public lines", text: String(plain.prefix(upTo: plain.range(of: "Private-Lines")!.lowerBound)),
                kind: .truncated, says: "the .ppk file ends before its \"Private-Lines:\" line"),
        BadFile(testDescription: "truncated inside the private lines", text: String(plain.prefix(upTo: plain.range(of: "AAAAIFXj")!.upperBound)),
                kind: .truncated, says: "the .ppk file ends before its \"Private-MAC:\" line"),
        BadFile(testDescription: "Private-Lines says more lines than there are", text: replacing("Private-Lines: 1", with: "Private-Lines: 2", in: plain),
                kind: .badBase64, says: "line 9 of the .ppk file, one of the 2 lines Private-Lines announces"),
        BadFile(testDescription: "truncated before the MAC", text: replacing("Private-MAC: ", with: nil, in: plain), kind: .truncated,
                says: "ends before its \"Private-MAC:\" line"),
        BadFile(testDescription: "an empty file", text: "", kind: .truncated, says: "ends before its \"PuTTY-User-Key-File-\" line"),
        BadFile(testDescription: "unknown version 4", text: plain.replacingOccurrences(of: "File-3:", with: "File-4:"), kind: .unsupportedFormat,
                says: "PuTTY key file version 4; sshauth reads versions 2 and 3"),
        BadFile(testDescription: "version 1", text: plain.replacingOccurrences(of: "File-3:", with: "File-1:"), kind: .unsupportedFormat,
                says: "version 1;"),
        BadFile(testDescription: "a version that is not a number", text: plain.replacingOccurrences(of: "File-3:", with: "File-x3:"), kind: .unsupportedFormat,
                says: "version x3;"),
        BadFile(testDescription: "no space after the colon of the first line", text: plain.replacingOccurrences(of: "File-3: ", with: "File-3:"),
                kind: .malformed, says: "line 1 of the .ppk file should be"),
        BadFile(testDescription: "unknown algorithm ssh-dss", text: plain.replacingOccurrences(of: "File-3: ssh-ed25519", with: "File-3: ssh-dss"),
                kind: .unknownKeyType, says: "holds a ssh-dss key; sshauth reads Ed25519, ECDSA (P-256, P-384, P-521) and RSA keys"),
        BadFile(testDescription: "unknown algorithm ssh-ed448", text: plain.replacingOccurrences(of: "File-3: ssh-ed25519", with: "File-3: ssh-ed448"),
                kind: .unknownKeyType, says: "ssh-ed448"),
        BadFile(testDescription: "the first line names another algorithm than the public key", text: plain.replacingOccurrences(of: "File-3: ssh-ed25519", with: "File-3: ssh-rsa"),
                kind: .typeMismatch, says: "first line says ssh-rsa but its public key is ssh-ed25519"),
        BadFile(testDescription: "unknown cipher", text: replacing("Encryption: ", with: "Encryption: aes128-cbc", in: encrypted), passphrase: right,
                kind: .unsupportedCipher, says: "aes128-cbc (a .ppk file is encrypted with aes256-cbc or not at all)"),
        BadFile(testDescription: "unknown key derivation", text: replacing("Key-Derivation: ", with: "Key-Derivation: scrypt", in: encrypted), passphrase: right,
                kind: .unsupportedCipher, says: "key derivation scrypt"),
        BadFile(testDescription: "Argon2 memory above the limit", text: replacing("Argon2-Memory: ", with: "Argon2-Memory: 4194304", in: encrypted),
                passphrase: right, kind: .unsupportedFormat, says: "its Argon2-Memory of 4194304 KiB is more than the 262144 KiB sshauth allows"),
        BadFile(testDescription: "Argon2 passes above the limit", text: replacing("Argon2-Passes: ", with: "Argon2-Passes: 100000", in: encrypted),
                passphrase: right, kind: .unsupportedFormat, says: "its Argon2-Passes of 100000 is more than the 256 sshauth allows"),
        BadFile(testDescription: "Argon2 parallelism above the limit", text: replacing("Argon2-Parallelism: ", with: "Argon2-Parallelism: 64", in: encrypted)
                .replacingOccurrences(of: "Argon2-Memory: 64", with: "Argon2-Memory: 1024"),
                passphrase: right, kind: .unsupportedFormat, says: "its Argon2-Parallelism of 64 is more than the 16 lanes sshauth allows"),
        BadFile(testDescription: "Argon2 memory times passes above the limit", text: replacing("Argon2-Passes: ", with: "Argon2-Passes: 200", in: encrypted)
                .replacingOccurrences(of: "Argon2-Memory: 64", with: "Argon2-Memory: 262144"),
                passphrase: right, kind: .unsupportedFormat, says: "Argon2-Memory times Argon2-Passes (262144 KiB x 200) is more than the 2097152 KiB"),
        BadFile(testDescription: "Argon2 memory below 8 KiB a lane", text: replacing("Argon2-Memory: ", with: "Argon2-Memory: 8", in: encrypted)
                .replacingOccurrences(of: "Argon2-Parallelism: 1", with: "Argon2-Parallelism: 2"),
                kind: .malformed, says: "Argon2-Memory must be at least 8 KiB per lane (16 KiB for 2 lanes)"),
        BadFile(testDescription: "Argon2 passes zero", text: replacing("Argon2-Passes: ", with: "Argon2-Passes: 0", in: encrypted),
                kind: .malformed, says: "Argon2-Passes must be at least 1"),
        BadFile(testDescription: "a signed number", text: replacing("Argon2-Passes: ", with: "Argon2-Passes: +1", in: encrypted),
                kind: .malformed, says: "line 9 of the .ppk file: Argon2-Passes must be a whole number, not \"+1\""),
        BadFile(testDescription: "a salt that is not hexadecimal", text: replacing("Argon2-Salt: ", with: "Argon2-Salt: salty", in: encrypted),
                kind: .malformed, says: "Argon2-Salt must be 8 to 64 bytes in hexadecimal"),
        BadFile(testDescription: "a missing Comment line", text: replacing("Comment: ", with: nil, in: plain), kind: .malformed,
                says: "line 3 of the .ppk file should be \"Comment: ...\", not \"Public-Lines: 2\""),
        BadFile(testDescription: "a missing Argon2-Salt line", text: replacing("Argon2-Salt: ", with: nil, in: encrypted), kind: .malformed,
                says: "should be \"Argon2-Salt: ...\", not \"Private-Lines: 1\""),
        BadFile(testDescription: "Argon2 lines in an unencrypted file", text: replacing("Private-Lines: ", with: "Key-Derivation: Argon2id\nPrivate-Lines: 1", in: plain),
                kind: .malformed, says: "should be \"Private-Lines: ...\", not \"Key-Derivation: Argon2id\""),
        BadFile(testDescription: "Argon2 lines in a version 2 file", text: replacing("Private-Lines: ", with: "Key-Derivation: Argon2id\nPrivate-Lines: 8", in: plainV2),
                kind: .malformed, says: "should be \"Private-Lines: ...\""),
        BadFile(testDescription: "Public-Lines says more lines than there are", text: replacing("Public-Lines: 2", with: "Public-Lines: 3", in: plain),
                kind: .badBase64, says: "line 7 of the .ppk file, one of the 3 lines Public-Lines announces, is not a line of base64"),
        BadFile(testDescription: "Public-Lines says fewer lines than there are", text: replacing("Public-Lines: 2", with: "Public-Lines: 1", in: plain),
                kind: .truncated, says: "the key data is cut short: in the public key of the .ppk file"),
        BadFile(testDescription: "Public-Lines far above the limit", text: replacing("Public-Lines: 2", with: "Public-Lines: 99999999", in: plain),
                kind: .malformed, says: "Public-Lines must be 1 to 256, not 99999999"),
        BadFile(testDescription: "Public-Lines zero", text: replacing("Public-Lines: 2", with: "Public-Lines: 0", in: plain),
                kind: .malformed, says: "Public-Lines must be 1 to 256, not 0"),
        BadFile(testDescription: "Public-Lines with a number too long to be one", text: replacing("Public-Lines: 2", with: "Public-Lines: 99999999999999999999", in: plain),
                kind: .malformed, says: "Public-Lines must be a whole number"),
        BadFile(testDescription: "a base64 line longer than 64 characters", text: plain.replacingOccurrences(of: "NzON3QRe", with: "NzON3QRe" + String(repeating: "A", count: 20)),
                kind: .badBase64, says: "is not a line of base64 of at most 64 characters"),
        BadFile(testDescription: "a line longer than 8192 bytes", text: replacing("Comment: ", with: "Comment: " + String(repeating: "x", count: 9000), in: plain),
                kind: .malformed, says: "line 3 of the .ppk file is longer than 8192 bytes"),
        BadFile(testDescription: "trailing data after the MAC", text: plain + "extra\n", kind: .trailingData,
                says: "line 10 of the .ppk file comes after its Private-MAC line, which must be the last"),
        BadFile(testDescription: "a MAC of the wrong length", text: replacing("Private-MAC: ", with: "Private-MAC: 0a0b", in: plain), kind: .malformed,
                says: "Private-MAC must be 64 hexadecimal digits"),
        BadFile(testDescription: "a version 2 MAC of version 3 length", text: plainV2.replacingOccurrences(of: "Private-MAC: ", with: "Private-MAC: 000000000000000000000000"),
                kind: .malformed, says: "Private-MAC must be 40 hexadecimal digits"),
        BadFile(testDescription: "an encrypted private blob that is not whole blocks", text: replacing("wyBD1lrNhPSA", with: "wyBD1lrNhPSA/yUkWCDDa9Eda6CqGjxfFusAKEpTAQiDTb1HeV7nRPWmgvDz", in: encrypted),
                passphrase: right, kind: .malformed, says: "not a whole number of 16-byte blocks"),
        BadFile(testDescription: "not a .ppk at all", text: "-----BEGIN OPENSSH PRIVATE KEY-----\n", kind: .unsupportedFormat, says: "starts with \"PuTTY-User-Key-File-\""),
    ]

    @Test("bad .ppk files: the kind and one sentence naming what is wrong", arguments: badFiles)
    func badInput(_ bad: BadFile) {
        let started = Date()
        let passphrase = bad.passphrase.map { SecretBytes(Array($0.utf8)) }
        do {
            _ = try PuTTYKeyFile.read(Array(bad.text.utf8), passphrase: passphrase)
            Issue.record("accepted")
        } catch {
            #expect(error.kind == bad.kind, "\(error)")
            #expect(error.description.contains(bad.says), "\(error)")
            #expect(!error.description.contains("\n"))
        }
        // Nothing over the limits ran Argon2: refusing takes no time.
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test("the public half is read from a file whose Argon2 settings are over the limits, and from one with a bad MAC")
    func publicHalfNeedsNoArgon2() throws {
        let costly = Self.replacing("Argon2-Memory: ", with: "Argon2-Memory: 4194304", in: Self.encrypted)
        #expect(try PuTTYKeyFile.publicHalf(Array(costly.utf8)).comment == "fixture ed25519-v3-enc")
        #expect(try PuTTYKeyFile.publicHalf(Array(Self.flippedMAC(Self.plain).utf8)).isEncrypted == false)
    }

    @Test("other limits: a caller (the fuzz harness) may allow less Argon2 work")
    func lowerLimits() throws {
        let text = Array(Self.encrypted.utf8)
        let tight = PuTTYKeyFile.Argon2Limits(maximumMemoryKiB: 32, maximumPasses: 1, maximumParallelism: 1, maximumWork: 32)
        #expect(throws: SSHKeyError.self) { try PuTTYKeyFile.read(text, passphrase: SecretBytes(Array(Self.right.utf8)), limits: tight) }
        let enough = PuTTYKeyFile.Argon2Limits(maximumMemoryKiB: 64, maximumPasses: 1, maximumParallelism: 1, maximumWork: 64)
        _ = try PuTTYKeyFile.read(text, passphrase: SecretBytes(Array(Self.right.utf8)), limits: enough)
    }

    /// The private half of another key of the same type, with the MAC made right again (an
    /// unencrypted version 3 file's MAC key is empty, so anyone can): the key check must catch it.
    static func swappedPrivateHalf(_ name: String, from other: String) throws -> [UInt8] {
        let file = try PuTTYKeyFile.Contents(text: Array(PuTTYFixtures.named(name).text.utf8))
        let donor = try PuTTYKeyFile.Contents(text: Array(PuTTYFixtures.named(other).text.utf8))
        let material = try PuTTYKeyMaterial.version3(passphrase: nil, argon2: nil)
        let mac = try material.authenticationCode(version: .v3, algorithm: file.algorithmName, encryption: "none", comment: file.commentBytes,
                                                  publicBlob: file.publicBlob, privatePlain: donor.storedPrivateBlob.withBytes { Array($0) })
        var lines = PuTTYFixtures.named(name).text.components(separatedBy: "\n")
        let privateStart = lines.firstIndex { $0.hasPrefix("Private-Lines: ") }!
        let macLine = lines.firstIndex { $0.hasPrefix("Private-MAC: ") }!
        let donorLines = PuTTYFixtures.named(other).text.components(separatedBy: "\n")
        let donorStart = donorLines.firstIndex { $0.hasPrefix("Private-Lines: ") }!
        let donorEnd = donorLines.firstIndex { $0.hasPrefix("Private-MAC: ") }!
        lines.replaceSubrange(privateStart..<macLine, with: donorLines[donorStart..<donorEnd])
        lines[lines.firstIndex { $0.hasPrefix("Private-MAC: ") }!] = "Private-MAC: " + mac.map { String(format: "%02x", $0) }.joined()
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test("a private half that belongs to another key is refused even with a valid MAC", arguments: [
        ("ed25519-v3", "ed25519-v2"), ("ecdsa256-v3", "ecdsa256-v2"), ("ecdsa521-v3", "ecdsa521-v2"), ("rsa-v3", "rsa-v2"),
    ])
    func swappedHalves(_ name: String, _ other: String) throws {
        let text = try Self.swappedPrivateHalf(name, from: other)
        let algorithm = try PuTTYKeyFile.publicHalf(text).key.algorithm.displayName
        #expect(throws: SSHKeyError(.malformed, "the private key in the .ppk file is not the private half of its \(algorithm) public key")) {
            try PuTTYKeyFile.read(text, passphrase: nil)
        }
    }

    @Test("the same file with its own private half reads (the swap test's MAC is made as PuTTY makes it)")
    func ownHalfWithRemadeMAC() throws {
        let text = try Self.swappedPrivateHalf("rsa-v3", from: "rsa-v3")
        #expect(text == Array(PuTTYFixtures.named("rsa-v3").text.utf8))
    }
}
