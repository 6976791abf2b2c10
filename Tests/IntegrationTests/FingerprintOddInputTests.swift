import Foundation
import TestSupport
import Testing

/// One odd input file for `fingerprint`, built from an RSA and an Ed25519 key made by ssh-keygen.
struct OddFingerprintInput: Sendable, CustomTestStringConvertible {
    let name: String
    /// Whether ssh-keygen (and so sshauth) lists at least one key and every line is one sshauth accepts.
    let listsCleanly: Bool
    let bytes: @Sendable (_ rsa: OddFingerprintKeys) -> [UInt8]

    var testDescription: String { name }
}

/// The two keys the odd inputs are made of: `type base64` texts and the RSA blob's fields.
struct OddFingerprintKeys: Sendable {
    let rsaText: String
    let rsaBase64: String
    let ed25519Text: String
    let exponent: [UInt8]
    let modulus: [UInt8]

    /// The RSA key's base64 with `byte` put before each of the given offsets .
    func rsaBase64(inserting byte: UInt8, at offsets: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, character) in rsaBase64.utf8.enumerated() {
            if offsets.contains(index) { out.append(byte) }
            out.append(character)
        }
        return out
    }

    func rsaLine(exponentPad: Int, modulusPad: Int, comment: String) -> [UInt8] {
        func string(_ bytes: [UInt8]) -> [UInt8] { withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes }
        let blob = string(Array("ssh-rsa".utf8)) + string([UInt8](repeating: 0, count: exponentPad) + exponent)
            + string([UInt8](repeating: 0, count: modulusPad) + modulus)
        return Array("ssh-rsa \(Data(blob).base64EncodedString()) \(comment)\n".utf8)
    }
}

