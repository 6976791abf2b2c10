import COpenSSL

/// Owns one OpenSSL `EVP_PKEY` and frees it when the last reference goes.
///
/// This is the only type that holds OpenSSL key objects; everything else works with
/// ``SSHPublicKey`` and ``SSHPrivateKey`` values derived from it.
final class EVPKey: @unchecked Sendable {
    // The pointer is never shared outside this class, and OpenSSL key objects are safe to read
    // from several threads, hence @unchecked Sendable.
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Generates a fresh key through OpenSSL's EVP interface.
    convenience init(generating algorithm: SSHKeyAlgorithm, rsaBits: Int) throws(SSHKeyError) {
        let providerName: String
        switch algorithm {
        case .ed25519: providerName = "ED25519"
        case .ecdsaP256, .ecdsaP384, .ecdsaP521: providerName = "EC"
        case .rsa: providerName = "RSA"
        }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, providerName, nil) else {
            throw .openSSL("creating a \(providerName) key context")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw .openSSL("starting key generation") }
        if let group = algorithm.openSSLGroupName {
            guard EVP_PKEY_CTX_set_group_name(context, group) == 1 else { throw .openSSL("choosing curve \(group)") }
        }
        if algorithm == .rsa {
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(rsaBits)) == 1 else {
                throw .openSSL("setting the RSA size to \(rsaBits) bits")
            }
        }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else { throw .openSSL("generating the key") }
        self.init(taking: key)
    }

    /// The SSH algorithm of this key, or nil for key types SSH does not use.
    var sshAlgorithm: SSHKeyAlgorithm? {
        if EVP_PKEY_is_a(pointer, "ED25519") == 1 { return .ed25519 }
        if EVP_PKEY_is_a(pointer, "RSA") == 1 { return .rsa }
        if EVP_PKEY_is_a(pointer, "EC") == 1 {
            switch try? utf8Parameter(OSSL_PKEY_PARAM_GROUP_NAME) {
            case "prime256v1", "P-256", "secp256r1": return .ecdsaP256
            case "secp384r1", "P-384": return .ecdsaP384
            case "secp521r1", "P-521": return .ecdsaP521
            default: return nil
            }
        }
        return nil
    }

    /// The SSH public key of this key.
    func sshPublicKey() throws(SSHKeyError) -> SSHPublicKey {
        guard let algorithm = sshAlgorithm else { throw SSHKeyError(.unknownKeyType, "the key is not RSA, ECDSA on P-256/384/521, or Ed25519") }
        switch algorithm {
        case .ed25519:
            return try SSHPublicKey(ed25519: try rawPublicKey())
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            return try SSHPublicKey(ecdsa: algorithm, point: try uncompressedPoint())
        case .rsa:
            return try SSHPublicKey(rsaExponent: try bigNumber(OSSL_PKEY_PARAM_RSA_E), modulus: try bigNumber(OSSL_PKEY_PARAM_RSA_N))
        }
    }

    /// The SSH private key (public half, private fields in agent order, comment).
    func sshPrivateKey(comment: String) throws(SSHKeyError) -> SSHPrivateKey {
        let publicKey = try sshPublicKey()
        // Room for the largest RSA key's six fields up front, so the writer never grows (and never
        // leaves an unwiped buffer behind): n, d, p, q, iqmp and e, each at most the modulus size.
        var fields = SSHWireWriter(capacity: 6 * (publicKey.bits / 8 + 8) + 256)
        defer { fields.wipe() }
        switch publicKey.algorithm {
        case .ed25519:
            let pk = try rawPublicKey()
            var seed = try rawPrivateKey()
            defer { wipe(&seed) }
            fields.writeString(pk)
            fields.writeUInt32(64)
            fields.writeBytes(seed)
            fields.writeBytes(pk)
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            var scalar = try bigNumber(OSSL_PKEY_PARAM_PRIV_KEY, secret: true)
            defer { wipe(&scalar) }
            fields.writeString(publicKey.algorithm.curveIdentifier!)
            fields.writeString(try uncompressedPoint())
            fields.writePositiveMPInt(scalar)
        case .rsa:
            // Agent order n, e, d, iqmp, p, q. OpenSSL's coefficient1 is q⁻¹ mod p (OpenSSH's iqmp); the
            // factor and coefficient names are spelled out because their header macros are pasted tokens.
            let names = [OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E, OSSL_PKEY_PARAM_RSA_D,
                         "rsa-coefficient1", "rsa-factor1", "rsa-factor2"]
            for name in names {
                var value = try bigNumber(name, secret: true)
                fields.writePositiveMPInt(value)
                wipe(&value)
            }
        }
        return try SSHPrivateKey(publicKey: publicKey, privateFields: SecretBytes(fields.bytes), comment: comment)
    }

    // MARK: - Parameter access

    private func rawPublicKey() throws(SSHKeyError) -> [UInt8] {
        var length = 0
        guard EVP_PKEY_get_raw_public_key(pointer, nil, &length) == 1 else { throw .openSSL("reading the public key") }
        var bytes = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_get_raw_public_key(pointer, &bytes, &length) == 1 else { throw .openSSL("reading the public key") }
        return bytes
    }

    private func rawPrivateKey() throws(SSHKeyError) -> [UInt8] {
        var length = 0
        guard EVP_PKEY_get_raw_private_key(pointer, nil, &length) == 1 else { throw .openSSL("reading the private key") }
        var bytes = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_get_raw_private_key(pointer, &bytes, &length) == 1 else { throw .openSSL("reading the private key") }
        return bytes
    }

    /// The EC public point in uncompressed SEC1 form, whatever form the key was loaded in.
    private func uncompressedPoint() throws(SSHKeyError) -> [UInt8] {
        guard EVP_PKEY_set_utf8_string_param(pointer, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, "uncompressed") == 1 else {
            throw .openSSL("selecting the uncompressed point format")
        }
        var length = 0
        guard EVP_PKEY_get_octet_string_param(pointer, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, nil, 0, &length) == 1 else {
            throw .openSSL("reading the EC public point")
        }
        var bytes = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_get_octet_string_param(pointer, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, &bytes, length, &length) == 1 else {
            throw .openSSL("reading the EC public point")
        }
        return Array(bytes.prefix(length))
    }

    func bigNumber(_ name: String, secret: Bool = false) throws(SSHKeyError) -> [UInt8] {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pointer, name, &number) == 1, let number else { throw .openSSL("reading \(name)") }
        defer { secret ? BN_clear_free(number) : BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: Int(cossl_bn_num_bytes(number)))
        _ = BN_bn2bin(number, &bytes)
        return bytes
    }

    private func utf8Parameter(_ name: String) throws(SSHKeyError) -> String {
        var buffer = [CChar](repeating: 0, count: 80)
        var length = 0
        guard EVP_PKEY_get_utf8_string_param(pointer, name, &buffer, buffer.count, &length) == 1 else {
            throw .openSSL("reading \(name)")
        }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
