import AuthSetup

/// Proves a key login with the system's OpenSSH client, the way a batch job will log in:
/// no prompts (`BatchMode`), only the given identity, strict host key checking against the same
/// known_hosts sshauth used. A key held only by the running ssh-agent counts, as it does for ssh.
public enum LoginProof {
    public struct Outcome: Sendable, Equatable {
        public let succeeded: Bool
        /// ssh's own last words on failure, or a confirmation.
        public let detail: String
        /// The command, for the user to run again.
        public let command: String
    }

    /// The ssh command line the proof runs (also shown in plans).
    ///
    /// `keyExchange` names the method sshauth's own connection just agreed on with this server:
    /// the proof is about the key login, and OpenSSH's default post-quantum exchange costs the
    /// client more than everything else in the proof together.
    ///
    /// With `agentSocket`, ssh asks that agent (and no other) for the key: `identityFile` is then the
    /// public key, which makes ssh use the agent's matching key and only that one.
    public static func arguments(user: String, host: String, port: Int, identityFile: String, knownHostsFile: String?,
                                 keyExchange: String? = nil, agentSocket: String? = nil) -> [String] {
        var arguments = ["ssh", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "PreferredAuthentications=publickey",
                         "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10", "-i", identityFile]
        if let keyExchange { arguments += ["-o", "KexAlgorithms=\(keyExchange)"] }
        if let agentSocket { arguments += ["-o", "IdentityAgent=\(agentSocket)"] }
        if let knownHostsFile { arguments += ["-o", "UserKnownHostsFile=\(knownHostsFile)"] }
        if port != 22 { arguments += ["-p", String(port)] }
        arguments += ["-l", user, host, "true"]
        return arguments
    }

    /// The command to log in with the key afterwards, as a person would type it.
    public static func usage(user: String, host: String, port: Int, identityFile: String, knownHostsFile: String?) -> String {
        var words = ["ssh", "-i", identityFile]
        if let knownHostsFile { words += ["-o", "UserKnownHostsFile=\(knownHostsFile)"] }
        if port != 22 { words += ["-p", String(port)] }
        words.append("\(user)@\(host)")
        return words.map(ShellQuoting.quote).joined(separator: " ")
    }

    /// The proof as a plan step: it runs ssh and hands the outcome to `record`. With
    /// `failOnRefusal` a refused login also fails the step (and so stops the plan there).
    public static func step(user: String, host: String, port: Int, identityFile: String, knownHostsFile: String?,
                            keyExchange: String?, failOnRefusal: Bool, agentSocket: String? = nil, deadline: NetworkDeadline? = nil,
                            record: @escaping @Sendable (Outcome) -> Void = { _ in }) -> Plan.Step {
        let command = arguments(user: user, host: host, port: port, identityFile: identityFile, knownHostsFile: knownHostsFile,
                                keyExchange: keyExchange, agentSocket: agentSocket).map(ShellQuoting.quote).joined(separator: " ")
        let summary = agentSocket == nil ? "Prove that the key logs in with the system ssh client"
                                         : "Prove that the key logs in through the ssh-agent with the system ssh client"
        return Plan.Step(change: .check, summary: summary, location: .local(path: identityFile), manualCommand: command) {
            let outcome = prove(user: user, host: host, port: port, identityFile: identityFile, knownHostsFile: knownHostsFile,
                                keyExchange: keyExchange, agentSocket: agentSocket, deadline: deadline)
            record(outcome)
            if failOnRefusal, !outcome.succeeded { throw Refused(detail: outcome.detail) }
        }
    }

    /// The installed key did not log in; ssh's own reason.
    public struct Refused: Error, CustomStringConvertible {
        public let detail: String
        public var description: String { "ssh could not log in with the key: \(detail)" }
    }

    /// Runs the proof. With `deadline`, ssh gets only the time left: its ConnectTimeout is cut to
    /// it, and coreutils' `timeout` ends it (TERM, then KILL a second later) when the time is up.
    public static func prove(user: String, host: String, port: Int, identityFile: String, knownHostsFile: String?,
                             keyExchange: String? = nil, agentSocket: String? = nil, deadline: NetworkDeadline? = nil) -> Outcome {
        var arguments = Self.arguments(user: user, host: host, port: port, identityFile: identityFile, knownHostsFile: knownHostsFile,
                                       keyExchange: keyExchange, agentSocket: agentSocket)
        let command = arguments.map(ShellQuoting.quote).joined(separator: " ")
        guard let deadline else { return run(arguments, command: command, allowedSeconds: nil) }
        return deadline.run(.proof, detail: "system ssh key login") {
            let left = deadline.remainingMilliseconds
            guard left > 0 else {
                return Outcome(succeeded: false, detail: "no time was left for it within the \(deadline.seconds) seconds allowed (--timeout)", command: command)
            }
            if let index = arguments.firstIndex(of: "ConnectTimeout=10") {
                arguments[index] = "ConnectTimeout=\(max(1, (left + 999) / 1000))"
            }
            let limit = "\(left / 1000).\(String(left % 1000 + 1000).dropFirst())"
            return run(["timeout", "-k", "1", limit] + arguments, command: command, allowedSeconds: deadline.seconds)
        }
    }

    /// `timeout` exits 124 when it had to stop the program (137 when it had to kill it).
    private static let timeoutStatuses: Set<Int32> = [124, 137]

    private static func run(_ arguments: [String], command: String, allowedSeconds: Int?) -> Outcome {
        guard let result = ProgramRunner.run(arguments) else {
            return Outcome(succeeded: false, detail: "the ssh client could not be started; is openssh-client installed?", command: command)
        }
        if let allowedSeconds, timeoutStatuses.contains(result.status) {
            return Outcome(succeeded: false, detail: "ssh did not finish within the \(allowedSeconds) seconds allowed (--timeout) and was stopped", command: command)
        }
        if result.status == 0 { return Outcome(succeeded: true, detail: "ssh logged in with the key", command: command) }
        let lastLine = result.output.split(separator: "\n").last.map(String.init) ?? "exit status \(result.status)"
        return Outcome(succeeded: false, detail: lastLine.trimmingCharacters(in: "\r\n "), command: command)
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
