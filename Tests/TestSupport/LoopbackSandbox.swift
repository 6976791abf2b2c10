import Foundation

/// The throw-away OpenSSH sshd on 127.0.0.1 that `scripts/sandbox-sshd` runs for the tests.
///
/// `make test` starts it and passes its settings in `SSHAUTH_SANDBOX_ENV`; a test run started some
/// other way starts it here (the script is idempotent). A sandbox that cannot start is an error,
/// never a skipped test.
public struct LoopbackSandbox: Sendable {
    public let host: String
    public let port: Int
    /// A second port on the same server where only public key authentication is allowed.
    public let keyOnlyPort: Int
    public let user: String
    public let home: String
    public let passwordFile: String
    public let knownHosts: String
    public let log: String

    public enum Failure: Error, CustomStringConvertible {
        case cannotStart(String)
        public var description: String {
            switch self {
            case .cannotStart(let why): "The loopback sshd sandbox is not available: \(why)"
            }
        }
    }

    /// The running sandbox, started if needed.
    public static func shared() throws -> LoopbackSandbox {
        try cached.get()
    }

    private static let cached: Result<LoopbackSandbox, Failure> = {
        var text: String
        if let envFile = ProcessInfo.processInfo.environment["SSHAUTH_SANDBOX_ENV"],
           let contents = try? String(contentsOfFile: envFile, encoding: .utf8) {
            text = contents
        } else {
            guard let started = try? ExternalTool.run([Repository.root + "/scripts/sandbox-sshd", "start", Repository.root + "/.sandbox"]),
                  started.status == 0 else {
                return .failure(.cannotStart("scripts/sandbox-sshd start failed; run the tests with 'make test' as root"))
            }
            text = started.stdout
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let host = values["SSHAUTH_SANDBOX_HOST"], let port = values["SSHAUTH_SANDBOX_PORT"].flatMap(Int.init),
              let keyOnlyPort = values["SSHAUTH_SANDBOX_KEY_ONLY_PORT"].flatMap(Int.init),
              let user = values["SSHAUTH_SANDBOX_USER"], let home = values["SSHAUTH_SANDBOX_HOME"],
              let password = values["SSHAUTH_SANDBOX_PASSWORD_FILE"], let known = values["SSHAUTH_SANDBOX_KNOWN_HOSTS"],
              let log = values["SSHAUTH_SANDBOX_LOG"] else {
            return .failure(.cannotStart("the sandbox env file is incomplete"))
        }
        return .success(LoopbackSandbox(host: host, port: port, keyOnlyPort: keyOnlyPort, user: user, home: home, passwordFile: password, knownHosts: known, log: log))
    }()

    /// `ssh` options that trust exactly the sandbox's host keys and never prompt.
    public var strictSSHOptions: [String] {
        ["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(knownHosts)",
         "-o", "ConnectTimeout=10", "-p", String(port)]
    }

    /// Logs in with the real OpenSSH client and the given private key, running `true`.
    public func proveKeyLogin(identity: String) throws -> ExternalTool.Output {
        try ExternalTool.run(["ssh"] + strictSSHOptions + ["-o", "IdentitiesOnly=yes", "-o", "PreferredAuthentications=publickey",
                                                           "-i", identity, "\(user)@\(host)", "echo", "key-login-ok"])
    }

    /// Replaces the test account's authorized_keys with `lines`, owned by the account, 0600 in a 0700 `~/.ssh`.
    public func setAuthorizedKeys(_ lines: [String]) throws {
        let directory = home + "/.ssh"
        let file = directory + "/authorized_keys"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
        guard let entry = getpwnam(user) else { throw Failure.cannotStart("no account \(user)") }
        for path in [directory, file] { chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) }
        chmod(directory, 0o700)
        chmod(file, 0o600)
    }
}
