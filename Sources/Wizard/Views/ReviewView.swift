/// The review: the plan step by step, with where each step acts and what a person would type.
enum ReviewView {
    static func draw(_ preview: PlanPreview, scroll: Int, dryRun: Bool, into frame: inout Frame) {
        frame.header("Review: \(preview.title)", detail: dryRun ? "DRY RUN" : "step 4")
        var row = 3
        frame.buffer.put("Key \(preview.fingerprint)", row: row, column: 2, style: .title)
        row += 2
        for (index, step) in preview.steps.enumerated().dropFirst(scroll) where row < frame.bodyRows.upperBound {
            let mode = step.mode.map { ", mode \($0)" } ?? ""
            row = frame.paragraph("\(index + 1). \(step.summary)\(mode)", row: row, indent: 2)
            if let command = step.manualCommand, row <= frame.bodyRows.upperBound {
                frame.buffer.put("by hand: " + command, row: row, column: 6, style: .dim, limit: frame.size.columns - 8)
                row += 1
            }
        }
        for note in preview.notes where row < frame.bodyRows.upperBound {
            row = frame.paragraph(note, row: row, indent: 2, style: .dim)
        }
        frame.footer(dryRun ? "Dry run: nothing will be written or sent   \u{2191}\u{2193} scroll   Esc back   F1 help"
                            : "\u{2191}\u{2193} scroll   Esc back   F1 help")
    }
}
