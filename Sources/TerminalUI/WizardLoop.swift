import Wizard

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

    /// Runs `state` until it quits. Returns nil when there is no usable terminal.
    public static func run(_ initial: (TerminalSize) -> WizardState) -> Ending? {
        guard let terminal = CursesTerminal() else { return nil }
        defer { terminal.end() }
        var state = initial(terminal.size)
        terminal.draw(render(state, glyphs: terminal.glyphs))
        while true {
            if let signal = TerminalRestore.requestedStop { return .signal(signal) }
            guard let event = terminal.nextEvent(waitingAtMost: 100) else { continue }
            let effects = state.handle(event)
            if effects.contains(.quit) { return .quit }
            terminal.draw(render(state, glyphs: terminal.glyphs))
        }
    }
}
