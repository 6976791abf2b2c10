/// The password screen (masked), with what the target offers.
enum PasswordView {
    static func draw(mechanism: Mechanism, check: TargetCheck, secret: TypedSecret, into frame: inout Frame) {
        frame.header("\(mechanism.title): log in to \(check.targetName)", detail: "step 3")
        var row = frame.paragraph("The server offers: \(check.methods.joined(separator: ", ")). Its host key \(check.fingerprint) is trusted.", row: 3)
        if mechanism != .password {
            row = frame.paragraph("The password is used once, to append your public key; afterwards the key logs in.", row: row + 1)
        } else {
            row = frame.paragraph("A password typed at the terminal cannot serve batch jobs: nobody is there to type it. The key pair mechanism can.", row: row + 1)
        }
        row += 1
        frame.buffer.put("Password", row: row, column: 4, style: .title)
        frame.buffer.fill(row: row, from: 16, to: frame.size.columns - 4, style: .highlight)
        let end = frame.buffer.put(secret.description, row: row, column: 16, style: .highlight, limit: frame.size.columns - 21)
        frame.buffer.put("_", row: row, column: end, style: .highlight)
        frame.footer("Enter log in   Esc back   F1 help")
    }
}
