#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads with one clear error per failure.
public enum LocalFile {
    /// Reads a whole file. `-` reads standard input.
    public static func readAll(_ path: String) throws(LocalFileError) -> [UInt8] {
        if path == "-" { return try readAll(fd: STDIN_FILENO, name: "(stdin)") }
        let (fd, info) = try openForReading(path)
        defer { close(fd) }
        return try readAll(fd: fd, name: path, sizeHint: Int(info.st_size))
    }

    /// Calls `body` with the whole content of `path` (`-`: standard input). Regular files are mapped
    /// into memory rather than copied, which matters for key files of millions of lines.
    public static func withContents<R>(of path: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) throws(LocalFileError) -> R {
        guard path != "-" else { return try readAll(path).withUnsafeBufferPointer(body) }
        let (fd, info) = try openForReading(path)
        defer { close(fd) }
        let size = Int(info.st_size)
        if info.st_mode & S_IFMT == S_IFREG, size > 0,
           let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED {
            defer { munmap(mapped, size) }
            return body(UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size))
        }
        return try readAll(fd: fd, name: path, sizeHint: size).withUnsafeBufferPointer(body)
    }

    /// Opens `path` for reading and refuses directories, with one sentence per failure.
    private static func openForReading(_ path: String) throws(LocalFileError) -> (Int32, stat) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open", path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = errno
            close(fd)
            throw .system("inspect", path, errno: failure)
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            close(fd)
            throw LocalFileError(.wrongType(expected: "a file"), path: path)
        }
        return (fd, info)
    }

    /// Whether a path names an existing file (or directory).
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    private static func readAll(fd: Int32, name: String, sizeHint: Int = 0) throws(LocalFileError) -> [UInt8] {
        var bytes: [UInt8] = []
        // One read into uninitialised storage sized by fstat; pipes and growing files take more rounds.
        var chunk = max(sizeHint + 1, 65536)
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
            if reachedEnd { return bytes }
            chunk = max(chunk, bytes.count)
        }
    }
}
