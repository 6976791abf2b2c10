/// Mechanism 3's own screens: where to store the password, and the result with how jobs use it.
enum AskpassView {
    static func drawStore(_ form: AskpassForm, into frame: inout Frame) {
        frame.header("SSH_ASKPASS: where to keep the password", detail: frame.step)
        var row = frame.paragraph("The password logged in. It will be kept alone in NAME.password (mode 0600) in this directory, next to the helper ssh runs, the NAME-ssh and NAME-sftp wrappers and NAME.env. Nothing else holds the password.", row: 3)
        row += 1
        let labels: [(AskpassForm.Field, String, String)] = [
            (.directory, "Directory", "created 0700 if missing"),
            (.name, "Name", "the files' names start with it"),
        ]
        for (field, label, hint) in labels {
            frame.field(label, value: form[field], afterCursor: form.afterCursor, focused: form.focus == field, row: row)
            frame.buffer.put(hint, row: row + 1, column: 16, style: .dim, limit: frame.size.columns - 18)
            row += 3
        }
        if let problem = form.problem {
            frame.paragraph(problem, row: row + 1, indent: 4, style: .warning)
        } else {
            frame.paragraph("Enter shows every file with its mode and content before anything is written.", row: row + 1, indent: 4, style: .good)
        }
        frame.footer("Tab/\u{2191}\u{2193} field   Enter review   Esc back   F1 help")
    }

    static func drawReady(_ result: AskpassResult, showingZOS: Bool, scroll: Int, into frame: inout Frame) {
        if showingZOS {
            let rows = frame.size.rows - 6
            let lines = result.zosLines(width: frame.size.columns - 4)
            frame.header("SSH_ASKPASS on z/OS: the batch variant",
                         detail: lines.count > rows ? Frame.position(scroll: scroll, rows: rows, total: lines.count) : "z/OS")
            frame.viewport(lines, scroll: scroll, top: 3, rows: rows)
            frame.footer("s save   \u{2191}\u{2193} PgUp PgDn scroll   z or Esc back   Enter or q quit")
            return
        }
        frame.header("Done: unattended password logins to \(result.targetName)", detail: "done")
        var row = frame.paragraph("\(result.sshWrapper) true logged in with no terminal, as a batch job will.", row: 3, style: .good)
        row = frame.paragraph("The files are in \(result.directory):", row: row + 1)
        let uses = result.usageLines
        for (label, use) in uses where !use.isEmpty {
            frame.buffer.put(label, row: row, column: 4, style: .dim)
            row = frame.paragraph(use, row: row, indent: 20, style: .key)
        }
        let name = String(result.passwordFile.split(separator: "/").last ?? "")
        row = frame.paragraph("The password is only in \(name) (mode 0600). When it changes, store the new one with:", row: row + 1, style: .dim)
        frame.paragraph(result.setupAgainCommand, row: row, indent: 4, style: .key)
        frame.footer("z the z/OS batch variant   Enter or q quit   F1 help")
    }
}
