/// A public key as SSH sees it: an algorithm and its wire blob (RFC 4253 §6.6 and RFC 5656 §3.1).
///
/// The blob is exactly the bytes that are base64-encoded in `.pub`, `authorized_keys` and
/// `known_hosts` lines; fingerprints are digests of it. Construction validates the blob.
public struct SSHPublicKey: Sendable, Hashable {
    public let algorithm: SSHKeyAlgorithm
    /// The wire encoding: `string type` followed by the algorithm's public fields.
    public let blob: [UInt8]
    /// The key size as OpenSSH reports it: the exact RSA modulus length, 256/384/521 for ECDSA, 256 for Ed25519.
    public let bits: Int

    /// Smallest RSA modulus OpenSSH loads (`SSH_RSA_MINIMUM_MODULUS_SIZE`).
    public static let minimumLoadableRSABits = 1024
    /// Largest RSA modulus OpenSSH loads (`SSHBUF_MAX_BIGNUM` in bits).
    public static let maximumRSABits = 16384

    /// Parses and validates a wire blob.
    public init(blob: [UInt8]) throws(SSHKeyError) {
        var reader = SSHWireReader(blob)
        var encoded = blob
        // OpenSSH reads the names as C strings, which may end in one NUL byte; such a key is the
        // same key, and it gets the fingerprint (and key line) of its canonical encoding.
        let (typeName, typeNameHadNUL) = Self.withoutFinalNUL(try reader.readString())
        guard let algorithm = SSHKeyAlgorithm(nameBytes: typeName) else {
            throw SSHKeyError(.unknownKeyType, String(decoding: typeName.prefix(64), as: UTF8.self))
        }
        switch algorithm {
        case .ed25519:
            let value = try reader.readString()
            guard value.count == 32 else {
                throw SSHKeyError(.malformed, "an Ed25519 public key must be 32 bytes")
            }
            if typeNameHadNUL {
                var writer = SSHWireWriter(capacity: 51)
                writer.writeString(algorithm.name)
                writer.writeString(value)
                encoded = writer.bytes
            }
            bits = 256
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            let (curve, curveHadNUL) = Self.withoutFinalNUL(try reader.readString())
            guard curve.elementsEqual(algorithm.curveIdentifier!.utf8) else {
                throw SSHKeyError(.curveMismatch, "\(algorithm.name) carries curve \(String(decoding: curve.prefix(32), as: UTF8.self))")
            }
            let point = try reader.readString()
            guard point.count == algorithm.ecPointLength!, point.first == 0x04 else {
                throw SSHKeyError(.malformed, "the ECDSA point is not an uncompressed point on \(algorithm.curveIdentifier!)")
            }
            guard ECPublicPoint.isAcceptable(point, curve: algorithm.curveIdentifier!) else {
                throw SSHKeyError(.malformed, "the ECDSA point is not a valid public key on \(algorithm.curveIdentifier!)")
            }
            if typeNameHadNUL || curveHadNUL {
                var writer = SSHWireWriter(capacity: 40 + point.count)
                writer.writeString(algorithm.name)
                writer.writeString(algorithm.curveIdentifier!)
                writer.writeString(point)
                encoded = writer.bytes
            }
            bits = algorithm.fixedBits!
        case .rsa:
            let (exponent, exponentCanonical) = try Self.readRSAInteger(&reader)
            let (modulus, modulusCanonical) = try Self.readRSAInteger(&reader)
            // OpenSSH does not judge the exponent when loading a public key; neither do we. It
            // does re-encode both integers, so a blob with superfluous zero bytes gets the
            // fingerprint (and the key line) of its canonical form, as ssh-keygen prints it.
            if typeNameHadNUL || !exponentCanonical || !modulusCanonical {
                var writer = SSHWireWriter(capacity: 32 + modulus.count)
                writer.writeString(SSHKeyAlgorithm.rsa.name)
                writer.writePositiveMPInt(exponent)
                writer.writePositiveMPInt(modulus)
                encoded = writer.bytes
            }
            let modulusBits = Self.bitLength(modulus)
            guard modulusBits >= Self.minimumLoadableRSABits else {
                throw SSHKeyError(.rsaTooSmall, "\(modulusBits) bits; OpenSSH refuses keys under \(Self.minimumLoadableRSABits) bits")
            }
            guard modulusBits <= Self.maximumRSABits else {
                throw SSHKeyError(.malformed, "the RSA modulus has \(modulusBits) bits, more than the \(Self.maximumRSABits) OpenSSH accepts")
            }
            bits = modulusBits
        }
        guard reader.isAtEnd else { throw SSHKeyError(.trailingData) }
        self.algorithm = algorithm
        self.blob = encoded
    }

