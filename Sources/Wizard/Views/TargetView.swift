/// The target screen: host (or ~/.ssh/config alias), port and user, checked as typed.
enum TargetView {
    static func draw(mechanism: Mechanism, form: TargetForm, into frame: inout Frame) {
        frame.header("\(mechanism.title): the target system", detail: frame.step)
        var row = frame.paragraph("Which system do you log in to? A Host alias from ~/.ssh/config works too: its HostName, Port, User and known hosts file are used, as ssh would.", row: 3)
        row += 1
        let labels: [(TargetForm.Field, String, String)] = [
            (.host, "Host", "name, address, [v6 address] or alias"),
            (.port, "Port", "empty: 22 or the alias's Port"),
            (.user, "User", "empty: your local user name or the alias's User"),
        ]
        for (field, label, hint) in labels {
            frame.field(label, value: form[field], afterCursor: form.afterCursor, focused: form.focus == field, row: row, column: 12, end: 52)
            frame.buffer.put(hint, row: row + 1, column: 12, style: .dim, limit: frame.size.columns - 14)
            row += 3
        }
        if let notice = form.notice {
            frame.paragraph(notice, row: row + 1, indent: 4, style: .warning)
        } else if let problem = form.problem {
            frame.paragraph(problem, row: row + 1, indent: 4, style: .warning)
        } else {
            frame.paragraph("Enter connects and shows the target's host key before anything is sent.", row: row + 1, indent: 4, style: .good)
        }
        frame.footer("Tab/\u{2191}\u{2193} field   Enter continue   Esc back   F1 help")
    }
}
