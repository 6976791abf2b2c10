/// A scrolled view on lines of text (the review's plan, the z/OS artifacts, help): which line
/// comes first, moved by keys the way pagers move, never past either end.
enum TextViewport {
    /// Moves `scroll` (the first line on show) through `lineCount` lines shown `rows` at a time:
    /// Up/Down and k/j by a line, PgUp/PgDn and Space by a page, Home/End to the ends. False for
    /// keys that do not scroll.
    static func scroll(_ key: WizardEvent.Key, _ scroll: inout Int, lineCount: Int, rows: Int) -> Bool {
        let rows = max(rows, 1)
        let last = max(lineCount - rows, 0)
        switch key {
        case .up, .character("k"): scroll -= 1
        case .down, .character("j"): scroll += 1
        case .pageUp: scroll -= rows
        case .pageDown, .character(" "): scroll += rows
        case .home: scroll = 0
        case .end: scroll = last
        default: return false
        }
        scroll = min(max(scroll, 0), last)
        return true
    }
}

/// Moving the highlight through a list (menus, keys, certificates, help topics): Up/Down, k/j
/// and Tab go round, Home/End go to the ends, PgUp/PgDn move by `page` rows and stop at the ends.
enum ListSelection {
    /// The new index after `key`, or nil for keys that do not move through a list.
    static func moved(_ key: WizardEvent.Key, from index: Int, count: Int, page: Int) -> Int? {
        guard count > 0 else { return nil }
        switch key {
        case .up, .backTab, .character("k"): return (index + count - 1) % count
        case .down, .tab, .character("j"): return (index + 1) % count
        case .home: return 0
        case .end: return count - 1
        case .pageUp: return max(index - max(page, 1), 0)
        case .pageDown: return min(index + max(page, 1), count - 1)
        default: return nil
        }
    }
}
