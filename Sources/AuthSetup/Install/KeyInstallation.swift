import SSHKeys

/// Turns an inspected target into the plan that installs the key: create missing directories,
/// append the line (repairing a missing final newline first), and tighten permissions.
///
/// The append step reads the file again just before writing, so a key that arrived meanwhile is
/// not added twice and the newline repair reflects the file as it is at that moment.
public enum KeyInstallation {
    /// The plan for an inspected target. `files` is only used when the plan is applied.
    public static func plan(_ request: InstallRequest, inspection: InstallInspection, files: RemoteFileSystem) -> Plan {
        var plan = Plan(title: "Install the \(request.key.algorithm.displayName) key \(Fingerprint(of: request.key)) for \(request.targetName)")
        plan.notes.append("Remote home: \(inspection.home)")
        plan.notes += inspection.audit.findings.map(\.sentence)
        let path = inspection.authorizedKeysPath
        let shown = displayPath(path, home: inspection.home)
        let target = files
        for directory in inspection.directoriesToCreate {
            plan.steps.append(Plan.Step(
                change: .createDirectory, summary: "Create the directory \(displayPath(directory, home: inspection.home))",
                location: remote(request, directory), mode: 0o700,
                manualCommand: "mkdir -m 700 \(ShellQuoting.quote(displayPath(directory, home: inspection.home)))"
            ) {
                try target.makeDirectory(directory, mode: 0o700)
                try target.setMode(directory, to: 0o700)
            })
        }
        if let line = inspection.presentOnLine {
            plan.notes.append("The key is already on line \(line) of \(shown); nothing will be added.")
        } else {
            let file = inspection.existing.map { AuthorizedKeysFile(bytes: $0) }
            let repair = file.map { !$0.endsWithNewline } ?? false
            let summary = inspection.existing == nil
                ? "Create \(shown) with mode 0600 holding the key"
                : "Append the key to \(shown)" + (repair ? " after adding the missing final newline" : "")
            plan.steps.append(Plan.Step(
                change: .append, summary: summary, location: remote(request, path), mode: inspection.existing == nil ? 0o600 : nil,
                manualCommand: appendCommand(request, path: path, home: inspection.home)
            ) {
                try appendIfAbsent(request, path: path, files: target)
            })
        }
        for repair in inspection.audit.repairs {
            plan.steps.append(repair.step(perform: { try target.setMode(repair.path, to: repair.toMode) },
                                          user: request.user, host: request.host, port: request.port))
        }
        return plan
    }

    /// The plan without looking at the target (`--offline`): the same steps, stated conditionally.
    public static func offlinePlan(_ request: InstallRequest) -> Plan {
        var plan = Plan(title: "Install the \(request.key.algorithm.displayName) key \(Fingerprint(of: request.key)) for \(request.targetName)")
        plan.notes.append("Offline: the target was not contacted, so each step says what will be checked first.")
        let shown = request.targetPath ?? "~/.ssh/authorized_keys"
        let steps: [(Plan.Step.Change, String, UInt32?)] = [
            (.connect, "Connect to \(request.targetName), check its host key against known_hosts, and log in", nil),
            (.check, "Find the remote home and read \(shown); if the key is already there, change nothing", nil),
            (.createDirectory, "Create the missing directories of \(shown)", 0o700),
            (.append, "Append the key to \(shown) in one append-mode write, after a missing final newline", 0o600),
            (.changeMode, "Check home, ~/.ssh and the file against sshd's StrictModes rule; set ~/.ssh to 0700 and the file to 0600", nil),
            (.check, "Prove that the key logs in with the system ssh client", nil),
        ]
        for (change, summary, mode) in steps {
            plan.steps.append(Plan.Step(change: change, summary: summary, location: .none, mode: mode) {
                throw InstallError.offlinePlanCannotRun
            })
        }
        return plan
    }

    /// The append as one command typed here: ssh carries the local `.pub` file to the target's
    /// shell, which appends it (the key file is here, the authorized_keys there).
    static func appendCommand(_ request: InstallRequest, path: String, home: String) -> String {
        var words = ["ssh"]
        if let knownHosts = request.knownHostsFile { words += ["-o", "UserKnownHostsFile=\(knownHosts)"] }
        if request.port != 22 { words += ["-p", String(request.port)] }
        words.append("\(request.user)@\(request.host)")
        let remote = "cat >> " + RemotePaths.homeRelativeWord(path, home: home)
        return words.map(ShellQuoting.quote).joined(separator: " ") + " " + ShellQuoting.quote(remote)
            + " < " + ShellQuoting.quote(request.publicKeyFile)
    }

    /// Re-reads the file and appends the line unless its blob is now present.
    static func appendIfAbsent(_ request: InstallRequest, path: String, files: RemoteFileSystem) throws {
        _ = try files.appendAfterReading(to: path, creatingWithMode: 0o600, limit: InstallInspection.maximumFileSize) { current in
            let file = AuthorizedKeysFile(bytes: current)
            if file.lineNumber(containing: request.key) != nil { return nil }
            return Array(AuthorizedKeysFile.appendText(for: request.line, to: file).utf8)
        }
    }

    /// `~/...` for paths under home, as people write them.
    public static func displayPath(_ path: String, home: String) -> String {
        if path == home { return "~" }
        let prefix = home.hasSuffix("/") ? home : home + "/"
        return path.hasPrefix(prefix) ? "~/" + path.dropFirst(prefix.count) : path
    }

    private static func remote(_ request: InstallRequest, _ path: String) -> Plan.Step.Location {
        .remote(user: request.user, host: request.host, port: request.port, path: path)
    }
}

/// A plan used the wrong way.
public enum InstallError: Error, CustomStringConvertible {
    case offlinePlanCannotRun

    public var description: String {
        switch self {
        case .offlinePlanCannotRun: "An --offline plan only describes the installation; run without --offline to install."
        }
    }
}
