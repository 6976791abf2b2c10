import COpenSSL

/// Loading an SSH public key into OpenSSL and checking signatures with it.
extension EVPKey {
    /// The OpenSSL key for an SSH public key (public half only), built from its fields.
    convenience init(publicKey key: SSHPublicKey) throws(SSHKeyError) {
        var reader = SSHWireReader(key.blob)
        _ = try reader.readString()
        switch key.algorithm {
        case .ed25519:
            let raw = Array(try reader.readString())
            guard let made = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, raw, raw.count) else {
                throw .openSSL("loading the Ed25519 public key")
            }
            self.init(taking: made)
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            _ = try reader.readString()
            let point = Array(try reader.readString())
            self.init(taking: try Self.fromParameters("EC", [
                .text(OSSL_PKEY_PARAM_GROUP_NAME, key.algorithm.openSSLGroupName!),
                .octets(OSSL_PKEY_PARAM_PUB_KEY, point),
            ]))
        case .rsa:
            let exponent = Array(try reader.readPositiveMPInt())
            let modulus = Array(try reader.readPositiveMPInt())
            self.init(taking: try Self.fromParameters("RSA", [
                .number(OSSL_PKEY_PARAM_RSA_N, modulus),
                .number(OSSL_PKEY_PARAM_RSA_E, exponent),
            ]))
        }
    }

    /// One parameter of a key being built: its OpenSSL name and value.
    private enum Parameter {
        case text(String, String)
        case octets(String, [UInt8])
        /// A non-negative integer, big-endian.
        case number(String, [UInt8])
    }

    /// A public key of OpenSSL type `name` made from `parameters`.
    ///
    /// The parameter builder keeps the name and value pointers it is given until it builds the
    /// array, so every C string and number here is allocated to outlive that point (Swift's
    /// temporary pointers for String arguments would not).
    private static func fromParameters(_ name: String, _ parameters: [Parameter]) throws(SSHKeyError) -> OpaquePointer {
        guard let builder = OSSL_PARAM_BLD_new() else { throw .openSSL("allocating key parameters") }
        defer { OSSL_PARAM_BLD_free(builder) }
        var allocations: [UnsafeMutableRawPointer] = []
        var numbers: [OpaquePointer] = []
        defer {
            allocations.forEach { free($0) }
            numbers.forEach { BN_free($0) }
        }
        func kept(_ text: String) -> UnsafeMutablePointer<CChar> {
            let copy = strdup(text)!
            allocations.append(UnsafeMutableRawPointer(copy))
            return copy
        }
        func kept(_ bytes: [UInt8]) -> UnsafeMutableRawPointer {
            let copy = malloc(max(bytes.count, 1))!
            bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            allocations.append(copy)
            return copy
        }
        for parameter in parameters {
            let pushed: Int32
            switch parameter {
            case let .text(key, value):
                pushed = OSSL_PARAM_BLD_push_utf8_string(builder, kept(key), kept(value), 0)
            case let .octets(key, value):
                pushed = OSSL_PARAM_BLD_push_octet_string(builder, kept(key), kept(value), value.count)
            case let .number(key, value):
                guard let number = BN_bin2bn(value, Int32(value.count), nil) else { throw .openSSL("reading \(key)") }
                numbers.append(number)
                pushed = OSSL_PARAM_BLD_push_BN(builder, kept(key), number)
            }
            guard pushed == 1 else { throw .openSSL("describing the \(name) public key") }
        }
        guard let built = OSSL_PARAM_BLD_to_param(builder) else { throw .openSSL("building key parameters") }
        defer { OSSL_PARAM_free(built) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, name, nil) else { throw .openSSL("creating a \(name) key context") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
              EVP_PKEY_fromdata(context, &key, cossl_selection_public_key(), built) == 1, let key else {
            throw .openSSL("loading the \(name) public key")
        }
        return key
    }

    /// Whether `signature` (in OpenSSL's encoding for this key type: raw for Ed25519, DER for
    /// ECDSA, PKCS #1 v1.5 for RSA) signs `message` with `digest` (nil for Ed25519, which hashes
    /// inside). Any failure, including a malformed signature, is "does not verify".
    func verifies(_ signature: [UInt8], of message: some ContiguousBytes, digest: DigestAlgorithm?) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit_ex(context, nil, digest?.rawValue, nil, nil, pointer, nil) == 1 else {
            ERR_clear_error()
            return false
        }
        let result = message.withUnsafeBytes { bytes in
            EVP_DigestVerify(context, signature, signature.count, bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count)
        }
        ERR_clear_error()
        return result == 1
    }
}
