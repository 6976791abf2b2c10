import Testing
@testable import SSHKeys

/// RFC 4251 §5 encodings as written by `SSHWireWriter` and read back by `SSHWireReader`.
@Suite("WireEncoding")
struct WireEncodingTests {
    // MARK: uint32

    static let uint32Cases: [(UInt32, [UInt8])] = [
        (0, [0, 0, 0, 0]),
        (1, [0, 0, 0, 1]),
        (0x0102_0304, [1, 2, 3, 4]),
        (0x2937_DD5E, [0x29, 0x37, 0xDD, 0x5E]),
        (UInt32.max, [0xFF, 0xFF, 0xFF, 0xFF]),
    ]

    @Test("uint32 is written big-endian", arguments: uint32Cases)
    func uint32BigEndian(value: UInt32, expected: [UInt8]) throws {
        var writer = SSHWireWriter()
        writer.writeUInt32(value)
        #expect(writer.bytes == expected)
        var reader = SSHWireReader(expected)
        #expect(try reader.readUInt32() == value)
        #expect(reader.isAtEnd)
    }

    // MARK: string

    @Test("string is a uint32 length followed by the bytes")
    func stringEncoding() throws {
        var writer = SSHWireWriter()
        writer.writeString("testing")
        writer.writeString([UInt8]())
        writer.writeString([0x00, 0xFF] as [UInt8])
        #expect(writer.bytes == [0, 0, 0, 7] + Array("testing".utf8) + [0, 0, 0, 0] + [0, 0, 0, 2, 0x00, 0xFF])

        var reader = SSHWireReader(writer.bytes)
        #expect(try reader.readText() == "testing")
        #expect(Array(try reader.readString()) == [])
        #expect(Array(try reader.readString()) == [0x00, 0xFF])
        #expect(reader.isAtEnd)
        #expect(reader.remaining == 0)
    }

