import COpenSSL

/// OpenSSL key objects made from SSH keys, for the writers that hand a key to OpenSSL's encoders
/// (PKCS#8, SubjectPublicKeyInfo).
extension EVPKey {
    /// An OpenSSL key that holds only `key`'s public half.
    convenience init(publicKey key: SSHPublicKey) throws(SSHKeyError) {
        var reader = SSHWireReader(key.blob)
        _ = try reader.readString()
        switch key.algorithm {
        case .ed25519:
            let raw = Array(try reader.readString())
            guard let made = EVP_PKEY_new_raw_public_key_ex(nil, "ED25519", nil, raw, raw.count) else {
                throw .openSSL("making an Ed25519 public key")
            }
            self.init(taking: made)
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            _ = try reader.readString()
            let point = Array(try reader.readString())
            self.init(taking: try Self.fromData(type: "EC", selection: cossl_selection_public_key()) { (list) throws(SSHKeyError) in
                try Self.push(list, group: key.algorithm)
                try Self.push(list, octets: point, name: OSSL_PKEY_PARAM_PUB_KEY)
            })
        case .rsa:
            let exponent = Array(try reader.readPositiveMPInt())
            let modulus = Array(try reader.readPositiveMPInt())
            self.init(taking: try Self.fromData(type: "RSA", selection: cossl_selection_public_key()) { (list) throws(SSHKeyError) in
                try Self.push(list, number: modulus, name: OSSL_PKEY_PARAM_RSA_N, secret: false)
                try Self.push(list, number: exponent, name: OSSL_PKEY_PARAM_RSA_E, secret: false)
            })
        }
    }

