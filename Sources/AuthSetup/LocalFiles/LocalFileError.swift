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
}
