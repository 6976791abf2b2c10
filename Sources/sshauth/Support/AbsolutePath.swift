#if canImport(Glibc)
import Glibc
#endif

/// Local paths in a set-up are absolute, so the set-up means the same files wherever it runs.
enum AbsolutePath {
    /// `path` itself when it starts with `/`, else the current directory joined with it.
    static func of(_ path: String) throws(CommandFailure) -> String {
        guard !path.hasPrefix("/") else { return path }
        guard let cwd = getcwd(nil, 0) else { throw CommandFailure("cannot tell the current directory that \(path) is relative to; give it as an absolute path.") }
        defer { free(cwd) }
        let directory = String(cString: cwd)
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return (directory.hasSuffix("/") ? directory : directory + "/") + relative
    }
}
