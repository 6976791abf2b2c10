/// A private key in SSH terms: its public half, the algorithm's private fields and a comment.
///
/// The private fields are kept in the encoding OpenSSH uses inside openssh-key-v1 files and the
/// agent protocol (everything after the key type string), in wiped-on-release storage:
/// - Ed25519: `string pk(32)`, `string seed(32) || pk(32)`
/// - ECDSA: `string curve`, `string Q`, `mpint d`
/// - RSA: `mpint n, e, d, iqmp, p, q` (iqmp = q⁻¹ mod p)
public struct SSHPrivateKey: Sendable {
    public let publicKey: SSHPublicKey
    let privateFields: SecretBytes
    /// The comment stored with the key (usually `user@host`).
    public var comment: String

    public var algorithm: SSHKeyAlgorithm { publicKey.algorithm }

    /// Checks that the private fields belong to `publicKey` before accepting them.
    init(publicKey: SSHPublicKey, privateFields: SecretBytes, comment: String) throws(SSHKeyError) {
        try Self.validate(privateFields, against: publicKey)
        self.publicKey = publicKey
        self.privateFields = privateFields
        self.comment = comment
    }

    /// Reads `string keytype` and the fields that follow it from a decrypted private section.
    static func read(from reader: inout SSHWireReader) throws(SSHKeyError) -> (SSHPublicKey, SecretBytes) {
        let typeName = try reader.readString()
        guard let algorithm = SSHKeyAlgorithm(nameBytes: typeName) else {
            throw SSHKeyError(.unknownKeyType, KeyText.printable(typeName.prefix(64)))
        }
        let start = reader.offset
        var publicWriter = SSHWireWriter()
        publicWriter.writeString(algorithm.name)
        switch algorithm {
        case .ed25519:
            let pk = try reader.readString()
            _ = try reader.readString()
            publicWriter.writeString(pk)
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            let curve = try reader.readString()
            let point = try reader.readString()
            _ = try reader.readPositiveMPInt()
            publicWriter.writeString(curve)
            publicWriter.writeString(point)
        case .rsa:
            let n = try reader.readPositiveMPInt()
            let e = try reader.readPositiveMPInt()
            for _ in 0..<4 { _ = try reader.readPositiveMPInt() }
            publicWriter.writePositiveMPInt(e)
            publicWriter.writePositiveMPInt(n)
        }
        let fields = SecretBytes(reader.consumed(from: start))
        return (try SSHPublicKey(blob: publicWriter.bytes), fields)
    }

    /// Confirms that the public values repeated inside the private fields equal the public key.
    private static func validate(_ fields: SecretBytes, against key: SSHPublicKey) throws(SSHKeyError) {
        try fields.withBytes { (bytes) throws(SSHKeyError) in
            var reader = SSHWireReader(Array(bytes))
            defer { reader.wipe() }
            var publicReader = SSHWireReader(key.blob)
            _ = try publicReader.readString()
            switch key.algorithm {
            case .ed25519:
                let pk = try reader.readString()
                let sk = try reader.readString()
                let expected = try publicReader.readString()
                guard pk.elementsEqual(expected), sk.count == 64, sk.suffix(32).elementsEqual(expected) else {
                    throw SSHKeyError(.malformed, "the Ed25519 private key does not match its public key")
                }
            case .ecdsaP256, .ecdsaP384, .ecdsaP521:
                let curve = try reader.readString()
                let point = try reader.readString()
                let scalar = try reader.readPositiveMPInt()
                _ = try publicReader.readString()
                guard curve.elementsEqual(key.algorithm.curveIdentifier!.utf8),
                      point.elementsEqual(try publicReader.readString()), !scalar.isEmpty else {
                    throw SSHKeyError(.malformed, "the ECDSA private key does not match its public key")
                }
            case .rsa:
                let n = try reader.readPositiveMPInt()
                let e = try reader.readPositiveMPInt()
                var rest: [ArraySlice<UInt8>] = []
                for _ in 0..<4 { rest.append(try reader.readPositiveMPInt()) }
                let publicE = try publicReader.readPositiveMPInt()
                let publicN = try publicReader.readPositiveMPInt()
                guard n.elementsEqual(publicN), e.elementsEqual(publicE), !rest.contains(where: \.isEmpty) else {
                    throw SSHKeyError(.malformed, "the RSA private key does not match its public key")
                }
            }
            guard reader.isAtEnd else { throw SSHKeyError(.trailingData, "in the private key fields") }
        }
    }
}
