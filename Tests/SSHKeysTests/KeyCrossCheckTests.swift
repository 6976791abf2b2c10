import Foundation
import TestSupport
import Testing
@testable import SSHKeys

/// Keys made by sshauth load in the real ssh-keygen, and keys made by ssh-keygen load in sshauth,
/// with identical fingerprints and randomart. Fresh keys every run.
@Suite struct KeyCrossCheckTests {
    static let kinds: [(SSHKeyAlgorithm, Int)] = [(.ed25519, 256), (.ecdsaP256, 256), (.ecdsaP384, 384), (.ecdsaP521, 521), (.rsa, 2048), (.rsa, 3072)]

    @Test("sshauth keys load in ssh-keygen -y, unencrypted", arguments: kinds)
    func ourKeysLoadInSSHKeygen(_ algorithm: SSHKeyAlgorithm, bits: Int) throws {
        let directory = try TemporaryDirectory()
        let key = try KeyGeneration.generate(algorithm, rsaBits: bits, comment: "cross@check")
        let file = try OpenSSHPrivateKeyFile.encode(key, passphrase: nil)
        let path = try directory.write("id", file.withBytes { String(decoding: $0, as: UTF8.self) })
        let derived = try ExternalTool.run(["ssh-keygen", "-y", "-f", path])
        #expect(derived.status == 0, "\(derived.stderr)")
        #expect(derived.stdout == PublicKeyLine(key: key.publicKey, comment: "cross@check").text + "\n")
        #expect(key.publicKey.bits == bits)
    }

    @Test("sshauth keys with a passphrase load in ssh-keygen; a wrong passphrase is refused", arguments: [SSHKeyAlgorithm.ed25519, .ecdsaP256, .rsa])
    func ourEncryptedKeysLoadInSSHKeygen(_ algorithm: SSHKeyAlgorithm) throws {
        let directory = try TemporaryDirectory()
        let key = try KeyGeneration.generate(algorithm, rsaBits: 2048, comment: "enc")
        let file = try OpenSSHPrivateKeyFile.encode(key, passphrase: SecretBytes(Array("correct horse".utf8)), rounds: 4)
        let path = try directory.write("id", file.withBytes { String(decoding: $0, as: UTF8.self) })
        let good = try ExternalTool.run(["ssh-keygen", "-y", "-P", "correct horse", "-f", path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout == "\(PublicKeyLine(key: key.publicKey, comment: "enc").text)\n")
        let bad = try ExternalTool.run(["ssh-keygen", "-y", "-P", "wrong", "-f", path])
        #expect(bad.status != 0)
        // And back: our reader decrypts what we wrote.
        let parsed = try OpenSSHPrivateKeyFile(text: try directory.read("id"))
        #expect(parsed.rounds == 4)
        #expect(try parsed.decrypt(passphrase: SecretBytes(Array("correct horse".utf8))).publicKey == key.publicKey)
        #expect(throws: SSHKeyError(.wrongPassphrase)) { try parsed.decrypt(passphrase: SecretBytes(Array("wrong".utf8))) }
    }

    @Test("ssh-keygen keys read by sshauth give identical -l and -lv output", arguments: [
        ["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"], ["-t", "ecdsa", "-b", "384"], ["-t", "ecdsa", "-b", "521"],
        ["-t", "rsa", "-b", "2048"], ["-t", "rsa", "-b", "3072"],
    ])
    func theirKeysMatch(_ typeArguments: [String]) throws {
        let directory = try TemporaryDirectory()
        for round in 0..<20 {
            let path = directory.file("k\(round)")
            let passphrase = round % 4 == 3 ? "pw\(round)" : ""
            let made = try ExternalTool.run(["ssh-keygen", "-q"] + typeArguments + ["-N", passphrase, "-C", "made by ssh-keygen \(round)", "-f", path])
            try #require(made.status == 0, "\(made.stderr)")
            let pubText = try directory.read("k\(round).pub")
            let line = try PublicKeyLine(parsing: String(decoding: pubText, as: UTF8.self))
            for hash in Fingerprint.Hash.allCases {
                let expected = try ExternalTool.run(["ssh-keygen", "-l", "-v", "-E", hash.rawValue, "-f", path + ".pub"])
                let ours = FingerprintListing.line(for: line.key, comment: Array(line.comment.utf8), hash: hash) + "\n"
                    + FingerprintListing.randomart(for: line.key, hash: hash) + "\n"
                #expect(ours == expected.stdout)
            }
            let privateText = try directory.read("k\(round)")
            let half = try PrivateKeyFile.publicHalf(privateText)
            #expect(half.key == line.key)
            let full = try PrivateKeyFile.read(privateText, passphrase: passphrase.isEmpty ? nil : SecretBytes(Array(passphrase.utf8)))
            #expect(full.publicKey == line.key)
            #expect(full.comment == "made by ssh-keygen \(round)")
        }
    }

    @Test("RSA-4096 both ways: a few, since they are slow to make")
    func largeRSA() throws {
        let directory = try TemporaryDirectory()
        for round in 0..<2 {
            let path = directory.file("big\(round)")
            try #require(try ExternalTool.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "4096", "-N", "", "-C", "big", "-f", path]).status == 0)
            let line = try PublicKeyLine(parsing: String(decoding: try directory.read("big\(round).pub"), as: UTF8.self))
            #expect(line.key.bits == 4096)
            let expected = try ExternalTool.run(["ssh-keygen", "-lv", "-f", path + ".pub"])
            #expect(FingerprintListing.line(for: line.key, comment: Array(line.comment.utf8), hash: .sha256) + "\n"
                + FingerprintListing.randomart(for: line.key, hash: .sha256) + "\n" == expected.stdout)
            #expect(try PrivateKeyFile.read(try directory.read("big\(round)"), passphrase: nil).publicKey == line.key)
        }
        let ours = try KeyGeneration.generate(.rsa, rsaBits: 4096, comment: "ours")
        let path = try directory.write("ours", try OpenSSHPrivateKeyFile.encode(ours, passphrase: nil).withBytes { String(decoding: $0, as: UTF8.self) })
        let derived = try ExternalTool.run(["ssh-keygen", "-y", "-f", path])
        #expect(derived.stdout == PublicKeyLine(key: ours.publicKey, comment: "ours").text + "\n")
    }

