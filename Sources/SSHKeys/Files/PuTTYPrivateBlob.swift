import COpenSSL

/// The private half of a key as a .ppk file holds it, after the public blob has given the rest:
/// - Ed25519: `string seed` (32 bytes)
/// - ECDSA: `mpint d`
/// - RSA: `mpint d, p, q, iqmp` (iqmp = q⁻¹ mod p, as in OpenSSH)
///
/// Reading turns it into OpenSSH's private fields only after checking that it is the private key
/// of the file's public key, so a file whose halves were swapped or edited gives no key.
enum PuTTYPrivateBlob {
    /// The key made of `publicKey` and the private fields at the start of `plain`; `padding` is how
    /// many bytes may follow them (an encrypted blob is padded to the cipher's block size).
    static func key(from plain: [UInt8], publicKey: SSHPublicKey, padding: Int, comment: String) throws(SSHKeyError) -> SSHPrivateKey {
        var reader = SSHWireReader(plain)
        defer { reader.wipe() }
        var fields = SSHWireWriter(capacity: 6 * (publicKey.bits / 8 + 8) + 256)
        defer { fields.wipe() }
        switch publicKey.algorithm {
        case .ed25519:
            let seed = try reader.readString()
            guard seed.count == 32 else { throw SSHKeyError(.malformed, "the Ed25519 private key is \(seed.count) bytes, not 32") }
            guard let made = seed.withUnsafeBufferPointer({ EVP_PKEY_new_raw_private_key_ex(nil, "ED25519", nil, $0.baseAddress, $0.count) }) else {
                throw .openSSL("making the Ed25519 key")
            }
            let derived = try EVPKey(taking: made).sshPrivateKey(comment: comment)
            guard derived.publicKey == publicKey else { throw mismatch(publicKey) }
            derived.privateFields.withBytes { fields.writeBytes($0) }
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            let scalar = try reader.readPositiveMPInt()
            var publicReader = SSHWireReader(publicKey.blob)
            _ = try publicReader.readString()
            _ = try publicReader.readString()
            let point = try publicReader.readString()
            guard try ECPrivateScalar.publicPoint(of: scalar, algorithm: publicKey.algorithm).elementsEqual(point) else {
                throw mismatch(publicKey)
            }
            fields.writeString(publicKey.algorithm.curveIdentifier!)
            fields.writeString(point)
            fields.writePositiveMPInt(scalar)
        case .rsa:
            let d = try reader.readPositiveMPInt()
            let p = try reader.readPositiveMPInt()
            let q = try reader.readPositiveMPInt()
            let iqmp = try reader.readPositiveMPInt()
            var publicReader = SSHWireReader(publicKey.blob)
            _ = try publicReader.readString()
            let e = try publicReader.readPositiveMPInt()
            let n = try publicReader.readPositiveMPInt()
            guard try RSAPrivateNumbers.areConsistent(n: n, e: e, d: d, p: p, q: q, iqmp: iqmp) else { throw mismatch(publicKey) }
            for value in [n, e, d, iqmp, p, q] { fields.writePositiveMPInt(value) }
        }
        guard reader.remaining <= padding else {
            throw SSHKeyError(.trailingData, "\(reader.remaining) bytes after the private key fields")
        }
        return try SSHPrivateKey(publicKey: publicKey, privateFields: SecretBytes(fields.bytes), comment: comment)
    }

    /// The private blob of `key`, padded with random bytes to a multiple of `blockSize`; the caller wipes it.
    static func blob(of key: SSHPrivateKey, blockSize: Int) throws(SSHKeyError) -> [UInt8] {
        try key.privateFields.withBytes { (bytes) throws(SSHKeyError) -> [UInt8] in
            var reader = SSHWireReader(Array(bytes))
            defer { reader.wipe() }
            // Room for the padding up front, so that no unwiped copy is left behind by growing.
            var blob = SSHWireWriter(capacity: bytes.count + 2 * blockSize)
            switch key.algorithm {
            case .ed25519:
                _ = try reader.readString()
                let secret = try reader.readString()
                blob.writeString(secret.prefix(32))
            case .ecdsaP256, .ecdsaP384, .ecdsaP521:
                _ = try reader.readString()
                _ = try reader.readString()
                blob.writePositiveMPInt(try reader.readPositiveMPInt())
            case .rsa:
                _ = try reader.readPositiveMPInt()
                _ = try reader.readPositiveMPInt()
                let d = try reader.readPositiveMPInt()
                let iqmp = try reader.readPositiveMPInt()
                let p = try reader.readPositiveMPInt()
                let q = try reader.readPositiveMPInt()
                for value in [d, p, q, iqmp] { blob.writePositiveMPInt(value) }
            }
            let padding = (blockSize - blob.bytes.count % blockSize) % blockSize
            blob.writeBytes(try randomBytes(padding))
            return blob.bytes
        }
    }

