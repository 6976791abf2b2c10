/// How a command runs a set-up, whether its options or a set-up file (`sshauth apply`) made it.
struct SetupRunMode {
    /// Show the plan and change nothing.
    var dryRun = false
    /// Print the result (or the plan) as JSON.
    var json = false
}
