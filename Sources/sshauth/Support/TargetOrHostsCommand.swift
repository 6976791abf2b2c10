import ArgumentParser

/// A command that works on one target or, with `--hosts FILE`, on every target of a list
/// (`install`, `remove`, `rotate`): the options are checked (a wrong mix exits 2), then the list
/// runs through `runOnList` or the one target through `execute`.
protocol TargetOrHostsCommand: FailureReportingCommand {
    var targets: TargetOrHostsOptions { get }
    /// The command's own options that only go with `--hosts`, among those given.
    var fleetOnlyOptions: [String] { get }
    /// Runs the command on every target of the list; returns the exit status.
    func runOnList() throws(CommandFailure) -> Int32
}

extension TargetOrHostsCommand {
    var fleetOnlyOptions: [String] { [] }

    func run() throws {
        do {
            try targets.checkTargets(extraFleetOnly: fleetOnlyOptions)
            if targets.fleet.hosts != nil {
                let status = try runOnList()
                if status != 0 { throw ExitCode(status) }
                return
            }
            try execute()
        } catch let failure as CommandFailure {
            Console.error(failure.sentence)
            throw ExitCode(failure.status)
        }
    }
}
