/// The texts `askpass setup` writes: the helper, the ssh and sftp wrappers and the environment
/// file. None of them holds the password; they hold the path of the file that does.
public enum AskpassScripts {
    /// The environment variable that tells the helper where the password file is. A path is not
    /// a secret; the password itself never travels in argv or the environment.
    public static let passwordFileVariable = "SSHAUTH_ASKPASS_FILE"

    /// A value for `DISPLAY` when none is set: clients older than OpenSSH 8.4 ignore
    /// `SSH_ASKPASS_REQUIRE` and only use askpass when `DISPLAY` is set. Nothing connects to it.
    static let placeholderDisplay = "sshauth:0"

    /// The ssh options every run uses, in order. `BatchMode=no` comes first: ssh takes the first
    /// value of an option, and `sftp -b` adds `BatchMode=yes`, which would switch passwords off.
    public static func sshOptions(_ request: AskpassRequest) -> [String] {
        [
            "-oBatchMode=no",
            "-oStrictHostKeyChecking=yes",
            // ssh expands %-tokens in this option's value; a literal % is written %%.
            "-oUserKnownHostsFile=" + String(request.knownHostsFile.flatMap { $0 == "%" ? ["%", "%"] : [$0] }),
            "-oGlobalKnownHostsFile=/dev/null",
            "-oUpdateHostKeys=no",
            "-oPreferredAuthentications=keyboard-interactive,password",
            "-oNumberOfPasswordPrompts=1",
            "-oConnectTimeout=10",
        ]
    }

    /// The lines that set ssh up to ask the helper, for a shell script or an env file.
    static func environmentLines(_ request: AskpassRequest) -> [String] {
        [
            "SSH_ASKPASS=\(quoted(request.helperFile))",
            "SSH_ASKPASS_REQUIRE=force",
            "DISPLAY=\"${DISPLAY:-\(placeholderDisplay)}\"",
            "\(passwordFileVariable)=\(quoted(request.passwordFile))",
            "export SSH_ASKPASS SSH_ASKPASS_REQUIRE DISPLAY \(passwordFileVariable)",
        ]
    }

    /// `NAME-ssh`: ssh to the target with no person needed; its arguments are the remote command.
    public static func sshWrapper(_ request: AskpassRequest) -> String {
        wrapper(request, program: "ssh", arguments: sshOptions(request).map(quoted)
                + ["-p", String(request.port), "-l", quoted(request.user), "--", quoted(request.host), "\"$@\""])
    }

    /// `NAME-sftp`: sftp to the target; its arguments are sftp options such as `-b BATCHFILE`.
    public static func sftpWrapper(_ request: AskpassRequest) -> String {
        wrapper(request, program: "sftp", arguments: sshOptions(request).map(quoted)
                + ["-P", String(request.port), "\"$@\"", quoted(destination(request))])
    }

    private static func wrapper(_ request: AskpassRequest, program: String, arguments: [String]) -> String {
        let setupAgain = "sshauth askpass setup --force --dir \(quoted(request.directory)) --name \(quoted(request.name)) -p \(request.port) \(quoted(request.user + "@" + request.host))"
        return """
            #!/bin/sh
            # \(request.name)-\(program): \(program) to \(request.user)@\(request.host) port \(request.port) without a person,
            # the password coming from \(request.passwordFile) through the askpass helper.
            # Written by sshauth askpass setup. The host key is pinned in \(request.name).known_hosts:
            # a changed host key stops the run instead of asking.
            \(environmentLines(request).joined(separator: "\n"))
            \(program) \(arguments.joined(separator: " "))
            status=$?
            if [ "$status" -eq 255 ]; then
                cat >&2 <<'SSHAUTH_END'
            \(request.name)-\(program): could not connect or log in to \(request.user)@\(request.host) port \(request.port) (ssh status 255; its message is above).
            \(request.name)-\(program): if the password changed, store the new one with: \(setupAgain)
            SSHAUTH_END
            fi
            exit "$status"

            """
    }

