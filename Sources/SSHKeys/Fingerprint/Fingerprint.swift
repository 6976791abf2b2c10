/// A key fingerprint in OpenSSH's text forms.
///
/// SHA256 (the default) prints as `SHA256:` and unpadded standard base64; MD5 prints as `MD5:`
/// and lower-case colon-separated hex, exactly as `ssh-keygen -l` shows them.
public struct Fingerprint: Sendable, Hashable, CustomStringConvertible {
    public enum Hash: String, Sendable, CaseIterable {
        case sha256
        case md5

        var digest: DigestAlgorithm { self == .sha256 ? .sha256 : .md5 }
        /// The label inside the randomart footer and before the fingerprint.
        public var label: String { digest.rawValue }
    }

    public let hash: Hash
    /// The raw digest of the key blob.
    public let digest: [UInt8]

    /// The fingerprint of a public key blob.
    public init(of key: some FingerprintedKey, hash: Hash = .sha256) {
        self.hash = hash
        self.digest = hash.digest.hash(key.blob)
    }

    public var description: String {
        var text = [UInt8](repeating: 0, count: Self.maximumTextLength)
        let count = text.withUnsafeMutableBufferPointer { buffer in
            digest.withUnsafeBytes { Self.writeText(digest: $0, hash: hash, to: buffer.baseAddress!) }
        }
        return String(decoding: text[0..<count], as: UTF8.self)
    }

    /// Room needed by ``writeText(digest:hash:to:)``: `MD5:` and 16 colon-separated hex pairs is the longest.
    static let maximumTextLength = 4 + 16 * 3

    private static let sha256Prefix = Array("SHA256:".utf8)
    private static let md5Prefix = Array("MD5:".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes the text form of a raw digest at `output`; returns the length. Shared by
    /// ``description`` and the bulk listing.
    static func writeText(digest: UnsafeRawBufferPointer, hash: Hash, to output: UnsafeMutablePointer<UInt8>) -> Int {
        switch hash {
        case .sha256:
            sha256Prefix.withUnsafeBufferPointer { output.update(from: $0.baseAddress!, count: $0.count) }
            return sha256Prefix.count + Base64.encode(digest, to: output + sha256Prefix.count, padded: false)
        case .md5:
            md5Prefix.withUnsafeBufferPointer { output.update(from: $0.baseAddress!, count: $0.count) }
            var written = md5Prefix.count
            hexDigits.withUnsafeBufferPointer { hex in
                for (index, byte) in digest.enumerated() {
                    if index > 0 {
                        output[written] = UInt8(ascii: ":")
                        written += 1
                    }
                    output[written] = hex[Int(byte >> 4)]
                    output[written + 1] = hex[Int(byte & 0x0F)]
                    written += 2
                }
            }
            return written
        }
    }
}
