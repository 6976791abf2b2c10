import Foundation
import Synchronization

/// The sandbox's test account (`sshauth-test`), reset and inspected as root.
///
/// There is one such account for the whole machine, so every test that changes it runs inside
/// ``exclusive(_:)``: a process-wide lock held for the whole test, on top of `.serialized` suites
/// (which only order the tests of one suite). Tests that call `LoopbackSandbox.setAuthorizedKeys`
/// without the lock, and sandboxes started from other directories (which give the account a new
/// password and remove its `~/.ssh`), are outside its reach; each test therefore resets the account
/// itself at its start (``resetSSHDirectory()``), which also gives the account this sandbox's password again.
public struct SandboxAccount: Sendable {
    public let sandbox: LoopbackSandbox
    public let uid: uid_t
    public let gid: gid_t

    public var name: String { sandbox.user }
    public var home: String { sandbox.home }
    public var sshDirectory: String { home + "/.ssh" }
    public var authorizedKeys: String { sshDirectory + "/authorized_keys" }

    public enum Failure: Error, CustomStringConvertible {
        case setup(String)
        public var description: String {
            switch self {
            case .setup(let why): "Cannot prepare the sandbox account: \(why)"
            }
        }
    }

    public static func shared() throws -> SandboxAccount {
        let sandbox = try LoopbackSandbox.shared()
        guard let entry = getpwnam(sandbox.user) else { throw Failure.setup("there is no account \(sandbox.user)") }
        return SandboxAccount(sandbox: sandbox, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }

    // MARK: Exclusive use

    private static let accountLock = Mutex<Void>(())

    /// Runs `body` with the account to itself: no other test of this process that uses this
    /// function touches the account meanwhile.
    public static func exclusive(_ body: (SandboxAccount) throws -> Void) throws {
        let account = try shared()
        try accountLock.withLock { _ in try body(account) }
    }

    // MARK: Reset

    /// Removes `~/.ssh`, sets home back to 0755 owned by the account, removes `extraPaths`
    /// (relative to home), and gives the account the sandbox's password again.
    public func resetSSHDirectory(removing extraPaths: [String] = []) throws {
        for path in [sshDirectory] + extraPaths.map({ home + "/" + $0 }) where FileManager.default.fileExists(atPath: path) || isSymlink(path) {
            try FileManager.default.removeItem(atPath: path)
        }
        try chown(home, uid: uid, gid: gid)
        try chmod(home, 0o755)
        try restorePassword()
    }

    /// Sets the account's password to the one in the sandbox's password file: a sandbox started
    /// from another directory gives the shared account a password of its own.
    public func restorePassword() throws {
        let password = try Data(contentsOf: URL(fileURLWithPath: sandbox.passwordFile))
        let result = try ExternalTool.run(["chpasswd"], stdin: Array("\(name):".utf8) + Array(password) + [0x0A])
        guard result.status == 0 else { throw Failure.setup("chpasswd failed: \(result.stderr)") }
    }

    /// Gives the account another password (until ``restorePassword()``).
    public func setPassword(_ password: String) throws {
        let result = try ExternalTool.run(["chpasswd"], stdin: Array("\(name):\(password)\n".utf8))
        guard result.status == 0 else { throw Failure.setup("chpasswd failed: \(result.stderr)") }
    }

    // MARK: authorized_keys

    /// Writes `~/.ssh/authorized_keys` with exactly `bytes`, `~/.ssh` with `dirMode` and the file
    /// with `fileMode`, both owned by `owner` (the account when nil).
    public func writeAuthorizedKeys(bytes: [UInt8], dirMode: mode_t = 0o700, fileMode: mode_t = 0o600, owner: String? = nil) throws {
        try writeAuthorizedKeys(bytes: bytes, at: authorizedKeys, dirMode: dirMode, fileMode: fileMode, owner: owner)
    }

    /// The same for any file below home; its directory must be directly below an existing one.
    public func writeAuthorizedKeys(bytes: [UInt8], at path: String, dirMode: mode_t, fileMode: mode_t, owner: String?) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: directory) {
            guard Glibc.mkdir(directory, 0o700) == 0 else { throw Failure.setup("mkdir \(directory): \(String(cString: strerror(errno)))") }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (ownerUID, ownerGID) = try ids(of: owner)
        try chown(directory, uid: ownerUID, gid: ownerGID)
        try chown(path, uid: ownerUID, gid: ownerGID)
        try chmod(directory, dirMode)
        try chmod(path, fileMode)
    }

