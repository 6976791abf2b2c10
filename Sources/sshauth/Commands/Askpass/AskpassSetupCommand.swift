import ArgumentParser
import AuthSetup
import RemoteAccess
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth askpass setup`: store a checked password where only the user can read it, and write
/// the helper, wrappers and environment that let unattended ssh and sftp runs use it.
struct AskpassSetupCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Store a password for unattended ssh/sftp runs and write the askpass helper and wrappers.",
        discussion: """
            Checks the target's host key (as install does) and the password (by logging in once) \
            before anything is stored; a refused password stores nothing. Then writes, in DIR \
            (default ~/.config/sshauth/askpass, created 0700), under NAME (default: the host):

              NAME.password     the password alone, mode 0600
              NAME.known_hosts  the target's host key, pinned (StrictHostKeyChecking=yes)
              NAME-askpass      the helper ssh runs (sshauth askpass answer, or POSIX sh with --standalone-helper)
              NAME-ssh          ssh to the target with no person needed; arguments are the remote command
              NAME-sftp         sftp to the target; arguments are sftp options such as -b BATCHFILE
              NAME.env          for jobs that call ssh themselves (see below)

            Only NAME.password holds the password. The helper answers only ssh's password prompt \
            for USER@[HOST]:PORT, the HostKeyAlias the wrappers give ssh together with the pinned \
            host key, so the password goes to no other account or server. The wrappers give the \
            askpass settings to their own ssh or sftp alone. Sourcing NAME.env exports nothing and \
            arms no ssh in the shell: it sets SSHAUTH_SSH_OPTIONS and defines the function \
            sshauth_askpass, which gives the settings to one command, as in \
            'sshauth_askpass ssh $SSHAUTH_SSH_OPTIONS -p PORT USER@HOST true'. Finally runs 'NAME-ssh true' detached from any \
            terminal and reports whether it logged in. --dry-run shows every file with its mode and \
            content (the password as bullets), connects only to read the host key, and writes nothing.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("Where to write the files (default ~/.config/sshauth/askpass).", valueName: "dir"))
    var dir: String?

    @Option(help: ArgumentHelp("The name the files start with (default: the host).", valueName: "name"))
    var name: String?

    @Flag(name: .customLong("standalone-helper"), help: "Write the helper as a POSIX sh script, for hosts where sshauth is not installed.")
    var standaloneHelper = false

    @Flag(help: "Replace the files of an earlier set-up with the same name (a changed password).")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Show every file with its mode and content; write nothing, send no password.")
    var dryRun = false

    func validate() throws {
        try connection.validate()
        if connection.identity != nil { throw ValidationError("--identity logs in with a key; askpass stores a password.") }
        if let name, let problem = AskpassRequest.checkName(name) { throw ValidationError(problem) }
    }

    func execute() throws(CommandFailure) {
        let context = try connection.resolve()
        let directory = try chosenDirectory(home: context.account.home)
        let fileName = name ?? AskpassRequest.defaultName(host: context.host)
        var password: SecretBytes?
        if !dryRun {
            password = try readPassword(context)
            if let problem = password!.withBytes({ AskpassRequest.checkPassword($0) }) {
                throw CommandFailure(problem + " Nothing was stored.")
            }
        }
        let session = try connection.connectAndTrust(context, dryRun: dryRun, quiet: false)
        let request = AskpassRequest(directory: directory, name: fileName, user: context.user, host: context.host, port: context.port,
                                     hostKey: PublicKeyLine(key: session.hostKey, comment: "").keyText,
                                     helper: try helper(), replace: force)
        let setup = AskpassSetup(request: request, password: password)
        if !force, case let existing = setup.existingFiles(), !existing.isEmpty {
            throw CommandFailure("an askpass set-up named \(fileName) exists in \(directory) (\(existing.joined(separator: ", "))); give --force to replace it, or --name for another.")
        }
        var plan = setup.plan()
        plan.steps.append(setup.proofStep(seconds: connection.timeoutSeconds))
        if dryRun {
            Console.out(plan.renderedText() + "\n" + setup.renderedFiles().joined(separator: "\n") + "\n")
            return
        }
        do {
            let methods = try session.authenticationMethods(user: context.user)
            try session.authenticate(user: context.user, password: password!, methods: methods)
        } catch {
            throw CommandFailure("\(error.description) Nothing was stored.")
        }
        Console.out("The password logs in to \(context.user)@\(context.host). Writing the set-up:\n")
        do {
            try PlanExecutor.apply(plan, report: { progress in
                if case .finished(_, let step) = progress { Console.out("  done: \(step.summary)\n") }
            })
        } catch {
            let kept = error.completed.isEmpty ? "Nothing was written." : "Done before the failure: \(error.completed.joined(separator: "; "))."
            throw CommandFailure("\(error.underlying) \(kept)")
        }
        Console.out("""
            Proof: \(request.sshWrapper) true logged in with no terminal.
            Use it in a job:  \(request.sshWrapper) COMMAND...     or  \(request.sftpWrapper) -b BATCHFILE
            Or source the settings:  . \(request.environmentFile); \(AskpassScripts.environmentFunction) ssh $SSHAUTH_SSH_OPTIONS -p \(request.port) \(request.user)@\(request.host) ...

            """)
    }

    private func readPassword(_ context: ConnectionOptions.Resolved) throws(CommandFailure) -> SecretBytes {
        let credentials = try connection.readCredentials()
        if let password = credentials.password { return password }
        guard Console.stdinIsTerminal, let typed = PassphrasePrompt.ask("\(context.user)@\(context.host)'s password (to store): ") else {
            throw CommandFailure("no password to store: give --password-file FILE or --password-fd N (there is no terminal to ask on).")
        }
        return typed
    }

    private func chosenDirectory(home: String) throws(CommandFailure) -> String {
        var path = TypedPath.expand(dir ?? home + "/.config/sshauth/askpass", home: home)
        if !path.hasPrefix("/") {
            guard let cwd = getcwd(nil, 0) else { throw CommandFailure("cannot tell the current directory to place \(path) in.") }
            defer { free(cwd) }
            path = String(cString: cwd) + "/" + path
        }
        // ssh splits UserKnownHostsFile at blanks, so a directory with one cannot hold the pinned file.
        if path.contains(where: { $0.isWhitespace }) {
            throw CommandFailure("the directory \(path) has a blank in its name, which ssh's UserKnownHostsFile option cannot take; choose another --dir.")
        }
        return path
    }

    private func helper() throws(CommandFailure) -> AskpassRequest.Helper {
        if standaloneHelper { return .standalone }
        guard let binary = AskpassSetup.runningBinary() else {
            throw CommandFailure("cannot tell where the sshauth binary is; give --standalone-helper.")
        }
        return .sshauth(binary: binary)
    }
}
