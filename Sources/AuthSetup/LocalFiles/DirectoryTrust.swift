#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether other local users could change what sshauth writes into a directory: OpenSSH's rule
/// for the paths it trusts, applied before sshauth writes a secret, a key, a ring or a script.
///
/// Symbolic links are resolved first; then the directory and every directory above it up to `/`
/// must be owned by root or the user and not writable by group or others (Debian's OpenSSH, and so
/// sshauth, also accepts group write when that group's one and only member is the user: a user
/// private group, as Debian makes for every account). A directory with the
/// sticky bit (such as `/tmp`) is the one exception to the write bits: there nobody but an entry's
/// owner may rename or remove it, so a file or directory the user made in it stays the user's,
/// while a directory someone else made there is refused by the owner rule.
public enum DirectoryTrust {
    /// Checks the directory that `file` is written into and returns its real path (symbolic links
    /// resolved), so the write that follows cannot be redirected by a link swapped in later.
    ///
    /// A directory that does not exist yet is judged by its nearest existing ancestor, the one
    /// it will be created in; the returned path is then the typed one.
    @discardableResult
    public static func check(directoryOf file: String, uid: uid_t = geteuid()) throws(LocalFileError) -> String {
        try check(SafeFileWriter.parentDirectory(of: file), for: file, uid: uid)
    }

    /// Checks `directory`, which is to receive `file`; see ``check(directoryOf:uid:)``.
    @discardableResult
    public static func check(_ directory: String, for file: String, uid: uid_t = geteuid()) throws(LocalFileError) -> String {
        var existing = directory
        var missing = false
        while realPath(existing) == nil {
            guard errno == ENOENT || errno == ENOTDIR, existing != "/", existing != "." else {
                throw .system("resolve the directory", existing)
            }
            missing = true
            existing = SafeFileWriter.parentDirectory(of: existing)
        }
        let resolved = realPath(existing) ?? existing
        var component = resolved
        while true {
            var info = stat()
            guard lstat(component, &info) == 0 else { throw .system("inspect", component) }
            guard info.st_mode & S_IFMT == S_IFDIR else { throw .system("create a file in", component, errno: ENOTDIR) }
            let problem: UntrustedDirectory.Problem?
            if info.st_uid != 0, info.st_uid != uid {
                problem = .foreignOwner
            } else if info.st_mode & 0o022 != 0, info.st_mode & S_ISVTX == 0,
                      !(info.st_mode & 0o002 == 0 && isPrivateGroup(info.st_gid, of: uid)) {
                problem = .writableByOthers
            } else {
                problem = nil
            }
            if let problem {
                let link = component == resolved && existing != resolved ? existing : nil
                throw LocalFileError(.untrustedDirectory(UntrustedDirectory(
                    directory: component, reachedThrough: link, owner: info.st_uid, mode: info.st_mode & 0o7777, problem: problem, user: uid)), path: file)
            }
            if component == "/" { break }
            component = SafeFileWriter.parentDirectory(of: component)
        }
        return missing ? directory : resolved
    }

    /// Debian's rule for a group-writable path: the group must have exactly one member, the user,
    /// counting both those who have it as their primary group and its listed members.
    static func isPrivateGroup(_ gid: gid_t, of uid: uid_t) -> Bool {
        guard let group = getgrgid(gid), let user = getpwuid(uid), let userName = user.pointee.pw_name else { return false }
        let name = String(cString: userName)
        var listed: [String] = []
        if var member = group.pointee.gr_mem {
            while let entry = member.pointee {
                listed.append(String(cString: entry))
                member += 1
            }
        }
        guard listed.allSatisfy({ $0 == name }), listed.count <= 1 else { return false }
        var primaryMembers = 0
        setpwent()
        defer { endpwent() }
        while let entry = getpwent() {
            guard entry.pointee.pw_gid == gid else { continue }
            if entry.pointee.pw_uid != uid { return false }
            primaryMembers += 1
        }
        return primaryMembers + listed.count > 0
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A directory on the way to a file that other users could change, and why.
public struct UntrustedDirectory: Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// Owned by a user who is neither root nor the one running sshauth.
        case foreignOwner
        /// Writable by group or others, without the sticky bit.
        case writableByOthers
    }

    /// The directory's real path.
    public let directory: String
    /// The typed path, when symbolic links led from it to `directory`.
    public let reachedThrough: String?
    public let owner: uid_t
    /// The permission bits, sticky bit included.
    public let mode: mode_t
    public let problem: Problem
    /// The user sshauth runs as.
    public let user: uid_t

    public init(directory: String, reachedThrough: String? = nil, owner: uid_t, mode: mode_t, problem: Problem, user: uid_t) {
        self.directory = directory
        self.reachedThrough = reachedThrough
        self.owner = owner
        self.mode = mode
        self.problem = problem
        self.user = user
    }

    /// The directory, its owner and mode, and what makes it safe, as the tail of one sentence.
    public var description: String {
        let octal = String(mode, radix: 8)
        let shownMode = String(repeating: "0", count: max(0, 4 - octal.count)) + octal
        let ownerWords = owner == user ? "you (\(UntrustedDirectory.name(of: owner)), uid \(owner))" : "\(UntrustedDirectory.name(of: owner)) (uid \(owner))"
        let link = reachedThrough.map { " (where \($0) leads)" } ?? ""
        let facts = "the directory \(directory)\(link) is owned by \(ownerWords) with mode \(shownMode)"
        let quoted = ShellQuoting.quote(directory)
        switch problem {
        case .foreignOwner:
            return "\(facts), so that user could replace what sshauth writes there; choose a directory that only you and root can change (for example one under your home directory)"
        case .writableByOthers where owner == user:
            return "\(facts), so other users could replace what sshauth writes there; run 'chmod go-w \(quoted)' or choose another directory"
        case .writableByOthers:
            return "\(facts), so other users could replace what sshauth writes there; ask the administrator to run 'chmod go-w \(quoted)', or choose a directory that only you and root can change"
        }
    }

    private static func name(of uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "an unnamed user" }
        return String(cString: name)
    }
}
