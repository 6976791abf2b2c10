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
        // Directories are judged where their links lead, as sshd does; the file itself is not
        // followed. A path below a directory sshauth may not search (another user's 0700 ~/.ssh)
        // is left uninspected, and the audit reports the directory, which is the real problem.
        for checked in StrictModesAudit.pathsToCheck(home: home, authorizedKeysPath: path) {
            do {
                statuses.append(try files.status(of: checked, followingLinks: checked != path))
            } catch where files.isPermissionDenied(error) {
                continue
            }
        }
        let audit = StrictModesAudit(user: request.user, userUID: nil, home: home, authorizedKeysPath: path,
                                     statuses: statuses, fixHome: request.fixHomePermissions)
        var directoriesToCreate: [String] = []
        var existing: [UInt8]?
        if audit.blockers.isEmpty {
            var directory = parent(of: path)
            while directory != "/", try files.status(of: directory, followingLinks: true).kind == .missing {
                directoriesToCreate.insert(directory, at: 0)
                directory = parent(of: directory)
            }
            if statuses.first(where: { $0.path == path })?.kind == .regularFile {
                existing = try files.contents(of: path, limit: maximumFileSize)
            }
        }
        let presentOnLine = existing.flatMap { AuthorizedKeysFile(bytes: $0).lineNumber(containing: request.key) }
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
