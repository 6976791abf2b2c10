/// The host key screen: an unknown key to accept or reject, or a changed key that cannot be accepted here.
enum HostKeyView {
    static func draw(_ check: TargetCheck, into frame: inout Frame) {
        switch check.verdict {
        case .known:
            return
        case .unknown:
            frame.header("Unknown host key: \(check.targetName)", detail: frame.step)
            var row = frame.paragraph("This is the first connection to this target from here, so nothing proves yet that it is the system you mean. Compare the fingerprint with the one its administrator gives you (ssh-keygen -l -f /etc/ssh/ssh_host_\(check.hostKeyType.lowercased())_key.pub on the target).", row: 3)
            row += 1
            frame.buffer.put("\(check.hostKeyType) key fingerprint: \(check.fingerprint)", row: row, column: 4, style: .title)
            art(check.randomart, from: row + 2, into: &frame)
            frame.footer("a accept and remember   r reject (back to the target)   F1 help")
        case .changed(let file, let lines):
            frame.header("WARNING: CHANGED host key: \(check.targetName)", detail: frame.step)
            let place = "line\(lines.count == 1 ? "" : "s") \(lines.map(String.init).joined(separator: ", ")) of \(file)"
            var row = frame.paragraph("It presents another \(check.hostKeyType) key than the one recorded on \(place). Someone may be intercepting the connection, or the server was reinstalled. Nothing was sent to it, and the wizard will not accept the new key.", row: 3, style: .danger)
            row += 1
            for recorded in check.recordedFingerprints where row <= frame.bodyRows.upperBound {
                frame.buffer.put("Recorded: \(recorded)", row: row, column: 4)
                row += 1
            }
            frame.buffer.put("Now:      \(check.fingerprint)", row: row, column: 4, style: .title)
            row = frame.paragraph("If the administrator confirms the new fingerprint, remove the old entry with this command, then connect again:", row: row + 2)
            if let command = check.removeOldEntryCommand {
                frame.paragraph(command, row: row, indent: 4, style: .key)
            }
            frame.footer("Esc back   F1 help")
        case .revoked(let file, let line):
            frame.header("REVOKED host key: \(check.targetName)", detail: frame.step)
            frame.paragraph("Line \(line) of \(file) marks this key @revoked: it must not be trusted. Nothing was sent to the target.", row: 3, style: .danger)
            frame.footer("Esc back   F1 help")
        }
    }

    private static func art(_ art: String, from row: Int, into frame: inout Frame) {
        for (offset, line) in art.split(separator: "\n").enumerated() where row + offset <= frame.bodyRows.upperBound {
            frame.buffer.put(String(line), row: row + offset, column: 6)
        }
    }
}