    /// An OpenSSL key that holds the whole of `key`. The private numbers pass through OpenSSL's
    /// secure heap where it has one, and every copy made here is wiped.
    convenience init(privateKey key: SSHPrivateKey) throws(SSHKeyError) {
        let pair = cossl_selection_public_key() | Int32(OSSL_KEYMGMT_SELECT_PRIVATE_KEY)
        let made = try key.privateFields.withBytes { (bytes) throws(SSHKeyError) -> OpaquePointer in
            var fields = Array(bytes)
            defer { wipe(&fields) }
            var reader = SSHWireReader(fields)
            defer { reader.wipe() }
            switch key.algorithm {
            case .ed25519:
                _ = try reader.readString()
                var seed = Array(try reader.readString().prefix(32))
                defer { wipe(&seed) }
                guard let made = EVP_PKEY_new_raw_private_key_ex(nil, "ED25519", nil, seed, seed.count) else {
                    throw .openSSL("making an Ed25519 private key")
                }
                return made
            case .ecdsaP256, .ecdsaP384, .ecdsaP521:
                _ = try reader.readString()
                let point = Array(try reader.readString())
                var scalar = Array(try reader.readPositiveMPInt())
                defer { wipe(&scalar) }
                return try Self.fromData(type: "EC", selection: pair) { (list) throws(SSHKeyError) in
                    try Self.push(list, group: key.algorithm)
                    try Self.push(list, octets: point, name: OSSL_PKEY_PARAM_PUB_KEY)
                    try Self.push(list, number: scalar, name: OSSL_PKEY_PARAM_PRIV_KEY, secret: true)
                }
            case .rsa:
                // OpenSSH keeps n, e, d, iqmp, p, q; OpenSSL also wants d mod (p-1) and d mod (q-1).
                var numbers: [[UInt8]] = []
                defer { for index in numbers.indices { wipe(&numbers[index]) } }
                for _ in 0..<6 { numbers.append(Array(try reader.readPositiveMPInt())) }
                let (n, e, d, iqmp, p, q) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5])
                var dp = try Self.remainder(d, dividedByOneLessThan: p)
                var dq = try Self.remainder(d, dividedByOneLessThan: q)
                defer { wipe(&dp); wipe(&dq) }
                return try Self.fromData(type: "RSA", selection: pair) { (list) throws(SSHKeyError) in
                    try Self.push(list, number: n, name: OSSL_PKEY_PARAM_RSA_N, secret: false)
                    try Self.push(list, number: e, name: OSSL_PKEY_PARAM_RSA_E, secret: false)
                    try Self.push(list, number: d, name: OSSL_PKEY_PARAM_RSA_D, secret: true)
                    // The factor, exponent and coefficient names are pasted tokens in the headers.
                    try Self.push(list, number: p, name: "rsa-factor1", secret: true)
                    try Self.push(list, number: q, name: "rsa-factor2", secret: true)
                    try Self.push(list, number: dp, name: "rsa-exponent1", secret: true)
                    try Self.push(list, number: dq, name: "rsa-exponent2", secret: true)
                    try Self.push(list, number: iqmp, name: "rsa-coefficient1", secret: true)
                }
            }
        }
        self.init(taking: made)
    }

    // MARK: - Building from parameters

    private static func fromData(type: String, selection: Int32,
                                 _ fill: (ParameterList) throws(SSHKeyError) -> Void) throws(SSHKeyError) -> OpaquePointer {
        let list = try ParameterList()
        // The built parameters still point at the list's names: it must outlive their use below.
        defer { withExtendedLifetime(list) {} }
        try fill(list)
        guard let parameters = OSSL_PARAM_BLD_to_param(list.builder) else { throw .openSSL("building a parameter list") }
        defer { OSSL_PARAM_free(parameters) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, type, nil) else { throw .openSSL("creating a \(type) key context") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1, EVP_PKEY_fromdata(context, &key, selection, parameters) == 1, let key else {
            throw .openSSL("loading the \(type) key into OpenSSL")
        }
        return key
    }

    private static func push(_ list: ParameterList, group algorithm: SSHKeyAlgorithm) throws(SSHKeyError) {
        guard let group = algorithm.openSSLGroupName,
              OSSL_PARAM_BLD_push_utf8_string(list.builder, list.keep(OSSL_PKEY_PARAM_GROUP_NAME), list.keep(group), 0) == 1 else {
            throw .openSSL("naming the curve")
        }
    }

    private static func push(_ list: ParameterList, octets: [UInt8], name: String) throws(SSHKeyError) {
        guard OSSL_PARAM_BLD_push_octet_string(list.builder, list.keep(name), list.keep(octets), octets.count) == 1 else {
            throw .openSSL("adding \(name)")
        }
    }

    /// Adds a big-endian number. A secret one goes into a secure-heap BIGNUM, which the builder
    /// copies into secure memory; OpenSSL clears both when they are freed.
    private static func push(_ list: ParameterList, number: [UInt8], name: String, secret: Bool) throws(SSHKeyError) {
        guard let value = BN_bin2bn(number, Int32(number.count), secret ? BN_secure_new() : BN_new()) else {
            throw .openSSL("reading \(name)")
        }
        list.numbers.append(value)
        guard OSSL_PARAM_BLD_push_BN(list.builder, list.keep(name), value) == 1 else { throw .openSSL("adding \(name)") }
    }

    /// `d mod (m - 1)`, big-endian: an RSA CRT exponent.
    private static func remainder(_ d: [UInt8], dividedByOneLessThan m: [UInt8]) throws(SSHKeyError) -> [UInt8] {
        guard let context = BN_CTX_secure_new() else { throw .openSSL("making a number context") }
        defer { BN_CTX_free(context) }
        guard let dividend = BN_bin2bn(d, Int32(d.count), BN_secure_new()),
              let divisor = BN_bin2bn(m, Int32(m.count), BN_secure_new()),
              let result = BN_secure_new() else { throw .openSSL("reading an RSA number") }
        defer { BN_clear_free(dividend); BN_clear_free(divisor); BN_clear_free(result) }
        guard BN_sub_word(divisor, 1) == 1, BN_div(nil, result, dividend, divisor, context) == 1 else {
            throw .openSSL("deriving an RSA exponent")
        }
        var bytes = [UInt8](repeating: 0, count: Int(cossl_bn_num_bytes(result)))
        _ = BN_bn2bin(result, &bytes)
        return bytes
    }
}

/// An OpenSSL parameter builder and the memory it points into. The builder keeps pointers to the
/// names, values and numbers pushed, and reads them only when the list is built, so they live as
/// long as the builder does; byte buffers and numbers are wiped when it goes.
private final class ParameterList {
    let builder: OpaquePointer
    private var buffers: [UnsafeMutableRawBufferPointer] = []
    var numbers: [OpaquePointer] = []

    init() throws(SSHKeyError) {
        guard let builder = OSSL_PARAM_BLD_new() else { throw .openSSL("starting a parameter list") }
        self.builder = builder
    }

    /// A NUL-terminated copy of `text` that lives as long as the builder.
    func keep(_ text: String) -> UnsafePointer<CChar> {
        let bytes = Array(text.utf8CString)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        buffers.append(buffer)
        return UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: CChar.self))
    }

    /// A copy of `bytes` that lives as long as the builder.
    func keep(_ bytes: [UInt8]) -> UnsafeRawPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        buffers.append(buffer)
        return UnsafeRawPointer(buffer.baseAddress!)
    }

    deinit {
        OSSL_PARAM_BLD_free(builder)
        for buffer in buffers {
            OPENSSL_cleanse(buffer.baseAddress, buffer.count)
            buffer.deallocate()
        }
        for number in numbers { BN_clear_free(number) }
    }
}
