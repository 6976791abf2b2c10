import AuthSetup
import CLibSSH2

/// The target's files over SFTP, as the authenticated user: no remote shell, so nothing the
/// user types (a target path with quotes or `;`) is ever interpreted by a shell.
public final class SFTPFileSystem: RemoteFileSystem, @unchecked Sendable {
    // Confined to the thread that owns the session, like the session itself.
    private let session: SSHSession
    private let sftp: OpaquePointer
    /// Owner names learnt from directory listings, by numeric uid: a uid has one name on the server,
    /// so once one listing has named it, no other path owned by it needs a listing of its own.
    private var ownerNames: [UInt32: String] = [:]
    /// The uid sftp-server runs as, which is the logged-in user's: asked once, nil where the
    /// server has no /proc (not Linux, or a chroot).
    private var sessionUID: UInt32??
    /// SFTP requests sent since the current operation began, for its trace line.
    private var requests = 0

    init(session: SSHSession) throws(RemoteError) {
        self.session = session
        guard let sftp = libssh2_sftp_init(session.session) else {
            if let phase = session.deadline.expiredPhase {
                throw RemoteError(.timedOut, session.deadline.timeoutSentence(phase, place: "\(session.host) port \(session.port)"))
            }
            throw RemoteError(.sftpUnavailable, "\(session.host) does not offer SFTP (\(SSHSession.lastError(session.session))); sshauth installs keys over SFTP only, so that no remote shell is needed. Ask the administrator to enable the sftp subsystem.")
        }
        self.sftp = sftp
    }

    deinit {
        libssh2_sftp_shutdown(sftp)
    }

    public func homeDirectory() throws -> String {
        let request = begin()
        defer { end(request, "realpath .") }
        var buffer = [CChar](repeating: 0, count: 4096)
        requests += 1
        let length = libssh2_sftp_symlink_ex(sftp, ".", 1, &buffer, UInt32(buffer.count), LIBSSH2_SFTP_REALPATH)
        guard length > 0 else { throw failure("find the home directory", ".") }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func status(of path: String, followingLinks: Bool) throws -> RemotePathStatus {
        let request = begin()
        defer { end(request, "\(followingLinks ? "stat" : "lstat") \(path)") }
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        let how = followingLinks ? LIBSSH2_SFTP_STAT : LIBSSH2_SFTP_LSTAT
        requests += 1
        let result = libssh2_sftp_stat_ex(sftp, path, UInt32(path.utf8.count), how, &attributes)
        guard result == 0 else {
            if libssh2_sftp_last_error(sftp) == LIBSSH2_FX_NO_SUCH_FILE {
                return RemotePathStatus(path: path, kind: .missing, ownerUID: nil, ownerName: nil, mode: nil)
            }
            throw failure("inspect", path)
        }
        let hasPermissions = attributes.flags & UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS) != 0
        let hasOwner = attributes.flags & UInt(LIBSSH2_SFTP_ATTR_UIDGID) != 0
        let type = attributes.permissions & UInt(LIBSSH2_SFTP_S_IFMT)
        let kind: RemotePathStatus.Kind
        switch type {
        case UInt(LIBSSH2_SFTP_S_IFDIR): kind = .directory
        case UInt(LIBSSH2_SFTP_S_IFREG): kind = .regularFile
        case UInt(LIBSSH2_SFTP_S_IFLNK): kind = .symlink
        default: kind = .other
        }
        return RemotePathStatus(path: path, kind: kind,
                                ownerUID: hasOwner ? UInt32(attributes.uid) : nil,
                                ownerName: ownerName(of: path, uid: hasOwner ? UInt32(attributes.uid) : nil),
                                mode: hasPermissions ? UInt32(attributes.permissions & 0o7777) : nil)
    }

    public func contents(of path: String, limit: Int) throws -> [UInt8]? {
        let request = begin()
        defer { end(request, "read \(path)") }
        requests += 1
        guard let handle = libssh2_sftp_open_ex(sftp, path, UInt32(path.utf8.count), UInt(LIBSSH2_FXF_READ), 0, LIBSSH2_SFTP_OPENFILE) else {
            if libssh2_sftp_last_error(sftp) == LIBSSH2_FX_NO_SUCH_FILE { return nil }
            throw failure("open", path)
        }
        defer { requests += 1; libssh2_sftp_close_handle(handle) }
        return try readToEnd(handle, path: path, limit: limit)
    }

