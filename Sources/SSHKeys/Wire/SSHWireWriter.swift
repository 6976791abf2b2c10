/// Builds byte strings in the SSH wire encoding of RFC 4251 §5.
///
/// One method per data type; callers compose key blobs and file sections from them.
public struct SSHWireWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// RFC 4251: "uint32 ... stored as four bytes in the order of decreasing significance".
    public mutating func writeUInt32(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// RFC 4251: "string ... stored as a uint32 containing its length ... followed by zero or more bytes".
    public mutating func writeString<C: Collection>(_ value: C) where C.Element == UInt8 {
        writeUInt32(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// A text field, written as its UTF-8 bytes.
    public mutating func writeString(_ value: String) {
        writeString(Array(value.utf8))
    }

    /// RFC 4251 mpint for a non-negative integer given as big-endian magnitude bytes.
    ///
    /// The encoding is minimal: leading zero bytes are dropped, and one zero byte is put back in
    /// front when the top bit is set, so the value does not read as negative. Zero is the empty string.
    public mutating func writePositiveMPInt<C: Collection>(_ magnitude: C) where C.Element == UInt8 {
        let significant = magnitude.drop(while: { $0 == 0 })
        if let first = significant.first, first & 0x80 != 0 {
            writeUInt32(UInt32(significant.count + 1))
            bytes.append(0)
        } else {
            writeUInt32(UInt32(significant.count))
        }
        bytes.append(contentsOf: significant)
    }

    /// Overwrites what was written, for writers that assembled secret material.
    public mutating func wipe() {
        SSHKeys.wipe(&bytes)
        bytes.removeAll()
    }

    /// Raw bytes with no length prefix (magic strings, padding).
    public mutating func writeBytes<C: Collection>(_ value: C) where C.Element == UInt8 {
        bytes.append(contentsOf: value)
    }
}
