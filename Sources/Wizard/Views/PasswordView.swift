/// The password screen (masked), with what the target offers.
enum PasswordView {
    static func draw(mechanism: Mechanism, check: TargetCheck, secret: TypedSecret, into frame: inout Frame) {
        frame.header("\(mechanism.title): log in to \(check.targetName)", detail: frame.step)
        var row = frame.paragraph("The server offers: \(check.methods.joined(separator: ", ")). Its host key \(check.fingerprint) is trusted.", row: 3)
        if mechanism != .password {
            row = frame.paragraph("The password is used once, to append your public key; afterwards the key logs in.", row: row + 1)
        } else {
            row = frame.paragraph("A password typed at the terminal cannot serve batch jobs: nobody is there to type it. The key pair mechanism can.", row: row + 1)
        }
        row += 1
        frame.field("Password", secret: secret, focused: true, row: row)
        frame.footer("Enter log in   Esc back   F1 help")
    }
}
