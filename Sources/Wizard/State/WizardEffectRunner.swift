/// What carries out the wizard's effects, off the terminal's thread, and reports each result back
/// as an event. The state machine only names effects; the runner (WizardEffects' `WizardWorker`)
/// does the network and disk work through the flows.
public protocol WizardEffectRunner: AnyObject, Sendable {
    /// Starts the work an effect asks for.
    func perform(_ effect: WizardEffect)
    /// Waits until every effect handed over so far has finished.
    func drain()
    /// Stops a plan under way after its current step and waits at most `seconds`; true when it finished.
    @discardableResult
    func stopAndWait(seconds: Double) -> Bool
}
