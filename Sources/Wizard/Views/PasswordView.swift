/// The password screen (masked), with what the target offers.
enum PasswordView {
    /// What the typed password is for, in the terms of each mechanism.
    static func purpose(of mechanism: Mechanism) -> String {
        switch mechanism {
        case .password:
            "A password typed at the terminal cannot serve batch jobs: nobody is there to type it. The key pair mechanism can."
        case .keyPair:
            "The password is used once, to append your public key; afterwards the key logs in."
        case .askpass:
            "The password logs in once here, to prove it is right; then it is kept in a protected file for runs with no terminal."
        case .certificate:
            "The password is used once, to install the certificate's public key; afterwards the key logs in through the ssh-agent."
        }
    }

    static func draw(mechanism: Mechanism, check: TargetCheck, secret: TypedSecret, enterOnEmpty: Bool = false, into frame: inout Frame) {
        frame.header("\(mechanism.title): log in to \(check.targetName)", detail: frame.step)
        var row = frame.paragraph("The server offers: \(check.methods.joined(separator: ", ")). Its host key \(check.fingerprint) is trusted.", row: 3)
        row = frame.paragraph(purpose(of: mechanism), row: row + 1)
        row += 1
        frame.field("Password", secret: secret, focused: true, row: row)
        if secret.isEmpty {
            frame.buffer.put("Type the password; Enter sends nothing while the field is empty.", row: row + 1, column: 16, style: .dim)
        }
        if enterOnEmpty {
            frame.paragraph("Nothing was sent: the field is empty. Type the password first, then Enter.", row: row + 3, indent: 16, style: .warning)
        }
        frame.footer("Enter log in   Esc back   F1 help")
    }
}
