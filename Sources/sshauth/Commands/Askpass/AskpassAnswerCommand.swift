import ArgumentParser
import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth askpass [answer] PROMPT`: the helper ssh runs as `$SSH_ASKPASS`. It prints the stored
/// password for ssh's password prompt for the pinned account and host, and nothing for anything else.
struct AskpassAnswerCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "The askpass helper ssh runs: print the stored password for its own target's password prompt only.",
        discussion: """
            ssh runs this (through the NAME-askpass file that 'askpass setup' writes, which gives \
            the three options) with its prompt as the argument. The password is printed only when \
            the prompt is ssh's password prompt for exactly USER@HOST: 'USER@HOST's password: ' \
            or a keyboard-interactive password prompt starting '(USER@HOST) '. The wrappers give \
            ssh '[host]:port' as its HostKeyAlias, which is the HOST of their prompts. A prompt \
            for another account or host, or one that names none, is refused, as are host-key \
            questions, key passphrases, confirmations (SSH_ASKPASS_PROMPT=confirm) and requests \
            for a new password: exit status 1, a line on stderr, nothing on stdout. The password \
            file must be a regular file owned by you with mode 0600 or 0400.
            """
    )

    @Option(name: .customLong("password-file"), help: ArgumentHelp("The file holding the password (NAME.password).", valueName: "file"))
    var passwordFile: String?

    @Option(help: ArgumentHelp("The only account whose password prompt is answered.", valueName: "user"))
    var user: String?

    @Option(help: ArgumentHelp("The only host (as ssh names it in its prompt, e.g. '[db.example.org]:22') whose prompt is answered.", valueName: "host"))
    var host: String?

    @Argument(help: ArgumentHelp("The prompt ssh shows.", valueName: "prompt"))
    var prompt: String = ""

    func execute() throws(CommandFailure) {
        guard let path = passwordFile, !path.isEmpty, let user, !user.isEmpty, let host, !host.isEmpty else {
            throw CommandFailure("askpass: not answering: --password-file, --user and --host must all be given (the NAME-askpass helper that 'sshauth askpass setup' writes gives them; a helper without them is from an older set-up: run 'sshauth askpass setup --force' again).")
        }
        if case .refused(let why) = AskpassPrompt(prompt, promptKind: ProcessEnvironment()["SSH_ASKPASS_PROMPT"], user: user, host: host) {
            throw CommandFailure("askpass: not answering \"\(prompt.trimmingWhitespace)\": \(why).")
        }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw CommandFailure("askpass: \(path) is not a regular file; not using it.")
        }
        guard info.st_uid == getuid(), [0o600, 0o400].contains(info.st_mode & 0o7777) else {
            throw CommandFailure("askpass: \(path) must be yours and mode 0600 or 0400 (it is uid \(info.st_uid), mode \(String(info.st_mode & 0o7777, radix: 8))); not using it.")
        }
        let password: SecretBytes
        do { password = try SecretSource.file(path).read() } catch {
            throw CommandFailure("askpass: \(error.description)")
        }
        password.withBytes { Console.write(buffer: $0, to: STDOUT_FILENO) }
    }
}

/// Reads variables of this process's environment (getenv) without copying the whole of it.
struct ProcessEnvironment {
    subscript(name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
