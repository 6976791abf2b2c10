import COpenSSL

/// Message digests from OpenSSL, fetched once per process.
///
/// Fetching an algorithm from a provider costs far more than hashing a key blob, and the
/// fingerprint command hashes one blob per line, so the fetched `EVP_MD` is cached.
public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case md5 = "MD5"
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha384 = "SHA384"
    case sha512 = "SHA512"

    /// Output length in bytes.
    public var length: Int {
        switch self {
        case .md5: 16
        case .sha1: 20
        case .sha256: 32
        case .sha384: 48
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
    private let md5: OpaquePointer
    private let sha1: OpaquePointer
    private let sha256: OpaquePointer
    private let sha384: OpaquePointer
    private let sha512: OpaquePointer

    private init() {
        func fetch(_ name: String) -> OpaquePointer {
            guard let md = EVP_MD_fetch(nil, name, nil) else {
                fatalError("OpenSSL has no \(name) digest; is the default provider missing?")
            }
            return md
        }
        md5 = fetch("MD5")
        sha1 = fetch("SHA1")
        sha256 = fetch("SHA256")
        sha384 = fetch("SHA384")
        sha512 = fetch("SHA512")
    }

    func md(for algorithm: DigestAlgorithm) -> OpaquePointer {
        switch algorithm {
        case .md5: md5
        case .sha1: sha1
        case .sha256: sha256
        case .sha384: sha384
        case .sha512: sha512
        }
    }
}

/// One reusable OpenSSL digest context, for hashing many small inputs in a row on one thread.
final class DigestContext {
    private let context: OpaquePointer
    private let md: OpaquePointer
    let algorithm: DigestAlgorithm

    init(_ algorithm: DigestAlgorithm) {
        guard let context = EVP_MD_CTX_new() else { fatalError("OpenSSL could not allocate a digest context") }
        self.context = context
        self.algorithm = algorithm
        md = FetchedDigests.shared.md(for: algorithm)
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Hashes `input` into `output`, which must hold at least `algorithm.length` bytes.
    func hash(_ input: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) {
        var size: UInt32 = 0
        let ok = EVP_DigestInit_ex2(context, md, nil) == 1
            && EVP_DigestUpdate(context, input.baseAddress, input.count) == 1
            && EVP_DigestFinal_ex(context, output, &size) == 1
        precondition(ok, "OpenSSL \(algorithm.rawValue) digest failed")
    }
}
