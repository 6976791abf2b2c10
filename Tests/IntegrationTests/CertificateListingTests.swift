import Foundation
import TestSupport
import Testing

/// OpenSSH certificates (`*-cert-v01@openssh.com`): `sshauth fingerprint` lists them as `ssh-keygen -l`
/// does, after checking the CA's signature as ssh-keygen does, and refuses what ssh-keygen refuses.
@Suite struct CertificateListingTests {
    static let keyKinds: [[String]] = [["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"], ["-t", "ecdsa", "-b", "384"],
                                       ["-t", "ecdsa", "-b", "521"], ["-t", "rsa", "-b", "2048"]]
    /// CA key kinds and, for RSA, the signature algorithm ssh-keygen signs with.
    static let caKinds: [(key: [String], sign: [String])] = [
        (["-t", "ed25519"], []), (["-t", "ecdsa", "-b", "256"], []), (["-t", "ecdsa", "-b", "384"], []),
        (["-t", "ecdsa", "-b", "521"], []), (["-t", "rsa", "-b", "2048"], []),
        (["-t", "rsa", "-b", "2048"], ["-t", "rsa-sha2-256"]), (["-t", "rsa", "-b", "3072"], ["-t", "ssh-rsa"]),
    ]

    /// Makes a key of `kind` and a certificate for it signed by a CA of `ca`; returns the certificate's path.
    static func certificate(in scratch: TemporaryDirectory, name: String, kind: [String], ca: (key: [String], sign: [String]),
                            extra: [String] = []) throws -> String {
        let key = scratch.file(name), authority = scratch.file(name + "-ca")
        for (path, arguments, comment) in [(key, kind, "key \(name)"), (authority, ca.key, "ca \(name)")] {
            let made = try ExternalTool.run(["ssh-keygen", "-q"] + arguments + ["-N", "", "-C", comment, "-f", path])
            try #require(made.status == 0, "\(made.stderr)")
        }
        let signed = try ExternalTool.run(["ssh-keygen", "-q", "-s", authority, "-I", "id of \(name)", "-n", "alice,bob",
                                           "-V", "+52w", "-z", "42"] + ca.sign + extra + [key + ".pub"])
        try #require(signed.status == 0, "\(signed.stderr)")
        return key + "-cert.pub"
    }

    @Test("every certified key kind and every CA kind is listed as ssh-keygen -l and -lv list it")
    func listedAsSSHKeygen() throws {
        let scratch = try TemporaryDirectory()
        var lines: [String] = []
        // Each certified key kind under an Ed25519 CA, and an Ed25519 key under each other CA kind.
        let pairs = Self.keyKinds.map { ($0, Self.caKinds[0]) } + Self.caKinds.dropFirst().map { (Self.keyKinds[0], $0) }
        for (index, (kind, ca)) in pairs.enumerated() {
            let path = try Self.certificate(in: scratch, name: "c\(index)", kind: kind, ca: ca)
            lines.append(try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .newlines))
        }
        // The same certificates as authorized_keys lines with options, and a host certificate.
        let withOptions = lines.prefix(3).map { "no-pty,from=\"10.*\" \($0)" }
        let host = try Self.certificate(in: scratch, name: "host", kind: ["-t", "ed25519"], ca: Self.caKinds[0], extra: ["-h"])
        let file = try scratch.write("certificates", (lines + withOptions + [try String(contentsOfFile: host, encoding: .utf8)])
            .joined(separator: "\n") + "\n")
        for flags in [[], ["-v"]] {
            let theirs = try ExternalTool.run(["ssh-keygen", "-l"] + flags + ["-f", file])
            let ours = try SSHAuthBinary.run(["fingerprint"] + flags + [file])
            #expect(theirs.status == 0)
            #expect(ours.status == 0, "\(ours.stderr)")
            #expect(ours.stdout == theirs.stdout)
            #expect(ours.stdout.components(separatedBy: "-CERT)").count - 1 == lines.count + withOptions.count + 1 || flags == ["-v"])
        }
    }

    /// Flips one bit at `offset` from the end of the certificate blob (negative) or from its start.
    static func tampered(_ line: String, at offset: Int) -> String {
        let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
        var blob = [UInt8](Data(base64Encoded: parts[1])!)
        let index = offset < 0 ? blob.count + offset : offset
        blob[index] ^= 0x01
        return ([parts[0], Data(blob).base64EncodedString()] + parts.dropFirst(2)).joined(separator: " ")
    }

    @Test("a certificate whose signature or signed fields were changed is refused, as ssh-keygen refuses it",
          arguments: [("the signature", -5), ("the signed serial", 0), ("the CA key", -100)])
    func tamperedRefused(what: String, offset: Int) throws {
        let scratch = try TemporaryDirectory()
        let path = try Self.certificate(in: scratch, name: "t", kind: ["-t", "ed25519"], ca: Self.caKinds[0])
        let line = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .newlines)
        // Offset 0 would be the type's length: aim at the serial instead (after type, nonce and key).
        let blob = [UInt8](Data(base64Encoded: String(line.split(separator: " ")[1]))!)
        let serialOffset = 4 + 32 + 4 + 32 + 4 + 32 + 7
        let changed = Self.tampered(line, at: offset == 0 ? serialOffset : offset)
        #expect(blob.count > 200)
        let file = try scratch.write("tampered.pub", changed + "\n")
        let theirs = try ExternalTool.run(["ssh-keygen", "-l", "-f", file])
        let ours = try SSHAuthBinary.run(["fingerprint", file])
        #expect(theirs.status != 0, "ssh-keygen accepted a certificate with \(what) changed")
        #expect(ours.status != 0, "sshauth accepted a certificate with \(what) changed: \(ours.stdout)")
        #expect(ours.stdout.isEmpty)
        #expect(ours.stderr.contains("tampered.pub:1: "), "\(ours.stderr)")
    }

    @Test("install refuses a certificate with a sentence that says how certificates are trusted")
    func installRefusesCertificate() throws {
        let scratch = try TemporaryDirectory()
        let path = try Self.certificate(in: scratch, name: "i", kind: ["-t", "ed25519"], ca: Self.caKinds[0])
        let run = try SSHAuthBinary.run(["install", "--offline", "-i", path, "nobody@127.0.0.1"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("is an OpenSSH certificate"), "\(run.stderr)")
        #expect(run.stderr.contains("cert-authority"), "\(run.stderr)")
    }
}
