import COpenSSL

/// An SSH signature blob (RFC 4253 §6.6, RFC 5656 §3.1.2, RFC 8332, RFC 8709): `string algorithm`,
/// `string signature`. Checked against a key with OpenSSL, as OpenSSH's `sshkey_verify` does for
/// the key types sshauth knows.
public struct SSHSignature: Sendable, Equatable {
    /// The signature algorithm named in the blob (for RSA one of `ssh-rsa`, `rsa-sha2-256`, `rsa-sha2-512`).
    public let algorithm: String
    /// The algorithm's signature bytes as the blob carries them.
    public let value: [UInt8]

    /// Parses a signature blob; nothing may follow the two strings.
    public init(blob: some Collection<UInt8>) throws(SSHKeyError) {
        var reader = SSHWireReader(Array(blob))
        algorithm = try reader.readText()
        value = Array(try reader.readString())
        guard reader.isAtEnd else { throw SSHKeyError(.trailingData, "after the signature") }
    }

    /// Whether this signature signs `message` with `key`. The algorithm must belong to the key's
    /// type (an RSA key accepts SHA-1, SHA-256 and SHA-512 signatures); anything malformed is false.
    public func verifies(_ message: [UInt8], with key: SSHPublicKey) -> Bool {
        guard let openSSLKey = try? EVPKey(publicKey: key) else { return false }
        switch key.algorithm {
        case .ed25519:
            guard algorithm == key.algorithm.name, value.count == 64 else { return false }
            return openSSLKey.verifies(value, of: message, digest: nil)
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            guard algorithm == key.algorithm.name, let der = Self.derECDSA(value) else { return false }
            let digest: DigestAlgorithm = switch key.algorithm {
            case .ecdsaP256: .sha256
            case .ecdsaP384: .sha384
            default: .sha512
            }
            return openSSLKey.verifies(der, of: message, digest: digest)
        case .rsa:
            let digest: DigestAlgorithm
            switch algorithm {
            case "ssh-rsa": digest = .sha1
            case "rsa-sha2-256": digest = .sha256
            case "rsa-sha2-512": digest = .sha512
            default: return false
            }
            // OpenSSH refuses a signature longer than the modulus and pads a shorter one on the left.
            let modulusLength = (key.bits + 7) / 8
            guard value.count <= modulusLength else { return false }
            let padded = [UInt8](repeating: 0, count: modulusLength - value.count) + value
            return openSSLKey.verifies(padded, of: message, digest: digest)
        }
    }

    /// The ECDSA signature's `mpint r, mpint s` as the DER `ECDSA-Sig-Value` OpenSSL checks.
    private static func derECDSA(_ value: [UInt8]) -> [UInt8]? {
        var reader = SSHWireReader(value)
        guard let r = try? reader.readPositiveMPInt(), let s = try? reader.readPositiveMPInt(), reader.isAtEnd,
              r.count <= 67, s.count <= 67 else { return nil }
        guard let signature = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(signature) }
        let rNumber = Array(r).withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
        let sNumber = Array(s).withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
        guard let rNumber, let sNumber, ECDSA_SIG_set0(signature, rNumber, sNumber) == 1 else {
            if let rNumber { BN_free(rNumber) }
            if let sNumber { BN_free(sNumber) }
            return nil
        }
        let length = i2d_ECDSA_SIG(signature, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(signature, &cursor)
        }
        return written == length ? der : nil
    }
}
