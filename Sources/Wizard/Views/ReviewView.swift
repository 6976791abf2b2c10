import AuthSetup

/// The review: the plan exactly as `--dry-run` prints it, scrolled by lines, with apply, the dry-run
/// switch and "save the set-up to a file" (which `sshauth apply` runs again).
enum ReviewView {
    static func draw(_ review: ReviewScreen, dryRun: Bool, dryRunFixed: Bool, into frame: inout Frame) {
        frame.header("Review: \(review.preview.title)", detail: dryRun ? "DRY RUN" : frame.step)
        frame.buffer.put(review.preview.headline, row: 3, column: 2, style: .title, limit: frame.size.columns - 24)
        let area = ReviewScreen.textArea(for: frame.size)
        let lines = review.lines(width: area.columns)
        if lines.count > area.rows {
            let position = Frame.position(scroll: review.scroll, rows: area.rows, total: lines.count)
            frame.buffer.put(position, row: 3, column: frame.size.columns - DisplayWidth.of(position) - 2, style: .dim)
        }
        frame.viewport(lines, scroll: review.scroll, top: 5, rows: area.rows) { $0.hasPrefix(" ") ? .dim : .normal }
        let noticeRow = frame.size.rows - 4
        if let path = review.savePath {
            frame.prompt("Save the set-up to: ", value: path, afterCursor: review.saveAfterCursor, row: noticeRow)
        } else {
            switch review.notice {
            case .saving(let path)?:
                frame.paragraph("Saving the set-up to \(path)...", row: noticeRow, style: .dim)
            case .saved(let path)?:
                frame.paragraph("Set-up saved to \(path). Run it again with: sshauth apply \(ShellQuoting.quote(path))", row: noticeRow, style: .good)
            case .failed(let sentence)?:
                frame.paragraph(sentence, row: noticeRow, style: .danger)
            case nil:
                frame.paragraph(dryRun ? "Dry run: nothing will be written or sent. The set-up can be saved, to run later with sshauth apply."
                                       : "Enter carries out these steps in this order; each one is checked before the next.",
                                row: noticeRow, style: .dim)
            }
        }
        let scroll = "\u{2191}\u{2193} PgUp PgDn scroll  Esc back  F1 help"
        if review.savePath != nil {
            frame.footer("Enter save (an existing file is never replaced)   Esc cancel")
        } else if dryRun {
            frame.footer("Enter or s save set-up  " + (dryRunFixed ? "" : "d apply mode  ") + scroll)
        } else {
            frame.footer("Enter apply  s save set-up  d dry run  " + scroll)
        }
    }
}
