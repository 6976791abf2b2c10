/// The new key screen: kind (with the recommendation), file, comment, passphrase twice (masked).
enum NewKeyView {
    static func draw(_ form: NewKeyForm, environment: WizardEnvironment, into frame: inout Frame) {
        frame.header("OpenSSH key pair: a new key", detail: frame.step)
        var row = 3
        let kindFocused = form.focus == .kind
        frame.buffer.put("Kind", row: row, column: 4, style: kindFocused ? .title : .normal)
        frame.buffer.put(frame.glyphs.spell("\u{2190} \(form.kind.label) \u{2192}"), row: row, column: 16, style: kindFocused ? .highlight : .normal,
                         limit: frame.size.columns - 18)
        if kindFocused { frame.focus(row: row, column: 16) }
        row += 2
        frame.field("File", value: form.path, afterCursor: form.afterCursor, focused: form.focus == .path, row: row)
        frame.field("Comment", value: form.comment, afterCursor: form.afterCursor, focused: form.focus == .comment, row: row + 2)
        frame.field("Passphrase", secret: form.passphrase, focused: form.focus == .passphrase, row: row + 4)
        frame.field("Again", secret: form.confirmation, focused: form.focus == .confirmation, row: row + 6)
        row += 8
        row = frame.paragraph(form.protectionNote, row: row, indent: 4, style: form.passphrase.isEmpty ? .warning : .normal)
        if let problem = form.problem(fileExists: environment.takenPaths.contains) {
            frame.paragraph(problem, row: row + 1, indent: 4, style: .warning)
        } else {
            frame.paragraph("Enter goes on to the target; the key is made only after you review the plan.", row: row + 1, indent: 4, style: .good)
        }
        frame.footer("Tab/\u{2191}\u{2193} field   \u{2190}\u{2192} kind   Enter continue   Esc back   F1 help")
    }
}
