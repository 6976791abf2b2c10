/// The review screen: the plan as the dry-run text, scrolled by lines, and the "save the set-up to a
/// file" field when it is open.
public struct ReviewScreen: Sendable, Equatable {
    /// What became of the last request to save the set-up, shown under the plan.
    public enum Notice: Sendable, Equatable {
        case saving(String)
        case saved(String)
        case failed(String)
    }

    public let preview: PlanPreview
    /// The first plan line on show.
    public internal(set) var scroll = 0
    /// The path being typed for the saved set-up; nil while the field is closed.
    public internal(set) var savePath: String? {
        didSet { saveAfterCursor = 0 }
    }
    /// Characters between the cursor and the end of the path being typed.
    public internal(set) var saveAfterCursor = 0
    public internal(set) var notice: Notice?

    public init(_ preview: PlanPreview, scroll: Int = 0, savePath: String? = nil, notice: Notice? = nil) {
        self.preview = preview
        self.scroll = scroll
        self.savePath = savePath
        self.notice = notice
    }

    /// Rows and columns the plan text gets on a screen of `size`: below the header and the key's
    /// fingerprint, above the two notice rows and the footer.
    public static func textArea(for size: TerminalSize) -> TerminalSize {
        TerminalSize(rows: max(size.rows - 10, 1), columns: max(size.columns - 4, 20))
    }

    /// The plan's lines wrapped to `width`, spacing kept as printed (commands are copied from
    /// here): a long line breaks at its last space that fits, and its continuation hangs under
    /// the text after the step number or the line's own indentation.
    public func lines(width: Int) -> [String] {
        preview.lines.flatMap { Self.wrap($0, width: max(width, 20)) }
    }

    static func wrap(_ line: String, width: Int) -> [String] {
        let indent = line.prefix { $0 == " " }.count
        let marker = line.first?.isNumber == true ? line.prefix { $0 != " " }.count + 1 : 0
        let hang = String(repeating: " ", count: min(marker > 0 ? marker : indent + 3, width / 2))
        var output: [String] = []
        var rest = Substring(line)
        while rest.count > width {
            let window = rest.prefix(width + 1)
            // Never break inside the leading indentation, or the line would never get shorter.
            let floor = output.isEmpty ? max(indent, marker) : hang.count
            if let space = window.lastIndex(of: " "), rest.distance(from: rest.startIndex, to: space) > floor {
                output.append(String(rest[..<space]))
                rest = rest[rest.index(after: space)...]
            } else {
                output.append(String(rest.prefix(width)))
                rest = rest.dropFirst(width)
            }
            rest = Substring(hang) + rest
        }
        output.append(String(rest))
        return output
    }

    /// Moves the plan by `key` within a text area of `area`; false when the key does not scroll.
    mutating func scroll(_ key: WizardEvent.Key, area: TerminalSize) -> Bool {
        TextViewport.scroll(key, &scroll, lineCount: lines(width: area.columns).count, rows: area.rows)
    }

    /// Applies a key to the open path field: text, backspace; false for keys the field does not take.
    mutating func editPath(_ key: WizardEvent.Key) -> Bool {
        var after = saveAfterCursor
        guard var path = savePath, TextEntry.apply(key, to: &path, afterCursor: &after) else { return false }
        savePath = path
        saveAfterCursor = after
        return true
    }
}
