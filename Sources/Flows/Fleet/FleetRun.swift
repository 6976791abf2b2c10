import Dispatch
import Synchronization

/// Where one target of a run over many targets stands, as the live display shows it.
public enum FleetStage: Sendable, Equatable {
    /// Not started: every worker is busy with another target.
    case waiting
    /// Connecting and judging the host key; nothing but the key exchange has been sent.
    case connecting
    /// Logged in and doing the job (`what`: "installing", "checking").
    case working(String)
    /// Proving the key login with the system ssh.
    case proving
    /// Finished, with the result in a word ("installed", "passed", "already present").
    case done(String)
    /// Finished without success; the reason is one sentence.
    case failed(String)

    /// The stage in a few words.
    public var text: String {
        switch self {
        case .waiting: "waiting"
        case .connecting: "connecting"
        case .working(let what): what
        case .proving: "proving"
        case .done(let result): result
        case .failed(let reason): "failed: " + reason
        }
    }

    /// Whether the target is finished, one way or the other.
    public var isFinal: Bool {
        switch self {
        case .done, .failed: true
        default: false
        }
    }
}

/// Runs one job per target, at most `parallel` at the same time: each worker takes the next
/// target when it is done with one. A job is a plain function of its target's index that returns
/// its outcome instead of throwing, so one target's failure is that target's outcome and never
/// stops or reaches the others.
public enum FleetRun {
    /// Runs `job` for every index in `0..<count` and returns the outcomes in index order.
    /// `report` hears every stage a job reports, and `finished` each outcome as it comes; both are
    /// called under one lock, so what they print never interleaves.
    public static func run<Outcome: Sendable>(count: Int, parallel: Int,
                                              report: @escaping @Sendable (_ index: Int, _ stage: FleetStage) -> Void = { _, _ in },
                                              finished: @escaping @Sendable (_ index: Int, _ outcome: Outcome) -> Void = { _, _ in },
                                              job: @escaping @Sendable (_ index: Int, _ stage: @escaping @Sendable (FleetStage) -> Void) -> Outcome) -> [Outcome] {
        let board = Board<Outcome>(count: count, report: report, finished: finished)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(parallel, count)) {
            DispatchQueue.global().async(group: group) {
                while let index = board.next() {
                    let outcome = job(index) { board.stage(index, $0) }
                    board.finish(index, outcome)
                }
            }
        }
        group.wait()
        return board.outcomes
    }
}

/// Hands the targets out to the workers, one at a time, and gathers their outcomes.
private final class Board<Outcome: Sendable>: Sendable {
    private struct State {
        var nextIndex = 0
        var outcomes: [Outcome?]
    }

    private let state: Mutex<State>
    private let count: Int
    private let report: @Sendable (Int, FleetStage) -> Void
    private let finished: @Sendable (Int, Outcome) -> Void

    init(count: Int, report: @escaping @Sendable (Int, FleetStage) -> Void, finished: @escaping @Sendable (Int, Outcome) -> Void) {
        self.count = count
        self.report = report
        self.finished = finished
        state = Mutex(State(outcomes: Array(repeating: nil, count: count)))
    }

    func next() -> Int? {
        state.withLock { state in
            guard state.nextIndex < count else { return nil }
            defer { state.nextIndex += 1 }
            return state.nextIndex
        }
    }

    func stage(_ index: Int, _ stage: FleetStage) {
        state.withLock { _ in report(index, stage) }
    }

    func finish(_ index: Int, _ outcome: Outcome) {
        state.withLock { state in
            state.outcomes[index] = outcome
            finished(index, outcome)
        }
    }

    var outcomes: [Outcome] { state.withLock { $0.outcomes.compactMap { $0 } } }
}
