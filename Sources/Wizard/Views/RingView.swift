/// The key ring screen: the ring file and its password (masked), typed twice for a new ring.
enum RingView {
    static func draw(_ form: RingForm, into frame: inout Frame) {
        frame.header("\(Mechanism.certificate.title): the ring", detail: frame.step)
        var row = frame.paragraph("The key ring holds the certificate and its private key: here a PKCS#12 file protected by the ring password (on z/OS, RACF plays this part). A ring that does not exist yet is made, mode 0600, only when you apply the plan.", row: 3)
        row += 1
        let fields: [(RingForm.Field, String, String)] = [
            (.path, "Ring file", "an existing ring, or where a new one goes"),
            (.password, "Password", "never shown, logged or put in the plan"),
            (.confirmation, "Again", "only for a new ring: the same password again"),
        ]
        for (field, label, hint) in fields {
            switch field {
            case .path: frame.field(label, value: form.path, afterCursor: form.afterCursor, focused: form.focus == field, row: row)
            case .password: frame.field(label, secret: form.password, focused: form.focus == field, row: row)
            case .confirmation: frame.field(label, secret: form.confirmation, focused: form.focus == field, row: row)
            }
            if let refusal = form.refusal, refusal.field == field {
                frame.buffer.put(refusal.sentence, row: row + 1, column: 16, style: .warning, limit: frame.size.columns - 18)
            } else {
                frame.buffer.put(hint, row: row + 1, column: 16, style: .dim, limit: frame.size.columns - 18)
            }
            row += 3
        }
        if let problem = form.problem {
            frame.paragraph(problem, row: row, indent: 4, style: .warning)
        } else {
            frame.paragraph("Enter opens the ring and lists its certificates; nothing is written yet.", row: row, indent: 4, style: .good)
        }
        frame.footer("Tab/\u{2191}\u{2193} field   Enter open the ring   Esc back   F1 help")
    }
}
