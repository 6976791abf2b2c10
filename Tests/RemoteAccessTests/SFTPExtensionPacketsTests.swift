@testable import RemoteAccess
import Testing

/// The SFTP packets sshauth writes and reads itself for posix-rename@openssh.com, byte by byte,
/// and the caps that keep a hostile server's replies from growing without bound.
@Suite struct SFTPExtensionPacketsTests {
    private static func uint32(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func string(_ text: String) -> [UInt8] {
        uint32(text.utf8.count) + Array(text.utf8)
    }

    @Test("INIT asks for version 3")
    func initPacket() {
        #expect(SFTPExtensionPackets.initPacket() == [0, 0, 0, 5, 1, 0, 0, 0, 3])
    }

    @Test("posix-rename is EXTENDED with the request id, the extension name and both paths as SSH strings")
    func posixRename() {
        let body: [UInt8] = [200] + Self.uint32(7) + Self.string("posix-rename@openssh.com") + Self.string("/h/.ssh/.new")
            + Self.string("/h/.ssh/authorized_keys")
        #expect(SFTPExtensionPackets.posixRenamePacket(id: 7, from: "/h/.ssh/.new", to: "/h/.ssh/authorized_keys") == Self.uint32(body.count) + body)
    }

    @Test("VERSION 3 gives its extension names; other versions, other types and cut strings are refused")
    func version() throws {
        let offered: [UInt8] = [2] + Self.uint32(3) + Self.string("posix-rename@openssh.com") + Self.string("1")
            + Self.string("fsync@openssh.com") + Self.string("1")
        #expect(try SFTPExtensionPackets.extensions(inVersion: offered) == ["posix-rename@openssh.com", "fsync@openssh.com"])
        #expect(try SFTPExtensionPackets.extensions(inVersion: [2] + Self.uint32(3)) == [])
        for bad: [UInt8] in [[2] + Self.uint32(6), [101] + Self.uint32(3), [2, 0, 0], [2] + Self.uint32(3) + Self.uint32(100) + [0x41],
                             [2] + Self.uint32(3) + Self.string("name"), []] {
            #expect(throws: SFTPExtensionPackets.Malformed.self) { try SFTPExtensionPackets.extensions(inVersion: bad) }
        }
    }

    @Test("STATUS gives code and message for its own request id only")
    func status() throws {
        let ok: [UInt8] = [101] + Self.uint32(9) + Self.uint32(0) + Self.string("Success") + Self.string("")
        let answer = try SFTPExtensionPackets.status(ok, id: 9)
        #expect(answer.code == 0 && answer.message == "Success")
        let bare = try SFTPExtensionPackets.status([101] + Self.uint32(9) + Self.uint32(4), id: 9)
        #expect(bare.code == 4 && bare.message.isEmpty)
        #expect(throws: SFTPExtensionPackets.Malformed.self) { try SFTPExtensionPackets.status(ok, id: 8) }
        #expect(throws: SFTPExtensionPackets.Malformed.self) { try SFTPExtensionPackets.status([2] + Self.uint32(9) + Self.uint32(0), id: 9) }
        #expect(throws: SFTPExtensionPackets.Malformed.self) { try SFTPExtensionPackets.status([101] + Self.uint32(9) + [0, 0], id: 9) }
        #expect(throws: SFTPExtensionPackets.Malformed.self) {
            try SFTPExtensionPackets.status([101] + Self.uint32(9) + Self.uint32(0) + Self.uint32(0xFFFF_FFFF), id: 9)
        }
    }

    @Test("a packet is taken only when whole; the rest stays; a length over the cap is refused from its 4 length bytes alone")
    func framing() throws {
        #expect(try SFTPExtensionPackets.takePacket([0, 0]) == nil)
        #expect(try SFTPExtensionPackets.takePacket([0, 0, 0, 3, 1, 2]) == nil)
        let taken = try #require(try SFTPExtensionPackets.takePacket([0, 0, 0, 2, 1, 2, 9]))
        #expect(taken.body == [1, 2] && taken.consumed == 6)
        let cap = SFTPExtensionPackets.maximumReplyLength
        let atCap = try SFTPExtensionPackets.takePacket(Self.uint32(cap) + [UInt8](repeating: 0, count: cap))
        #expect(atCap?.body.count == cap)
        for length in [cap + 1, 0x7FFF_FFFF, 0xFFFF_FFFF, 0] {
            #expect(throws: SFTPExtensionPackets.Malformed.self, "\(length)") { try SFTPExtensionPackets.takePacket(Self.uint32(length)) }
        }
    }
}
