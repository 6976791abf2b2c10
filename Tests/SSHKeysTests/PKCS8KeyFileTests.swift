import Foundation
import TestSupport
import Testing
@testable import SSHKeys

/// The PKCS#8 and SubjectPublicKeyInfo writers, checked with OpenSSL's own tool and ssh-keygen.
@Suite struct PKCS8KeyFileTests {
    static let kinds: [(SSHKeyAlgorithm, Int)] = [(.ed25519, 256), (.ecdsaP256, 256), (.ecdsaP384, 384), (.ecdsaP521, 521), (.rsa, 2048)]

    @Test("a private key as PKCS#8: openssl checks it, sshauth reads it back, ssh-keygen -y (RSA, ECDSA) derives the same public key", arguments: kinds)
    func privateKey(_ algorithm: SSHKeyAlgorithm, bits: Int) throws {
        let directory = try TemporaryDirectory()
        let key = try KeyGeneration.generate(algorithm, rsaBits: bits, comment: "dropped")
        for passphrase in [nil, "pkcs8 pass"] {
            let secret = passphrase.map { SecretBytes(Array($0.utf8)) }
            let encoded = try PKCS8KeyFile.encode(key, passphrase: secret)
            let text = encoded.withBytes { Array($0) }
            let path = try directory.write("key.p8", text)
            let pass = try directory.write("pass", (passphrase ?? "unused") + "\n")
            let header = String(decoding: text.prefix(40), as: UTF8.self)
            #expect(header.hasPrefix(passphrase == nil ? "-----BEGIN PRIVATE KEY-----\n" : "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"))
            let check = try ExternalTool.run(["openssl", "pkey", "-in", path, "-passin", "file:" + pass, "-check", "-noout"])
            #expect(check.status == 0, "\(check.stderr)")
            let back = try PEMKeyFile.readPrivateKey(text, passphrase: secret)
            #expect(back.publicKey == key.publicKey)
            #expect(back.privateFields == key.privateFields)
            if algorithm != .ed25519 {
                let derived = try ExternalTool.run(["ssh-keygen", "-y", "-P", passphrase ?? "", "-f", path])
                #expect(derived.stdout == PublicKeyLine(key: key.publicKey, comment: "").keyText + "\n", "\(derived.stderr)")
            }
            if passphrase != nil {
                // OpenSSL 3's default scheme: PBES2 with PBKDF2 (HMAC-SHA256) and AES-256-CBC.
                let structure = try ExternalTool.run(["openssl", "asn1parse", "-in", path])
                for name in [":PBES2", ":PBKDF2", ":hmacWithSHA256", ":aes-256-cbc"] { #expect(structure.stdout.contains(name)) }
                #expect(throws: SSHKeyError(.wrongPassphrase)) { try PEMKeyFile.readPrivateKey(text, passphrase: SecretBytes(Array("wrong".utf8))) }
            }
        }
    }

    @Test("a public key as SubjectPublicKeyInfo: byte for byte what ssh-keygen -e -m PKCS8 writes (RSA, ECDSA); openssl reads Ed25519", arguments: kinds)
    func publicKey(_ algorithm: SSHKeyAlgorithm, bits: Int) throws {
        let directory = try TemporaryDirectory()
        let key = try KeyGeneration.generate(algorithm, rsaBits: bits, comment: "")
        let spki = try PKCS8KeyFile.encodePublic(key.publicKey)
        let path = try directory.write("key.spki", spki)
        #expect(try PEMKeyFile.readPublicKey(spki) == key.publicKey)
        let parsed = try ExternalTool.run(["openssl", "pkey", "-pubin", "-in", path, "-noout"])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        if algorithm != .ed25519 {
            let pub = try directory.write("key.pub", PublicKeyLine(key: key.publicKey, comment: "x").text + "\n")
            let exported = try ExternalTool.run(["ssh-keygen", "-e", "-m", "PKCS8", "-f", pub])
            #expect(exported.stdout == String(decoding: spki, as: UTF8.self))
            let imported = try ExternalTool.run(["ssh-keygen", "-i", "-m", "PKCS8", "-f", path])
            #expect(imported.stdout == PublicKeyLine(key: key.publicKey, comment: "").keyText + "\n")
        }
    }
}
