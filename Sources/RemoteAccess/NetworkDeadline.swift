import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The time `--timeout` grants one operation on a target, spent only while sshauth waits on the
/// network (connect, greeting, key exchange, login, each SFTP request, the proof), never while a
/// person answers a question.
///
/// Blocking libssh2 calls cannot be interrupted, and a server that trickles one byte a second
/// resets every per-read timeout; so while a phase runs, a watchdog shuts the socket down when the
/// time is up, which makes any libssh2 call waiting on it return at once. The phase it stopped is
/// kept so that the error can say what the server failed to do.
public final class NetworkDeadline: Sendable {
    /// A stretch of talking to the server, named for the sentence that reports its timeout.
    public enum Phase: String, Sendable {
        case connect = "accept the connection"
        case greeting = "send its SSH greeting"
        case keyExchange = "finish the key exchange"
        case authentication = "answer the login"
        case sftp = "answer an SFTP request"
        case proof = "let the system ssh client log in"

        /// The one-word name `SSHAUTH_TRACE` lines use.
        var traceName: String {
            switch self {
            case .connect: "connect"
            case .greeting: "greeting"
            case .keyExchange: "kex"
            case .authentication: "auth"
            case .sftp: "sftp"
            case .proof: "proof"
            }
        }
    }

    private struct State {
        var remainingNanoseconds: UInt64
        var socket: Int32 = -1
        /// Bumped by every phase, so that a watchdog left over from an earlier phase does nothing.
        var phaseNumber = 0
        var runningSince: UInt64?
        /// How many phases are under way inside each other; only the outermost has a watchdog.
        var depth = 0
        var expired: Phase?
        /// The outermost phase under way, for its trace line.
        var tracedPhase: Phase?
    }

    /// The whole allowance, for sentences.
    public let seconds: Int
    private let state: Mutex<State>

    /// Where phase timings go: standard error when the environment has `SSHAUTH_TRACE=1`.
    private let trace: PhaseTrace?

    public init(seconds: Int) {
        self.seconds = seconds
        state = Mutex(State(remainingNanoseconds: UInt64(max(seconds, 0)) * 1_000_000_000))
        trace = PhaseTrace.fromEnvironment()
    }

    /// The phase that used up the time, or nil while time is left.
    public var expiredPhase: Phase? { state.withLock { $0.expired } }

    /// What is left, in milliseconds (for poll and for the proof's own limits).
    public var remainingMilliseconds: Int32 {
        state.withLock { state in Int32(clamping: Self.left(state) / 1_000_000) }
    }

    /// The socket the watchdog shuts down; set once it is connected.
    func watch(socket: Int32) {
        state.withLock { $0.socket = socket }
    }

    /// Forgets the socket (it is about to be closed, and its number may be reused).
    func stopWatching() {
        state.withLock { $0.socket = -1 }
    }

    /// A phase under way, from ``begin(_:)`` to ``end(_:)``.
    public struct Stretch: Sendable {
        fileprivate let nested: Bool
    }

    /// Starts charging time to `phase`; when the time runs out before ``end(_:)``, the watched
    /// socket is shut down and ``expiredPhase`` says which phase it was. A phase begun inside a
    /// running one (an SFTP request made by another) shares its watchdog.
    public func begin(_ phase: Phase) -> Stretch {
        let (number, left) = state.withLock { state -> (Int?, UInt64) in
            state.depth += 1
            guard state.depth == 1 else { return (nil, 0) }
            state.phaseNumber += 1
            state.runningSince = Self.now()
            state.tracedPhase = phase
            return (state.phaseNumber, Self.left(state))
        }
        guard let number else { return Stretch(nested: true) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: left))) { [weak self] in
            self?.expire(phase, number: number)
        }
        return Stretch(nested: false)
    }

    /// Stops charging the time of the phase `stretch` began. With `charging` false its time is
    /// not counted: a refused password is an answer, and the delay a server puts before a refusal
    /// (PAM's, commonly two seconds or more) must not eat the time of the next try.
    /// `detail` (what the phase did, such as an SFTP request and its path) goes into the trace line.
    public func end(_ stretch: Stretch, charging: Bool = true, detail: @autoclosure () -> String = "") {
        let traced = state.withLock { state -> (Phase, UInt64, UInt64)? in
            state.depth -= 1
            guard !stretch.nested else { return nil }
            let now = Self.now()
            let since = state.runningSince ?? now
            if charging {
                state.remainingNanoseconds -= min(now - since, state.remainingNanoseconds)
            }
            state.runningSince = nil
            return state.tracedPhase.map { ($0, since, now) }
        }
        if let trace, let (phase, start, finish) = traced {
            trace.record(phase: phase.traceName, start: start, finish: finish, detail: detail())
        }
    }

    /// Runs `body` as `phase` (see ``begin(_:)``).
    public func run<Value, Failure: Error>(_ phase: Phase, detail: String = "", _ body: () throws(Failure) -> Value) throws(Failure) -> Value {
        let stretch = begin(phase)
        defer { end(stretch, detail: detail) }
        return try body()
    }

    private func expire(_ phase: Phase, number: Int) {
        state.withLock { state in
            guard state.phaseNumber == number, state.runningSince != nil else { return }
            state.expired = state.expired ?? phase
            state.remainingNanoseconds = 0
            if state.socket >= 0 { shutdown(state.socket, Int32(SHUT_RDWR)) }
        }
    }

    private static func left(_ state: State) -> UInt64 {
        guard state.expired == nil else { return 0 }
        let spent = state.runningSince.map { now() - $0 } ?? 0
        return state.remainingNanoseconds - min(spent, state.remainingNanoseconds)
    }

    static func now() -> UInt64 {
        var clock = timespec()
        clock_gettime(CLOCK_MONOTONIC, &clock)
        return UInt64(clock.tv_sec) * 1_000_000_000 + UInt64(clock.tv_nsec)
    }

    /// The sentence for a phase that ran out of time at `place` (`host port N`).
    func timeoutSentence(_ phase: Phase, place: String) -> String {
        "\(place) did not \(phase.rawValue) within the \(seconds) seconds allowed (--timeout); sshauth gave up."
    }
}
