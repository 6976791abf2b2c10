/// What the wizard reacts to: keys from the terminal, size changes, and the results of effects.
public enum WizardEvent: Sendable, Equatable {
    case key(Key)
    case resized(TerminalSize)
    /// An effect finished; the payload says how.
    case effectFinished(EffectResult)

    /// The keys the wizard understands, already decoded by the terminal layer.
    public enum Key: Sendable, Equatable {
        case character(Character)
        case enter
        case escape
        case tab
        case backTab
        case up
        case down
        case left
        case right
        case pageUp
        case pageDown
        case home
        case end
        case backspace
        /// The Delete key: removes the character under the cursor.
        case delete
        /// A control character typed with Ctrl (Ctrl-A is `control("a")`), other than those with
        /// keys of their own (Tab, Enter, Backspace, Ctrl-C).
        case control(Character)
        case help
        case interrupt
    }
}
