import Synchronization
import Wizard

/// Where the worker's results wait for the terminal thread.
final class WorkerInbox: Sendable {
    private let events = Mutex<[WizardEvent]>([])

    func post(_ event: WizardEvent) { events.withLock { $0.append(event) } }

    func take() -> [WizardEvent] { events.withLock { taken in defer { taken.removeAll() }; return taken } }
}

/// Runs the wizard on the terminal: draw, wait for a key, update, repeat, until the state asks to
/// quit or a stop signal arrives. The terminal is restored on every way out.
@MainActor
public enum WizardLoop {
    /// How the loop ended.
    public enum Ending: Equatable, Sendable {
        case quit
        /// A signal asked the program to stop; the caller exits with 128 + the signal number.
        case signal(Int32)
    }

    /// Runs `state` until it quits. Returns nil when there is no usable terminal. Effects go to
    /// `worker` (when given); its results are picked up between keys, at least every 100 ms, so the
    /// screen stays responsive while it works.
    public static func run(worker makeWorker: ((@escaping @Sendable (WizardEvent) -> Void) -> any WizardEffectRunner)? = nil,
                           _ initial: (TerminalSize) -> WizardState) -> Ending? {
        guard let terminal = CursesTerminal() else { return nil }
        let inbox = WorkerInbox()
        let worker = makeWorker? { event in inbox.post(event) }
        let ending = loop(terminal, inbox: inbox, worker: worker, initial(terminal.size))
        terminal.end()
        // Whatever way out: let a step under way finish (a key file is never left half-written),
        // but do not hang on a slow network for long.
        worker?.stopAndWait(seconds: 5)
        return ending
    }

    private static func loop(_ terminal: CursesTerminal, inbox: WorkerInbox, worker: (any WizardEffectRunner)?, _ initial: WizardState) -> Ending {
        var state = initial
        terminal.draw(render(state, glyphs: terminal.glyphs))
        while true {
            if let signal = TerminalRestore.requestedStop { return .signal(signal) }
            var events = inbox.take()
            if let event = terminal.nextEvent(waitingAtMost: events.isEmpty ? 100 : 0) { events.append(event) }
            guard !events.isEmpty else { continue }
            for var event in events {
                if event == .key(.control("z")) {
                    terminal.suspend()
                    // The window may have changed size while the wizard was stopped.
                    event = .resized(terminal.size)
                }
                let effects = state.handle(event)
                if effects.contains(.quit) {
                    effects.filter { $0 != .quit }.forEach { worker?.perform($0) }
                    return .quit
                }
                effects.forEach { worker?.perform($0) }
            }
            terminal.draw(render(state, glyphs: terminal.glyphs))
        }
    }
}
