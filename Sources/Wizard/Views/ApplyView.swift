/// The apply screen (each step ticking off) and the result screen (the key, what to copy).
enum ApplyView {
    static func drawProgress(_ preview: PlanPreview, done: Int, stopping: Bool, into frame: inout Frame) {
        frame.header("Applying: \(preview.title)", detail: frame.step)
        var row = 3
        for (index, step) in preview.steps.enumerated() where row < frame.bodyRows.upperBound {
            let mark = index < done ? String(frame.glyphs.check) : index == done ? String(frame.glyphs.pointer) : " "
            let style: Style = index < done ? .good : index == done ? .title : .dim
            row = frame.paragraph("\(mark) \(step.summary)", row: row, indent: 2, style: style)
        }
        frame.footer(stopping ? "Stopping: the step under way finishes, no further step starts"
                              : "Working; each step finishes before the next starts   Esc stop after this step")
    }

    static func drawResult(_ result: InstallResult, reserving reserved: Int, into frame: inout Frame) {
        frame.header("Done: key login to \(result.targetName) works", detail: "done")
        // The picture goes on the right, beside the sentences; on a short screen (24 rows) it gives
        // way to the lines to copy, which must show whole (the review showed it already).
        let showsArt = frame.size.rows >= 30
        let artColumn = frame.size.columns - 21
        if showsArt {
            for (offset, line) in result.randomart.split(separator: "\n").enumerated() {
                frame.buffer.put(String(line), row: 3 + offset, column: artColumn)
            }
        }
        let width = showsArt ? artColumn - 4 : frame.size.columns - 4
        var row = frame.paragraph("The key \(result.fingerprint) is installed and ssh logged in with it, as a batch job will.",
                                  row: 3, style: .good, width: width)
        row = frame.paragraph("Log in with: \(result.loginCommand)", row: row + 1, width: width)
        row = frame.paragraph("Private key \(result.privateKeyPath) (0600); public key \(result.publicKeyPath).", row: row + 1, width: width)
        row = showsArt ? max(row + 1, 14) : row + 1
        frame.buffer.put(result.configName.isEmpty ? "For ~/.ssh/config:" : "For ~/.ssh/config (then: ssh \(result.configName)):", row: row, column: 2)
        // The last `reserved` body rows are kept for the commands that repeat the set-up.
        for line in result.hostBlock.split(separator: "\n") where row < frame.bodyRows.upperBound - reserved {
            row += 1
            frame.buffer.put(String(line), row: row, column: 4, style: .key)
        }
        frame.footer("Enter or q quit   F1 help")
    }
}
