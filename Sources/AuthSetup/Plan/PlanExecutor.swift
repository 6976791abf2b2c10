/// Applies a plan step by step and reports each one, stopping at the first failure.
public enum PlanExecutor {
    /// How a step went.
    public enum Progress: Sendable {
        case started(index: Int, step: Plan.Step)
        case finished(index: Int, step: Plan.Step)
        case failed(index: Int, step: Plan.Step, error: any Error)
    }

    /// The error of a failed step, with how far the plan got.
    public struct StepFailure: Error, CustomStringConvertible {
        public let index: Int
        public let summary: String
        public let underlying: any Error
        /// Steps that were completed before the failure (their effects stay in place).
        public let completed: [String]
        /// Steps that were not started (the failed one not included).
        public let notStarted: [String]

        public var description: String { "\(underlying)" }
    }

    /// The reason a plan stopped when `shouldStop` said so between two steps.
    public struct Stopped: Error, CustomStringConvertible {
        public let beforeStep: Int
        public var description: String { "Stopped at your request before step \(beforeStep + 1)." }
    }

    /// Runs every step in order. On failure the remaining steps are not run; `shouldStop` is asked
    /// before each step after the first, so a stop never cuts a step in half.
    public static func apply(_ plan: Plan, report: (Progress) -> Void = { _ in },
                             shouldStop: () -> Bool = { false }) throws(StepFailure) {
        var completed: [String] = []
        for (index, step) in plan.steps.enumerated() {
            let rest = plan.steps.dropFirst(index + 1).map(\.summary)
            if index > 0, shouldStop() {
                throw StepFailure(index: index, summary: step.summary, underlying: Stopped(beforeStep: index),
                                  completed: completed, notStarted: [step.summary] + rest)
            }
            report(.started(index: index, step: step))
            do {
                try step.perform()
            } catch {
                report(.failed(index: index, step: step, error: error))
                throw StepFailure(index: index, summary: step.summary, underlying: error, completed: completed, notStarted: rest)
            }
            completed.append(step.summary)
            report(.finished(index: index, step: step))
        }
    }
}
