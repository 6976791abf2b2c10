#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Plan {
    /// The plan as numbered steps for a terminal, with the equivalent manual commands.
    public func renderedText() -> String {
        (["Plan: \(title)"] + renderedSteps() + ["Dry run: nothing was changed."]).joined(separator: "\n")
    }

    /// The notes and numbered steps of ``renderedText()``, line by line: what the wizard's review shows.
    public func renderedSteps() -> [String] {
        var lines: [String] = []
        for note in notes { lines.append("Note: \(note)") }
        for (index, step) in steps.enumerated() {
            var line = "\(index + 1). \(step.summary)"
            let location = step.location.description
            if !location.isEmpty, !step.summary.contains(step.location.path) { line += " (\(location))" }
            if let mode = step.mode { line += ", mode \(Self.octal(mode))" }
            lines.append(line)
            if let command = step.manualCommand { lines.append("   by hand: \(command)") }
        }
        return lines
    }

    /// The plan as a JSON object (`title`, `notes`, `steps[]` with `change`, `summary`, `location`, `mode`, `manual_command`).
    public func renderedJSON() -> String {
        struct StepView: Encodable {
            let change: Step.Change
            let summary: String
            let location: String?
            let mode: String?
            let manual_command: String?
        }
        struct PlanView: Encodable {
            let dry_run = true
            let title: String
            let notes: [String]
            let steps: [StepView]
        }
        let view = PlanView(title: title, notes: notes, steps: steps.map {
            StepView(change: $0.change, summary: $0.summary,
                     location: $0.location == .none ? nil : $0.location.description,
                     mode: $0.mode.map(Self.octal), manual_command: $0.manualCommand)
        })
        return JSONText.encode(view)
    }

    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Pretty, key-sorted JSON for command output.
public enum JSONText {
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
