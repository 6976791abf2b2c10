@testable import RemoteAccess
import SSHKeys
import TestSupport
import Testing

/// Which host key methods a connection asks for, and when a server's key of another type is refused.
@Suite struct HostKeyAlgorithmPreferenceTests {
    static let all = HostKeyAlgorithmPreference.defaultOrder
    /// libssh2 1.10: no rsa-sha2-256/512 host key methods, and one ssh does not use.
    static let libssh2With110 = ["ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-ed25519", "ssh-rsa", "ssh-dss"]

    @Test("the known types first in ssh's order, RSA as rsa-sha2-512/256 then ssh-rsa, only what libssh2 has", arguments: [
        ([], all, all),
        ([.rsa], all, ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]),
        ([.rsa, .ecdsaP384, .ed25519], all,
         ["ssh-ed25519", "ecdsa-sha2-nistp384", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp521"]),
        ([.rsa], libssh2With110, ["ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]),
        ([.ecdsaP521], ["ssh-ed25519", "ecdsa-sha2-nistp521"], ["ecdsa-sha2-nistp521", "ssh-ed25519"]),
        ([.ed25519], [], []),
    ] as [([SSHKeyAlgorithm], [String], [String])])
    func methods(known: [SSHKeyAlgorithm], supported: [String], expected: [String]) {
        #expect(HostKeyAlgorithmPreference(known: known, supported: supported).methods == expected)
    }

    @Test("only a known RSA key without rsa-sha2 methods is unprovable", arguments: [
        ([.rsa], libssh2With110, [.rsa]),
        ([.rsa, .ed25519], libssh2With110, [.rsa]),
        ([.rsa], all, []),
        ([.rsa], ["rsa-sha2-256", "ssh-rsa"], []),
        ([.ed25519, .ecdsaP256], libssh2With110, []),
    ] as [([SSHKeyAlgorithm], [String], [SSHKeyAlgorithm])])
    func unprovable(known: [SSHKeyAlgorithm], supported: [String], expected: [SSHKeyAlgorithm]) {
        #expect(HostKeyAlgorithmPreference(known: known, supported: supported).unprovableKnownTypes == expected)
    }

    @Test("a key of another type than the unprovable known one is refused with the reason and the way out; otherwise judged as usual")
    func refusal() throws {
        let scratch = try TemporaryDirectory()
        let made = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", scratch.file("host")])
        try #require(made.status == 0, "\(made.stderr)")
        let presented = try PublicKeyLine(parsing: String(decoding: try scratch.read("host.pub"), as: UTF8.self)).key

        let sentence = try #require(HostKeyAlgorithmPreference(known: [.rsa], supported: Self.libssh2With110)
            .refusal(presented: presented, name: "[h.test]:2222", libraryVersion: "1.10.0"))
        #expect(sentence.contains("only the RSA host key of [h.test]:2222"), "\(sentence)")
        #expect(sentence.contains("libssh2 1.10.0"), "\(sentence)")
        #expect(sentence.contains(Fingerprint(of: presented).description), "\(sentence)")
        #expect(sentence.contains("nothing was sent to it") && sentence.contains("ssh -o UpdateHostKeys=yes"), "\(sentence)")

        #expect(HostKeyAlgorithmPreference(known: [.rsa], supported: Self.all).refusal(presented: presented, name: "h", libraryVersion: "1.11.0") == nil)
        #expect(HostKeyAlgorithmPreference(known: [.rsa, .ed25519], supported: Self.libssh2With110)
            .refusal(presented: presented, name: "h", libraryVersion: "1.10.0") == nil)
        #expect(HostKeyAlgorithmPreference(known: [], supported: Self.libssh2With110).refusal(presented: presented, name: "h", libraryVersion: "1.10.0") == nil)
    }
}