    private static func mismatch(_ key: SSHPublicKey) -> SSHKeyError {
        SSHKeyError(.malformed, "the private key in the .ppk file is not the private half of its \(key.algorithm.displayName) public key")
    }
}

/// Big numbers from OpenSSL, freed (and cleared) when the scope ends.
private struct BigNumbers: ~Copyable {
    private var owned: [OpaquePointer] = []
    let context: OpaquePointer

    init() throws(SSHKeyError) {
        guard let context = BN_CTX_new() else { throw .openSSL("allocating big numbers") }
        self.context = context
    }

    mutating func make(_ magnitude: some Collection<UInt8> = [UInt8]()) throws(SSHKeyError) -> OpaquePointer {
        let bytes = Array(magnitude)
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw .openSSL("allocating a big number") }
        owned.append(number)
        return number
    }

    deinit {
        for number in owned { BN_clear_free(number) }
        BN_CTX_free(context)
    }
}

/// An ECDSA private scalar and the public point it gives.
private enum ECPrivateScalar {
    /// d·G in uncompressed form, after checking 0 < d < the group order.
    static func publicPoint(of scalar: ArraySlice<UInt8>, algorithm: SSHKeyAlgorithm) throws(SSHKeyError) -> [UInt8] {
        let nid: Int32
        switch algorithm {
        case .ecdsaP256: nid = NID_X9_62_prime256v1
        case .ecdsaP384: nid = NID_secp384r1
        default: nid = NID_secp521r1
        }
        guard let group = EC_GROUP_new_by_curve_name(nid) else { throw .openSSL("making the curve") }
        defer { EC_GROUP_free(group) }
        var numbers = try BigNumbers()
        let d = try numbers.make(scalar)
        guard let order = EC_GROUP_get0_order(group), BN_is_zero(d) == 0, BN_cmp(d, order) < 0 else {
            throw SSHKeyError(.malformed, "the ECDSA private key is out of range for its curve")
        }
        guard let point = EC_POINT_new(group) else { throw .openSSL("allocating a point") }
        defer { EC_POINT_free(point) }
        guard EC_POINT_mul(group, point, d, nil, nil, numbers.context) == 1 else { throw .openSSL("computing the public point") }
        let length = EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, nil, 0, numbers.context)
        var bytes = [UInt8](repeating: 0, count: length)
        guard length > 0, EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, &bytes, length, numbers.context) == length else {
            throw .openSSL("encoding the public point")
        }
        return bytes
    }
}

/// The checks that an RSA private key belongs to its public key.
private enum RSAPrivateNumbers {
    /// n = p·q, q·iqmp ≡ 1 (mod p), and e·d ≡ 1 modulo both p−1 and q−1 (so d decrypts what e encrypts).
    static func areConsistent(n: ArraySlice<UInt8>, e: ArraySlice<UInt8>, d: ArraySlice<UInt8>, p: ArraySlice<UInt8>,
                              q: ArraySlice<UInt8>, iqmp: ArraySlice<UInt8>) throws(SSHKeyError) -> Bool {
        var numbers = try BigNumbers()
        let n = try numbers.make(n), e = try numbers.make(e), d = try numbers.make(d)
        let p = try numbers.make(p), q = try numbers.make(q), iqmp = try numbers.make(iqmp)
        let product = try numbers.make(), check = try numbers.make()
        let pMinusOne = try numbers.make(), qMinusOne = try numbers.make()
        let ctx = numbers.context
        guard BN_is_zero(p) == 0, BN_is_one(p) == 0, BN_is_zero(q) == 0, BN_is_one(q) == 0 else { return false }
        guard BN_mul(product, p, q, ctx) == 1 else { throw .openSSL("multiplying the RSA factors") }
        guard BN_cmp(product, n) == 0 else { return false }
        guard BN_mod_mul(check, q, iqmp, p, ctx) == 1 else { throw .openSSL("checking the RSA coefficient") }
        guard BN_is_one(check) == 1 else { return false }
        guard BN_copy(pMinusOne, p) != nil, BN_sub_word(pMinusOne, 1) == 1,
              BN_copy(qMinusOne, q) != nil, BN_sub_word(qMinusOne, 1) == 1 else { throw .openSSL("computing p-1 and q-1") }
        for modulus in [pMinusOne, qMinusOne] {
            guard BN_mod_mul(check, e, d, modulus, ctx) == 1 else { throw .openSSL("checking the RSA exponents") }
            guard BN_is_one(check) == 1 else { return false }
        }
        return true
    }
}
