import SSHKeys

extension Harness {
    /// The Argon2 work one input may ask for: enough for the seeds (64 KiB, one pass), far below
    /// what sshauth allows, so the fuzzer spends its time on the file's structure, not on the KDF.
    static let puttyArgon2Limits = PuTTYKeyFile.Argon2Limits(maximumMemoryKiB: 64, maximumPasses: 2, maximumParallelism: 2, maximumWork: 128)
    /// The smallest settings Argon2 accepts, for writing keys back.
    static let puttyArgon2 = PuTTYKeyFile.Argon2Parameters(flavour: .argon2id, memoryKiB: 8, passes: 1, parallelism: 1)

    /// PuTTY .ppk (versions 2 and 3): the header lines, both blobs, the Argon2 settings, the MAC and
    /// the private fields. A key that reads (passphrase "fuzz") is the file's public half with its
    /// comment, and written back in both versions, plain and encrypted, it reads back the same.
    static let puttyKeyFile = Harness(name: "putty-key-file") { input in
        let text = Array(input)
        _ = PrivateKeyFile.announcesPrivateKey(text)
        guard let (publicKey, comment, isEncrypted) = try? PuTTYKeyFile.publicHalf(text) else { return }
        let passphrase = SecretBytes("fuzz".utf8)
        guard let key = try? PuTTYKeyFile.read(text, passphrase: isEncrypted ? passphrase : nil, limits: puttyArgon2Limits) else { return }
        guard key.publicKey == publicKey, key.comment == comment else { violated("a key read from a .ppk is its public half with its comment") }
        for version in [PuTTYKeyFile.Version.v2, .v3] {
            for secret in [nil, passphrase] {
                let written: SecretBytes
                do { written = try PuTTYKeyFile.encode(key, passphrase: secret, version: version, argon2: puttyArgon2) } catch {
                    violated("an accepted key can be written as .ppk", "\(error)")
                }
                let again: SSHPrivateKey
                do {
                    again = try written.withBytes { (bytes) throws(SSHKeyError) in
                        try PuTTYKeyFile.read(Array(bytes), passphrase: secret, limits: puttyArgon2Limits)
                    }
                } catch {
                    violated("a written .ppk reads back", "\(error)")
                }
                guard again.publicKey == key.publicKey, again.comment == key.comment else { violated("a written .ppk reads back the same") }
            }
        }
    }
}
