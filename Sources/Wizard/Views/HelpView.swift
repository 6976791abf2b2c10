/// The help reference: one topic at a time, scrolled, searchable; or the list of topics.
enum HelpView {
    static func draw(_ browser: HelpBrowser, area: TerminalSize, into frame: inout Frame) {
        let topic = browser.topic
        frame.header("Help: \(topic.title)", detail: browser.listingTopics ? "" : position(browser, area: area))
        if browser.listingTopics {
            frame.buffer.put("Help topics", row: 3, column: 2, style: .title)
            for (index, entry) in HelpCatalog.topics.enumerated() {
                let selected = index == browser.listIndex
                if selected {
                    frame.buffer.fill(row: 5 + index, from: 1, to: frame.size.columns - 1, style: .highlight)
                    frame.focus(row: 5 + index, column: 2)
                }
                frame.buffer.put("\(selected ? String(frame.glyphs.pointer) : " ") \(entry.title)", row: 5 + index, column: 2,
                                 style: selected ? .highlight : .normal)
            }
            frame.footer("\u{2191}/\u{2193} choose   Enter open   Esc back to the topic")
            return
        }
        let lines = browser.lines(width: area.columns)
        frame.viewport(lines, scroll: browser.scroll, top: 2, rows: area.rows) { $0.hasPrefix("#") ? .title : .normal }
        if !browser.lastQuery.isEmpty, browser.query == nil {
            for (offset, line) in lines.dropFirst(browser.scroll).prefix(area.rows).enumerated() {
                highlight(browser.lastQuery, in: line, row: 2 + offset, into: &frame)
            }
        }
        if let query = browser.query {
            frame.footer("")
            frame.prompt("/", value: query, afterCursor: browser.queryAfterCursor, row: frame.size.rows - 1, column: 1, style: .key)
        } else if let message = browser.message {
            frame.footer(message)
        } else {
            frame.footer("\u{2191}\u{2193} PgUp PgDn scroll   / search   n/N next/previous   t topics   Esc back")
        }
    }

    private static func position(_ browser: HelpBrowser, area: TerminalSize) -> String {
        Frame.position(scroll: browser.scroll, rows: area.rows, total: browser.lines(width: area.columns).count)
    }

    private static func highlight(_ query: String, in line: String, row: Int, into frame: inout Frame) {
        let lowered = line.lowercased()
        guard let range = lowered.firstRange(of: query.lowercased()) else { return }
        let start = 2 + DisplayWidth.of(String(lowered[..<range.lowerBound]))
        frame.buffer.fill(row: row, from: start, to: start + DisplayWidth.of(String(lowered[range])), style: .key)
    }
}
