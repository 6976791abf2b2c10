/// The messages of the SSH agent protocol (draft-miller-ssh-agent) that sshauth sends: adding a
/// private key, optionally with a lifetime, and the agent's one-byte answers.
///
/// Every message is framed as `uint32 length` followed by `byte type` and the contents.
public enum SSHAgentMessage {
    /// `SSH_AGENTC_ADD_IDENTITY`.
    static let addIdentity: UInt8 = 17
    /// `SSH_AGENTC_ADD_ID_CONSTRAINED`: the same key fields followed by constraints.
    static let addIdentityConstrained: UInt8 = 25
    /// `SSH_AGENT_CONSTRAIN_LIFETIME`, followed by `uint32 seconds`.
    static let constrainLifetime: UInt8 = 1

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
