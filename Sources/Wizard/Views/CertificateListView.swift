/// The certificate list: label, key, last day and days left of each (expiring ones marked, expired
/// ones loudly), their subject and fingerprint, then "create a new certificate".
enum CertificateListView {
    static func draw(_ choice: CertificateChoice, into frame: inout Frame) {
        let listing = choice.listing
        frame.header("\(Mechanism.certificate.title): which certificate?", detail: frame.step)
        let count = listing.entries.count
        var row = frame.paragraph(listing.isNew
            ? "\(listing.path) does not exist yet: it is made, with a new certificate, when you apply the plan."
            : "\(listing.path) holds \(count) certificate\(count == 1 ? "" : "s"). Install one, or make a new one:", row: 3)
        row += 1
        let entries = listing.entries.map { entry -> (String, String, Style, String) in
            let style: Style = switch entry.expiry {
            case .valid: .normal
            case .expiringSoon: .warning
            case .expired: .danger
            }
            let marker = entry.isExpired ? "!!! " : ""
            return ("\(marker)\(entry.label)   \(entry.key ?? "unusable key")   not after \(entry.notAfter)  (\(entry.validity))",
                    entry.subject, style, entry.fingerprint ?? "")
        } + [("Create a new certificate", "label, subject (CN, O, OU, C), key type and last day come next", Style.normal, "")]
        let noticeRow = frame.size.rows - 5
        let room = max((noticeRow - row) / 2, 1)
        let first = max(0, min(choice.highlighted - room + 1, entries.count - room))
        for (index, entry) in entries.enumerated().dropFirst(first).prefix(room) {
            let selected = index == choice.highlighted
            if selected {
                frame.buffer.fill(row: row, from: 1, to: frame.size.columns - 1, style: .highlight)
                frame.focus(row: row, column: 2)
            }
            frame.buffer.put("\(selected ? String(frame.glyphs.pointer) : " ") \(entry.0)", row: row, column: 2,
                             style: selected ? .highlight : entry.2, limit: frame.size.columns - 4)
            // The fingerprint is shown whole; a long subject gives way to it, its cut marked.
            let fingerprintWidth = entry.3.isEmpty ? 0 : DisplayWidth.of(entry.3) + 3
            let end = frame.buffer.put(entry.1, row: row + 1, column: 6, style: .dim, limit: max(frame.size.columns - 8 - fingerprintWidth, 8))
            if !entry.3.isEmpty { frame.buffer.put(entry.3, row: row + 1, column: end + 3, style: .dim) }
            row += 2
        }
        if let entry = choice.highlightedEntry, choice.confirmingExpired {
            frame.paragraph("'\(entry.label)' EXPIRED on \(entry.notAfter). OpenSSH ignores the dates, so its key still logs in, but the certificate is due for renewal ('sshauth ring renew' keeps the key). Use it anyway?",
                            row: noticeRow, style: .danger)
            frame.footer("y use the expired certificate   n/Esc choose again   F1 help")
            return
        }
        if let notice = choice.notice {
            frame.paragraph(notice, row: noticeRow, style: .warning)
        } else if let entry = choice.highlightedEntry, case .expiringSoon = entry.expiry {
            frame.paragraph("'\(entry.label)' expires soon: renew it in time with 'sshauth ring renew' (the key, and so authorized_keys, stay the same).",
                            row: noticeRow, style: .warning)
        }
        frame.footer("\u{2191}/\u{2193} choose   Enter select   Esc back   F1 help")
    }
}
