#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock for a read-modify-write of a file that several processes may update at once.
///
/// The lock is taken on `FILE.lock` beside the file, not on the file itself, because the update
/// replaces the file by a rename and a lock on the old file would not stop the next writer. The
/// lock file stays (empty) after use: removing it would let a waiting process lock a file that is
/// no longer the one the others lock.
public final class FileLock {
    private let descriptor: Int32
    /// The lock file's path.
    public let path: String

    /// Waits (at most `seconds`) for the lock that guards `file`.
    public init(guarding file: String, waitingAtMost seconds: Int = 30) throws(LocalFileError) {
        path = file + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .system("open the lock file", path) }
        var waited = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let failure = errno
            guard failure == EWOULDBLOCK || failure == EINTR else {
                close(descriptor)
                throw .system("lock", path, errno: failure)
            }
            // A short sleep between tries: no busy loop, and no signal juggling for a timed flock.
            guard waited < seconds * 1000 else {
                close(descriptor)
                throw LocalFileError(.locked(lockFile: path, seconds: seconds), path: file)
            }
            usleep(20_000)
            waited += 20
        }
    }

    deinit {
        // Closing the descriptor releases the lock.
        close(descriptor)
    }
}
