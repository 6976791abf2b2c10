/// What the target reported about one path: its type, owner and permission bits.
///
/// Filled in from SFTP attributes: the numeric uid from the attributes, the owner name from
/// sftp-server's `ls -l`-style long name when there is one. Either may be unknown.
public struct RemotePathStatus: Sendable, Equatable {
    /// The type of the path.
    public enum Kind: Sendable, Equatable {
        case directory
        case regularFile
        case symlink
        /// A device, socket or pipe.
        case other
        case missing
    }

    /// The absolute path on the target.
    public let path: String
    /// The type as `lstat` sees it for the file; directories should be reported with links followed.
    public let kind: Kind
    /// The numeric owner, when the server reported it.
    public let ownerUID: UInt32?
    /// The owner's account name, when the server reported it.
    public let ownerName: String?
    /// The permission bits, including set-id and sticky bits (masked with 0o7777).
    public let mode: UInt32?

    /// `mode` may be a whole `st_mode`; only the permission bits are kept.
    public init(path: String, kind: Kind, ownerUID: UInt32?, ownerName: String?, mode: UInt32?) {
        self.path = path
        self.kind = kind
        self.ownerUID = ownerUID
        self.ownerName = ownerName
        self.mode = mode.map { $0 & 0o7777 }
    }

    /// A path that does not exist on the target.
    public static func missing(_ path: String) -> RemotePathStatus {
        RemotePathStatus(path: path, kind: .missing, ownerUID: nil, ownerName: nil, mode: nil)
    }
}

extension RemotePathStatus.Kind {
    /// The kind as a noun phrase for sentences ("a directory").
    var phrase: String {
        switch self {
        case .directory: "a directory"
        case .regularFile: "a regular file"
        case .symlink: "a symbolic link"
        case .other: "a special file (device, socket or pipe)"
        case .missing: "missing"
        }
    }
}
