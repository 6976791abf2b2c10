import COpenSSL

/// Bytes that must not outlive their use: private key material, passphrases, derived keys.
///
/// The storage is a single heap buffer that is overwritten with zeros (by `OPENSSL_cleanse`,
/// which the optimiser cannot drop) when the last reference goes away. Copy out of it as
/// little as possible.
public final class SecretBytes: @unchecked Sendable {
    // Never mutated after init except by the wipe in deinit.
    private let storage: UnsafeMutableBufferPointer<UInt8>

    public init(_ bytes: some Collection<UInt8>) {
        storage = .allocate(capacity: max(bytes.count, 1))
        _ = storage.initialize(from: bytes)
        count = bytes.count
    }

    /// Takes the bytes of an array and wipes the array's copy.
    public convenience init(consuming bytes: inout [UInt8]) {
        self.init(bytes)
        bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
        bytes.removeAll()
    }

    public let count: Int

    public var isEmpty: Bool { count == 0 }

    /// Read access to the bytes for the duration of `body`.
    public func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try body(UnsafeBufferPointer(rebasing: storage[0..<count]))
    }

    deinit {
        OPENSSL_cleanse(storage.baseAddress, storage.count)
        storage.deallocate()
    }
}

extension SecretBytes: Equatable {
    /// Constant-time comparison, so equality checks leak nothing through timing.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withBytes { a in rhs.withBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 } }
    }
}

extension SecretBytes {
    /// Overwrites an array that held secret bytes, in a way the optimiser cannot drop.
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }
}

/// Overwrites an array of secret bytes in place.
func wipe(_ bytes: inout [UInt8]) {
    SecretBytes.wipe(&bytes)
}
