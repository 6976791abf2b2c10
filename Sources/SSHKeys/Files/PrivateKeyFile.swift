/// A private key file of any format sshauth reads: openssh-key-v1 first, then PEM, as OpenSSH tries
/// them, and PuTTY's .ppk, which OpenSSH does not read.
public enum PrivateKeyFile {
    /// Whether the text's first line announces a private key: the test `ssh-keygen -l` uses
    /// ("PRIVATE KEY" in it), or the start of a .ppk file.
    public static func announcesPrivateKey(_ text: some Collection<UInt8>) -> Bool {
        if PuTTYKeyFile.looksLikeOne(text) { return true }
        let firstLine = text.prefix(while: { $0 != UInt8(ascii: "\n") })
        return firstLine.firstRange(of: Array("PRIVATE KEY".utf8)) != nil
    }

    /// Whether reading the private half needs a passphrase.
    public static func isEncrypted(_ text: [UInt8]) throws(SSHKeyError) -> Bool {
        if OpenSSHPrivateKeyFile.looksLikeOne(text) { return try OpenSSHPrivateKeyFile(text: text).isEncrypted }
        if PuTTYKeyFile.looksLikeOne(text) { return try PuTTYKeyFile.publicHalf(text).isEncrypted }
        if PEMKeyFile.holdsPrivateKey(text) { return PEMKeyFile.isEncrypted(text) }
        throw SSHKeyError(.unsupportedFormat)
    }

    /// The public key and, when it can be read without a passphrase, the stored comment.
    ///
    /// An encrypted openssh-key-v1 file gives its public key without the passphrase (its comment is
    /// inside the encrypted part); a .ppk file gives both, encrypted or not; an encrypted PEM file
    /// gives nothing without it.
    public static func publicHalf(_ text: [UInt8]) throws(SSHKeyError) -> (key: SSHPublicKey, comment: String?) {
        if OpenSSHPrivateKeyFile.looksLikeOne(text) {
            let file = try OpenSSHPrivateKeyFile(text: text)
            guard !file.isEncrypted else { return (file.publicKey, nil) }
            let key = try file.decrypt(passphrase: nil)
            return (key.publicKey, key.comment)
        }
        if PuTTYKeyFile.looksLikeOne(text) {
            let (key, comment, _) = try PuTTYKeyFile.publicHalf(text)
            return (key, comment)
        }
        if PEMKeyFile.holdsPrivateKey(text) {
            let key = try PEMKeyFile.readPrivateKey(text, passphrase: nil)
            return (key.publicKey, nil)
        }
        throw SSHKeyError(.unsupportedFormat)
    }

    /// The whole private key.
    public static func read(_ text: [UInt8], passphrase: SecretBytes?) throws(SSHKeyError) -> SSHPrivateKey {
        if OpenSSHPrivateKeyFile.looksLikeOne(text) {
            return try OpenSSHPrivateKeyFile(text: text).decrypt(passphrase: passphrase)
        }
        if PuTTYKeyFile.looksLikeOne(text) {
            return try PuTTYKeyFile.read(text, passphrase: passphrase)
        }
        if PEMKeyFile.holdsPrivateKey(text) {
            return try PEMKeyFile.readPrivateKey(text, passphrase: passphrase)
        }
        throw SSHKeyError(.unsupportedFormat)
    }
}
