import AuthSetup
import SSHKeys

extension AuthorizedKeysListing {
    /// The listing as an aligned table for a terminal, one row per listed line, headed by what was
    /// read. Local key files under `localHome` are shown as `~/...`. Text from the target (comments,
    /// options, skipped lines) has its control characters escaped, so a hostile file cannot move the
    /// cursor or recolour the terminal.
    public func renderedText(target: Target, localHome: String) -> String {
        // The path holds the home the server named, which is the server's text too.
        let shownPath = TerminalText.printable(shownPath)
        guard let entries else { return "no authorized_keys: \(shownPath) does not exist on \(target.displayName).\n" }
        let skipped = invalidLines.count
        var heading = "\(shownPath) on \(target.displayName): \(Self.count(keys.count, "key"))"
        if skipped > 0 { heading += ", \(Self.count(skipped, "line")) that sshd skips" }
        var rows = [["LINE", "TYPE", "BITS", "FINGERPRINT", "LOCAL KEY", "OPTIONS", "COMMENT"]]
        var skippedRows: [Int: String] = [:]
        for entry in entries {
            switch entry {
            case .key(let listed):
                let local = listed.localCopies.map { Self.describe($0, localHome: localHome) }
                rows.append([String(listed.line), listed.key.algorithm.shortName, String(listed.key.bits), listed.fingerprint.description,
                             local.isEmpty ? "-" : local.joined(separator: ", "),
                             listed.optionsText.isEmpty ? "-" : TerminalText.printable(listed.optionsText), TerminalText.printable(listed.comment)])
            case .invalid(let invalid):
                skippedRows[rows.count] = "not a key: \(TerminalText.printable(invalid.reason)); the line starts: \(TerminalText.printable(invalid.start))"
                rows.append([String(invalid.line)])
            }
        }
        let widths = (0..<6).map { column in rows.map { $0.count > column ? $0[column].count : 0 }.max() ?? 0 }
        var lines = [heading]
        if entries.isEmpty { return lines.joined(separator: "\n") + "\n" }
        for (index, row) in rows.enumerated() {
            if let text = skippedRows[index] {
                lines.append(row[0] + String(repeating: " ", count: widths[0] - row[0].count + 2) + text)
                continue
            }
            var line = ""
            for (column, cell) in row.enumerated() {
                if column == row.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[column] - cell.count + 2)
                }
            }
            lines.append(String(line.reversed().drop { $0 == " " }.reversed()))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The listing as a JSON array with one object per listed line (`[]` when there is no file):
    /// `line`, `valid`; for a key `type`, `bits`, `fingerprint`, `comment`, `options` and
    /// `local_keys` (each `{"source": "file", "path"}` or `{"source": "agent", "comment"}`); for a
    /// skipped line `reason` and `start`.
    public func renderedJSON() -> String {
        struct LocalKeyView: Encodable {
            let source: String
            let path: String?
            let comment: String?
        }
        struct EntryView: Encodable {
            let line: Int
            let valid: Bool
            var type: String?
            var bits: Int?
            var fingerprint: String?
            var comment: String?
            var options: String?
            var local_keys: [LocalKeyView]?
            var reason: String?
            var start: String?
        }
        let views = (entries ?? []).map { entry -> EntryView in
            switch entry {
            case .key(let listed):
                let local = listed.localCopies.map { source -> LocalKeyView in
                    switch source {
                    case .publicKeyFile(let path): LocalKeyView(source: "file", path: path, comment: nil)
                    case .agent(let comment): LocalKeyView(source: "agent", path: nil, comment: comment)
                    }
                }
                return EntryView(line: listed.line, valid: true, type: listed.key.algorithm.name, bits: listed.key.bits,
                                 fingerprint: listed.fingerprint.description, comment: listed.comment, options: listed.optionsText,
                                 local_keys: local)
            case .invalid(let invalid):
                return EntryView(line: invalid.line, valid: false, reason: invalid.reason, start: invalid.start)
            }
        }
        return JSONText.encode(views)
    }

    private static func describe(_ source: LocalKeys.Source, localHome: String) -> String {
        switch source {
        case .publicKeyFile(let path):
            return TerminalText.printable(KeyInstallation.displayPath(path, home: localHome))
        case .agent(let comment):
            return comment.isEmpty ? "agent" : "agent (\(TerminalText.printable(comment)))"
        }
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
