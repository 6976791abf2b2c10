/// The z/OS artifacts: first the two values only z/OS knows (user ID and ring), then the jobs and
/// lines themselves, scrolled, with "save them to a directory".
enum ZOSArtifactsView {
    static func drawForm(_ result: CertificateResult, _ form: ZOSForm, into frame: inout Frame) {
        frame.header("z/OS artifacts for '\(result.label)'", detail: "z/OS")
        var row = frame.paragraph("The jobs and lines for z/OS carry this certificate's own values (label, CN, O, OU, C, last day). Two things only z/OS knows: the RACF user ID that owns the ring and runs the jobs that log in to \(result.targetName), and the ring's name. Suggested: your user name and the ring file's name, in capitals.", row: 3)
        row += 1
        for (field, label, hint) in [(ZOSForm.Field.userID, "User ID", "1-8: A-Z 0-9 # @ $, not starting with a digit"),
                                     (.ring, "Ring", "no blanks; case counts, capitals are safest")] {
            frame.field(label, value: form[field], afterCursor: form.afterCursor, focused: form.focus == field, row: row, end: 68)
            frame.buffer.put(hint, row: row + 1, column: 16, style: .dim, limit: frame.size.columns - 18)
            row += 3
        }
        if let problem = form.problem {
            frame.paragraph(problem, row: row, indent: 4, style: .warning)
        } else {
            frame.paragraph("Enter shows the RACDCERT job, the renewal job, the PERMITs and the cozsftp/COZCFG lines.", row: row, indent: 4, style: .good)
        }
        frame.footer("Tab field   Enter show the artifacts   Esc back   F1 help")
    }

    static func drawArtifacts(_ screen: ZOSArtifactsScreen, into frame: inout Frame) {
        let area = ZOSArtifactsScreen.textArea(for: frame.size)
        let lines = screen.lines(width: area.columns)
        let position = lines.count > area.rows
            ? Frame.position(scroll: screen.scroll, rows: area.rows, total: lines.count) : "z/OS"
        frame.header("z/OS artifacts", detail: position)
        frame.viewport(lines, scroll: screen.scroll, top: 3, rows: area.rows) { $0.hasPrefix("# ") ? .title : .normal }
        let noticeRow = frame.size.rows - 4
        if let path = screen.savePath {
            frame.prompt("Save into the directory: ", value: path, afterCursor: screen.saveAfterCursor, row: noticeRow)
            frame.footer("Enter save (new files only; an existing file is never replaced)   Esc cancel")
            return
        }
        switch screen.notice {
        case .saving(let directory)?: frame.paragraph("Saving into \(directory)...", row: noticeRow, style: .dim)
        case .saved(let what)?: frame.paragraph("Saved \(what).", row: noticeRow, style: .good)
        case .failed(let sentence)?: frame.paragraph(sentence, row: noticeRow, style: .danger)
        case nil: frame.paragraph("s saves each artifact as its own new file in a directory you name.", row: noticeRow, style: .dim)
        }
        frame.footer("s save   \u{2191}\u{2193} PgUp PgDn scroll   Esc back   q quit   F1 help")
    }
}
