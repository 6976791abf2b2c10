/// Makes new key pairs with OpenSSL.
public enum KeyGeneration {
    /// RSA size used when none is given, as ssh-keygen does.
    public static let defaultRSABits = 3072
    /// Smallest RSA size sshauth generates: below 2048 bits RSA is considered breakable and
    /// current guidance (NIST SP 800-131A) no longer allows it.
    public static let minimumRSABits = 2048

    /// Generates a key; `rsaBits` is only used for RSA and must be 2048...16384.
    public static func generate(_ algorithm: SSHKeyAlgorithm, rsaBits: Int = defaultRSABits, comment: String) throws(SSHKeyError) -> SSHPrivateKey {
        if algorithm == .rsa {
            try checkRSABits(rsaBits)
        }
        let key = try EVPKey(generating: algorithm, rsaBits: rsaBits)
        return try key.sshPrivateKey(comment: comment)
    }

    /// Refuses RSA sizes sshauth will not make, with the reason.
    public static func checkRSABits(_ bits: Int) throws(SSHKeyError) {
        guard bits >= minimumRSABits else {
            throw SSHKeyError(.rsaTooSmall, "\(bits) bits was asked for; sshauth makes RSA keys of at least \(minimumRSABits) bits, because smaller ones can no longer be considered safe")
        }
        guard bits <= SSHPublicKey.maximumRSABits else {
            throw SSHKeyError(.malformed, "\(bits) bits is more than the \(SSHPublicKey.maximumRSABits) bits OpenSSH accepts for RSA")
        }
    }
}
