/// The few SFTP version 3 packets sshauth sends itself, because libssh2 1.10 cannot: `INIT`, the
/// `posix-rename@openssh.com` extended request, and the `VERSION` and `STATUS` replies to them.
///
/// Plain functions over bytes, so that they are tested without a server. Every reply is read with
/// a length cap: a hostile server cannot make sshauth allocate or wait for more than that.
enum SFTPExtensionPackets {
    static let initType: UInt8 = 1
    static let versionType: UInt8 = 2
    static let statusType: UInt8 = 101
    static let extendedType: UInt8 = 200
    /// `SSH_FX_OK`.
    static let statusOK: UInt32 = 0
    static let posixRename = "posix-rename@openssh.com"
    /// The largest reply accepted, length field not counted: OpenSSH's VERSION with all its
    /// extensions is a few hundred bytes, and a STATUS is its message plus a dozen.
    static let maximumReplyLength = 16 * 1024

    /// Why a reply cannot be used.
    struct Malformed: Error, Equatable, CustomStringConvertible {
        let description: String
    }

    /// `SSH_FXP_INIT` for version 3.
    static func initPacket() -> [UInt8] {
        framed([initType] + uint32(3))
    }

    /// `SSH_FXP_EXTENDED` `posix-rename@openssh.com` from `old` to `new`, with request `id`.
    static func posixRenamePacket(id: UInt32, from old: String, to new: String) -> [UInt8] {
        framed([extendedType] + uint32(id) + string(Array(posixRename.utf8)) + string(Array(old.utf8)) + string(Array(new.utf8)))
    }

    /// The body of the first whole packet at the start of `buffer` and how many bytes it took,
    /// or nil while more bytes are needed. A length over ``maximumReplyLength`` (or zero) is refused
    /// before anything more is read.
    static func takePacket(_ buffer: [UInt8]) throws(Malformed) -> (body: [UInt8], consumed: Int)? {
        guard buffer.count >= 4 else { return nil }
        let length = Int(readUInt32(buffer, at: 0))
        guard length > 0 else { throw Malformed(description: "an empty SFTP packet") }
        guard length <= maximumReplyLength else {
            throw Malformed(description: "an SFTP reply of \(length) bytes, more than the \(maximumReplyLength) accepted")
        }
        guard buffer.count >= 4 + length else { return nil }
        return (Array(buffer[4..<(4 + length)]), 4 + length)
    }

    /// The extension names a `VERSION` body offers (a version other than 3 is refused).
    static func extensions(inVersion body: [UInt8]) throws(Malformed) -> [String] {
        var reader = Reader(body)
        guard try reader.byte() == versionType else { throw Malformed(description: "the reply to SFTP INIT is not VERSION") }
        let version = try reader.uint32()
        guard version == 3 else { throw Malformed(description: "the server speaks SFTP version \(version), not 3") }
        var names: [String] = []
        while !reader.atEnd {
            let name = try reader.string()
            _ = try reader.string()
            names.append(String(decoding: name, as: UTF8.self))
        }
        return names
    }

    /// The status code and message of a `STATUS` body answering request `id`.
    static func status(_ body: [UInt8], id: UInt32) throws(Malformed) -> (code: UInt32, message: String) {
        var reader = Reader(body)
        guard try reader.byte() == statusType else { throw Malformed(description: "the reply to the rename is not an SFTP STATUS") }
        let answered = try reader.uint32()
        guard answered == id else { throw Malformed(description: "the SFTP STATUS answers request \(answered), not \(id)") }
        let code = try reader.uint32()
        // The message and language tag are optional in the oldest servers.
        let message = reader.atEnd ? "" : String(decoding: try reader.string(), as: UTF8.self)
        return (code, message)
    }

    private static func framed(_ body: [UInt8]) -> [UInt8] {
        uint32(UInt32(body.count)) + body
    }

    private static func uint32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func string(_ bytes: [UInt8]) -> [UInt8] {
        uint32(UInt32(bytes.count)) + bytes
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Reads fields off a packet body, refusing any that runs past its end.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { offset >= bytes.count }

        mutating func byte() throws(Malformed) -> UInt8 {
            guard offset < bytes.count else { throw Malformed(description: "an SFTP reply cut short") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint32() throws(Malformed) -> UInt32 {
            guard bytes.count - offset >= 4 else { throw Malformed(description: "an SFTP reply cut short") }
            defer { offset += 4 }
            return SFTPExtensionPackets.readUInt32(bytes, at: offset)
        }

        mutating func string() throws(Malformed) -> [UInt8] {
            let length = Int(try uint32())
            guard bytes.count - offset >= length else { throw Malformed(description: "a string in an SFTP reply runs past its end") }
            defer { offset += length }
            return Array(bytes[offset..<(offset + length)])
        }
    }
}