    /// `NAME.env`: the same settings as shell assignments, for a job that calls ssh itself
    /// (`. NAME.env; ssh $SSHAUTH_SSH_OPTIONS ...`).
    public static func environmentFile(_ request: AskpassRequest) -> String {
        """
        # Settings for unattended password logins to \(request.user)@\(request.host) port \(request.port).
        # Source this file (. \(request.environmentFile)) and call ssh, sftp or scp with
        # $SSHAUTH_SSH_OPTIONS before your own options, for example:
        #   ssh $SSHAUTH_SSH_OPTIONS -p \(request.port) \(request.user)@\(request.host) true
        #   sftp $SSHAUTH_SSH_OPTIONS -P \(request.port) -b batchfile \(request.user)@\(request.host)
        # Written by sshauth askpass setup; the password itself is only in \(request.name).password.
        \(environmentLines(request).joined(separator: "\n"))
        SSHAUTH_SSH_OPTIONS=\(quoted(sshOptions(request).joined(separator: " ")))
        export SSHAUTH_SSH_OPTIONS

        """
    }

    /// `NAME-askpass`: the program ssh runs.
    public static func helper(_ request: AskpassRequest) -> String {
        switch request.helper {
        case .sshauth(let binary):
            return """
                #!/bin/sh
                # The askpass helper for \(request.name): sshauth answers password prompts only, from the
                # file named in $\(passwordFileVariable), and only if that file is yours and mode 0600 or 0400.
                exec \(quoted(binary)) askpass answer -- "$@"

                """
        case .standalone:
            return standaloneHelper
        }
    }

    /// The helper as plain POSIX sh, with the same refusals as `sshauth askpass answer`. The
    /// password goes from the file to ssh with `cat`: no `eval`, `sed` or `echo` that could
    /// change or expand it.
    static let standaloneHelper = """
        #!/bin/sh
        # An askpass helper written by sshauth askpass setup --standalone-helper. It prints the
        # password from the file named in $\(passwordFileVariable) for password prompts only, and
        # only if the file is a regular file owned by you with mode 0600 or 0400.
        me=${0##*/}
        if [ "${SSH_ASKPASS_PROMPT:-none}" != none ]; then
            echo "$me: not answering: ssh asks for a confirmation, not a password." >&2
            exit 1
        fi
        prompt=$(printf '%s' "${1:-}" | tr '[:upper:]' '[:lower:]')
        case $prompt in
            *yes/no*|*'(yes'*|*"'yes'"*|*'continue connecting'*|*fingerprint*)
                echo "$me: not answering a yes/no question (such as an unknown host key)." >&2; exit 1 ;;
            *passphrase*)
                echo "$me: not answering: ssh asks for a key's passphrase, not the account's password." >&2; exit 1 ;;
            *'new password'*|*'new unix password'*|*retype*|*again*|*re-enter*|*reenter*|*confirm*)
                echo "$me: not answering: ssh asks for a new password (the account's password has expired)." >&2; exit 1 ;;
            *password*|*passcode*) ;;
            *)
                echo "$me: not answering: the prompt is not a password prompt." >&2; exit 1 ;;
        esac
        file=${\(passwordFileVariable):-}
        if [ -z "$file" ]; then
            echo "$me: \(passwordFileVariable) is not set; run ssh through the wrapper or source the .env file." >&2
            exit 1
        fi
        if [ -h "$file" ] || [ ! -f "$file" ]; then
            echo "$me: $file is not a regular file; not using it." >&2
            exit 1
        fi
        if [ -z "$(find "$file" -prune -user "$(id -u)" \\( -perm 600 -o -perm 400 \\) -print)" ]; then
            echo "$me: $file must be yours and mode 0600 or 0400; not using it." >&2
            exit 1
        fi
        exec cat -- "$file"

        """

    /// `user@host`, with an IPv6 address in brackets as sftp wants it.
    static func destination(_ request: AskpassRequest) -> String {
        request.user + "@" + (request.host.contains(":") ? "[\(request.host)]" : request.host)
    }

    /// A word for a POSIX shell script, always single-quoted: a path with `~`, `$` or blanks
    /// stays exactly as written.
    static func quoted(_ word: String) -> String {
        "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
