import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `stat` of a path without following a final symlink; nil if it does not exist.
func fileStatus(_ path: String) -> stat? {
    var info = stat()
    return lstat(path, &info) == 0 ? info : nil
}

/// The permission bits (including setuid/setgid/sticky) of a path.
func permissions(_ path: String) -> mode_t? {
    fileStatus(path).map { $0.st_mode & 0o7777 }
}

func isDirectory(_ path: String) -> Bool {
    fileStatus(path).map { $0.st_mode & S_IFMT == S_IFDIR } ?? false
}

func isRegularFile(_ path: String) -> Bool {
    fileStatus(path).map { $0.st_mode & S_IFMT == S_IFREG } ?? false
}

/// Runs `body` with the process umask set to `mask`, restoring the previous one afterwards.
/// The umask is process-wide: only call this from a `.serialized` suite.
func withUmask<R>(_ mask: mode_t, _ body: () throws -> R) rethrows -> R {
    let previous = umask(mask)
    defer { umask(previous) }
    return try body()
}
