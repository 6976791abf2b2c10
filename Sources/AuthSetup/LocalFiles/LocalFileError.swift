#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a local file could not be read or written, with the path it concerns.
public struct LocalFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// A file that must not be replaced already exists.
        case exists
        /// A system call failed; `errno` tells why.
        case system(operation: String, errno: Int32)
        /// A secret file is readable or writable by others, or owned by someone else.
        case unprotected(reason: String)
        /// The path is not a regular file (or not a directory, where one is expected).
        case wrongType(expected: String)
        /// The file is empty where content is needed.
        case empty
        /// The input is larger than anything of its kind can be; `kind` names it ("a key file").
        case tooLarge(limit: Int, kind: String)
        /// The path names a pipe, a device or a socket, which could block or never end; `found` says which.
        case notRegular(found: String)
        /// A secret file belongs to another user, which a mode change cannot mend.
        case notYours(owner: uid_t)
        /// A directory on the way to the file could be changed by other users.
        case untrustedDirectory(UntrustedDirectory)
        /// Another program changed the file between sshauth's read and its replacement.
        case changedMeanwhile
        /// Another process held the lock on the file's directory for longer than sshauth waits.
        case locked(directory: String, seconds: Int)
        /// The path is a symbolic link to a file that does not exist.
        case danglingLink
    }

    public let kind: Kind
    public let path: String

    public init(_ kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    static func system(_ operation: String, _ path: String, errno code: Int32 = errno) -> LocalFileError {
        LocalFileError(.system(operation: operation, errno: code), path: path)
    }

    public var description: String {
        switch kind {
        case .exists:
            return "\(path) already exists; pass --force to replace it, or choose another file with -f."
        case .system(let operation, let code):
            return "Cannot \(operation) \(path): \(String(cString: strerror(code)))."
        case .unprotected(let reason):
            return "Refusing to read a secret from \(path): \(reason). Run 'chmod 600 \(path)' (as its owner) and try again."
        case .wrongType(let expected):
            return "\(path) is not \(expected)."
        case .empty:
            return "\(path) is empty."
        case .tooLarge(let limit, let kind):
            return "\(path) is larger than \(Self.size(limit)), more than \(kind) can be; name the right file."
        case .notRegular(let found):
            return "\(path) is \(found), not a regular file; name a file, or - to read standard input."
        case .notYours(let owner):
            return "Refusing to read a secret from \(path): it is owned by uid \(owner), not by you (uid \(getuid())). Copy it into a file of your own (cp \(path) NEW; chmod 600 NEW) and name that one, or have root give it to you (chown)."
        case .untrustedDirectory(let directory):
            return "Refusing to write \(path): \(directory)."
        case .changedMeanwhile:
            return "\(path) was changed by another program while sshauth was updating it, so sshauth left it as that program wrote it; run the command again."
        case .locked(let directory, let seconds):
            return "Cannot update \(path): another process has held the lock on \(directory) for \(seconds) seconds; try again when it has finished."
        case .danglingLink:
            return "\(path) is a symbolic link to a file that does not exist; name the file where the ring should be, or remove the link."
        }
    }

    /// A byte count as the largest whole unit that divides it (the caps are powers of two).
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
