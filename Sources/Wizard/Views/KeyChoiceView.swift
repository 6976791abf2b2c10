/// The key choice screen: the key pairs already in ~/.ssh, then "make a new key pair".
enum KeyChoiceView {
    static func draw(highlighted: Int, environment: WizardEnvironment, into frame: inout Frame) {
        frame.header("OpenSSH key pair: which key?", detail: frame.step)
        var row = frame.paragraph(environment.existingKeys.isEmpty
            ? "There is no key pair in \(environment.sshDirectory) yet; sshauth will make one."
            : "Install a key you already have, or make a new one. Keys found in \(environment.sshDirectory):", row: 3)
        row += 1
        let entries = environment.existingKeys.map { key in
            ("\(key.algorithm.displayName) \(key.bits)  \(key.fingerprint)", "\(key.privateKeyPath)  \(key.comment)")
        } + [("Make a new key pair", "type and size, file, comment and passphrase on the next screen")]
        let room = max((frame.bodyRows.upperBound - row) / 2, 1)
        let first = max(0, min(highlighted - room + 1, entries.count - room))
        for (index, entry) in entries.enumerated().dropFirst(first).prefix(room) {
            let selected = index == highlighted
            if selected {
                frame.buffer.fill(row: row, from: 1, to: frame.size.columns - 1, style: .highlight)
                frame.focus(row: row, column: 2)
            }
            frame.buffer.put("\(selected ? String(frame.glyphs.pointer) : " ") \(entry.0)", row: row, column: 2, style: selected ? .highlight : .normal)
            frame.buffer.put(entry.1, row: row + 1, column: 6, style: .dim, limit: frame.size.columns - 8)
            row += 2
        }
        frame.footer("\u{2191}/\u{2193} choose   Enter select   Esc back   F1 help")
    }
}
