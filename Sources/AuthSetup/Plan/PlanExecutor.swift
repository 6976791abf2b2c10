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

        public var description: String { "\(underlying)" }
    }

    /// Runs every step in order. On failure the remaining steps are not run.
    public static func apply(_ plan: Plan, report: (Progress) -> Void = { _ in }) throws(StepFailure) {
        var completed: [String] = []
        for (index, step) in plan.steps.enumerated() {
            report(.started(index: index, step: step))
            do {
                try step.perform()
            } catch {
                report(.failed(index: index, step: step, error: error))
                throw StepFailure(index: index, summary: step.summary, underlying: error, completed: completed)
            }
            completed.append(step.summary)
            report(.finished(index: index, step: step))
        }
    }
}
