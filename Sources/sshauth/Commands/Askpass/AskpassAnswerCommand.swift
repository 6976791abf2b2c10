import ArgumentParser
import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth askpass [answer] PROMPT`: the helper ssh runs as `$SSH_ASKPASS`. It prints the stored
/// password for a password prompt and nothing for anything else.
struct AskpassAnswerCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "The askpass helper ssh runs: print the stored password for a password prompt only.",
        discussion: """
            ssh runs this (through the NAME-askpass file that 'askpass setup' writes) with its \
            prompt as the argument. The password comes from the file named in \
            $\(AskpassScripts.passwordFileVariable), which must be a regular file owned by you with \
            mode 0600 or 0400. Host-key questions, key passphrases, confirmations \
            (SSH_ASKPASS_PROMPT=confirm) and requests for a new password are refused with exit \
            status 1, so ssh never loops on a wrong answer.
            """
    )

    @Argument(help: ArgumentHelp("The prompt ssh shows.", valueName: "prompt"))
    var prompt: String = ""

    func execute() throws(CommandFailure) {
        let environment = ProcessEnvironment()
        if case .refused(let why) = AskpassPrompt(prompt, promptKind: environment["SSH_ASKPASS_PROMPT"]) {
            throw CommandFailure("askpass: not answering \"\(prompt.trimmingWhitespace)\": \(why).")
        }
        guard let path = environment[AskpassScripts.passwordFileVariable], !path.isEmpty else {
            throw CommandFailure("askpass: \(AskpassScripts.passwordFileVariable) is not set; run ssh through the NAME-ssh wrapper or source NAME.env.")
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
