import SSHKeys

/// What the target looks like before anything is changed, read over SFTP: the facts a plan is made of.
public struct InstallInspection: Sendable {
    public let home: String
    /// The absolute authorized_keys path.
    public let authorizedKeysPath: String
    /// The file's bytes, or nil when it does not exist yet.
    public let existing: [UInt8]?
    /// The line that already holds the key's blob, if any.
    public let presentOnLine: Int?
    /// Directories between the nearest existing one and the file, outermost first, to be created 0700.
    public let directoriesToCreate: [String]
    /// The StrictModes audit of the file and the directories sshd checks.
    public let audit: StrictModesAudit

    /// Reads everything the plan needs. Changes nothing on the target.
    public static func inspect(_ request: InstallRequest, on files: RemoteFileSystem) throws -> InstallInspection {
        let home = try files.homeDirectory()
        let path = request.authorizedKeysPath(home: home)
        var statuses: [RemotePathStatus] = []
        // Directories are judged where their links lead, as sshd does; the file itself is not followed.
        for checked in StrictModesAudit.pathsToCheck(home: home, authorizedKeysPath: path) {
            statuses.append(try files.status(of: checked, followingLinks: checked != path))
        }
        var directoriesToCreate: [String] = []
        var directory = parent(of: path)
        while directory != "/", try files.status(of: directory, followingLinks: true).kind == .missing {
            directoriesToCreate.insert(directory, at: 0)
            directory = parent(of: directory)
        }
        let fileStatus = statuses.first { $0.path == path }
        var existing: [UInt8]?
        if fileStatus?.kind == .regularFile {
            existing = try files.contents(of: path, limit: maximumFileSize)
        }
        let presentOnLine = existing.flatMap { AuthorizedKeysFile(bytes: $0).lineNumber(containing: request.key) }
        // OpenSSH's sftp-server names owners; a uid alone cannot say whose it is, so none is assumed.
        let audit = StrictModesAudit(user: request.user, userUID: nil,
                                     home: home, authorizedKeysPath: path, statuses: statuses,
                                     fixHome: request.fixHomePermissions)
        return InstallInspection(home: home, authorizedKeysPath: path, existing: existing, presentOnLine: presentOnLine,
                                 directoriesToCreate: directoriesToCreate, audit: audit)
    }

    /// authorized_keys files beyond this size are not something sshauth edits.
    public static let maximumFileSize = 8 << 20

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