    /// Reads from the handle's offset to the end of the file.
    private func readToEnd(_ handle: OpaquePointer, path: String, limit: Int) throws(RemoteError) -> [UInt8] {
        var content: [UInt8] = []
        var chunk = [CChar](repeating: 0, count: 32768)
        while true {
            requests += 1
            let count = libssh2_sftp_read(handle, &chunk, chunk.count)
            if count < 0 { throw failure("read", path) }
            if count == 0 { return content }
            content += chunk[0..<count].map { UInt8(bitPattern: $0) }
            if content.count > limit {
                throw RemoteError(.sftp(status: 0), "\(path) on \(session.host) is larger than \(limit / 1024) KiB; that is not an authorized_keys file sshauth will touch.")
            }
        }
    }

    public func makeDirectory(_ path: String, mode: UInt32) throws {
        let request = begin()
        defer { end(request, "mkdir \(path)") }
        requests += 1
        guard libssh2_sftp_mkdir_ex(sftp, path, UInt32(path.utf8.count), Int(mode)) == 0 else { throw failure("create the directory", path) }
    }

    public func appendAfterReading(to path: String, creatingWithMode mode: UInt32, limit: Int,
                                   _ addition: ([UInt8]) -> [UInt8]?) throws -> Bool {
        let request = begin()
        defer { end(request, "append \(path), re-read on the same handle") }
        // One handle for the re-read and the write: the content the addition is judged on is read
        // moments before the write, and no second open costs another round trip.
        let appending = UInt(LIBSSH2_FXF_READ | LIBSSH2_FXF_WRITE | LIBSSH2_FXF_APPEND)
        var created = false
        requests += 1
        var opened = libssh2_sftp_open_ex(sftp, path, UInt32(path.utf8.count), appending, 0, LIBSSH2_SFTP_OPENFILE)
        if opened == nil {
            guard libssh2_session_last_errno(session.session) == LIBSSH2_ERROR_SFTP_PROTOCOL,
                  libssh2_sftp_last_error(sftp) == LIBSSH2_FX_NO_SUCH_FILE else { throw failure("open for appending", path) }
            // Exclusive, so that only a file this call really made is ever taken back: one another
            // install created meanwhile fails the create (SFTP v3 reports EEXIST as a plain
            // failure) and is opened as it is.
            requests += 1
            let creating = appending | UInt(LIBSSH2_FXF_CREAT | LIBSSH2_FXF_EXCL)
            opened = libssh2_sftp_open_ex(sftp, path, UInt32(path.utf8.count), creating, Int(mode), LIBSSH2_SFTP_OPENFILE)
            if opened != nil {
                created = true
            } else {
                guard libssh2_session_last_errno(session.session) == LIBSSH2_ERROR_SFTP_PROTOCOL,
                      libssh2_sftp_last_error(sftp) == LIBSSH2_FX_FAILURE else { throw failure("create", path) }
                // The same plain failure also stands for a full disk or a read-only file system.
                let createFailure = failure("create", path)
                requests += 1
                opened = libssh2_sftp_open_ex(sftp, path, UInt32(path.utf8.count), appending, 0, LIBSSH2_SFTP_OPENFILE)
                guard opened != nil else { throw createFailure }
            }
        }
        guard let handle = opened else { throw failure("open for appending", path) }
        var open = true
        var wrote = false
        defer {
            if open { requests += 1; libssh2_sftp_close_handle(handle) }
            // A file this call created and did not fill is taken back, so a failure changes nothing.
            if created, !wrote { requests += 1; libssh2_sftp_unlink_ex(sftp, path, UInt32(path.utf8.count)) }
        }
        let current = try readToEnd(handle, path: path, limit: limit)
        guard let bytes = addition(current) else { return false }
        // Seeking drops libssh2's read-ahead requests for this handle, so the write starts clean;
        // the server's O_APPEND puts the bytes at the end whatever the offset.
        libssh2_sftp_seek64(handle, UInt64(current.count))
        // Where the file must end if the write fails half-way (a full disk writes what fits and
        // then reports an error): the size just read, one round trip before the write, as an fstat
        // would measure it, so no partial line may stay behind.
        let before = UInt64(current.count)
        // One write request: OpenSSH's sftp-server turns it into one write(2) on a file opened
        // O_APPEND, so the new line lands whole after whatever the file holds at that moment.
        requests += 1
        let written = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { libssh2_sftp_write(handle, $0.baseAddress, $0.count) }
        }
        if written != bytes.count {
            let failed = failure("append to", path)
            var restore = LIBSSH2_SFTP_ATTRIBUTES()
            restore.flags = UInt(LIBSSH2_SFTP_ATTR_SIZE)
            restore.filesize = before
            requests += 1
            let restored = libssh2_sftp_fstat_ex(handle, &restore, 1) == 0
            guard restored else {
                wrote = true  // what is there now is not known to be only sshauth's, so it stays
                throw RemoteError(failed.kind, failed.detail + " The file may now end in a partial line after byte \(before); remove it by hand.")
            }
            throw RemoteError(failed.kind, failed.detail + " The file was cut back to its previous \(before) bytes.")
        }
        wrote = true
        open = false
        requests += 1
        guard libssh2_sftp_close_handle(handle) == 0 else { throw failure("close", path) }
        return true
    }

    public func isPermissionDenied(_ error: any Error) -> Bool {
        (error as? RemoteError)?.kind == .sftp(status: LIBSSH2_FX_PERMISSION_DENIED)
    }

    public func removeFile(_ path: String) throws {
        let request = begin()
        defer { end(request, "remove \(path)") }
        requests += 1
        guard libssh2_sftp_unlink_ex(sftp, path, UInt32(path.utf8.count)) == 0 else { throw failure("remove", path) }
    }

    public func setMode(_ path: String, to mode: UInt32) throws {
        let request = begin()
        defer { end(request, "chmod \(String(mode, radix: 8)) \(path)") }
        requests += 1
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        attributes.flags = UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS)
        attributes.permissions = UInt(mode)
        guard libssh2_sftp_stat_ex(sftp, path, UInt32(path.utf8.count), LIBSSH2_SFTP_SETSTAT, &attributes) == 0 else {
            throw failure("change the mode of", path)
        }
    }

    public func replaceAfterComparing(_ path: String, limit: Int, _ replacement: ([UInt8]) throws -> [UInt8]?) throws -> RemoteFileReplacement? {
        let place = "\(path) on \(session.host)"
        let status = try self.status(of: path, followingLinks: false)
        switch status.kind {
        case .regularFile: break
        case .missing: throw RemoteError(.sftp(status: LIBSSH2_FX_NO_SUCH_FILE), "\(place) does not exist; nothing was changed.")
        case .symlink: throw RemoteError(.sftp(status: 4), "\(place) is a symbolic link; sshauth replaces only a plain file, so name the file it leads to with --target-path. Nothing was changed.")
        case .directory, .other: throw RemoteError(.sftp(status: 4), "\(place) is not a regular file; nothing was changed.")
        }
        // A file written over SFTP belongs to the login user; replacing someone else's file would
        // hand it to the login user, so only the user's own file is replaced.
        let user = session.user ?? "the login user"
        let ownedByUser: Bool
        if let owner = status.ownerUID, let me = loggedInUID() {
            ownedByUser = owner == me
        } else {
            ownedByUser = status.ownerName != nil && status.ownerName == session.user
        }
        guard ownedByUser else {
            let owner = status.ownerName ?? status.ownerUID.map { "uid \($0)" } ?? "an owner the server does not name"
            throw RemoteError(.sftp(status: 4), "\(place) belongs to \(owner), not \(user); a replacement written by \(user) would change its owner, so nothing was changed. Edit it as its owner.")
        }
        let mode = status.mode ?? 0o600
        let channel = try session.deadline.run(.sftp, detail: "open a second SFTP channel") { () throws(RemoteError) in
            try SFTPExtensionChannel(session: session)
        }
        guard channel.offersPosixRename else {
            throw RemoteError(.sftpUnavailable, "\(session.host)'s SFTP server does not offer \(SFTPExtensionPackets.posixRename), which sshauth needs to replace \(path) in one step; it never rewrites the file in place, so nothing was changed.")
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        // Planned from the content read, written beside it, and renamed over it only while the file
        // still holds exactly that content; a change meanwhile is planned from once more.
        for _ in 1...2 {
            guard let current = try contents(of: path, limit: limit) else {
                throw RemoteError(.sftp(status: LIBSSH2_FX_NO_SUCH_FILE), "\(place) was removed by someone else meanwhile; nothing was changed.")
            }
            guard let planned = try replacement(current) else { return nil }
            let temporary = "\(directory)/.\(name).sshauth-\(String(UInt64.random(in: .min ... .max), radix: 16))"
            var renamed = false
            try writeNewFile(temporary, planned, mode: mode)
            defer { if !renamed { try? removeFile(temporary) } }
            guard try contents(of: path, limit: limit) == current else { continue }
            let request = begin()
            defer { end(request, "posix-rename \(temporary) \(path)") }
            requests += 1
            try channel.posixRename(from: temporary, to: path)
            renamed = true
            return RemoteFileReplacement(before: current, after: planned)
        }
        throw RemoteError(.sftp(status: 4), "\(place) changed again while sshauth was replacing it (another program is writing it); nothing was changed. Run the command again.")
    }

    /// Creates `path` (it must not exist), writes `bytes`, sets `mode` (the server's umask may have
    /// narrowed it at creation), flushes it to disk and closes it; a failure removes it again.
    private func writeNewFile(_ path: String, _ bytes: [UInt8], mode: UInt32) throws(RemoteError) {
        let request = begin()
        defer { end(request, "write \(path)") }
        let creating = UInt(LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_EXCL)
        requests += 1
        guard let handle = libssh2_sftp_open_ex(sftp, path, UInt32(path.utf8.count), creating, Int(mode), LIBSSH2_SFTP_OPENFILE) else {
            throw failure("create", path)
        }
        var open = true
        var done = false
        defer {
            if open { requests += 1; libssh2_sftp_close_handle(handle) }
            if !done { requests += 1; libssh2_sftp_unlink_ex(sftp, path, UInt32(path.utf8.count)) }
        }
        var offset = 0
        while offset < bytes.count {
            requests += 1
            let written = bytes[offset...].withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { libssh2_sftp_write(handle, $0.baseAddress, $0.count) }
            }
            guard written > 0 else { throw failure("write", path) }
            offset += written
        }
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        attributes.flags = UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS)
        attributes.permissions = UInt(mode)
        requests += 1
        guard libssh2_sftp_fstat_ex(handle, &attributes, 1) == 0 else { throw failure("set the mode of", path) }
        requests += 1
        guard libssh2_sftp_fsync(handle) == 0 else { throw failure("flush to disk", path) }
        open = false
        requests += 1
        guard libssh2_sftp_close_handle(handle) == 0 else { throw failure("close", path) }
        done = true
    }

    /// The name of `uid`, the owner the server reported for `path`: from an earlier listing when
    /// one named that uid, else from the `ls -l` style long name the server lists `path` with.
    /// A listing describes the entry itself (a link, not where it leads), so it names `uid` only
    /// when its own uid is `uid`; otherwise the name stays unknown rather than wrong.
    private func ownerName(of path: String, uid: UInt32?) -> String? {
        if let uid, let known = ownerNames[uid] { return known }
        // The user's own uid is named by the login, which saves a listing (three round trips) for
        // one request; sshd too compares owners with the user's uid, not with a name.
        if let uid, let user = session.user, uid == loggedInUID() {
            ownerNames[uid] = user
            return user
        }
        guard let (listedUID, name) = listedOwner(of: path) else { return nil }
        if let uid, let listedUID {
            ownerNames[listedUID] = name
            return listedUID == uid ? name : nil
        }
        return name
    }

    /// The uid of the sftp-server process, from `/proc/self` (which leads to its /proc entry, owned
    /// by the process's uid); nil when the server cannot stat it. Linux gives the entry of a
    /// process that may not be dumped (sshd's internal-sftp, which changed uid without an exec) to
    /// root, so 0 counts only for a root login: root's paths must never be named as the user's.
    private func loggedInUID() -> UInt32? {
        if let known = sessionUID { return known }
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        let path = "/proc/self"
        requests += 1
        let found = libssh2_sftp_stat_ex(sftp, path, UInt32(path.utf8.count), LIBSSH2_SFTP_STAT, &attributes) == 0
            && attributes.flags & UInt(LIBSSH2_SFTP_ATTR_UIDGID) != 0
            && attributes.permissions & UInt(LIBSSH2_SFTP_S_IFMT) == UInt(LIBSSH2_SFTP_S_IFDIR)
        let uid = found && (attributes.uid != 0 || session.user == "root") ? UInt32(attributes.uid) : nil
        sessionUID = .some(uid)
        return uid
    }

    /// The uid (when given) and owner name the parent directory's listing shows for `path`.
    private func listedOwner(of path: String) -> (uid: UInt32?, name: String)? {
        let parent = path == "/" ? "/" : (path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? ".")
        let name = path == "/" ? "." : String(path.split(separator: "/").last ?? "")
        requests += 1
        guard let handle = libssh2_sftp_open_ex(sftp, parent, UInt32(parent.utf8.count), 0, 0, LIBSSH2_SFTP_OPENDIR) else { return nil }
        defer { requests += 1; libssh2_sftp_close_handle(handle) }
        var entry = [CChar](repeating: 0, count: 1024)
        var long = [CChar](repeating: 0, count: 1024)
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        // Counted as one request: libssh2 asks for the next batch of entries (OpenSSH's server
        // sends up to 100 at a time) only when the last one is used up.
        requests += 1
        while true {
            let length = libssh2_sftp_readdir_ex(handle, &entry, entry.count, &long, long.count, &attributes)
            guard length > 0 else { return nil }
            let entryName = String(decoding: entry.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard entryName == name else { continue }
            let longText = String(decoding: long.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let fields = longText.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 2 else { return nil }
            let hasOwner = attributes.flags & UInt(LIBSSH2_SFTP_ATTR_UIDGID) != 0
            return (hasOwner ? UInt32(attributes.uid) : nil, String(fields[2]))
        }
    }

    /// Starts one operation: charged to the deadline's SFTP phase, its requests counted for the trace.
    private func begin() -> NetworkDeadline.Stretch {
        requests = 0
        return session.deadline.begin(.sftp)
    }

    private func end(_ stretch: NetworkDeadline.Stretch, _ what: String) {
        session.deadline.end(stretch, detail: "\(what) (\(requests) \(requests == 1 ? "request" : "requests"))")
    }

    private func failure(_ operation: String, _ path: String) -> RemoteError {
        let status = libssh2_sftp_last_error(sftp)
        let code = libssh2_session_last_errno(session.session)
        if let timedOut = session.timeoutFailure(code, during: .sftp) {
            return RemoteError(.timedOut, "Could not \(operation) \(path): " + timedOut.detail)
        }
        if code != LIBSSH2_ERROR_SFTP_PROTOCOL, code != 0 {
            return RemoteError(.connectionLost, "Could not \(operation) \(path) on \(session.host): \(SSHSession.lastError(session.session)).")
        }
        let reason: String
        switch status {
        case LIBSSH2_FX_NO_SUCH_FILE: reason = "no such file or directory"
        case LIBSSH2_FX_PERMISSION_DENIED: reason = "permission denied"
        case 4: reason = "the server reported a failure (a full disk, a quota, or a read-only file system)"
        default: reason = "SFTP status \(status)"
        }
        return RemoteError(.sftp(status: status), "Could not \(operation) \(path) on \(session.host): \(reason).")
    }
}
