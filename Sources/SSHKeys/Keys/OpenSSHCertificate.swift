/// An OpenSSH certificate (`*-cert-v01@openssh.com`, OpenSSH's PROTOCOL.certkeys): a public key
/// with a serial, key id, principals, validity and options, signed by a CA key.
///
/// sshauth reads certificates to list them as `ssh-keygen -l` does: the certified key's
/// fingerprint with `(ED25519-CERT)` and the like. As OpenSSH does when it loads one, it checks the
/// CA's signature first and refuses a certificate whose signature does not verify. It never makes
/// or installs certificates.
public struct OpenSSHCertificate: Sendable, Hashable {
    /// Whether the certificate is for a user or a host (the `type` field).
    public enum Role: UInt32, Sendable {
        case user = 1
        case host = 2
    }

    /// The certificate type names sshauth reads, with the algorithm of the key each certifies.
    static let typeNames: [String: SSHKeyAlgorithm] = [
        "ssh-ed25519-cert-v01@openssh.com": .ed25519,
        "ecdsa-sha2-nistp256-cert-v01@openssh.com": .ecdsaP256,
        "ecdsa-sha2-nistp384-cert-v01@openssh.com": .ecdsaP384,
        "ecdsa-sha2-nistp521-cert-v01@openssh.com": .ecdsaP521,
        "ssh-rsa-cert-v01@openssh.com": .rsa,
    ]

    /// OpenSSH's limit on the number of principals in one certificate.
    public static let maximumPrincipals = 256

    /// The whole certificate blob, as a key line carries it.
    public let blob: [UInt8]
    /// The type name, e.g. `ssh-ed25519-cert-v01@openssh.com`.
    public let typeName: String
    /// The certified key, as a plain public key: its fingerprint is the certificate's fingerprint.
    public let publicKey: SSHPublicKey
    public let serial: UInt64
    public let role: Role
    public let keyID: String
    public let principals: [String]
    /// Seconds since the epoch; `validBefore` of `UInt64.max` means forever.
    public let validAfter: UInt64
    public let validBefore: UInt64
    /// The names of the critical options and of the extensions, in file order.
    public let criticalOptions: [String]
    public let extensions: [String]
    /// The CA key that signed the certificate.
    public let signatureKey: SSHPublicKey

    /// Whether `typeWord` names a certificate type, read here or not.
    static func isCertificateType(_ typeWord: some StringProtocol) -> Bool {
        typeWord.hasSuffix("-cert-v01@openssh.com")
    }

    /// Parses a certificate blob and checks its CA signature.
    public init(blob: [UInt8]) throws(SSHKeyError) {
        var reader = SSHWireReader(blob)
        let (typeField, _) = SSHPublicKey.withoutFinalNUL(try reader.readString())
        let typeName = String(decoding: typeField, as: UTF8.self)
        guard let algorithm = Self.typeNames[typeName] else {
            throw SSHKeyError(.unknownKeyType, String(typeName.prefix(64)))
        }
        _ = try reader.readString() // the nonce
        // The certified key's fields are those of the plain key of its algorithm, in the same order.
        var plain = SSHWireWriter(capacity: blob.count)
        plain.writeString(algorithm.name)
        switch algorithm {
        case .ed25519:
            plain.writeString(try reader.readString())
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            plain.writeString(try reader.readString())
            plain.writeString(try reader.readString())
        case .rsa:
            plain.writeString(try reader.readString())
            plain.writeString(try reader.readString())
        }
        let publicKey = try SSHPublicKey(blob: plain.bytes)
        serial = try reader.readUInt64()
        guard let role = Role(rawValue: try reader.readUInt32()) else {
            throw SSHKeyError(.malformed, "the certificate is neither a user nor a host certificate")
        }
        keyID = try Self.cString(try reader.readString(), what: "key id")
        principals = try Self.strings(in: try reader.readString(), what: "principals", limit: Self.maximumPrincipals)
        validAfter = try reader.readUInt64()
        validBefore = try reader.readUInt64()
        criticalOptions = try Self.options(in: try reader.readString(), what: "critical options")
        extensions = try Self.options(in: try reader.readString(), what: "extensions")
        _ = try reader.readString() // reserved
        let caBlob = Array(try reader.readString())
        let signedLength = reader.offset
        let signatureBlob = try reader.readString()
        guard reader.isAtEnd else { throw SSHKeyError(.trailingData, "after the certificate's signature") }
        var caReader = SSHWireReader(caBlob)
        guard !Self.isCertificateType(String(decoding: try caReader.readString(), as: UTF8.self)) else {
            throw SSHKeyError(.malformed, "the certificate is signed by another certificate, not by a CA key")
        }
        let signatureKey: SSHPublicKey
        do {
            signatureKey = try SSHPublicKey(blob: caBlob)
        } catch where error.kind == .unknownKeyType {
            throw SSHKeyError(.unknownKeyType, "the certificate's CA key is \(error.detail), whose signatures sshauth cannot check")
        }
        let signature = try SSHSignature(blob: signatureBlob)
        guard signature.verifies(Array(blob[0..<signedLength]), with: signatureKey) else {
            throw SSHKeyError(.malformed, "the certificate's signature does not verify with its CA key")
        }
        self.blob = blob
        self.typeName = typeName
        self.publicKey = publicKey
        self.role = role
        self.signatureKey = signatureKey
    }

    /// A text field as OpenSSH's `sshbuf_get_cstring` takes it: any bytes but NUL, which may only
    /// end it. Shown with invalid UTF-8 repaired, since OpenSSH does not require UTF-8 here.
    private static func cString(_ field: ArraySlice<UInt8>, what: String) throws(SSHKeyError) -> String {
        let (text, _) = SSHPublicKey.withoutFinalNUL(field)
        guard !text.contains(0) else { throw SSHKeyError(.malformed, "a NUL byte inside the certificate's \(what)") }
        return String(decoding: text, as: UTF8.self)
    }

    /// A packed list of strings (the principals).
    private static func strings(in packed: ArraySlice<UInt8>, what: String, limit: Int) throws(SSHKeyError) -> [String] {
        var reader = SSHWireReader(Array(packed))
        var found: [String] = []
        while !reader.isAtEnd {
            guard found.count < limit else { throw SSHKeyError(.malformed, "the certificate lists more than \(limit) \(what)") }
            found.append(try cString(try reader.readString(), what: what))
        }
        return found
    }

    /// A packed list of `string name, string data` pairs; returns the names.
    private static func options(in packed: ArraySlice<UInt8>, what: String) throws(SSHKeyError) -> [String] {
        var reader = SSHWireReader(Array(packed))
        var names: [String] = []
        while !reader.isAtEnd {
            names.append(try cString(try reader.readString(), what: what))
            _ = try reader.readString()
        }
        return names
    }
}

/// How a certificate appears in a fingerprint listing: the certified key's size and fingerprint,
/// and its type name with `-CERT`, as `ssh-keygen -l` prints them.
public struct CertifiedKeyListing: FingerprintedKey {
    public let listingName: String
    public let bits: Int
    public let blob: [UInt8]

    public var listingNameBytes: [UInt8] { Array(listingName.utf8) }

    public init(_ certificate: OpenSSHCertificate) {
        listingName = certificate.publicKey.listingName + "-CERT"
        bits = certificate.publicKey.bits
        blob = certificate.publicKey.blob
    }
}
