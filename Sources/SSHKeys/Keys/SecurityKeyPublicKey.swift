/// A public key whose private half lives on a FIDO security key (`sk-ssh-ed25519@openssh.com`,
/// `sk-ecdsa-sha2-nistp256@openssh.com`, PROTOCOL.u2f). sshauth lists and fingerprints these as
/// `ssh-keygen -l` does, so that an authorized_keys file holding one is read without complaint; it
/// does not generate or install them, since using one needs the token itself.
public struct SecurityKeyPublicKey: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case ed25519 = "sk-ssh-ed25519@openssh.com"
        case ecdsaP256 = "sk-ecdsa-sha2-nistp256@openssh.com"

        /// What `ssh-keygen -l` prints in parentheses.
        public var shortName: String { self == .ed25519 ? "ED25519-SK" : "ECDSA-SK" }
    }

    public let kind: Kind
    /// The whole wire blob: `string type`, the key's fields, `string application`.
    public let blob: [UInt8]
    /// The FIDO application (relying party) the key was made for, usually `ssh:`.
    public let application: String

    /// Parses and validates a wire blob.
    public init(blob: [UInt8]) throws(SSHKeyError) {
        var reader = SSHWireReader(blob)
        let typeName = try reader.readString()
        guard let kind = Kind(rawValue: String(decoding: typeName, as: UTF8.self)) else {
            throw SSHKeyError(.unknownKeyType, String(decoding: typeName.prefix(64), as: UTF8.self))
        }
        switch kind {
        case .ed25519:
            guard try reader.readString().count == 32 else { throw SSHKeyError(.malformed, "an Ed25519 security key's public key must be 32 bytes") }
        case .ecdsaP256:
            guard try reader.readString().elementsEqual("nistp256".utf8) else { throw SSHKeyError(.curveMismatch, "\(kind.rawValue) must name curve nistp256") }
            let point = try reader.readString()
            guard point.count == 65, point.first == 0x04, ECPublicPoint.isAcceptable(point, curve: "nistp256") else {
                throw SSHKeyError(.malformed, "the ECDSA point is not a valid public key on nistp256")
            }
        }
        application = try reader.readText()
        guard reader.isAtEnd else { throw SSHKeyError(.trailingData) }
        self.kind = kind
        self.blob = blob
    }
}

/// What a fingerprint listing needs of a key: its `(TYPE)` name, its size and its blob.
public protocol FingerprintedKey: Sendable {
    var listingName: String { get }
    var listingNameBytes: [UInt8] { get }
    var bits: Int { get }
    var blob: [UInt8] { get }
}

extension SSHPublicKey: FingerprintedKey {
    public var listingName: String { algorithm.shortName }
    public var listingNameBytes: [UInt8] { algorithm.shortNameBytes }
}

extension SecurityKeyPublicKey: FingerprintedKey {
    public var listingName: String { kind.shortName }
    public var listingNameBytes: [UInt8] { Array(kind.shortName.utf8) }
    /// Both kinds are 256-bit keys.
    public var bits: Int { 256 }
}
