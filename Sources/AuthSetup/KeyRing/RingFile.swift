#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SSHKeys

/// A key ring on disk: read whole, opened with the ring password, and written back only as a whole
/// new file that replaces the old one in one rename (never half-written), mode 0600.
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

    /// Writes the ring to `path`, replacing the file when `replacing` (else refusing an existing one).
    public static func save(_ ring: KeyRing, to path: String, password: SecretBytes, replacing: Bool) throws(RingFileError) {
        let bytes: [UInt8]
        do { bytes = try ring.pkcs12(password: password) } catch { throw .ring(error) }
        do { try SafeFileWriter.write(bytes, to: path, mode: mode, replace: replacing) } catch { throw .file(error) }
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
