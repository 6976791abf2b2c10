#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SSHKeys

/// A key ring on disk: read whole, opened with the ring password, and written back only as a whole
/// new file that replaces the old one in one rename (never half-written), mode 0600, under a lock.
public enum RingFile {
    /// The mode of a ring file: it holds private keys, even if encrypted.
    public static let mode: mode_t = 0o600

    /// The file's bytes, or nil when there is no file yet.
    public static func contents(_ path: String) throws(RingFileError) -> [UInt8]? {
        guard LocalFile.exists(path) else { return nil }
        do { return try LocalFile.readAll(path) } catch { throw .file(error) }
    }

    /// Opens ring bytes read from `path` (read first, so that a missing file is reported before a
    /// password is asked for).
    public static func open(_ bytes: [UInt8], path: String, password: SecretBytes) throws(RingFileError) -> KeyRing {
        do { return try KeyRing(pkcs12: bytes, password: password, name: path) } catch { throw .ring(error) }
    }

    /// Rewrites the ring at `path` with `change` applied to what the file holds now, and returns
    /// whether the file was new.
    ///
    /// A read-modify-write that other sshauth processes may do at the same time: it runs under
    /// ``FileLock``, reads the file again under the lock (`change` sees those bytes, or nil for no
    /// file, and the ring opened from them with `password`), and right before the rename checks that
    /// the file still holds those bytes, so a change made meanwhile by a program that takes no lock
    /// is never lost. A `path` that is a symbolic link updates the file it points to.
    @discardableResult
    public static func update(_ path: String, password: SecretBytes,
                              change: (_ current: [UInt8]?, _ ring: inout KeyRing) throws(RingFileError) -> Void) throws(RingFileError) -> Bool {
        let target: String
        do { target = try resolve(path) } catch { throw .file(error) }
        let lock: FileLock
        do {
            try DirectoryTrust.check(directoryOf: target)
            lock = try FileLock(guarding: target)
        } catch { throw .file(error) }
        defer { withExtendedLifetime(lock) {} }
        let current = try contents(target)
        var ring = KeyRing()
        if let current { ring = try open(current, path: path, password: password) }
        try change(current, &ring)
        let bytes: [UInt8]
        do { bytes = try ring.pkcs12(password: password) } catch { throw .ring(error) }
        do {
            try SafeFileWriter.write(bytes, to: target, mode: mode, replace: current != nil) { () throws(LocalFileError) in
                let now = LocalFile.exists(target) ? try LocalFile.readAll(target) : nil
                guard now == current else { throw LocalFileError(.changedMeanwhile, path: path) }
            }
        } catch { throw .file(error) }
        return current == nil
    }

    /// Refuses a ring whose directory other users could change (``DirectoryTrust``), so that a
    /// command can say so before it asks for the password; ``update(_:password:change:)`` checks again.
    public static func checkDirectory(_ path: String) throws(RingFileError) {
        do { try DirectoryTrust.check(directoryOf: resolve(path)) } catch { throw .file(error) }
    }

    /// The file a ring path names: the target of a symbolic link, so that an update replaces the
    /// file and leaves the link in place.
    static func resolve(_ path: String) throws(LocalFileError) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return path }
        guard let resolved = realpath(path, nil) else {
            if errno == ENOENT { throw LocalFileError(.danglingLink, path: path) }
            throw .system("resolve", path)
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A ring file problem: the file itself, or what is (or is not) in it.
public enum RingFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case file(LocalFileError)
    case ring(KeyRingError)

    public var description: String {
        switch self {
        case .file(let error): error.description
        case .ring(let error): error.description
        }
    }
}
