import AuthSetup
import SSHKeys

extension KeyRemoval.Outcome {
    /// What was removed, for a terminal: one sentence, then each removed line's number and its
    /// start, with control characters from the file escaped.
    public func renderedText(target: Target) -> String {
        let count = removed.count == 1 ? "1 line" : "\(removed.count) lines"
        var lines = ["Removed \(count) with the key \(prepared.key) from \(TerminalText.printable(prepared.shownPath)) on \(target.displayName)."]
        if let proof { lines.insert("Proven first: \(proof).", at: 0) }
        for line in removed {
            lines.append("  line \(line.number): \(TerminalText.printable(String(line.text.prefix(KeyRemoval.shownLineLength))))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The result as one JSON object (see ``KeyRemoval/json(path:key:removed:dryRun:)``).
    public func renderedJSON() -> String {
        KeyRemoval.json(path: prepared.path, key: prepared.key, removed: removed, dryRun: false)
    }
}

extension KeyRemoval.Prepared {
    /// The dry run for a terminal: the plan and the lines it would remove.
    public func renderedText() -> String {
        var lines = ["Plan: \(plan.title)"] + plan.renderedSteps()
        for line in removal.removed {
            lines.append("   line \(line.number): \(TerminalText.printable(String(line.text.prefix(KeyRemoval.shownLineLength))))")
        }
        lines.append("Dry run: nothing was changed.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The dry run as the same object a removal prints, with `dry_run` true.
    public func renderedJSON() -> String {
        KeyRemoval.json(path: path, key: key, removed: removal.removed, dryRun: true)
    }
}

extension KeyRemoval {
    /// How much of a removed line is shown on a terminal (JSON has it whole).
    static let shownLineLength = 100

    /// `{"path", "fingerprint", "dry_run", "removed": [{"line", "fingerprint", "text"}]}`.
    static func json(path: String, key: KeyToRemove, removed: [KeyLineRemoval.RemovedLine], dryRun: Bool) -> String {
        struct LineView: Encodable {
            let line: Int
            let fingerprint: String
            let text: String
        }
        struct View: Encodable {
            let path: String
            let fingerprint: String
            let dry_run: Bool
            let removed: [LineView]
        }
        let lines = removed.map { LineView(line: $0.number, fingerprint: Fingerprint(of: $0.key).description, text: $0.text) }
        return JSONText.encode(View(path: path, fingerprint: key.description, dry_run: dryRun, removed: lines))
    }
}
