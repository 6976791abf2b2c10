import COpenSSL

/// Message digests from OpenSSL, fetched once per process.
///
/// Fetching an algorithm from a provider costs far more than hashing a key blob, and the
/// fingerprint command hashes one blob per line, so the fetched `EVP_MD` is cached.
public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case md5 = "MD5"
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"

    /// Output length in bytes.
    public var length: Int {
        switch self {
        case .md5: 16
        case .sha1: 20
        case .sha256: 32
        case .sha512: 64
        }
    }

    /// Hashes `data` in one call.
    public func hash(_ data: some ContiguousBytes) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        let md = FetchedDigests.shared.md(for: self)
        data.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { output in
                var size: UInt32 = 0
                let ok = EVP_Digest(input.baseAddress, input.count, output.baseAddress!.assumingMemoryBound(to: UInt8.self), &size, md, nil)
                precondition(ok == 1 && Int(size) == length, "OpenSSL \(rawValue) digest failed")
            }
        }
        return out
    }
}

/// Anything whose bytes can be read contiguously: `[UInt8]`, `ArraySlice<UInt8>`, raw buffers.
public protocol ContiguousBytes {
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousBytes where Element == UInt8 {}
extension ArraySlice: ContiguousBytes where Element == UInt8 {}
extension UnsafeRawBufferPointer: ContiguousBytes {
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(self) }
}

/// Owns the `EVP_MD` objects fetched from the default provider for the life of the process.
private final class FetchedDigests: @unchecked Sendable {
    static let shared = FetchedDigests()
    // Written once in init and only read afterwards, hence @unchecked Sendable.
    private let mds: [DigestAlgorithm: OpaquePointer]

    private init() {
        var mds: [DigestAlgorithm: OpaquePointer] = [:]
        for algorithm in DigestAlgorithm.allCases {
            guard let md = EVP_MD_fetch(nil, algorithm.rawValue, nil) else {
                fatalError("OpenSSL has no \(algorithm.rawValue) digest; is the default provider missing?")
            }
            mds[algorithm] = md
        }
        self.mds = mds
    }

    func md(for algorithm: DigestAlgorithm) -> OpaquePointer { mds[algorithm]! }
}
