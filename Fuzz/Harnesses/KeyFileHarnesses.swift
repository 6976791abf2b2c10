import SSHKeys

extension Harness {
    /// bcrypt rounds above this are not tried: each round costs milliseconds, and the fuzzer should
    /// spend its time on the file's structure, not on the KDF.
    static let roundsCap = 2

    /// openssh-key-v1: the envelope, the KDF options and the private section. A key that decrypts
    /// matches its public half, and written back out (plain and encrypted) it reads back the same.
    static let openSSHPrivateKey = Harness(name: "openssh-private-key") { input in
        let text = Array(input)
        _ = PrivateKeyFile.announcesPrivateKey(text)
        guard let file = try? OpenSSHPrivateKeyFile(text: text) else { return }
        let passphrase = SecretBytes("fuzz".utf8)
        if let rounds = file.rounds, rounds > roundsCap { return }
        guard let key = try? file.decrypt(passphrase: file.isEncrypted ? passphrase : nil) else { return }
        guard key.publicKey == file.publicKey else { violated("a decrypted key is the envelope's public key") }
        for secret in [nil, passphrase] {
            let written: SecretBytes
            do { written = try OpenSSHPrivateKeyFile.encode(key, passphrase: secret, rounds: 1) } catch { violated("an accepted key can be written", "\(error)") }
            let again: SSHPrivateKey
            do {
                again = try written.withBytes { (bytes) throws(SSHKeyError) in try OpenSSHPrivateKeyFile(text: Array(bytes)).decrypt(passphrase: secret) }
            } catch {
                violated("a written key reads back", "\(error)")
            }
            guard again.publicKey == key.publicKey, again.comment == key.comment else { violated("a written key reads back the same") }
        }
    }

    /// PEM and PKCS#8 (public and private, without a passphrase so that an input's PBKDF
    /// iteration count cannot stall the run): anything accepted has a fingerprint.
    static let pemKey = Harness(name: "pem-key") { input in
        let text = Array(input)
        _ = PEMKeyFile.looksLikePEM(text)
        _ = PEMKeyFile.isEncrypted(text)
        if PEMKeyFile.holdsPrivateKey(text), !PEMKeyFile.isEncrypted(text), let key = try? PEMKeyFile.readPrivateKey(text, passphrase: nil) {
            _ = FingerprintListing.line(for: key.publicKey, comment: [], hash: .sha256)
        }
        if let key = try? PEMKeyFile.readPublicKey(text) {
            _ = FingerprintListing.line(for: key, comment: [], hash: .sha256)
        }
    }

    /// PKCS#12 key rings: each certificate's fields and SSH public key can be read, and a ring that
    /// was read is written and read back with the same labels.
    static let keyRing = Harness(name: "pkcs12-ring") { input in
        let password = SecretBytes("fuzz".utf8)
        guard let ring = try? KeyRing(pkcs12: Array(input), password: password, name: "fuzz.p12") else { return }
        for certificate in ring.certificates {
            _ = certificate.subject
            _ = certificate.commonName
            _ = certificate.notAfterDate
            _ = try? certificate.sshPublicKey()
        }
        guard let written = try? ring.pkcs12(password: password) else { return }
        let again: KeyRing
        do { again = try KeyRing(pkcs12: written, password: password, name: "again.p12") } catch { violated("a written ring reads back", "\(error)") }
        guard again.certificates.map(\.label) == ring.certificates.map(\.label) else { violated("a written ring keeps its labels") }
    }

    /// An X.509 certificate file (PEM or DER): its fields and SSH public key can be read.
    static let certificate = Harness(name: "x509-certificate") { input in
        guard let certificate = try? RingCertificate(certificateFile: Array(input), name: "fuzz.pem") else { return }
        _ = certificate.subject
        _ = certificate.organization
        _ = certificate.expiry(now: 0)
        _ = try? certificate.sshPublicKey()
        _ = try? certificate.derCertificate()
    }
}
