import COpenSSL

/// The checks OpenSSH makes of an ECDSA public point before it accepts a key
/// (`sshkey_ec_validate_public`): on the curve, not the point at infinity, and both coordinates
/// below the group order with more than half its bits. A key that fails is not a key ssh would
/// use, so sshauth neither lists nor installs it.
enum ECPublicPoint {
    /// Whether `point` (uncompressed SEC1) is a public key OpenSSH accepts on `curve`
    /// (`nistp256`, `nistp384` or `nistp521`).
    static func isAcceptable(_ point: some Collection<UInt8>, curve: String) -> Bool {
        guard let group = group(for: curve), let context = BN_CTX_new() else { return false }
        defer { BN_CTX_free(context) }
        guard let decoded = EC_POINT_new(group.pointer) else { return false }
        defer { EC_POINT_free(decoded) }
        let bytes = Array(point)
        guard EC_POINT_oct2point(group.pointer, decoded, bytes, bytes.count, context) == 1,
              EC_POINT_is_at_infinity(group.pointer, decoded) == 0 else { return false }
        BN_CTX_start(context)
        defer { BN_CTX_end(context) }
        guard let x = BN_CTX_get(context), let y = BN_CTX_get(context),
              EC_POINT_get_affine_coordinates(group.pointer, decoded, x, y, context) == 1,
              let order = EC_GROUP_get0_order(group.pointer) else { return false }
        let half = BN_num_bits(order) / 2
        return BN_num_bits(x) > half && BN_num_bits(y) > half && BN_cmp(x, order) < 0 && BN_cmp(y, order) < 0
    }

    /// An EC_GROUP made once per curve and kept for the life of the process (read-only afterwards,
    /// so shared by the threads of a parallel fingerprint listing).
    final class Group: @unchecked Sendable {
        let pointer: OpaquePointer
        init?(nid: Int32) {
            guard let made = EC_GROUP_new_by_curve_name(nid) else { return nil }
            pointer = made
        }
        deinit { EC_GROUP_free(pointer) }
    }

    private static let p256 = Group(nid: NID_X9_62_prime256v1)
    private static let p384 = Group(nid: NID_secp384r1)
    private static let p521 = Group(nid: NID_secp521r1)

    private static func group(for curve: String) -> Group? {
        switch curve {
        case "nistp256": p256
        case "nistp384": p384
        case "nistp521": p521
        default: nil
        }
    }
}
