/// The messages of the SSH agent protocol (draft-miller-ssh-agent) that sshauth sends: adding a
/// private key, optionally with a lifetime, and the agent's one-byte answers; and asking which
/// keys the agent holds.
///
/// Every message is framed as `uint32 length` followed by `byte type` and the contents.
public enum SSHAgentMessage {
    /// `SSH_AGENTC_ADD_IDENTITY`.
    static let addIdentity: UInt8 = 17
    /// `SSH_AGENTC_ADD_ID_CONSTRAINED`: the same key fields followed by constraints.
    static let addIdentityConstrained: UInt8 = 25
    /// `SSH_AGENT_CONSTRAIN_LIFETIME`, followed by `uint32 seconds`.
    static let constrainLifetime: UInt8 = 1
    /// `SSH2_AGENTC_REQUEST_IDENTITIES` and its answer `SSH2_AGENT_IDENTITIES_ANSWER`.
    static let requestIdentities: UInt8 = 11
    static let identitiesAnswer: UInt8 = 12

    /// The whole framed request for the list of keys the agent holds.
    public static let identitiesRequest: [UInt8] = [0, 0, 0, 1, requestIdentities]

    /// One key the agent holds: its public blob and comment, as `ssh-add -L` prints them.
    public struct Identity: Sendable, Equatable {
        public let blob: [UInt8]
        public let comment: String
    }

    /// Reads the answer's body to ``identitiesRequest``: `byte 12`, `uint32 count`, then each key's
    /// `string blob` and `string comment`. A comment that is not UTF-8 is kept with replacements.
    public static func identities(_ body: [UInt8]) throws(SSHKeyError) -> [Identity] {
        guard body.first == identitiesAnswer else {
            throw SSHKeyError(.malformed, "the agent answered with message type \(body.first ?? 0), not a key list")
        }
        var reader = SSHWireReader(Array(body.dropFirst()))
        let count = try reader.readUInt32()
        // Each key takes at least 8 bytes, so a count beyond that is a lie the loop need not believe.
        guard Int(count) <= reader.remaining / 8 else { throw SSHKeyError(.truncated) }
        var keys: [Identity] = []
        for _ in 0..<count {
            let blob = Array(try reader.readString())
            let comment = String(decoding: try reader.readString(), as: UTF8.self)
            keys.append(Identity(blob: blob, comment: comment))
        }
        return keys
    }

    /// The whole framed request that adds `key`, with its comment, for `lifetime` seconds (forever when nil).
    ///
    /// The key fields are the ones openssh-key-v1 files also use (`string type`, then the
    /// algorithm's fields, RSA in the order n, e, d, iqmp, p, q), then `string comment`. The result
    /// holds the private key, so it comes back as ``SecretBytes``.
    public static func addIdentity(_ key: SSHPrivateKey, lifetime: UInt32?) -> SecretBytes {
        // Room for everything up front: a writer that grows leaves its old (unwiped) buffer behind.
        var body = SSHWireWriter(capacity: key.privateFields.count + key.comment.utf8.count + key.algorithm.name.utf8.count + 64)
        defer { body.wipe() }
        body.writeBytes([lifetime == nil ? addIdentity : addIdentityConstrained])
        body.writeString(key.algorithm.name)
        key.privateFields.withBytes { body.writeBytes($0) }
        body.writeString(key.comment)
        if let lifetime {
            body.writeBytes([constrainLifetime])
            body.writeUInt32(lifetime)
        }
        var frame = SSHWireWriter(capacity: body.bytes.count + 4)
        defer { frame.wipe() }
        frame.writeString(body.bytes)
        return SecretBytes(frame.bytes)
    }

    /// What the agent answered to a request.
    public enum Reply: Sendable, Equatable {
        /// `SSH_AGENT_SUCCESS` (6).
        case success
        /// `SSH_AGENT_FAILURE` (5): the agent refused, without saying why.
        case failure
        /// Any other message type, which a conforming agent does not send here.
        case unexpected(UInt8)
    }

    /// Reads an answer's body (the bytes after the length).
    public static func reply(_ body: [UInt8]) -> Reply {
        switch body.first {
        case 6: .success
        case 5: .failure
        case let other: .unexpected(other ?? 0)
        }
    }
}