    @Test("keys ssh-keygen encrypts with aes256-cbc (the pre-7.6 default) and any round count decrypt", arguments: [1, 16, 24])
    func olderCiphersAndRounds(rounds: Int) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("k")
        for cipher in ["aes256-cbc", "aes256-ctr"] {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".pub")
            let made = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ecdsa", "-Z", cipher, "-a", String(rounds), "-N", "pw", "-C", "old", "-f", path])
            try #require(made.status == 0, "\(made.stderr)")
            let file = try OpenSSHPrivateKeyFile(text: try directory.read("k"))
            #expect(file.rounds == rounds)
            let key = try file.decrypt(passphrase: SecretBytes(Array("pw".utf8)))
            #expect(key.comment == "old")
            #expect(PublicKeyLine(key: key.publicKey, comment: "old").text + "\n" == String(decoding: try directory.read("k.pub"), as: UTF8.self))
            #expect(throws: SSHKeyError(.wrongPassphrase)) { try file.decrypt(passphrase: SecretBytes(Array("pW".utf8))) }
        }
    }

    @Test("PEM private keys and SPKI public keys from ssh-keygen", arguments: [["-t", "rsa", "-b", "2048"], ["-t", "ecdsa", "-b", "384"]])
    func pemKeys(_ typeArguments: [String]) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("pem")
        for (format, passphrase) in [("PEM", ""), ("PKCS8", ""), ("PKCS8", "secret"), ("PEM", "secret")] {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".pub")
            let made = try ExternalTool.run(["ssh-keygen", "-q"] + typeArguments + ["-m", format, "-N", passphrase, "-f", path])
            try #require(made.status == 0, "\(made.stderr)")
            let expected = try PublicKeyLine(parsing: String(decoding: try directory.read("pem.pub"), as: UTF8.self)).key
            let text = try directory.read("pem")
            #expect(PEMKeyFile.isEncrypted(text) == !passphrase.isEmpty)
            let key = try PrivateKeyFile.read(text, passphrase: passphrase.isEmpty ? nil : SecretBytes(Array(passphrase.utf8)))
            #expect(key.publicKey == expected)
            if !passphrase.isEmpty {
                #expect(throws: SSHKeyError(.wrongPassphrase)) { try PrivateKeyFile.read(text, passphrase: SecretBytes(Array("nope".utf8))) }
                #expect(throws: SSHKeyError(.passphraseRequired)) { try PrivateKeyFile.read(text, passphrase: nil) }
            }
            let spki = try ExternalTool.run(["ssh-keygen", "-e", "-m", "PKCS8", "-f", path + ".pub"])
            #expect(try PEMKeyFile.readPublicKey(Array(spki.stdout.utf8)) == expected)
        }
    }
}
