import ArgumentParser
import AuthSetup

/// `--save-setup FILE [--force]`, for commands whose `--force` means nothing else: write the
/// command's set-up for `sshauth apply` instead of running it.
struct SetupSavingOptions: ParsableArguments {
    @Option(name: .customLong("save-setup"), help: ArgumentHelp("Check the options and write them to this new set-up file for 'sshauth apply', instead of running them: no connection, nothing else changed.", valueName: "file"))
    var file: String?

    @Flag(help: "With --save-setup: replace an existing set-up file.")
    var force = false

    /// Refuses `--force` without `--save-setup`, and `--save-setup` with the preview option named.
    func validate(preview: String?) throws {
        if let preview, file != nil {
            throw ValidationError("--save-setup only writes the set-up file and runs nothing, so there is nothing to preview; leave out \(preview).")
        }
        if force, file == nil { throw ValidationError("--force only lets --save-setup replace an existing set-up file; give it with --save-setup FILE.") }
    }

    /// Writes `setup` when `--save-setup` was given; true when it did, and the command is done.
    func saveIfAsked(_ setup: Setup) throws(CommandFailure) -> Bool {
        guard let file else { return false }
        try SetupSaving.save(setup, to: file, force: force)
        return true
    }
}
