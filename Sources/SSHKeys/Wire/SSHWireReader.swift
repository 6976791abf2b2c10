/// Reads the SSH wire encoding of RFC 4251 §5 from a byte array, front to back.
///
/// Every read checks the remaining length first, so a truncated or hostile input throws
/// ``SSHKeyError/Kind/truncated`` instead of reading past the end.
public struct SSHWireReader: Sendable {
    private var bytes: [UInt8]
    /// Index of the next unread byte.
    public private(set) var offset: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    /// Whether every byte has been consumed.
    public var isAtEnd: Bool { offset == bytes.count }

    /// The number of bytes not yet read.
    public var remaining: Int { bytes.count - offset }

    /// A big-endian `uint64`.
    public mutating func readUInt64() throws(SSHKeyError) -> UInt64 {
        let high = UInt64(try readUInt32())
        return high << 32 | UInt64(try readUInt32())
    }

    public mutating func readUInt32() throws(SSHKeyError) -> UInt32 {
        guard remaining >= 4 else { throw SSHKeyError(.truncated) }
        let value = UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
        offset += 4
        return value
    }

    /// A length-prefixed string, returned as the bytes it holds.
    public mutating func readString() throws(SSHKeyError) -> ArraySlice<UInt8> {
        let length = Int(try readUInt32())
        guard remaining >= length else { throw SSHKeyError(.truncated) }
        defer { offset += length }
        return bytes[offset..<offset + length]
    }

    /// A string that must be UTF-8 text (algorithm names, comments).
    public mutating func readText() throws(SSHKeyError) -> String {
        let raw = try readString()
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw SSHKeyError(.malformed, "a text field is not valid UTF-8")
        }
        return text
    }

    /// An mpint that must not be negative, returned as its minimal big-endian magnitude.
    ///
    /// Superfluous leading zero bytes are tolerated on input, as OpenSSH does; writers never produce them.
    public mutating func readPositiveMPInt() throws(SSHKeyError) -> ArraySlice<UInt8> {
        let raw = try readString()
        if let first = raw.first, first & 0x80 != 0 {
            throw SSHKeyError(.malformed, "a number in the key is negative")
        }
        return raw.drop(while: { $0 == 0 })
    }

    /// Exactly `count` raw bytes.
    public mutating func readBytes(_ count: Int) throws(SSHKeyError) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw SSHKeyError(.truncated) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// The bytes read since `start`, an earlier value of ``offset``.
    public func consumed(from start: Int) -> ArraySlice<UInt8> {
        bytes[start..<offset]
    }

    /// Overwrites the reader's copy of the input, for readers over secret material.
    public mutating func wipe() {
        SSHKeys.wipe(&bytes)
    }

    /// The bytes not yet read, consuming them.
    public mutating func readRest() -> ArraySlice<UInt8> {
        defer { offset = bytes.count }
        return bytes[offset...]
    }
}
