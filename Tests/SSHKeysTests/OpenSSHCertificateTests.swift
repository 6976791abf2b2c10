import Foundation
import SSHKeys
import TestSupport
import Testing

/// The certificate parser: its fields agree with `ssh-keygen -L`, and broken structures are refused
/// with a reason before any signature is checked.
@Suite struct OpenSSHCertificateTests {
    /// A user certificate for a new ECDSA key, signed by a new Ed25519 CA: its blob and the CA's .pub line.
    static func made(_ extra: [String] = []) throws -> (blob: [UInt8], caLine: String) {
        let scratch = try TemporaryDirectory()
        let key = scratch.file("key"), ca = scratch.file("ca")
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-C", "", "-f", key])
        _ = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", ca])
        let signed = try ExternalTool.run(["ssh-keygen", "-q", "-s", ca, "-I", "batch job 7", "-n", "alice,bob", "-z", "4242",
                                           "-V", "20300101:20310101", "-O", "force-command=/bin/true", "-O", "no-pty"] + extra + [key + ".pub"])
        try #require(signed.status == 0, "\(signed.stderr)")
        let text = try String(contentsOfFile: key + "-cert.pub", encoding: .utf8)
        let blob = [UInt8](try #require(Data(base64Encoded: String(text.split(separator: " ")[1]))))
        return (blob, try String(contentsOfFile: ca + ".pub", encoding: .utf8))
    }

    @Test("the fields are those ssh-keygen -L shows; the fingerprint is the certified key's")
    func fields() throws {
        let (blob, caLine) = try Self.made()
        let certificate = try OpenSSHCertificate(blob: blob)
        #expect(certificate.typeName == "ecdsa-sha2-nistp256-cert-v01@openssh.com")
        #expect(certificate.role == .user)
        #expect(certificate.serial == 4242)
        #expect(certificate.keyID == "batch job 7")
        #expect(certificate.principals == ["alice", "bob"])
        #expect(certificate.criticalOptions == ["force-command"])
        #expect(!certificate.extensions.contains("permit-pty"))
        #expect(certificate.extensions.contains("permit-port-forwarding"))
        // 2030-01-01 00:00 and 2031-01-01 00:00 in the local time zone ssh-keygen used.
        #expect(certificate.validBefore - certificate.validAfter == 365 * 86_400)
        let ca = try PublicKeyLine(parsing: caLine.trimmingCharacters(in: .newlines))
        #expect(certificate.signatureKey == ca.key)
        #expect(CertifiedKeyListing(certificate).listingName == "ECDSA-CERT")
        #expect(CertifiedKeyListing(certificate).blob == certificate.publicKey.blob)
    }

    /// Splits a blob into its top-level fields as the certificate layout for an ECDSA key has them.
    static func fields(_ blob: [UInt8]) -> [[UInt8]] {
        var reader = SSHWireReader(blob)
        var out: [[UInt8]] = []
        // type, nonce, curve, point as strings; serial (8), type (4) raw; then 8 strings with two raw
        // uint64s among them: key id, principals, valid after (8), valid before (8), critical,
        // extensions, reserved, CA key, signature.
        for _ in 0..<4 { out.append(Array((try? reader.readString()) ?? [])) }
        out.append(Array((try? reader.readBytes(12)) ?? []))
        for _ in 0..<2 { out.append(Array((try? reader.readString()) ?? [])) }
        out.append(Array((try? reader.readBytes(16)) ?? []))
        for _ in 0..<5 { out.append(Array((try? reader.readString()) ?? [])) }
        return out
    }

    static func joined(_ fields: [[UInt8]]) -> [UInt8] {
        var writer = SSHWireWriter()
        for (index, field) in fields.enumerated() {
            if index == 4 || index == 7 { writer.writeBytes(field) } else { writer.writeString(field) }
        }
        return writer.bytes
    }

    @Test("broken certificates are refused with a reason", arguments: [
        "truncated in the signature", "trailing bytes", "a role that is neither user nor host", "a NUL inside the key id",
        "too many principals", "a certificate as the CA key", "a DSA certificate type", "an unknown signature algorithm",
    ])
    func refused(_ what: String) throws {
        let (blob, _) = try Self.made()
        var fields = Self.fields(blob)
        #expect(Self.joined(fields) == blob, "the test's own field split is wrong")
        var broken: [UInt8]
        let reason: String
        switch what {
        case "truncated in the signature":
            broken = Array(blob.dropLast(3)); reason = "cut short"
        case "trailing bytes":
            broken = blob + [0]; reason = "after the certificate's signature"
        case "a role that is neither user nor host":
            fields[4][11] = 3; broken = Self.joined(fields); reason = "neither a user nor a host certificate"
        case "a NUL inside the key id":
            fields[5] = Array("batch\0job".utf8); broken = Self.joined(fields); reason = "NUL byte inside the certificate's key id"
        case "too many principals":
            var writer = SSHWireWriter()
            for index in 0...OpenSSHCertificate.maximumPrincipals { writer.writeString("p\(index)") }
            fields[6] = writer.bytes; broken = Self.joined(fields); reason = "more than 256 principals"
        case "a certificate as the CA key":
            fields[11] = blob; broken = Self.joined(fields); reason = "signed by another certificate"
        case "a DSA certificate type":
            fields[0] = Array("ssh-dss-cert-v01@openssh.com".utf8); broken = Self.joined(fields); reason = "ssh-dss-cert-v01@openssh.com"
        default:
            var writer = SSHWireWriter()
            writer.writeString("ssh-ed448")
            writer.writeString([UInt8](repeating: 1, count: 64))
            fields[12] = writer.bytes; broken = Self.joined(fields); reason = "does not verify"
        }
        #expect {
            _ = try OpenSSHCertificate(blob: broken)
        } throws: { error in
            (error as? SSHKeyError).map { "\($0)".contains(reason) } ?? false
        }
    }
}
