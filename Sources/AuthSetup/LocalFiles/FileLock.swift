#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock for a read-modify-write of a file that several processes may update at once.
///
/// The lock is taken on the file's directory, not on the file: the update replaces the file by a
/// rename, so a lock on the old file would not stop the next writer, and a lock file beside it
/// would stay behind after every command. Files in one directory take turns, which costs little
/// because the lock is held only to read, compare and rename.
public final class FileLock {
    private let descriptor: Int32
    /// The directory whose lock is held.
    public let directory: String

    /// Waits (at most `seconds`) for the lock that guards `file`.
    public init(guarding file: String, waitingAtMost seconds: Int = 30) throws(LocalFileError) {
        directory = SafeFileWriter.parentDirectory(of: file)
        descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system("open the directory to lock", directory) }
        var waited = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let failure = errno
            guard failure == EWOULDBLOCK || failure == EINTR else {
                close(descriptor)
                throw .system("lock the directory", directory, errno: failure)
            }
            // A short sleep between tries: no busy loop, and no alarm signal for a timed flock.
            guard waited < seconds * 1000 else {
                close(descriptor)
                throw LocalFileError(.locked(directory: directory, seconds: seconds), path: file)
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
