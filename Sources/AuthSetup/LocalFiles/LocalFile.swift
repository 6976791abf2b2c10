#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads with one clear error per failure, each bounded by the size its kind of file can
/// have. Named pipes and devices are refused: they can block or never end. Standard input (`-`) is
/// read when asked for, whatever it is, up to the same bound.
public enum LocalFile {
    /// Reads a whole file. `-` reads standard input.
    public static func readAll(_ path: String, kind: InputKind = .other) throws(LocalFileError) -> [UInt8] {
        if path == "-" { return try readAll(fd: STDIN_FILENO, name: "(stdin)", kind: kind) }
        let (fd, info) = try openForReading(path, kind: kind)
        defer { close(fd) }
        return try readAll(fd: fd, name: path, kind: kind, sizeHint: Int(info.st_size))
    }

    /// Calls `body` with the whole content of `path` (`-`: standard input). Regular files are mapped
    /// into memory rather than copied, which matters for key files of millions of lines.
    public static func withContents<R>(of path: String, kind: InputKind = .other,
                                       _ body: (UnsafeBufferPointer<UInt8>) -> R) throws(LocalFileError) -> R {
        guard path != "-" else { return try readAll(path, kind: kind).withUnsafeBufferPointer(body) }
        let (fd, info) = try openForReading(path, kind: kind)
        defer { close(fd) }
        let size = Int(info.st_size)
        if size > 0, let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED {
            defer { munmap(mapped, size) }
            return body(UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size))
        }
        return try readAll(fd: fd, name: path, kind: kind, sizeHint: size).withUnsafeBufferPointer(body)
    }

    /// Refuses `path` as input of `kind` (a pipe, a device, a directory, too large) without reading
    /// it, for files that another part reads later. A missing file passes: that is for the reader to judge.
    public static func checkInput(_ path: String, kind: InputKind) throws(LocalFileError) {
        guard path != "-", exists(path) else { return }
        let (fd, _) = try openForReading(path, kind: kind)
        close(fd)
    }

    /// Opens `path` for reading (following symlinks, as ssh does) and judges what was opened: a
    /// regular file no larger than `kind` allows. O_NONBLOCK keeps the open of a named pipe from
    /// waiting for a writer before it is refused; it is cleared for the reads.
    private static func openForReading(_ path: String, kind: InputKind) throws(LocalFileError) -> (Int32, stat) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .system("open", path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = errno
            close(fd)
            throw .system("inspect", path, errno: failure)
        }
        let failure: LocalFileError.Kind?
        switch info.st_mode & S_IFMT {
        // The one device that always reads as empty, as in `UserKnownHostsFile /dev/null`.
        case S_IFCHR where path == "/dev/null": failure = nil
        case S_IFREG: failure = Int(info.st_size) > kind.limit ? .tooLarge(limit: kind.limit, kind: kind.noun) : nil
        case S_IFDIR: failure = .wrongType(expected: "a file")
        case S_IFIFO: failure = .notRegular(found: "a named pipe")
        case S_IFCHR: failure = .notRegular(found: "a character device")
        case S_IFBLK: failure = .notRegular(found: "a block device")
        case S_IFSOCK: failure = .notRegular(found: "a socket")
        default: failure = .notRegular(found: "not a plain file")
        }
        if let failure {
            close(fd)
            throw LocalFileError(failure, path: path)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (fd, info)
    }

    /// Whether a path names an existing file (or directory).
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Reads to the end, but never more than one byte past `kind`'s limit: a file that grows, or a
    /// standard input that never ends, is refused once it is too large.
    private static func readAll(fd: Int32, name: String, kind: InputKind, sizeHint: Int = 0) throws(LocalFileError) -> [UInt8] {
        var bytes: [UInt8] = []
        // One read into uninitialised storage sized by fstat; pipes and growing files take more rounds.
        var chunk = min(max(sizeHint + 1, 65536), kind.limit + 1)
        while true {
            var failure: Int32 = 0
            var reachedEnd = false
            let added = [UInt8](unsafeUninitializedCapacity: chunk) { buffer, initialized in
                var filled = 0
                while filled < buffer.count {
                    let count = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                    if count < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        break
                    }
                    if count == 0 {
                        reachedEnd = true
                        break
                    }
                    filled += count
                }
                initialized = filled
            }
            if failure != 0 { throw .system("read", name, errno: failure) }
            if bytes.isEmpty { bytes = added } else { bytes += added }
            if bytes.count > kind.limit { throw LocalFileError(.tooLarge(limit: kind.limit, kind: kind.noun), path: name) }
            if reachedEnd { return bytes }
            chunk = min(max(chunk, bytes.count), kind.limit + 1 - bytes.count)
        }
    }
}
