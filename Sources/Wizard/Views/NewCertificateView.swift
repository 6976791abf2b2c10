/// The new certificate screen: label, subject, key type and last day of validity, checked as typed.
enum NewCertificateView {
    static func draw(_ form: NewCertificateForm, into frame: inout Frame) {
        frame.header("\(Mechanism.certificate.title): a new certificate", detail: frame.step)
        var row = 3
        let fields: [(NewCertificateForm.Field, String, String)] = [
            (.label, "Label", "1-32 characters, case counts"),
            (.commonName, "CN", "common name, required"),
            (.organization, "O", "organization, optional"),
            (.organizationalUnit, "OU", "unit, optional"),
            (.country, "C", "two letters, optional"),
            (.key, "Key", "\u{2190}\u{2192} change"),
            (.notAfter, "Not after", "last day, YYYY-MM-DD"),
        ]
        let valueEnd = frame.size.columns - 32
        for (field, label, hint) in fields {
            let focused = form.focus == field
            if field == .key {
                frame.buffer.put(label, row: row, column: 4, style: focused ? .title : .normal)
                frame.buffer.put(frame.glyphs.spell("\u{2190} \(form.keyDescription) \u{2192}"), row: row, column: 16, style: focused ? .highlight : .normal)
                if focused { frame.focus(row: row, column: 16) }
            } else {
                frame.field(label, value: form[field], afterCursor: form.afterCursor, focused: focused, row: row, end: valueEnd)
            }
            frame.buffer.put(frame.glyphs.spell(hint), row: row, column: valueEnd + 2, style: .dim)
            row += 2
        }
        if let problem = form.problem {
            frame.paragraph(problem, row: row, indent: 4, style: .warning)
        } else {
            frame.paragraph("Enter goes on to the target. The certificate is made in memory for the review and written to the ring only when you apply the plan.",
                            row: row, indent: 4, style: .good)
        }
        frame.footer("Tab/\u{2191}\u{2193} field   \u{2190}\u{2192} key type   Enter continue   Esc back   F1 help")
    }
}
