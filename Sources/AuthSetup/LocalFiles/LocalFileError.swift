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
        }
    }
}
