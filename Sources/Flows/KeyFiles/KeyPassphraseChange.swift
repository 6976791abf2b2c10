import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// Changes, adds or removes the passphrase of a private key file, keeping everything else: the
/// format (an older PEM form becomes PKCS#8, the PEM form sshauth writes), the openssh-key-v1 KDF
/// rounds, the comment, the file's mode, and a symbolic link in its path.
///
/// The new file replaces the old one whole (a temporary file with `O_EXCL`, synced, renamed), and
/// only if the old one is still what was read; a wrong old passphrase changes nothing at all.
public enum KeyPassphraseChange {
    /// What was written.
    public struct Outcome: Sendable {
        /// The file replaced: the key's path with symbolic links resolved.
        public let path: String
        public let format: KeyFileFormat
        /// The key was in an older PEM form that sshauth does not write, and is now PKCS#8.
        public let formatChanged: Bool
        /// Whether the key now has a passphrase.
        public let encrypted: Bool
        public let key: SSHPublicKey
        public let comment: String
    }

    /// Reads the key at `path`, asks `oldPassphrase` only when the key is encrypted, decrypts it,
    /// then asks `newPassphrase` (nil or empty: no passphrase) and replaces the file.
    public static func change(_ path: String,
                              oldPassphrase: () throws(FlowFailure) -> SecretBytes?,
                              newPassphrase: () throws(FlowFailure) -> SecretBytes?) throws(FlowFailure) -> Outcome {
        // The file a link points to is the one replaced, so the link stays a link.
        guard let resolved = realpath(path, nil) else {
            throw FlowFailure(LocalFileError(.system(operation: "open", errno: errno), path: path).description)
        }
        let target = String(cString: resolved)
        free(resolved)
        var text = try local { () throws(LocalFileError) in try LocalFile.readAll(target, kind: .key) }
        // An unencrypted key's private half is in these bytes.
        defer { SecretBytes.wipe(&text) }
        var before = stat()
        guard stat(target, &before) == 0 else { throw FlowFailure(LocalFileError(.system(operation: "inspect", errno: errno), path: path).description) }
        guard before.st_uid == geteuid() else {
            throw FlowFailure("\(path) belongs to uid \(before.st_uid), not to you (uid \(geteuid())); change its passphrase as its owner. Nothing was changed.")
        }
        // Before any question: a key in a directory others can change is not worth a passphrase.
        _ = try local { () throws(LocalFileError) in try DirectoryTrust.check(directoryOf: target) }

        let encrypted = try keyError(path) { () throws(SSHKeyError) in try PrivateKeyFile.isEncrypted(text) }
        let (format, formatChanged) = try writableFormat(of: text, path: path)
        let key: SSHPrivateKey
        if encrypted {
            let old = try oldPassphrase()
            key = try keyError(path) { () throws(SSHKeyError) in try PrivateKeyFile.read(text, passphrase: old) }
        } else {
            key = try keyError(path) { () throws(SSHKeyError) in try PrivateKeyFile.read(text, passphrase: nil) }
        }
        let rounds = format == .openssh ? (try? OpenSSHPrivateKeyFile(text: text))?.rounds : nil
        let new = try newPassphrase()
        let encoded = try keyError(path) { () throws(SSHKeyError) in try format.encode(key, passphrase: new, rounds: rounds) }
        try local { () throws(LocalFileError) in
            try SafeFileWriter.write(encoded, to: target, mode: before.st_mode & 0o777, replace: true) { () throws(LocalFileError) in
                try unchanged(target, since: before, text: text)
            }
        }
        return Outcome(path: target, format: format, formatChanged: formatChanged, encrypted: !(new?.isEmpty ?? true),
                       key: key.publicKey, comment: key.comment)
    }

    /// The format to write back: the file's own, or PKCS#8 for the older PEM forms.
    static func writableFormat(of text: [UInt8], path: String) throws(FlowFailure) -> (KeyFileFormat, Bool) {
        if let format = KeyFileFormat.ofPrivateKeyFile(text) { return (format, false) }
        if PEMKeyFile.holdsPrivateKey(text) { return (.pkcs8, true) }
        throw FlowFailure("\(path) is a private key in a format sshauth cannot write back; convert it first with 'sshauth convert \(path) --to openssh -o NEWFILE'. Nothing was changed.")
    }

    /// Refuses the replacement when another program changed the file after it was read.
    private static func unchanged(_ path: String, since before: stat, text: [UInt8]) throws(LocalFileError) {
        var now = stat()
        guard stat(path, &now) == 0, now.st_ino == before.st_ino, now.st_dev == before.st_dev,
              now.st_mtim.tv_sec == before.st_mtim.tv_sec, now.st_mtim.tv_nsec == before.st_mtim.tv_nsec,
              (try? LocalFile.readAll(path, kind: .key)) == text else {
            throw LocalFileError(.changedMeanwhile, path: path)
        }
    }

    static func local<R>(_ body: () throws(LocalFileError) -> R) throws(FlowFailure) -> R {
        do { return try body() } catch { throw FlowFailure(error.description) }
    }

    /// A key error as one sentence naming the file; a wrong passphrase also says nothing changed.
    static func keyError<R>(_ path: String, nothing: String = "nothing was changed",
                            _ body: () throws(SSHKeyError) -> R) throws(FlowFailure) -> R {
        do {
            return try body()
        } catch {
            switch error.kind {
            case .wrongPassphrase: throw FlowFailure("the passphrase for \(path) is wrong; \(nothing).")
            case .passphraseRequired: throw FlowFailure("\(path) is protected by a passphrase and none was given; \(nothing).")
            default: throw FlowFailure("\(path): \(error).")
            }
        }
    }
}
