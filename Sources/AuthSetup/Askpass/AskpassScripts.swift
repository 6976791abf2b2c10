/// The texts `askpass setup` writes: the helper, the ssh and sftp wrappers and the environment
/// file. None of them holds the password; the helper holds the path of the file that does.
///
/// Two locks keep the password for its own target. The runs give ssh the pinned known_hosts
/// file, `StrictHostKeyChecking=yes` and the set-up's `HostKeyAlias`, so ssh talks only to a
/// server holding the pinned key; and the helper answers only prompts naming the pinned account
/// at that alias, which ssh writes only when it was given the alias. The askpass variables are
/// set for the wrapper's own ssh or sftp alone, never exported into a shell.
public enum AskpassScripts {
    /// A value for `DISPLAY` when none is set: clients older than OpenSSH 8.4 ignore
    /// `SSH_ASKPASS_REQUIRE` and only use askpass when `DISPLAY` is set. Nothing connects to it.
    static let placeholderDisplay = "sshauth:0"

    /// The name of the shell function that `NAME.env` defines.
    public static let environmentFunction = "sshauth_askpass"

    /// The ssh options every run uses, in order. `BatchMode=no` comes first: ssh takes the first
    /// value of an option, and `sftp -b` adds `BatchMode=yes`, which would switch passwords off.
    public static func sshOptions(_ request: AskpassRequest) -> [String] {
        [
            "-oBatchMode=no",
            "-oStrictHostKeyChecking=yes",
            // ssh expands %-tokens in this option's value; a literal % is written %%.
            "-oUserKnownHostsFile=" + String(request.knownHostsFile.flatMap { $0 == "%" ? ["%", "%"] : [$0] }),
            "-oGlobalKnownHostsFile=/dev/null",
            "-oHostKeyAlias=" + request.hostKeyAlias,
            "-oUpdateHostKeys=no",
            "-oPreferredAuthentications=keyboard-interactive,password",
            "-oNumberOfPasswordPrompts=1",
            "-oConnectTimeout=10",
        ]
    }

    /// The assignments that make one command ask the helper, to put before it (or after `env`).
    static func askpassAssignments(_ request: AskpassRequest) -> String {
        "SSH_ASKPASS=\(quoted(request.helperFile)) SSH_ASKPASS_REQUIRE=force DISPLAY=\"${DISPLAY:-\(placeholderDisplay)}\""
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

    /// The command that stores a changed password for this set-up, replacing its files.
    public static func setupAgainCommand(_ request: AskpassRequest) -> String {
        "sshauth askpass setup --force --dir \(quoted(request.directory)) --name \(quoted(request.name)) -p \(request.port) \(quoted(request.user + "@" + request.host))"
    }

    private static func wrapper(_ request: AskpassRequest, program: String, arguments: [String]) -> String {
        let setupAgain = setupAgainCommand(request)
        return """
            #!/bin/sh
            # \(request.name)-\(program): \(program) to \(request.user)@\(request.host) port \(request.port) without a person,
            # the password coming from \(request.passwordFile) through the askpass helper.
            # Written by sshauth askpass setup. The host key is pinned in \(request.name).known_hosts:
            # a changed host key stops the run instead of asking. The askpass settings are given
            # to this \(program) alone.
            \(askpassAssignments(request)) \\
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

    /// `NAME.env`: for a job that calls ssh itself. Sourcing it exports nothing: it sets
    /// `SSHAUTH_SSH_OPTIONS` and defines a function that gives one command the askpass settings.
    public static func environmentFile(_ request: AskpassRequest) -> String {
        let target = "\(request.user)@\(request.host)"
        return """
            # Settings for a job that runs ssh, sftp or scp itself to \(target) port \(request.port),
            # with the password stored by sshauth askpass setup (only in \(request.name).password).
            # Sourcing this file (. \(request.environmentFile)) exports nothing, so no ssh in the
            # shell uses the password on its own. It sets SSHAUTH_SSH_OPTIONS (the pinned host key)
            # and defines \(environmentFunction), which gives the askpass settings to one command:
            #   \(environmentFunction) ssh $SSHAUTH_SSH_OPTIONS -p \(request.port) \(target) true
            #   \(environmentFunction) sftp $SSHAUTH_SSH_OPTIONS -P \(request.port) -b batchfile \(target)
            # The helper answers only the prompt for \(request.user)@\(request.hostKeyAlias), the HostKeyAlias in
            # SSHAUTH_SSH_OPTIONS, which ssh shows only after it has checked the pinned host key.
            SSHAUTH_SSH_OPTIONS=\(quoted(sshOptions(request).joined(separator: " ")))
            \(environmentFunction)() {
                env \(askpassAssignments(request)) "$@"
            }

            """
    }

    /// `NAME-askpass`: the program ssh runs, with the password file and the pinned account and
    /// host written into it (not read from the caller's environment).
    public static func helper(_ request: AskpassRequest) -> String {
        switch request.helper {
        case .sshauth(let binary):
            return """
                #!/bin/sh
                # The askpass helper for \(request.name): sshauth answers only ssh's password prompt for
                # \(request.user)@\(request.hostKeyAlias), from \(request.name).password, and only if that file is yours and
                # mode 0600 or 0400.
                exec \(quoted(binary)) askpass answer --password-file \(quoted(request.passwordFile)) --user \(quoted(request.user)) --host \(quoted(request.hostKeyAlias)) -- "$@"

                """
        case .standalone:
            return standaloneHelper(request)
        }
    }

    /// The helper as plain POSIX sh, with the same refusals as `sshauth askpass answer`. The
    /// prompt is compared with quoted (literal) patterns, and the password goes from the file to
    /// ssh with `cat`: no `eval`, `sed` or `echo` that could change or expand it.
    static func standaloneHelper(_ request: AskpassRequest) -> String {
        """
        #!/bin/sh
        # An askpass helper written by sshauth askpass setup --standalone-helper. It prints the
        # password from the file below only for ssh's password prompt for the account below, and
        # only if the file is a regular file owned by you with mode 0600 or 0400.
        me=${0##*/}
        file=\(quoted(request.passwordFile))
        pinned=\(quoted(request.user + "@" + request.hostKeyAlias))
        prompt=${1:-}
        if [ "${SSH_ASKPASS_PROMPT:-none}" != none ]; then
            echo "$me: not answering: ssh asks for a confirmation, not a password." >&2
            exit 1
        fi
        case $prompt in
            "$pinned's password: ") own=yes; question=password ;;
            "($pinned) "*) own=yes; question=${prompt#"($pinned) "} ;;
            *) own=no; question=$prompt ;;
        esac
        question=$(printf '%s' "$question" | tr '[:upper:]' '[:lower:]')
        case $question in
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
        if [ "$own" != yes ]; then
            echo "$me: not answering \"$prompt\": it is not ssh's prompt for $pinned, the only account this password is for." >&2
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
    }

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
