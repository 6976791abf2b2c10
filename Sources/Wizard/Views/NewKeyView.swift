/// The new key screen: kind (with the recommendation), file, comment, passphrase twice (masked).
enum NewKeyView {
    static func draw(_ form: NewKeyForm, environment: WizardEnvironment, into frame: inout Frame) {
        frame.header("OpenSSH key pair: a new key", detail: "step 1")
        var row = 3
        let kindFocused = form.focus == .kind
        frame.buffer.put("Kind", row: row, column: 4, style: kindFocused ? .title : .normal)
        frame.buffer.put("\u{2190} \(form.kind.label) \u{2192}", row: row, column: 16, style: kindFocused ? .highlight : .normal,
                         limit: frame.size.columns - 18)
        row += 2
        let fields: [(NewKeyForm.Field, String, String)] = [
            (.path, "File", form.path),
            (.comment, "Comment", form.comment),
            (.passphrase, "Passphrase", form.passphrase.description),
            (.confirmation, "Again", form.confirmation.description),
        ]
        for (field, label, value) in fields {
            frame.field(label, value: value, focused: form.focus == field, row: row)
            row += 2
        }
        row = frame.paragraph(form.protectionNote, row: row, indent: 4, style: form.passphrase.isEmpty ? .warning : .normal)
        if let problem = form.problem(fileExists: environment.takenPaths.contains) {
            frame.paragraph(problem, row: row + 1, indent: 4, style: .warning)
        } else {
            frame.paragraph("Enter goes on to the target; the key is made only after you review the plan.", row: row + 1, indent: 4, style: .good)
        }
        frame.footer("Tab/\u{2191}\u{2193} field   \u{2190}\u{2192} kind   Enter continue   Esc back   F1 help")
    }
}
