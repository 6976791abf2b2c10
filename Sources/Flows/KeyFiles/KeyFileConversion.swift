import AuthSetup
import SSHKeys

/// Converts a key file from any format sshauth reads to one it writes.
///
/// A private key gives a private key unless its public half is asked for or the chosen format
/// holds public keys only; a public key gives a public key. Passphrases are asked for only when
/// needed: the old one when the input is encrypted and the private part (or, for encrypted PEM,
/// even the public one) must be read, the new one only for a private output.
public enum KeyFileConversion {
    /// The converted file's bytes.
    public enum Converted: Sendable {
        /// A private key file, to be written with the key-file rules (0600, never replacing silently).
        case privateKey(SecretBytes, encrypted: Bool)
        /// A public key file.
        case publicKey([UInt8])
    }

    public struct Outcome: Sendable {
        public let converted: Converted
        public let key: SSHPublicKey
        /// What the reader of the new file should know (a dropped comment, a reader that cannot load it).
        public let notes: [String]
    }

    /// Whether converting `text` to `format` gives a private key (which goes only to a file).
    public static func givesPrivateKey(_ text: [UInt8], to format: KeyFileFormat, publicHalf: Bool) -> Bool {
        guard !publicHalf, format.holdsPrivateKeys else { return false }
        do {
            _ = try PrivateKeyFile.isEncrypted(text)
            return true
        } catch {
            return error.kind != .unsupportedFormat
        }
    }

    /// Converts `text`, read from the file `name`, to `format`.
    public static func convert(_ text: [UInt8], name: String, to format: KeyFileFormat, publicHalf: Bool,
                               oldPassphrase: () throws(FlowFailure) -> SecretBytes?,
                               newPassphrase: () throws(FlowFailure) -> SecretBytes?) throws(FlowFailure) -> Outcome {
        let encrypted: Bool
        do throws(SSHKeyError) {
            encrypted = try PrivateKeyFile.isEncrypted(text)
        } catch let error where error.kind == .unsupportedFormat {
            let (key, comment) = try KeyPassphraseChange.keyError(name, nothing: "nothing was written") { () throws(SSHKeyError) in
                try PublicKeyFile.read(text)
            }
            return try publicOutcome(key, comment: comment, format: format)
        } catch {
            throw FlowFailure("\(name): \(error).")
        }
        if publicHalf || !format.holdsPrivateKeys {
            let half = try? PrivateKeyFile.publicHalf(text)
            if let half { return try publicOutcome(half.key, comment: half.comment, format: format) }
            let key = try readPrivate(text, name: name, encrypted: encrypted, oldPassphrase: oldPassphrase)
            return try publicOutcome(key.publicKey, comment: key.comment, format: format)
        }
        let key = try readPrivate(text, name: name, encrypted: encrypted, oldPassphrase: oldPassphrase)
        let new = try newPassphrase()
        let encoded = try written { () throws(SSHKeyError) in try format.encode(key, passphrase: new) }
        var notes: [String] = []
        if !format.keepsComment, !key.comment.isEmpty {
            notes.append("\(format.name) keeps no comment, so the key's comment \"\(key.comment)\" is not in the new file.")
        }
        if format == .pkcs8, key.algorithm == .ed25519 {
            notes.append("OpenSSH 9.2 (Debian 12) cannot load an Ed25519 key in PKCS#8; OpenSSL can, and so can later OpenSSH releases. Use --to openssh for ssh.")
        }
        return Outcome(converted: .privateKey(encoded, encrypted: !(new?.isEmpty ?? true)), key: key.publicKey, notes: notes)
    }

    private static func readPrivate(_ text: [UInt8], name: String, encrypted: Bool,
                                    oldPassphrase: () throws(FlowFailure) -> SecretBytes?) throws(FlowFailure) -> SSHPrivateKey {
        let old = encrypted ? try oldPassphrase() : nil
        return try KeyPassphraseChange.keyError(name, nothing: "nothing was written") { () throws(SSHKeyError) in
            try PrivateKeyFile.read(text, passphrase: old)
        }
    }

    private static func publicOutcome(_ key: SSHPublicKey, comment: String?, format: KeyFileFormat) throws(FlowFailure) -> Outcome {
        let encoded = try written { () throws(SSHKeyError) in try format.encodePublic(key, comment: comment) }
        var notes: [String] = []
        if format == .pkcs8, key.algorithm == .ed25519 {
            notes.append("ssh-keygen -i -m PKCS8 (OpenSSH 9.2) does not read Ed25519 public keys; OpenSSL does.")
        }
        return Outcome(converted: .publicKey(encoded), key: key, notes: notes)
    }

    private static func written<R>(_ body: () throws(SSHKeyError) -> R) throws(FlowFailure) -> R {
        do { return try body() } catch { throw FlowFailure("the key cannot be converted: \(error).") }
    }
}
