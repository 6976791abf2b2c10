import AuthSetup

/// A plan as the review screen shows it: the same steps the command's `--dry-run` prints, without
/// the work itself (which stays with the worker until the user applies it).
public struct PlanPreview: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public let summary: String
        public let location: String
        public let mode: String?
        public let manualCommand: String?
    }

    public let title: String
    public let notes: [String]
    /// The notes and steps exactly as `--dry-run` prints them, line by line.
    public let lines: [String]
    public let steps: [Step]
    /// The key being installed, as `ssh-keygen -l` would name it, and its picture.
    public let fingerprint: String
    public let randomart: String
    /// The line above the plan: what the plan is about.
    public let headline: String

    /// `details` are shown after the steps (the files of an askpass set-up, as its dry run shows them).
    public init(_ plan: Plan, fingerprint: String, randomart: String, headline: String? = nil, details: [String] = []) {
        title = plan.title
        notes = plan.notes
        lines = plan.renderedSteps() + details
        self.headline = headline ?? "Key \(fingerprint)"
        steps = plan.steps.map { step in
            Step(summary: step.summary, location: step.location.description,
                 mode: step.mode.map { String(repeating: "0", count: max(0, 4 - String($0, radix: 8).count)) + String($0, radix: 8) },
                 manualCommand: step.manualCommand)
        }
        self.fingerprint = fingerprint
        self.randomart = randomart
    }
}
