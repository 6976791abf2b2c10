/// Why a `--target-path` cannot name an authorized_keys file. Checked before anything on the target
/// is looked at, so that no later sentence can suggest moving a home, `/`, `~/.ssh` or a device.
public struct TargetPathError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// Nothing was given.
        case empty
        /// It ends in `/`, `.` or `..` (as every spelling of `/` does), so it names a directory.
        case directoryName
        /// It is the account's home directory.
        case home
        /// It is `~/.ssh` itself.
        case sshDirectory
        /// It lies under a directory of devices and kernel files (`/dev`, `/proc`, `/sys`).
        case systemDirectory(String)
    }

    public let reason: Reason
    /// The path as given.
    public let path: String

    public init(_ reason: Reason, path: String) {
        self.reason = reason
        self.path = path
    }

    /// Directories whose entries are devices or kernel state, never key files.
    static let systemDirectories = ["/dev", "/proc", "/sys"]

    /// Checks `path` (as given, relative to `home` unless absolute) before the target is inspected.
    public static func check(_ path: String, home: String) throws(TargetPathError) {
        guard !path.isEmpty else { throw TargetPathError(.empty, path: path) }
        let last = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        if path.hasSuffix("/") || last == "." || last == ".." || path == "~" {
            throw TargetPathError(.directoryName, path: path)
        }
        let normalisedHome = RemotePaths.normalised(home, home: "/")
        let full = RemotePaths.normalised(path, home: normalisedHome)
        if full == normalisedHome { throw TargetPathError(.home, path: path) }
        if full == RemotePaths.child(normalisedHome, ".ssh") { throw TargetPathError(.sshDirectory, path: path) }
        if let system = systemDirectories.first(where: { full == $0 || RemotePaths.isUnder(full, $0) }) {
            throw TargetPathError(.systemDirectory(system), path: path)
        }
    }

    public var description: String {
        let given = "--target-path " + ShellQuoting.quote(path)
        let example = "give the keys file itself, such as .ssh/authorized_keys"
        switch reason {
        case .empty: return "--target-path is empty; \(example)."
        case .directoryName: return "\(given) names a directory, not a file; \(example)."
        case .home: return "\(given) is the home directory itself, not a file in it; \(example)."
        case .sshDirectory: return "\(given) is the ~/.ssh directory itself, not a file in it; \(example)."
        case .systemDirectory(let directory): return "\(given) is under \(directory), which holds devices and kernel files, not keys; \(example)."
        }
    }
}
