import Foundation
import TestSupport
import Testing
@testable import SSHKeys

/// Inputs the fuzz harnesses (Fuzz/) found to crash or break a property, each kept as a test,
/// with the real ssh-keygen as the judge of what the answer should have been.
@Suite struct FuzzFindingTests {
    /// public-key-line, minimised: an RSA exponent written as one zero byte trapped on an unwrap.
    @Test("an RSA key whose exponent is a lone zero byte is rejected as truncated, not a crash")
    func loneZeroExponentTruncated() {
        #expect(throws: SSHKeyError.self) { try PublicKeyLine(parsing: "ssh-rsa AAAAB3NzaC1yc2EAAAABAADM") }
    }

    /// The same exponent in a complete key: ssh-keygen lists it, with the fingerprint of the key
    /// re-encoded canonically (zero as the empty string), and so do we.
    @Test("an RSA key with a lone zero byte as exponent is listed as ssh-keygen lists it")
    func loneZeroExponentMatchesSSHKeygen() throws {
        var writer = SSHWireWriter(capacity: 160)
        writer.writeString(SSHKeyAlgorithm.rsa.name)
        writer.writeString([UInt8(0)])
        writer.writeString([UInt8(0)] + [UInt8](repeating: 0xC3, count: 128))
        let text = "ssh-rsa \(Base64.encode(writer.bytes)) zero-exponent"
        let line = try PublicKeyLine(parsing: text)
        let directory = try TemporaryDirectory()
        let path = try directory.write("zero.pub", text + "\n")
        let expected = try ExternalTool.run(["ssh-keygen", "-l", "-f", path])
        try #require(expected.status == 0, "\(expected.stderr)")
        #expect(FingerprintListing.line(for: line.key, comment: Array(line.comment.utf8), hash: .sha256) + "\n" == expected.stdout)
    }
}
