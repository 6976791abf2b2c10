#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads with one clear error per failure.
public enum LocalFile {
    /// Reads a whole file. `-` reads standard input.
    public static func readAll(_ path: String) throws(LocalFileError) -> [UInt8] {
        if path == "-" { return try readAll(fd: STDIN_FILENO, name: "(stdin)") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open", path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system("inspect", path) }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw LocalFileError(.wrongType(expected: "a file"), path: path) }
        return try readAll(fd: fd, name: path, sizeHint: Int(info.st_size))
    }

    /// Whether a path names an existing file (or directory).
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    private static func readAll(fd: Int32, name: String, sizeHint: Int = 0) throws(LocalFileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(sizeHint, 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes += [UInt8](repeating: 0, count: max(bytes.count, 65536)) }
            let count = bytes.withUnsafeMutableBufferPointer { buffer in
                read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system("read", name)
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }
}
