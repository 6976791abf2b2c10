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
    public init(of key: SSHPublicKey, hash: Hash = .sha256) {
        self.init(blob: key.blob, hash: hash)
    }

    init(blob: some ContiguousBytes, hash: Hash) {
        self.hash = hash
        self.digest = hash.digest.hash(blob)
    }

    public var description: String {
        switch hash {
        case .sha256:
            var text = Base64.encode(digest)
            while text.last == "=" { text.removeLast() }
            return "SHA256:" + text
        case .md5:
            let hexDigits = Array("0123456789abcdef".utf8)
            var out = Array("MD5:".utf8)
            for (index, byte) in digest.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ":")) }
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
