#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SSHKeys

/// Where a secret (passphrase, password) comes from. Never argv, never an environment variable.
public enum SecretSource: Sendable, Equatable {
    /// A file that must be a regular file owned by the user with no group or other permissions.
    case file(String)
    /// A file descriptor inherited from the parent process.
    case descriptor(Int32)

    /// Reads the secret: the content up to the first newline (a single trailing LF or CRLF is not
    /// part of it). The buffers that held it are wiped.
    public func read() throws(LocalFileError) -> SecretBytes {
        switch self {
        case .file(let path):
            // O_NONBLOCK: opening a named pipe must not wait for a writer before it is refused.
            let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
            guard fd >= 0 else { throw .system("open", path) }
            defer { close(fd) }
            try Self.checkProtected(fd: fd, path: path)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            return try Self.readFirstLine(fd: fd, name: path)
        case .descriptor(let fd):
            return try Self.readFirstLine(fd: fd, name: "file descriptor \(fd)")
        }
    }

    /// A secret file must be a regular file owned by the real user, mode 0600 or 0400 (no bits for group or others).
    static func checkProtected(fd: Int32, path: String) throws(LocalFileError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system("inspect", path) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw LocalFileError(.wrongType(expected: "a regular file"), path: path) }
        guard info.st_uid == getuid() else {
            throw LocalFileError(.notYours(owner: info.st_uid), path: path)
        }
        let permissions = info.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            throw LocalFileError(.unprotected(reason: "its mode is \(String(permissions, radix: 8)), so other users can get at it"), path: path)
        }
    }

    /// The longest secret accepted; a longer first line is refused rather than read on.
    static let maximumLength = 64 * 1024

    /// Reads up to the first newline and no further, one byte at a time, so that a writer that
    /// keeps its end of a pipe open after the line (as `sshpass -d` allows) does not stall us.
    private static func readFirstLine(fd: Int32, name: String) throws(LocalFileError) -> SecretBytes {
        var content = [UInt8]()
        content.reserveCapacity(maximumLength + 1)
        defer { SecretBytes.wipe(&content) }
        var byte: UInt8 = 0
        defer { byte = 0 }
        while true {
            let count = Glibc.read(fd, &byte, 1)
            if count < 0 {
                if errno == EINTR { continue }
                throw .system("read", name)
            }
            if count == 0 || byte == UInt8(ascii: "\n") { break }
            guard content.count < maximumLength else {
                throw LocalFileError(.tooLarge(limit: maximumLength, kind: "a secret"), path: name)
            }
            content.append(byte)
        }
        var end = content.count
        if end > 0, content[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end > 0 else { throw LocalFileError(.empty, path: name) }
        return SecretBytes(content[0..<end])
    }
}
