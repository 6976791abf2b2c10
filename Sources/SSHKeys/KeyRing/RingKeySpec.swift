/// The key a new ring certificate gets: RACDCERT's `RSA SIZE(n)` or `NISTECC SIZE(n)`.
///
/// Only what SSH can use is offered: RSA of 2048, 3072 or 4096 bits and ECDSA on the NIST curves
/// (Brainpool curves, which RACF also makes, have no SSH key type).
public struct RingKeySpec: Sendable, Hashable, CustomStringConvertible {
    public let algorithm: SSHKeyAlgorithm
    /// The RSA modulus size; the curve size for ECDSA.
    public let bits: Int

    /// RSA 2048, RACF's usual size and the one IBM calls typically sufficient for z/OS OpenSSH.
    public static let `default` = RingKeySpec(algorithm: .rsa, bits: 2048)

    /// Every specification `ring create --key` accepts, in the order help lists them.
    public static let offered: [RingKeySpec] = [
        RingKeySpec(algorithm: .rsa, bits: 2048), RingKeySpec(algorithm: .rsa, bits: 3072), RingKeySpec(algorithm: .rsa, bits: 4096),
        RingKeySpec(algorithm: .ecdsaP256, bits: 256), RingKeySpec(algorithm: .ecdsaP384, bits: 384), RingKeySpec(algorithm: .ecdsaP521, bits: 521),
    ]

    private init(algorithm: SSHKeyAlgorithm, bits: Int) {
        self.algorithm = algorithm
        self.bits = bits
    }

    /// Parses `rsa:2048`, `ecdsa:384` and the like (case-insensitive).
    public init(parsing text: String) throws(KeyRingError) {
        guard let found = Self.offered.first(where: { $0.description == text.lowercased() }) else {
            throw KeyRingError(.invalidKeySpec, text)
        }
        self = found
    }

    public var description: String {
        "\(algorithm == .rsa ? "rsa" : "ecdsa"):\(bits)"
    }

    /// Generates a key of this kind.
    func generate() throws(KeyRingError) -> EVPKey {
        do {
            return try EVPKey(generating: algorithm, rsaBits: bits)
        } catch {
            throw KeyRingError(.library, error.detail)
        }
    }
}
