/// Why talking to the target failed, with the target or input it concerns.
public struct RemoteError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case nameNotResolved
        case connectionRefused
        case timedOut
        case unreachable
        case notAnSSHServer
        case handshakeFailed
        case noUsableMethod
        case authenticationFailed
        /// RSA key authentication that libssh2 1.10 cannot do against OpenSSH ≥ 8.8 (no rsa-sha2 signatures).
        case rsaSHA1Refused
        case sftpUnavailable
        case sftp(status: UInt)
        case connectionLost
        case library(code: Int32)
        /// A known_hosts file exists but cannot be read whole: judging the host key without it could
        /// miss a `@revoked` line or a changed key, so nothing is sent.
        case knownHostsUnreadable
    }

    public let kind: Kind
    /// A sentence-ready detail: the target, the path, or the library's own message.
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail }
}
