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
    /// The options written before the key on that line (none when it starts with the key).
    public let presentOptions: [AuthorizedKeyOption]
    /// Whether the file is a symbolic link; its content, when readable, is that of the file it leads to.
    public let isSymbolicLink: Bool
    /// Directories between the nearest existing one and the file, outermost first, to be created 0700.
    public let directoriesToCreate: [String]
    /// The StrictModes audit of the file and the directories sshd checks.
    public let audit: StrictModesAudit

    /// Reads everything the plan needs. Changes nothing on the target. `keyLoginWorks` says that a
    /// key login to the account has just succeeded, which the audit's sentences take into account.
    public static func inspect(_ request: InstallRequest, on files: RemoteFileSystem, keyLoginWorks: Bool = false) throws -> InstallInspection {
        let home = try files.homeDirectory()
        if let targetPath = request.targetPath { try TargetPathError.check(targetPath, home: home) }
        let path = request.authorizedKeysPath(home: home)
        var statuses: [RemotePathStatus] = []
        // Directories are judged where their links lead, as sshd does; the file itself is not
        // followed. A path below a directory sshauth may not search (another user's 0700 ~/.ssh)
        // is left uninspected, and the audit reports the directory, which is the real problem.
        for checked in StrictModesAudit.pathsToCheck(home: home, authorizedKeysPath: path) {
            do {
                // lstat first: for anything but a link it is also what stat would say, so a
                // directory costs a second request only when it is a link.
                var status = try files.status(of: checked, followingLinks: false)
                if checked != path, status.kind == .symlink {
                    status = try files.status(of: checked, followingLinks: true)
                    // A name from the listing would describe the link itself; the numeric owner is
                    // that of the directory it leads to, which is the one sshd judges.
                    status = RemotePathStatus(path: status.path, kind: status.kind, ownerUID: status.ownerUID, ownerName: nil, mode: status.mode)
                }
                statuses.append(status)
            } catch where files.isPermissionDenied(error) {
                continue
            }
        }
        // The user's uid, from a path the server names as the user's, so that a linked directory
        // (known only by its uid) can still be told apart as the user's own, root's or another's.
        let userUID = statuses.first { $0.ownerName == request.user && $0.ownerUID != nil }?.ownerUID
        let audit = StrictModesAudit(user: request.user, userUID: userUID, home: home, authorizedKeysPath: path,
                                     statuses: statuses, fixHome: request.fixHomePermissions, keyLoginWorks: keyLoginWorks)
        var directoriesToCreate: [String] = []
        var existing: [UInt8]?
        if audit.blockers.isEmpty {
            // The statuses already hold the directories of the walk, links followed; only those
            // not read there (below a directory that could not be searched) are asked again.
            func isMissing(_ directory: String) throws -> Bool {
                if let known = statuses.first(where: { $0.path == directory }) { return known.kind == .missing }
                return try files.status(of: directory, followingLinks: true).kind == .missing
            }
            var directory = parent(of: path)
            while directory != "/", try isMissing(directory) {
                directoriesToCreate.insert(directory, at: 0)
                directory = parent(of: directory)
            }
            if statuses.first(where: { $0.path == path })?.kind == .regularFile {
                existing = try files.contents(of: path, limit: maximumFileSize)
            }
        }
        // sshd reads keys through a linked file, so whether the key is there is read through it too
        // (sshauth still never writes through it). An unreadable link target leaves that unknown.
        let isSymbolicLink = statuses.first(where: { $0.path == path })?.kind == .symlink
        let keysRead = isSymbolicLink ? (try? files.contents(of: path, limit: maximumFileSize)) ?? nil : existing
        let keys = keysRead.map { AuthorizedKeysFile(bytes: $0) }
        let presentOnLine = keys.flatMap { $0.lineNumber(containing: request.key) }
        var presentOptions: [AuthorizedKeyOption] = []
        if let presentOnLine, case .key(let options, _, _)? = keys?.lines.first(where: { $0.number == presentOnLine })?.content {
            presentOptions = options
        }
        return InstallInspection(home: home, authorizedKeysPath: path, existing: existing, presentOnLine: presentOnLine,
                                 presentOptions: presentOptions, isSymbolicLink: isSymbolicLink,
                                 directoriesToCreate: directoriesToCreate, audit: audit)
    }

    /// authorized_keys files beyond this size are not something sshauth edits.
    public static let maximumFileSize = 8 << 20

    /// The options of the present line that can refuse a login from some clients or at some times,
    /// so that a key found in place may still not log in from here.
    public var restrictingOptions: [AuthorizedKeyOption] {
        presentOptions.filter { option in
            switch option {
            case .from, .expiryTime, .command: true
            default: false
            }
        }
    }

    /// What stops this install: the audit's blockers, except a linked authorized_keys that already
    /// holds the key, since nothing then has to be written through the link.
    public var blockers: [StrictModesAudit.Blocker] {
        audit.blockers.filter { !(presentOnLine != nil && $0.problem == .notRegularFile(.symlink)) }
    }

    /// Why ``blockers`` stop the install before anything is written, or nil when nothing does.
    public var blockingReasons: String? {
        blockers.isEmpty ? nil : blockers.map(\.sentence).joined(separator: " ")
    }

    /// A note for a plan whose key is already present with options that may refuse this client.
    public var restrictionNote: String? {
        guard let line = presentOnLine, !restrictingOptions.isEmpty else { return nil }
        return "The key's line \(line) has \(restrictingOptions.map(\.text).joined(separator: ", ")), which may refuse a login from this client."
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
