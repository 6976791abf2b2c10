/// The help screen: a topic shown scrolled to a line, with `/` search, `n`/`N` for the next and
/// previous match, and the match counted ("match k of n") over all topics.
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
    /// The last search, for `n` and `N`.
    public var lastQuery = ""
    /// Where the last search's current match is, for stepping from it with `n` and `N`.
    var currentMatch: HelpMatch?
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
                currentMatch = nil
                step(forward: true, textArea: textArea)
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
            if !lastQuery.isEmpty { step(forward: true, textArea: textArea) }
        case .character("N"):
            if !lastQuery.isEmpty { step(forward: false, textArea: textArea) }
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

    /// Moves to the next (or previous) match of the last search and says which of how many it is.
    /// The first step after a search lands on the first match at or after the top line shown, in
    /// this topic or the following ones; the steps wrap around the whole help.
    private mutating func step(forward: Bool, textArea: TerminalSize) {
        let matches = HelpMatch.all(of: lastQuery, width: textArea.columns)
        guard !matches.isEmpty else {
            currentMatch = nil
            message = "No match for \"\(lastQuery)\" in any help topic."
            return
        }
        let index: Int
        if let currentMatch, let at = matches.firstIndex(of: currentMatch) {
            index = (at + (forward ? 1 : matches.count - 1)) % matches.count
        } else {
            let here = HelpMatch(topic: HelpCatalog.topics.firstIndex { $0.id == topicID } ?? 0, line: scroll)
            index = matches.firstIndex { $0 >= here } ?? 0
        }
        let match = matches[index]
        let topic = HelpCatalog.topics[match.topic]
        let lineCount = HelpText.wrap(topic.text, width: textArea.columns).count
        currentMatch = match
        topicID = topic.id
        scroll = max(min(match.line, max(lineCount - textArea.rows, 0)), 0)
        message = "match \(index + 1) of \(matches.count) for \"\(lastQuery)\": \(topic.title), line \(match.line + 1)"
    }
}

/// One wrapped help line that holds the search text: the topic's place in the catalog and the line.
struct HelpMatch: Sendable, Equatable, Comparable {
    let topic: Int
    let line: Int

    static func < (a: HelpMatch, b: HelpMatch) -> Bool {
        (a.topic, a.line) < (b.topic, b.line)
    }

    /// Every line of every topic, in catalog order, that contains `text` (case ignored), wrapped
    /// for `width` columns as the browser shows them.
    static func all(of text: String, width: Int) -> [HelpMatch] {
        let needle = text.lowercased()
        guard !needle.isEmpty else { return [] }
        return HelpCatalog.topics.enumerated().flatMap { number, topic in
            HelpText.wrap(topic.text, width: width).enumerated()
                .filter { $0.element.lowercased().contains(needle) }
                .map { HelpMatch(topic: number, line: $0.offset) }
        }
    }
}
