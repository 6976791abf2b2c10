/// The file operations a key installation needs on the target, in the form SFTP offers them.
///
/// Defined here so the installation logic stays free of network code; the SFTP client in
/// RemoteAccess provides it. Nothing here runs a command on the target.
public protocol RemoteFileSystem: AnyObject, Sendable {
    /// The directory a login starts in, as an absolute path (the remote home).
    func homeDirectory() throws -> String
    /// What is at `path`, with the owner's name when the server says it. A final symlink is followed
    /// only when asked (sshd follows links to directories, but sshauth never writes through a link).
    func status(of path: String, followingLinks: Bool) throws -> RemotePathStatus
    /// The whole content of a file, or nil when it does not exist. Refuses files larger than `limit`.
    func contents(of path: String, limit: Int) throws -> [UInt8]?
    /// Creates one directory.
    func makeDirectory(_ path: String, mode: UInt32) throws
    /// Opens the file in append mode (creating it with `mode` when missing), reads what it holds
    /// now, and writes what `addition` returns for that content with a single write; nil writes
    /// nothing. Whatever else is in the file stays exactly as it is, and a file this call created
    /// is removed again when it fails. Refuses files larger than `limit`. Returns whether it wrote.
    func appendAfterReading(to path: String, creatingWithMode mode: UInt32, limit: Int,
                            _ addition: ([UInt8]) -> [UInt8]?) throws -> Bool
    /// Replaces the user's own regular file at `path` with what `replacement` makes of its current
    /// content, in one step: the new content goes into a new file beside it (created exclusively,
    /// with the old file's mode, flushed to disk), the old file is read again, and the new one is
    /// renamed over it only if the content is still the one planned from; after a change it is
    /// planned once more, then refused. `replacement` returning nil changes nothing. A file owned
    /// by another account, a link or a server without an atomic rename is refused, and every
    /// failure removes the new file, so the file is always either the old one or the new one.
    func replaceAfterComparing(_ path: String, limit: Int, _ replacement: ([UInt8]) throws -> [UInt8]?) throws -> RemoteFileReplacement?
    /// Removes a file (used only to take back a file sshauth itself created).
    func removeFile(_ path: String) throws
    /// Sets the permission bits.
    func setMode(_ path: String, to mode: UInt32) throws
    /// Whether an error thrown by one of these operations means "permission denied".
    func isPermissionDenied(_ error: any Error) -> Bool
}

/// What ``RemoteFileSystem/replaceAfterComparing(_:limit:_:)`` did: the content it planned from,
/// and the content now in the file.
public struct RemoteFileReplacement: Sendable, Equatable {
    public let before: [UInt8]
    public let after: [UInt8]

    public init(before: [UInt8], after: [UInt8]) {
        self.before = before
        self.after = after
    }
}
