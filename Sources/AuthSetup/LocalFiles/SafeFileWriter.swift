#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SSHKeys

/// Writes files so that a reader sees either the old file or the whole new one, never a part,
/// and a secret is never readable by others, not even for a moment.
///
/// The content goes into a temporary file created with `O_CREAT|O_EXCL` and its final mode in the
/// target's directory; it is synced and then moved into place. Without `replace` the move is a
/// `link`, which fails if the target appeared meanwhile, so an existing file is never overwritten.
/// Before anything is created, the target's directory is checked with ``DirectoryTrust`` and the
/// file is then written through the directory's real path.
public enum SafeFileWriter {
    /// Writes `content` to `path` with `mode`. Throws ``LocalFileError/Kind/exists`` if the file
    /// exists and `replace` is false; on any failure nothing is left behind.
    /// `beforeCommit` is as for the non-secret variant below.
    public static func write(_ content: SecretBytes, to path: String, mode: mode_t, replace: Bool,
                             beforeCommit: () throws(LocalFileError) -> Void = {}) throws(LocalFileError) {
        try content.withBytes { (bytes) throws(LocalFileError) in
            try write(bytes, to: path, mode: mode, replace: replace, beforeCommit: beforeCommit)
        }
    }

    /// Writes non-secret content (a `.pub` file, a plan) the same careful way.
    ///
    /// `beforeCommit` runs when the new content is complete and synced, right before it is moved
    /// into place; if it throws, the file is left as it is.
    public static func write(_ content: [UInt8], to path: String, mode: mode_t, replace: Bool,
                             beforeCommit: () throws(LocalFileError) -> Void = {}) throws(LocalFileError) {
        try content.withUnsafeBufferPointer { (bytes) throws(LocalFileError) in
            try write(bytes, to: path, mode: mode, replace: replace, beforeCommit: beforeCommit)
        }
    }

    private static func write(_ bytes: UnsafeBufferPointer<UInt8>, to typedPath: String, mode: mode_t, replace: Bool,
                              beforeCommit: () throws(LocalFileError) -> Void = {}) throws(LocalFileError) {
        let directory = try DirectoryTrust.check(directoryOf: typedPath)
        let path = directory == "/" ? "/" + fileName(of: typedPath) : directory + "/" + fileName(of: typedPath)
        if !replace, access(path, F_OK) == 0 { throw LocalFileError(.exists, path: typedPath) }
        let (fd, temporary) = try createTemporary(in: directory, for: path, mode: mode)
        var committed = false
        defer {
            if fd >= 0 { close(fd) }
            if !committed { unlink(temporary) }
        }
        // O_CREAT applies the umask; set the exact mode explicitly.
        guard fchmod(fd, mode) == 0 else { throw .system("set the mode of", temporary) }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .system("write", typedPath)
            }
            offset += written
        }
        guard fsync(fd) == 0 else { throw .system("sync", typedPath) }
        try beforeCommit()
        if replace {
            guard rename(temporary, path) == 0 else { throw .system("rename a temporary file onto", typedPath) }
        } else {
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { throw LocalFileError(.exists, path: typedPath) }
                throw .system("create", typedPath)
            }
            unlink(temporary)
        }
        committed = true
        syncDirectory(directory)
    }

    /// Appends `bytes` to `path` with one write in append mode, creating the file with `mode` if it
    /// is missing. What the file already holds is never rewritten.
    public static func append(_ bytes: [UInt8], to path: String, creatingWithMode mode: mode_t) throws(LocalFileError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .system("open for appending", path) }
        defer { close(fd) }
        let written = bytes.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw .system("append to", path) }
        guard fsync(fd) == 0 else { throw .system("sync", path) }
    }

    /// Creates `path` as a directory with `mode` if it does not exist. Returns whether it was created.
    ///
    /// The directory it is made in, or an existing one, is checked with ``DirectoryTrust`` first:
    /// what sshauth puts into it will be trusted.
    @discardableResult
    public static func makeDirectory(_ path: String, mode: mode_t) throws(LocalFileError) -> Bool {
        try DirectoryTrust.check(directoryOf: path)
        if mkdir(path, mode) == 0 {
            // mkdir applies the umask; make the mode exact.
            guard chmod(path, mode) == 0 else { throw .system("set the mode of", path) }
            return true
        }
        guard errno == EEXIST else { throw .system("create the directory", path) }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw LocalFileError(.wrongType(expected: "a directory"), path: path)
        }
        try DirectoryTrust.check(path, for: path)
        return false
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func fileName(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? "file"
    }

    private static func createTemporary(in directory: String, for path: String, mode: mode_t) throws(LocalFileError) -> (Int32, String) {
        let base = fileName(of: path)
        for _ in 0..<16 {
            let suffix = (0..<8).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! }
            let candidate = "\(directory)/.\(base).sshauth-\(String(suffix))"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if fd >= 0 { return (fd, candidate) }
            if errno != EEXIST { throw .system("create a file in", directory) }
        }
        throw .system("create a temporary file in", directory, errno: EEXIST)
    }

    /// Makes the rename durable; failure here cannot undo the write, so it is not reported.
    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
