import CNcursesw
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Makes sure the terminal is restored when the process is told to stop (SIGTERM, SIGHUP,
/// SIGINT): the handler only records the signal; the event loop sees it within one poll and ends
/// curses on the main thread, where it is safe to.
public enum TerminalRestore {
    /// The signal that asked the program to stop, or 0.
    static let pending = Atomic<Int32>(0)

    static func install() {
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in TerminalRestore.pending.store(number, ordering: .relaxed) }
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
    }

    /// The pending stop signal, if any.
    public static var requestedStop: Int32? {
        let value = pending.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }
}