    @Test("a text field that is not UTF-8 is malformed")
    func textMustBeUTF8() {
        var reader = SSHWireReader([0, 0, 0, 2, 0xC3, 0x28])
        #expect(throws: SSHKeyError.self) { try reader.readText() }
        var again = SSHWireReader([0, 0, 0, 2, 0xC3, 0x28])
        do {
            _ = try again.readText()
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .malformed)
        }
    }

    // MARK: mpint

    /// (magnitude given, encoding expected), including RFC 4251's examples.
    static let mpintCases: [([UInt8], [UInt8])] = [
        ([], [0, 0, 0, 0]),
        ([0x00], [0, 0, 0, 0]),
        ([0x00, 0x00, 0x00], [0, 0, 0, 0]),
        ([0x80], [0, 0, 0, 2, 0x00, 0x80]),
        ([0x01, 0x00, 0x01], [0, 0, 0, 3, 0x01, 0x00, 0x01]),          // 65537
        ([0x00, 0x00, 0x01, 0x00, 0x01], [0, 0, 0, 3, 0x01, 0x00, 0x01]), // leading zeros stripped
        ([0x00, 0xFF], [0, 0, 0, 2, 0x00, 0xFF]),                      // stripped, then one zero put back
        ([0x7F], [0, 0, 0, 1, 0x7F]),
        ([0x09, 0xA3, 0x78, 0xF9, 0xB2, 0xE3, 0x32, 0xA7], [0, 0, 0, 8, 0x09, 0xA3, 0x78, 0xF9, 0xB2, 0xE3, 0x32, 0xA7]),
    ]

    @Test("mpint is written minimally", arguments: mpintCases)
    func mpintWrite(magnitude: [UInt8], expected: [UInt8]) throws {
        var writer = SSHWireWriter()
        writer.writePositiveMPInt(magnitude)
        #expect(writer.bytes == expected)
        // And it reads back as the minimal magnitude.
        var reader = SSHWireReader(writer.bytes)
        #expect(Array(try reader.readPositiveMPInt()) == Array(magnitude.drop(while: { $0 == 0 })))
        #expect(reader.isAtEnd)
    }

    @Test("mpint with the top bit set (negative) is rejected on read", arguments: [
        [0, 0, 0, 1, 0x80] as [UInt8],
        [0, 0, 0, 1, 0xFF],
        [0, 0, 0, 2, 0xED, 0xCC],
        [0, 0, 0, 3, 0x80, 0x00, 0x00],
    ])
    func negativeMPIntRejected(encoding: [UInt8]) {
        var reader = SSHWireReader(encoding)
        do {
            let value = try reader.readPositiveMPInt()
            Issue.record("a negative mpint was accepted as \(Array(value))")
        } catch {
            #expect(error.kind == .malformed)
        }
    }

    static let paddedMPIntCases: [([UInt8], [UInt8])] = [
        ([0, 0, 0, 2, 0x00, 0x01], [0x01]),
        ([0, 0, 0, 3, 0x00, 0x00, 0x80], [0x80]),
        ([0, 0, 0, 4, 0x00, 0x01, 0x00, 0x01], [0x01, 0x00, 0x01]),
        ([0, 0, 0, 1, 0x00], []),
        ([0, 0, 0, 0], []),
    ]

    @Test("superfluous leading zero bytes are tolerated on read", arguments: paddedMPIntCases)
    func leadingZerosTolerated(encoding: [UInt8], magnitude: [UInt8]) throws {
        var reader = SSHWireReader(encoding)
        #expect(Array(try reader.readPositiveMPInt()) == magnitude)
        #expect(reader.isAtEnd)
    }

    // MARK: truncation

    @Test("reads past the end throw .truncated", arguments: [
        "uint32 from 0 bytes", "uint32 from 3 bytes", "string length only", "string short by one",
        "string with length 0xFFFFFFFF", "mpint short", "bytes past end", "negative byte count",
    ])
    func truncatedReads(_ name: String) {
        var reader: SSHWireReader
        let read: (inout SSHWireReader) throws(SSHKeyError) -> Void
        switch name {
        case "uint32 from 0 bytes": reader = SSHWireReader([]); read = { (r) throws(SSHKeyError) in _ = try r.readUInt32() }
        case "uint32 from 3 bytes": reader = SSHWireReader([0, 0, 1]); read = { (r) throws(SSHKeyError) in _ = try r.readUInt32() }
        case "string length only": reader = SSHWireReader([0, 0, 0, 1]); read = { (r) throws(SSHKeyError) in _ = try r.readString() }
        case "string short by one": reader = SSHWireReader([0, 0, 0, 4, 1, 2, 3]); read = { (r) throws(SSHKeyError) in _ = try r.readString() }
        case "string with length 0xFFFFFFFF": reader = SSHWireReader([0xFF, 0xFF, 0xFF, 0xFF, 1]); read = { (r) throws(SSHKeyError) in _ = try r.readString() }
        case "mpint short": reader = SSHWireReader([0, 0, 0, 3, 0x01, 0x00]); read = { (r) throws(SSHKeyError) in _ = try r.readPositiveMPInt() }
        case "bytes past end": reader = SSHWireReader([1, 2]); read = { (r) throws(SSHKeyError) in _ = try r.readBytes(3) }
        default: reader = SSHWireReader([1, 2]); read = { (r) throws(SSHKeyError) in _ = try r.readBytes(-1) }
        }
        do {
            try read(&reader)
            Issue.record("\(name): expected .truncated")
        } catch {
            #expect(error.kind == .truncated, "\(name)")
        }
    }

    @Test("offsets advance by exactly what was read")
    func offsetsAdvanceExactly() throws {
        var reader = SSHWireReader([0, 0, 0, 5, 0, 0, 0, 2, 0xAB])
        #expect(try reader.readUInt32() == 5)
        #expect(reader.offset == 4)
        #expect(reader.remaining == 5)
        #expect(throws: SSHKeyError(.truncated)) { try reader.readString() }
        var fresh = SSHWireReader([9, 8, 7, 6, 5])
        #expect(Array(try fresh.readBytes(2)) == [9, 8])
        #expect(Array(fresh.readRest()) == [7, 6, 5])
        #expect(fresh.isAtEnd)
    }
}
