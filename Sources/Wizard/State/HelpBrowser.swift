/// The help screen: a topic shown scrolled to a line, with `/` search and `n` for the next match.
public struct HelpBrowser: Sendable, Equatable {
    /// The topic on show.
    public var topicID: String
    /// The first text line shown (of the wrapped text).
    public var scroll = 0
    /// The search being typed after `/`, or nil when not typing.
    public var query: String? {
        didSet { if query == nil { queryAfterCursor = 0 } }
    }
    /// Characters between the cursor and the end of the search being typed.
    public internal(set) var queryAfterCursor = 0
    /// The last search, for `n`.
    public var lastQuery = ""
    /// A sentence about the last search ("no match for ...").
    public var message: String?
    /// Whether the topic list is open instead of a topic.
    public var listingTopics = false
    /// The highlighted entry of the topic list.
    public var listIndex = 0

    public init(topicID: String) {
        self.topicID = topicID
    }

    var topic: HelpTopic { HelpCatalog.topic(topicID) ?? HelpCatalog.topics[0] }

    /// The topic wrapped for the text area of a screen `width` columns wide.
    func lines(width: Int) -> [String] {
        HelpText.wrap(topic.text, width: width)
    }

    /// Handles a key; returns false when the browser is done (Esc or q closes it).
    mutating func handle(_ key: WizardEvent.Key, textArea: TerminalSize) -> Bool {
        if var typing = query {
            switch key {
            case .enter:
                query = nil
                lastQuery = typing
                find(typing, after: -1, textArea: textArea)
            case .escape:
                query = nil
            default:
                var after = queryAfterCursor
                guard TextEntry.apply(key, to: &typing, afterCursor: &after) else { break }
                query = typing
                queryAfterCursor = after
            }
            return true
        }
        if listingTopics {
            if let moved = ListSelection.moved(key, from: listIndex, count: HelpCatalog.topics.count, page: textArea.rows) {
                listIndex = moved
                return true
            }
            switch key {
            case .enter:
                topicID = HelpCatalog.topics[listIndex].id
                scroll = 0
                listingTopics = false
            case .escape, .character("t"): listingTopics = false
            case .character("q"): return false
            default: break
            }
            return true
        }
        if TextViewport.scroll(key, &scroll, lineCount: lines(width: textArea.columns).count, rows: textArea.rows) { return true }
        switch key {
        case .character("/"):
            query = ""
            message = nil
        case .character("n"):
            if !lastQuery.isEmpty { find(lastQuery, after: scroll, textArea: textArea) }
        case .character("t"):
            listingTopics = true
            message = nil
            listIndex = HelpCatalog.topics.firstIndex { $0.id == topicID } ?? 0
        case .escape, .character("q"):
            return false
        default:
            break
        }
        return true
    }

    /// Scrolls to the first wrapped line after `line` that contains `text`, in this topic or the next ones.
    private mutating func find(_ text: String, after line: Int, textArea: TerminalSize) {
        let needle = text.lowercased()
        guard !needle.isEmpty else { return }
        let topics = HelpCatalog.topics
        let start = topics.firstIndex { $0.id == topicID } ?? 0
        for offset in 0...topics.count {
            let topic = topics[(start + offset) % topics.count]
            let wrapped = HelpText.wrap(topic.text, width: textArea.columns)
            let from = offset == 0 ? line + 1 : 0
            let limit = offset == topics.count ? min(line + 1, wrapped.count) : wrapped.count
            guard from < limit else { continue }
            if let hit = (from..<limit).first(where: { wrapped[$0].lowercased().contains(needle) }) {
                topicID = topic.id
                scroll = max(min(hit, max(wrapped.count - textArea.rows, 0)), 0)
                message = "\"\(text)\" in \(topic.title), line \(hit + 1); n for the next"
                return
            }
        }
        message = "No match for \"\(text)\" in any help topic."
    }
}
