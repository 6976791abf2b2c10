/// The z/OS artifacts on screen: scrolled by lines, with the "save them to a directory" field.
public struct ZOSArtifactsScreen: Sendable, Equatable {
    public let artifacts: ZOSArtifacts
    public internal(set) var scroll = 0
    /// The directory being typed; nil while the field is closed.
    public internal(set) var savePath: String? {
        didSet { saveAfterCursor = 0 }
    }
    /// Characters between the cursor and the end of the path being typed.
    public internal(set) var saveAfterCursor = 0
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
        TextViewport.scroll(key, &scroll, lineCount: lines(width: area.columns).count, rows: area.rows)
    }

    mutating func editPath(_ key: WizardEvent.Key) -> Bool {
        var after = saveAfterCursor
        guard var path = savePath, TextEntry.apply(key, to: &path, afterCursor: &after) else { return false }
        savePath = path
        saveAfterCursor = after
        return true
    }
}