    /// The bytes of `~/.ssh/authorized_keys` (or `path`), nil when it does not exist.
    public func authorizedKeysBytes(at path: String? = nil) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path ?? authorizedKeys) else { return nil }
        return Array(data)
    }

    /// Whether someone outside ``exclusive(_:)`` replaced or removed the file (`LoopbackSandbox.setAuthorizedKeys`
    /// from a concurrently running test, or a sandbox started elsewhere): `marker`, a line the test wrote
    /// and sshauth never removes, is gone. Tests retry a step a few times when this happens.
    public func replacedByOthers(marker: [UInt8], at path: String? = nil) -> Bool {
        guard let bytes = authorizedKeysBytes(at: path) else { return true }
        guard !marker.isEmpty, bytes.count >= marker.count else { return true }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
            if bytes[start..<(start + marker.count)].elementsEqual(marker) { return false }
        }
        return true
    }

    // MARK: Modes and owners

    public func chmod(_ path: String, _ mode: mode_t) throws {
        guard Glibc.chmod(path, mode) == 0 else { throw Failure.setup("chmod \(String(mode, radix: 8)) \(path): \(String(cString: strerror(errno)))") }
    }

    /// `chown user: path` (the user's primary group).
    public func chown(_ path: String, to user: String) throws {
        let (ownerUID, ownerGID) = try ids(of: user)
        try chown(path, uid: ownerUID, gid: ownerGID)
    }

    public func chown(_ path: String, uid: uid_t, gid: gid_t) throws {
        guard Glibc.lchown(path, uid, gid) == 0 else { throw Failure.setup("chown \(uid):\(gid) \(path): \(String(cString: strerror(errno)))") }
    }

    /// The uid and primary gid of `user` (the account when nil).
    public func ids(of user: String?) throws -> (uid_t, gid_t) {
        guard let user else { return (uid, gid) }
        guard let entry = getpwnam(user) else { throw Failure.setup("there is no account \(user)") }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// Permission bits, owner and group of a path (without following a final link); nil when missing.
    public struct Status: Equatable, Sendable, CustomStringConvertible {
        public let mode: mode_t
        public let uid: uid_t
        public let gid: gid_t
        public var description: String { "\(String(mode, radix: 8)) \(uid):\(gid)" }

        public init(mode: mode_t, uid: uid_t, gid: gid_t) {
            self.mode = mode
            self.uid = uid
            self.gid = gid
        }
    }

    public func status(of path: String) -> Status? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Status(mode: info.st_mode & 0o7777, uid: info.st_uid, gid: info.st_gid)
    }

    private func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    // MARK: Snapshots for "nothing changed"

    /// Everything below home (and home itself): each path's status and, for files, bytes.
    public struct Snapshot: Equatable, Sendable, CustomStringConvertible {
        public let entries: [String: String]
        public var description: String {
            entries.keys.sorted().map { "\($0): \(entries[$0]!)" }.joined(separator: "\n")
        }
    }

    /// A snapshot of home, `~/.ssh` and everything below them (dot files included).
    public func snapshot() -> Snapshot {
        var entries: [String: String] = [:]
        func record(_ path: String) {
            guard let status = status(of: path) else { return }
            var text = status.description
            if let data = FileManager.default.contents(atPath: path), !isDirectory(path) {
                text += " " + data.base64EncodedString()
            }
            entries[path] = text
        }
        record(home)
        // Root can list a directory whatever its owner and mode.
        for relative in FileManager.default.subpaths(atPath: home) ?? [] { record(home + "/" + relative) }
        return Snapshot(entries: entries)
    }

    private func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    // MARK: The sandbox sshd's log

    /// The current size of the sandbox sshd's log: the offset to read new lines from later.
    public func logOffset() -> UInt64 {
        var info = stat()
        guard stat(sandbox.log, &info) == 0 else { return 0 }
        return UInt64(info.st_size)
    }

    /// What the sandbox sshd logged after `offset`.
    public func logSince(_ offset: UInt64) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: sandbox.log))
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    }

    /// Log lines after `offset` that show a password or key being tried for the account.
    public func authenticationAttempts(since offset: UInt64) throws -> [String] {
        let markers = ["Failed password", "Accepted password", "Failed publickey", "keyboard-interactive"]
        return try logSince(offset).split(separator: "\n").map(String.init).filter { line in
            line.contains(" for \(name) ") && markers.contains { line.contains($0) }
        }
    }

    // MARK: Sandbox settings

    /// A value from the sandbox's env file (`SSHAUTH_SANDBOX_ENV`, else the file next to its password file).
    public static func sandboxSetting(_ name: String) -> String? {
        var envFile = ProcessInfo.processInfo.environment["SSHAUTH_SANDBOX_ENV"]
        if envFile == nil, let sandbox = try? LoopbackSandbox.shared() {
            envFile = (sandbox.passwordFile as NSString).deletingLastPathComponent + "/env"
        }
        guard let envFile, let text = try? String(contentsOfFile: envFile, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + "=") {
            return String(line.dropFirst(name.count + 1))
        }
        return nil
    }
}
