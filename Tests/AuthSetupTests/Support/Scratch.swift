import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh private directory for one test, removed with everything in it when released.
final class Scratch {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "sshauth-authsetup-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `bytes` to `name` and sets `mode` exactly (whatever the umask).
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8], mode: mode_t = 0o600) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        guard chmod(target, mode) == 0 else { throw CocoaError(.fileWriteNoPermission) }
        return target
    }

    @discardableResult
    func write(_ name: String, _ text: String, mode: mode_t = 0o600) throws -> String {
        try write(name, Array(text.utf8), mode: mode)
    }

    func read(_ name: String) throws -> [UInt8] {
        try Scratch.read(path: file(name))
    }

    static func read(path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The names in the directory (or a subdirectory), sorted, including dot files.
    func list(_ subdirectory: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: subdirectory.map(file) ?? path).sorted()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

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
