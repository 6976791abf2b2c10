import Foundation
import TestSupport
import Testing
@testable import AuthSetup
@testable import SSHKeys

/// A plan built around a key generated before the review writes exactly that key.
@Suite struct PregeneratedKeyPairTests {
    @Test("applying writes the pregenerated key, encrypted with the given passphrase")
    func writesTheSameKey() throws {
        let scratch = try TemporaryDirectory()
        let key = try KeyGeneration.generate(.ed25519, comment: "made@before")
        let request = KeyPairRequest(algorithm: .ed25519, comment: "made@before", privateKeyPath: scratch.file("keys/id"),
                                     protection: .passphrase(from: "the wizard"), replaceExisting: false)
        let setup = KeyPairSetup(request: request, passphrase: SecretBytes(Array("pw".utf8)), key: key)
        try PlanExecutor.apply(setup.plan())
        #expect(setup.key?.publicKey == key.publicKey)
        let file = try OpenSSHPrivateKeyFile(text: try TemporaryDirectory.read(path: scratch.file("keys/id")))
        #expect(file.publicKey == key.publicKey)
        #expect(file.isEncrypted)
        #expect(try file.decrypt(passphrase: SecretBytes(Array("pw".utf8))).publicKey == key.publicKey)
    }
}
