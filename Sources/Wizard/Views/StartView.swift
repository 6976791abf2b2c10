/// The first screen: the four mechanisms with their summaries and batch suitability, and a help
/// panel about the highlighted one.
enum StartView {
    static func draw(highlighted: Mechanism, dryRun: Bool, into frame: inout Frame) {
        frame.header("Set up SSH authentication to a target system", detail: dryRun ? "DRY RUN: nothing will be changed" : "")
        frame.buffer.put("How will you log in to the target?", row: 3, column: 2, style: .title)
        var row = 5
        // The batch column stays next to the names on a wide terminal, where the eye can follow a
        // line to it, instead of drifting to the far edge.
        let columnsEnd = min(frame.size.columns, TerminalSize.minimum.columns)
        for mechanism in Mechanism.allCases {
            let selected = mechanism == highlighted
            let style: Style = selected ? .highlight : .normal
            if selected {
                frame.buffer.fill(row: row, from: 1, to: frame.size.columns - 1, style: .highlight)
                frame.focus(row: row, column: 2)
            }
            frame.buffer.put(selected ? String(frame.glyphs.pointer) : " ", row: row, column: 2, style: style)
            let batch = mechanism.suitsBatchJobs ? "batch jobs: yes" : "batch jobs: no"
            frame.buffer.put("\(mechanism.rawValue + 1). \(mechanism.title)", row: row, column: 4, style: style,
                             limit: columnsEnd - DisplayWidth.of(batch) - 9)
            frame.buffer.put(batch, row: row, column: columnsEnd - DisplayWidth.of(batch) - 3,
                             style: selected ? .highlight : (mechanism.suitsBatchJobs ? .good : .warning))
            frame.buffer.put(mechanism.summary, row: row + 1, column: 7, style: .dim, limit: frame.size.columns - 9)
            row += 2
        }
        let panelTop = row + 2
        frame.rule(row: panelTop - 1)
        let topic = HelpCatalog.topic(highlighted.helpTopic)
        frame.buffer.put(topic?.title ?? highlighted.title, row: panelTop, column: 2, style: .title)
        let lines = HelpText.wrap(topic?.text ?? "", width: frame.size.columns - 4).dropFirst().drop { $0.trimmed.isEmpty }
        for (offset, line) in lines.prefix(max(frame.bodyRows.upperBound - panelTop, 0)).enumerated() {
            frame.buffer.put(line, row: panelTop + 1 + offset, column: 2)
        }
        frame.footer("\u{2191}/\u{2193} choose   Enter select   F1/? help   q quit")
    }
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
