#if canImport(Glibc)
import Glibc
#endif

/// `SSHAUTH_TRACE=1`: one line on standard error per stretch of talking to the target, so that a
/// user (or bench/install-wan) can see where the time of a slow link goes:
///
///     sshauth trace: +12.4 ms sftp 0.8 ms stat /home/ann/.ssh (1 request)
///
/// The offset counts from the start of the first traced phase; the duration is the phase's own.
/// Round trips show as durations near a multiple of the link's round-trip time.
final class PhaseTrace: Sendable {
    private let origin: UInt64

    private init() {
        origin = NetworkDeadline.now()
    }

    /// A trace when the environment asks for one, else nil.
    static func fromEnvironment() -> PhaseTrace? {
        guard let value = getenv("SSHAUTH_TRACE"), String(cString: value) == "1" else { return nil }
        return PhaseTrace()
    }

    /// Writes the line for one phase (times from `NetworkDeadline.now()`).
    func record(phase: String, start: UInt64, finish: UInt64, detail: String) {
        let line = Self.line(phase: phase, offset: start >= origin ? start - origin : 0, duration: finish - start, detail: detail)
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// The text of one trace line, newline included.
    static func line(phase: String, offset: UInt64, duration: UInt64, detail: String) -> String {
        "sshauth trace: +\(milliseconds(offset)) ms \(phase) \(milliseconds(duration)) ms" + (detail.isEmpty ? "" : " \(detail)") + "\n"
    }

    /// Nanoseconds as milliseconds with one decimal.
    private static func milliseconds(_ nanoseconds: UInt64) -> String {
        let tenths = (nanoseconds + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}
