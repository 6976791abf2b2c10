import AuthSetup
import SSHKeys

/// A key ring opened for mechanism 4: the bytes read (nil for a ring still to be made), the ring
/// and its password, kept until the plan that may rewrite the ring is applied or abandoned.
public struct OpenedRing: Sendable {
    public let path: String
    public let bytes: [UInt8]?
    public let ring: KeyRing
    public let password: SecretBytes

    /// Opens `bytes` read from `path` (read first, with `RingFile.contents`, so that a missing file
    /// is known before a password is asked for); nil bytes stand for a new, empty ring.
    public static func open(path: String, bytes: [UInt8]?, password: SecretBytes) throws(RingFileError) -> OpenedRing {
        let ring = try bytes.map { (read) throws(RingFileError) in try RingFile.open(read, path: path, password: password) } ?? KeyRing()
        return OpenedRing(path: path, bytes: bytes, ring: ring, password: password)
    }

    /// The labels of the ring's certificates, in ring order.
    public var labels: [String] {
        ring.certificates.compactMap { $0.label?.text }
    }
}