/// `fingerprint` on input that ssh-keygen reads in its own way: NUL and CR bytes, known_hosts
/// marker lines, RSA integers that are not in canonical form. Each case runs the real ssh-keygen.
@Suite struct FingerprintOddInputTests {
    private static let keys = Result { () throws -> OddFingerprintKeys in
        let scratch = try TemporaryDirectory()
        for (name, type) in [("rsa", ["-t", "rsa", "-b", "1024"]), ("ed", ["-t", "ed25519"])] {
            let made = try ExternalTool.run(["ssh-keygen", "-q"] + type + ["-N", "", "-f", scratch.file(name)])
            guard made.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        }
        let rsa = try String(contentsOfFile: scratch.file("rsa.pub"), encoding: .utf8).split(separator: " ")
        let ed = try String(contentsOfFile: scratch.file("ed.pub"), encoding: .utf8).split(separator: " ")
        let blob = [UInt8](Data(base64Encoded: String(rsa[1]))!)
        var fields: [[UInt8]] = []
        var at = 0
        while at + 4 <= blob.count {
            let length = blob[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
            fields.append(Array(blob[at + 4..<at + 4 + length]))
            at += 4 + length
        }
        return OddFingerprintKeys(rsaText: rsa.prefix(2).joined(separator: " "), rsaBase64: String(rsa[1]),
                                  ed25519Text: ed.prefix(2).joined(separator: " "), exponent: fields[1], modulus: fields[2])
    }

    static let inputs: [OddFingerprintInput] = [
        OddFingerprintInput(name: "NUL inside the comment ends the line", listsCleanly: true) { Array("\($0.rsaText) comm".utf8) + [0] + Array("ent\n".utf8) },
        OddFingerprintInput(name: "NUL at the start of a line hides the line", listsCleanly: true) {
            Array("\($0.rsaText) first\n".utf8) + [0] + Array("\($0.ed25519Text) hidden\n".utf8)
        },
        OddFingerprintInput(name: "NUL before garbage hides the garbage", listsCleanly: true) {
            Array("\($0.ed25519Text) c\n".utf8) + [0] + Array("not a key at all\n".utf8)
        },
        OddFingerprintInput(name: "NUL inside the base64 spoils that line only", listsCleanly: false) {
            let head: [UInt8] = Array("\($0.ed25519Text) ok\nssh-rsa ".utf8)
            return head + $0.rsaBase64(inserting: 0, at: [40]) + Array(" c\n".utf8)
        },
        OddFingerprintInput(name: "CR inside the base64 is skipped", listsCleanly: true) {
            Array("ssh-rsa ".utf8) + $0.rsaBase64(inserting: 0x0D, at: [40]) + Array(" c\n".utf8)
        },
        OddFingerprintInput(name: "vertical tab and form feed inside the base64 are skipped", listsCleanly: true) {
            let vertical: [UInt8] = $0.rsaBase64(inserting: 0x0B, at: [20])
            let both = String(decoding: vertical, as: UTF8.self)
            let formFeed = Array(both.utf8.prefix(61)) + [0x0C] + Array(both.utf8.dropFirst(61))
            return Array("ssh-rsa ".utf8) + formFeed + Array(" c\n".utf8)
        },
        OddFingerprintInput(name: "CRLF after a comment: the CR is printed as ssh-keygen 9.2 prints it", listsCleanly: true) {
            Array("\($0.rsaText) comment\r\n\($0.ed25519Text) other\r\n".utf8)
        },
        OddFingerprintInput(name: "CRLF right after the key: no comment", listsCleanly: true) { Array("\($0.rsaText)\r\n".utf8) },
        OddFingerprintInput(name: "CRLF after a blank: the comment is the CR", listsCleanly: true) { Array("\($0.rsaText) \r\n".utf8) },
        OddFingerprintInput(name: "CR inside the comment", listsCleanly: true) { Array("\($0.rsaText) a\rb c\n".utf8) },
        OddFingerprintInput(name: "CRLF after an options field", listsCleanly: true) { Array("from=\"x\" \($0.rsaText)\r\n".utf8) },
        OddFingerprintInput(name: "@cert-authority and @revoked lines beside host lines", listsCleanly: true) {
            Array("""
                host1,192.0.2.1 \($0.rsaText)
                @revoked host2 \($0.ed25519Text)
                @cert-authority *.example.com \($0.rsaText) ca comment
                @revoked |1|AAAAAAAAAAAAAAAAAAAAAAAAAAA=|AAAAAAAAAAAAAAAAAAAAAAAAAAA= \($0.rsaText)
                [host3]:2222 \($0.ed25519Text)

                """.utf8)
        },
        OddFingerprintInput(name: "only marker lines: no key to list", listsCleanly: false) {
            Array("@revoked host2 \($0.ed25519Text)\n@cert-authority * \($0.rsaText)\n".utf8)
        },
        OddFingerprintInput(name: "RSA exponent with one superfluous zero byte", listsCleanly: true) {
            $0.rsaLine(exponentPad: 1, modulusPad: 0, comment: "e")
        },
        OddFingerprintInput(name: "RSA exponent and modulus with several superfluous zero bytes", listsCleanly: true) {
            $0.rsaLine(exponentPad: 3, modulusPad: 7, comment: "both")
        },
        OddFingerprintInput(name: "RSA exponent padded to the 2049-byte limit", listsCleanly: true) {
            $0.rsaLine(exponentPad: 2049 - $0.exponent.count, modulusPad: 0, comment: "limit")
        },
        OddFingerprintInput(name: "RSA exponent one byte over the limit is refused", listsCleanly: false) {
            $0.rsaLine(exponentPad: 2050 - $0.exponent.count, modulusPad: 0, comment: "over")
        },
        OddFingerprintInput(name: "RSA modulus without its sign byte (negative) is refused", listsCleanly: false) {
            var keys = $0
            keys = OddFingerprintKeys(rsaText: keys.rsaText, rsaBase64: keys.rsaBase64, ed25519Text: keys.ed25519Text,
                                      exponent: keys.exponent, modulus: Array(keys.modulus.drop(while: { $0 == 0 })))
            return keys.rsaLine(exponentPad: 0, modulusPad: 0, comment: "negative")
        },
    ]

    @Test("odd input lists exactly as ssh-keygen -l and -lv list it", arguments: inputs, [[String](), ["-v"]])
    func oddInputMatchesSSHKeygen(_ input: OddFingerprintInput, _ flags: [String]) throws {
        let keys = try Self.keys.get()
        let scratch = try TemporaryDirectory()
        let path = scratch.file("odd")
        try Data(input.bytes(keys)).write(to: URL(fileURLWithPath: path))
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LC_ALL": "C.UTF-8"]
        let theirs = try ExternalTool.run(["ssh-keygen", "-l"] + flags + ["-f", path], environment: environment)
        let ours = try SSHAuthBinary.run(["fingerprint"] + flags + [path], environment: environment)
        #expect(ours.stdout == theirs.stdout, "ours:\n\(ours.stdout)\(ours.stderr)\nssh-keygen:\n\(theirs.stdout)\(theirs.stderr)")
        if input.listsCleanly {
            #expect(theirs.status == 0 && ours.status == 0, "\(ours.stderr)")
        } else {
            #expect(ours.status != 0)
            #expect(!ours.stderr.isEmpty)
            if input.name.hasPrefix("only marker lines") {
                #expect(ours.stderr.contains("its @cert-authority and @revoked lines name CA and revoked keys"), "\(ours.stderr)")
            }
        }
    }
}
