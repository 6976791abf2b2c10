#if canImport(Glibc)
import Glibc
#endif

/// The closed set of key algorithms sshauth generates, reads and installs.
public enum SSHKeyAlgorithm: String, Sendable, Hashable, CaseIterable {
    case ed25519 = "ssh-ed25519"
    case ecdsaP256 = "ecdsa-sha2-nistp256"
    case ecdsaP384 = "ecdsa-sha2-nistp384"
    case ecdsaP521 = "ecdsa-sha2-nistp521"
    case rsa = "ssh-rsa"

    /// The name used on the wire, in `.pub` lines and in key blobs.
    public var name: String { rawValue }

    /// The upper-case short name that `ssh-keygen -l` prints in parentheses and randomart titles.
    public var shortName: String {
        switch self {
        case .ed25519: "ED25519"
        case .ecdsaP256, .ecdsaP384, .ecdsaP521: "ECDSA"
        case .rsa: "RSA"
        }
    }

    /// The name people use for the algorithm, for plans and screens.
    public var displayName: String {
        switch self {
        case .ed25519: "Ed25519"
        case .ecdsaP256: "ECDSA P-256"
        case .ecdsaP384: "ECDSA P-384"
        case .ecdsaP521: "ECDSA P-521"
        case .rsa: "RSA"
        }
    }

    /// The curve identifier carried inside ECDSA blobs (`nistp256`, ...); nil for other algorithms.
    public var curveIdentifier: String? {
        switch self {
        case .ecdsaP256: "nistp256"
        case .ecdsaP384: "nistp384"
        case .ecdsaP521: "nistp521"
        case .ed25519, .rsa: nil
        }
    }

    /// The OpenSSL group name of an ECDSA curve.
    var openSSLGroupName: String? {
        switch self {
        case .ecdsaP256: "prime256v1"
        case .ecdsaP384: "secp384r1"
        case .ecdsaP521: "secp521r1"
        case .ed25519, .rsa: nil
        }
    }

    /// Field size in bits for the fixed-size algorithms; RSA sizes come from the modulus.
    var fixedBits: Int? {
        switch self {
        case .ed25519, .ecdsaP256: 256
        case .ecdsaP384: 384
        case .ecdsaP521: 521
        case .rsa: nil
        }
    }

    /// Length of an uncompressed SEC1 point (`04 || X || Y`) on the algorithm's curve.
    var ecPointLength: Int? {
        switch self {
        case .ecdsaP256: 65
        case .ecdsaP384: 97
        case .ecdsaP521: 133
        case .ed25519, .rsa: nil
        }
    }

    /// The algorithm whose wire name is `name`, or nil.
    public init?(name: some StringProtocol) {
        self.init(rawValue: String(name))
    }

    /// Looks the name up from raw bytes without building a String (the fingerprint hot path).
    init?(nameBytes: some Collection<UInt8>) {
        let found: SSHKeyAlgorithm?? = nameBytes.withContiguousStorageIfAvailable { Self.lookUp($0) }
        if let found {
            guard let found else { return nil }
            self = found
        } else {
            guard let found = Self.lookUp(Array(nameBytes)) else { return nil }
            self = found
        }
    }

    private static let names: [(SSHKeyAlgorithm, [UInt8])] = allCases.map { ($0, Array($0.rawValue.utf8)) }

    private static func lookUp(_ bytes: UnsafeBufferPointer<UInt8>) -> SSHKeyAlgorithm? {
        for (algorithm, name) in names where name.count == bytes.count {
            if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) { return algorithm }
        }
        return nil
    }

    private static func lookUp(_ bytes: [UInt8]) -> SSHKeyAlgorithm? {
        bytes.withUnsafeBufferPointer { lookUp($0) }
    }

    /// The `(TYPE)` short name as bytes, for building listings without String work.
    var shortNameBytes: [UInt8] {
        switch self {
        case .ed25519: Self.ed25519ShortName
        case .ecdsaP256, .ecdsaP384, .ecdsaP521: Self.ecdsaShortName
        case .rsa: Self.rsaShortName
        }
    }

    private static let ed25519ShortName = Array(SSHKeyAlgorithm.ed25519.shortName.utf8)
    private static let ecdsaShortName = Array(SSHKeyAlgorithm.ecdsaP256.shortName.utf8)
    private static let rsaShortName = Array(SSHKeyAlgorithm.rsa.shortName.utf8)
}
