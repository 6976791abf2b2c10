#if canImport(Glibc)
import Glibc
#endif
import SSHKeys

/// The files of an askpass set-up as a Plan: the directory, the password file, the pinned
/// known_hosts, the helper, the two wrappers and the environment file, in that order.
///
/// The password file is written first of the files so that a failure later leaves no wrapper
/// pointing at a missing password; every file is written whole (temporary file, sync, rename).
public struct AskpassSetup: Sendable {
    /// One file the set-up writes, as the dry run shows it.
    public struct File: Sendable, Equatable {
        public let path: String
        public let mode: UInt32
        /// The content; for the password file, bullets instead of the password.
        public let shownContent: String
    }

    public let request: AskpassRequest
    private let password: SecretBytes?

    /// `password` may be nil only for a plan that is shown, never applied.
    public init(request: AskpassRequest, password: SecretBytes?) {
        self.request = request
        self.password = password
    }

    public var files: [File] {
        [
            File(path: request.passwordFile, mode: 0o600, shownContent: "\u{2022}\u{2022}\u{2022}\u{2022}"),
            File(path: request.knownHostsFile, mode: 0o600, shownContent: request.knownHostsLine + "\n"),
            File(path: request.helperFile, mode: 0o700, shownContent: AskpassScripts.helper(request)),
            File(path: request.sshWrapper, mode: 0o700, shownContent: AskpassScripts.sshWrapper(request)),
            File(path: request.sftpWrapper, mode: 0o700, shownContent: AskpassScripts.sftpWrapper(request)),
            File(path: request.environmentFile, mode: 0o600, shownContent: AskpassScripts.environmentFile(request)),
        ]
    }

    /// Every file with its mode and content (the password as bullets), as the dry run prints them.
    public func renderedFiles() -> [String] {
        files.flatMap { file -> [String] in
            let mode = String(file.mode, radix: 8)
            var content = file.shownContent.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if content.last == "" { content.removeLast() }
            return ["", "--- \(file.path) (mode \(String(repeating: "0", count: max(0, 4 - mode.count)) + mode)) ---"] + content
        }
    }

    /// Files of the set-up that exist already (refused unless `replace`).
    public func existingFiles() -> [String] {
        files.map(\.path).filter { access($0, F_OK) == 0 }
    }

    public func plan() -> Plan {
        var plan = Plan(title: "Store the password for \(request.user)@\(request.host) port \(request.port) and write the askpass wrappers in \(request.directory)")
        plan.notes.append("No file but \(request.passwordFile) holds the password; the others name that file.")
        var missing: [String] = []
        var directory = request.directory
        while directory.count > 1, access(directory, F_OK) != 0 {
            missing.insert(directory, at: 0)
            directory = SafeFileWriter.parentDirectory(of: directory)
        }
        for path in missing {
            plan.steps.append(Plan.Step(change: .createDirectory, summary: "Create the directory \(path)", location: .local(path: path),
                                        mode: 0o700, manualCommand: "mkdir -m 700 \(ShellQuoting.quote(path))") {
                _ = try SafeFileWriter.makeDirectory(path, mode: 0o700)
            })
        }
        let replace = request.replace
        let password = self.password
        for file in files {
            let exists = access(file.path, F_OK) == 0
            let verb = exists && replace ? "Replace" : "Write"
            let what = file.path == request.passwordFile ? "the password alone" : describe(file.path)
            plan.steps.append(Plan.Step(change: exists && replace ? .replaceFile : .writeFile, summary: "\(verb) \(file.path): \(what)",
                                        location: .local(path: file.path), mode: file.mode) {
                if file.path == request.passwordFile {
                    guard let password else { throw AskpassSetupError.noPassword }
                    try SafeFileWriter.write(password, to: file.path, mode: file.mode, replace: replace)
                } else {
                    try SafeFileWriter.write(Array(file.shownContent.utf8), to: file.path, mode: file.mode, replace: replace)
                }
            })
        }
        return plan
    }

    /// The last step: `NAME-ssh true` as a batch job runs it, in a new session with no terminal
    /// and stdin from /dev/null, so ssh can only get the password from the helper. It is given
    /// `seconds` in all: coreutils' `timeout` ends it (TERM, then KILL a second later), so a
    /// server that stalls after the login cannot hold the set-up forever.
    public func proofStep(seconds: Int) -> Plan.Step {
        let wrapper = request.sshWrapper
        return Plan.Step(change: .check, summary: "Prove that \(wrapper) logs in with no terminal, as cron would run it",
                         location: .local(path: wrapper), manualCommand: "setsid -w \(ShellQuoting.quote(wrapper)) true </dev/null") {
            guard let result = ProgramRunner.run(["timeout", "-k", "1", String(seconds), wrapper, "true"], detached: true) else {
                throw AskpassSetupError.proofNotRun(wrapper)
            }
            // timeout's own statuses: 124 when the time ran out, 137 when it had to kill.
            if result.status == 124 || result.status == 137 { throw AskpassSetupError.proofTimedOut(wrapper, seconds: seconds) }
            guard result.status == 0 else { throw AskpassSetupError.proofFailed(wrapper, status: result.status, output: result.output) }
        }
    }

    /// The path of the running program (to name in the helper), from /proc/self/exe.
    public static func runningBinary() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func describe(_ path: String) -> String {
        switch path {
        case request.knownHostsFile: "the target's host key, pinned"
        case request.helperFile: request.helper == .standalone ? "the askpass helper (POSIX sh)" : "the askpass helper (runs sshauth askpass answer)"
        case request.sshWrapper: "ssh to the target with no person needed"
        case request.sftpWrapper: "sftp to the target with no person needed"
        default: "the same settings as shell variables"
        }
    }
}

/// Why an askpass set-up could not be carried out.
public enum AskpassSetupError: Error, CustomStringConvertible {
    case noPassword
    case proofNotRun(String)
    case proofFailed(String, status: Int32, output: String)
    case proofTimedOut(String, seconds: Int)

    public var description: String {
        switch self {
        case .noPassword: "no password was given, so nothing can be stored."
        case .proofNotRun(let wrapper): "\(wrapper) could not be started to prove the set-up."
        case .proofTimedOut(let wrapper, let seconds):
            "\(wrapper) did not finish logging in within the \(seconds) seconds allowed (--timeout), so it was stopped; the files are written, but check the target and run '\(wrapper) true' again."
        case .proofFailed(let wrapper, let status, let output):
            "\(wrapper) true did not log in (status \(status)): " + output.split(separator: "\n").joined(separator: " ")
        }
    }
}
