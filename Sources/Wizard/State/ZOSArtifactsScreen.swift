/// The z/OS artifacts on screen: scrolled by lines, with the "save them to a directory" field.
public struct ZOSArtifactsScreen: Sendable, Equatable {
    public let artifacts: ZOSArtifacts
    public internal(set) var scroll = 0
    /// The directory being typed; nil while the field is closed.
    public internal(set) var savePath: String?
    /// What became of the last request to save, shown under the text (the review's notices).
    public internal(set) var notice: ReviewScreen.Notice?

    public init(_ artifacts: ZOSArtifacts, savePath: String? = nil, notice: ReviewScreen.Notice? = nil) {
        self.artifacts = artifacts
        self.savePath = savePath
        self.notice = notice
    }

    /// The text area: below the header, above the notice rows and the footer.
    public static func textArea(for size: TerminalSize) -> TerminalSize {
        TerminalSize(rows: max(size.rows - 8, 1), columns: max(size.columns - 4, 20))
    }

    public func lines(width: Int) -> [String] {
        artifacts.lines.flatMap { ReviewScreen.wrap($0, width: max(width, 20)) }
    }

    mutating func scroll(_ key: WizardEvent.Key, area: TerminalSize) -> Bool {
        let last = max(lines(width: area.columns).count - area.rows, 0)
        switch key {
        case .up: scroll -= 1
        case .down: scroll += 1
        case .pageUp: scroll -= area.rows
        case .pageDown, .character(" "): scroll += area.rows
        case .home: scroll = 0
        case .end: scroll = last
        default: return false
        }
        scroll = min(max(scroll, 0), last)
        return true
    }

    mutating func editPath(_ key: WizardEvent.Key) -> Bool {
        switch key {
        case .character(let character):
            guard !character.isNewline, character.asciiValue.map({ $0 >= 0x20 }) ?? true else { return false }
            savePath?.append(character)
        case .backspace:
            if savePath?.isEmpty == false { savePath?.removeLast() }
        default:
            return false
        }
        return true
    }
}