    /// Builds the blob of an Ed25519 key from its 32-byte public value.
    public init(ed25519 publicKey: [UInt8]) throws(SSHKeyError) {
        var writer = SSHWireWriter(capacity: 51)
        writer.writeString(SSHKeyAlgorithm.ed25519.name)
        writer.writeString(publicKey)
        try self.init(blob: writer.bytes)
    }

    /// Builds the blob of an ECDSA key from its uncompressed point.
    public init(ecdsa algorithm: SSHKeyAlgorithm, point: [UInt8]) throws(SSHKeyError) {
        guard let curve = algorithm.curveIdentifier else { throw SSHKeyError(.typeMismatch, algorithm.name) }
        var writer = SSHWireWriter(capacity: 40 + point.count)
        writer.writeString(algorithm.name)
        writer.writeString(curve)
        writer.writeString(point)
        try self.init(blob: writer.bytes)
    }

    /// Builds the blob of an RSA key from its exponent and modulus (big-endian magnitudes).
    public init(rsaExponent exponent: [UInt8], modulus: [UInt8]) throws(SSHKeyError) {
        var writer = SSHWireWriter(capacity: 32 + modulus.count)
        writer.writeString(SSHKeyAlgorithm.rsa.name)
        writer.writePositiveMPInt(exponent)
        writer.writePositiveMPInt(modulus)
        try self.init(blob: writer.bytes)
    }

    /// One RSA integer as OpenSSH's `sshbuf_get_bignum2` takes it: not negative, at most one byte
    /// over the largest modulus, leading zero bytes dropped. Also says whether it was written
    /// canonically (no zero byte but the one that keeps the top bit clear).
    private static func readRSAInteger(_ reader: inout SSHWireReader) throws(SSHKeyError) -> (ArraySlice<UInt8>, Bool) {
        try readInteger(&reader, limitBits: maximumRSABits, what: "RSA")
    }

    /// A non-negative mpint as OpenSSH's bignum reader takes it (at most `limitBits`, a leading zero
    /// byte allowed beyond that), with whether it was written canonically.
    static func readInteger(_ reader: inout SSHWireReader, limitBits: Int, what: String) throws(SSHKeyError) -> (ArraySlice<UInt8>, Bool) {
        let raw = try reader.readString()
        let limit = limitBits / 8
        guard raw.count <= limit + 1, raw.count <= limit || raw.first == 0 else {
            throw SSHKeyError(.malformed, "a number in the \(what) key is longer than the \(limit) bytes OpenSSH accepts")
        }
        if let first = raw.first, first & 0x80 != 0 {
            throw SSHKeyError(.malformed, "a number in the key is negative")
        }
        let magnitude = raw.drop(while: { $0 == 0 })
        // A lone zero byte is zero written non-canonically (canonical zero is the empty string).
        let needsSignByte = magnitude.first.map { $0 & 0x80 != 0 } ?? false
        let canonical = raw.count == magnitude.count || (raw.count == magnitude.count + 1 && needsSignByte)
        return (magnitude, canonical)
    }

    /// A name field as OpenSSH's `sshbuf_get_cstring` takes it: a NUL is allowed as the last byte only.
    static func withoutFinalNUL(_ field: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, Bool) {
        field.last == 0 ? (field.dropLast(), true) : (field, false)
    }

    /// The number of significant bits in a big-endian magnitude.
    static func bitLength(_ magnitude: some Collection<UInt8>) -> Int {
        let significant = magnitude.drop(while: { $0 == 0 })
        guard let top = significant.first else { return 0 }
        return (significant.count - 1) * 8 + (8 - top.leadingZeroBitCount)
    }
}
