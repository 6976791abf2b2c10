import Testing
@testable import SSHKeys

/// The agent's answer to "which keys do you hold", read as ssh-add -L reads it, and refused when
/// it does not follow the protocol.
@Suite struct AgentIdentitiesTests {
    static func answer(type: UInt8 = 12, count: UInt32, _ keys: [([UInt8], String)], extra: [UInt8] = []) -> [UInt8] {
        var writer = SSHWireWriter(capacity: 64)
        writer.writeBytes([type])
        writer.writeUInt32(count)
        for (blob, comment) in keys {
            writer.writeString(blob)
            writer.writeString(comment)
        }
        return writer.bytes + extra
    }

    @Test("the request is one framed byte, 11")
    func request() {
        #expect(SSHAgentMessage.identitiesRequest == [0, 0, 0, 1, 11])
    }

    @Test("a list of keys gives each blob and comment in order; an empty agent gives none")
    func list() throws {
        let keys = try SSHAgentMessage.identities(Self.answer(count: 2, [([1, 2, 3], "first"), ([4], "second key")]))
        #expect(keys == [SSHAgentMessage.Identity(blob: [1, 2, 3], comment: "first"), SSHAgentMessage.Identity(blob: [4], comment: "second key")])
        #expect(try SSHAgentMessage.identities(Self.answer(count: 0, [])).isEmpty)
    }

    @Test("refused: another message type, a count the answer cannot hold, a cut-off key", arguments: [
        ("a failure answer", [UInt8(5)]),
        ("another type", answer(type: 6, count: 0, [])),
        ("a count of four billion", answer(count: UInt32.max, [([1], "x")])),
        ("two announced, one sent", answer(count: 2, [([1, 2, 3, 4, 5, 6, 7, 8], "only one")])),
        ("an empty answer", []),
    ])
    func refused(_ name: String, _ body: [UInt8]) {
        #expect(throws: SSHKeyError.self, "\(name)") { try SSHAgentMessage.identities(body) }
    }
}
