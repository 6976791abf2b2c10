import ArgumentParser
import AuthSetup
import Flows
import RemoteAccess
import SSHKeys

/// `sshauth keys`: lists a target's authorized_keys and which of its keys this client holds.
struct KeysCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "List the keys in a target account's authorized_keys, and which of them this client holds.",
        discussion: """
            Over SFTP, read-only: nothing is written on the target or here (an unknown host key \
            is not recorded; it needs --host-key or --accept-new-host-key, as for check). One row \
            per key line: line number, type, bits, SHA256 fingerprint (as ssh-keygen -l prints \
            it), the local key it matches (a .pub file in ~/.ssh or a key the ssh-agent holds, \
            compared by key, not by comment), the options as written and the comment. A line \
            sshd skips is listed with the reason and its first 40 characters; blank and comment \
            lines are left out. No file at the path is not an error ("no authorized_keys").
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("target-path"), help: ArgumentHelp("The authorized_keys file to list, relative to the remote home or absolute (default: .ssh/authorized_keys).", valueName: "path"))
    var targetPath: String?

    @Flag(help: "Print the lines as a JSON array of objects.")
    var json = false

    func validate() throws {
        try connection.validate()
    }

    func execute() throws(CommandFailure) {
        let context = try connection.resolve()
        var credentials = try connection.readCredentials()
        // Local keys are read before connecting, so that none of the network deadline goes to them.
        let localKeys = LocalKeys.gather(sshDirectory: context.account.sshDirectory)
        // As check: the host key is judged but never recorded, and an unknown one is not asked about.
        let session = try connection.connectAndTrust(context, dryRun: true, quiet: true)
        _ = try connection.authenticate(session, context: context, credentials: &credentials, dryRun: false)
        let listing = try CommandFailure.flow { () throws(FlowFailure) in
            try AuthorizedKeysReading.list(session: session, target: context.target, targetPath: targetPath, localKeys: localKeys)
        }
        Console.out(json ? listing.renderedJSON() + "\n" : listing.renderedText(target: context.target, localHome: context.account.home))
    }
}
