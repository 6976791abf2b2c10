import Foundation
import TestSupport
import Testing

/// `SSHAUTH_TRACE=1` and the SFTP requests of an install, counted from the trace: every SFTP
/// operation waits for its answers, so on a slow link each request is a round trip, and the count
/// is what the install costs beyond the login.
@Suite(.serialized) struct InstallTraceTests {
    /// One trace line: `sshauth trace: +OFFSET ms PHASE DURATION ms [DETAIL]`.
    struct TraceLine {
        let phase: String
        let milliseconds: Double
        let detail: String
        /// The requests an SFTP line reports (`... (N requests)`), 0 when it reports none.
        var requests: Int {
            guard let open = detail.lastIndex(of: "("), detail.hasSuffix(")") else { return 0 }
            return Int(detail[detail.index(after: open)...].split(separator: " ").first ?? "") ?? 0
        }

        init?(_ text: Substring) {
            let words = text.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false)
            guard words.count >= 6, words[0] == "sshauth", words[1] == "trace:", words[2].hasPrefix("+"), words[3] == "ms",
                  let milliseconds = Double(words[5]), words.count == 6 || words[6].hasPrefix("ms") else { return nil }
            phase = String(words[4])
            self.milliseconds = milliseconds
            detail = words.count > 6 ? String(words[6].dropFirst(2).drop { $0 == " " }) : ""
        }
    }

    static func traceLines(_ stderr: String) -> [TraceLine] {
        stderr.split(separator: "\n").compactMap(TraceLine.init)
    }

    static var tracing: [String: String] {
        var environment = InstallFixture.environment
        environment["SSHAUTH_TRACE"] = "1"
        return environment
    }

    @Test("SSHAUTH_TRACE=1 writes one line per network phase to stderr, in order, and stdout stays as it was; without it nothing")
    func traceLinesInOrder() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("traced")
            let traced = try SSHAuthBinary.run(fixture.arguments(key: key.publicPath), environment: Self.tracing)
            #expect(traced.status == 0, "\(traced.stderr)")
            #expect(traced.stdout.contains("Login proof: ssh logged in with the key."), "\(traced.stdout)")
            let stderrLines = traced.stderr.split(separator: "\n")
            let lines = Self.traceLines(traced.stderr)
            #expect(lines.count == stderrLines.count, "every stderr line is a trace line: \(traced.stderr)")
            // The order of effects the install promises: the host key is judged right after the key
            // exchange, credentials go only after it, the proof only after the last SFTP request.
            let phases = lines.map(\.phase)
            #expect(Array(phases.prefix(4)) == ["connect", "greeting", "kex", "auth"], "\(phases)")
            #expect(phases.last == "proof", "\(phases)")
            #expect(lines.contains { $0.phase == "sftp" && $0.detail.hasPrefix("append ") }, "\(traced.stderr)")
            let append = try #require(phases.lastIndex(of: "sftp"))
            #expect(lines[append].detail.hasPrefix("append ") || lines[append].detail.hasPrefix("chmod "), "\(traced.stderr)")
            #expect(phases[(append + 1)...] == ["proof"], "\(phases)")

            try account.resetSSHDirectory()
            let other = try fixture.sshauthKey("untraced")
            let plain = try fixture.install(key: other.publicPath)
            #expect(plain.status == 0, "\(plain.stderr)")
            #expect(plain.stderr.isEmpty, "\(plain.stderr)")
        }
    }

    @Test("an install into an existing ~/.ssh and authorized_keys lists no directory and sends at most 15 SFTP requests (37 before)")
    func requestsIntoExistingFile() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let present = try fixture.publicOnlyKey("present")
            try account.writeAuthorizedKeys(bytes: present.publicBytes)
            let key = try fixture.sshauthKey("counted")
            let result = try SSHAuthBinary.run(fixture.arguments(key: key.publicPath), environment: Self.tracing)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(account.authorizedKeysBytes() == present.publicBytes + key.publicBytes)
            let sftp = Self.traceLines(result.stderr).filter { $0.phase == "sftp" }
            let total = sftp.map(\.requests).reduce(0, +)
            // realpath 1; lstat of the file 1 + the stat of /proc/self that says the owner is the
            // user 1; lstat of ~/.ssh and of the home 1 each (the same uid); read 4 (open, data, end,
            // close); then one handle for the re-read and the append: open, data, end, write, close 5.
            #expect(total <= 15, "\(total) requests: \(sftp.map(\.detail))")
            let statuses = sftp.filter { $0.detail.hasPrefix("lstat ") || $0.detail.hasPrefix("stat ") }
            #expect(statuses.count == 3, "\(sftp.map(\.detail))")
            #expect(statuses.map(\.requests) == [2, 1, 1], "only the first status asks who the user is: \(sftp.map(\.detail))")
        }
    }

    @Test("the owner names read once serve every path: a ~/.ssh owned by root is still reported as root's")
    func ownerNamesPerUID() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let present = try fixture.publicOnlyKey("root-dir")
            try account.writeAuthorizedKeys(bytes: present.publicBytes, dirMode: 0o755, fileMode: 0o600, owner: nil)
            guard chown(account.sshDirectory, 0, 0) == 0 else { throw CocoaError(.fileWriteNoPermission) }
            defer { try? account.resetSSHDirectory() }
            let key = try fixture.sshauthKey("root-dir")
            let result = try SSHAuthBinary.run(fixture.arguments(key: key.publicPath, ["--dry-run"]), environment: Self.tracing)
            #expect(result.status == 0, "\(result.stderr)")
            let sftp = Self.traceLines(result.stderr).filter { $0.phase == "sftp" }
            let statuses = sftp.filter { $0.detail.hasPrefix("lstat ") }
            // The file's owner is the user (one stat of /proc/self says so); ~/.ssh is root's, named
            // by a listing (open, read, close); the home's uid is known by then.
            #expect(statuses.map(\.requests) == [2, 4, 1], "\(sftp.map(\.detail))")
            #expect(result.stdout.contains("\(account.sshDirectory) is owned by root"), "\(result.stdout)")
            #expect(result.stdout.contains("\(account.authorizedKeys) is owned by \(account.name)"), "\(result.stdout)")
            #expect(result.stdout.contains("\(account.home) is owned by \(account.name)"), "\(result.stdout)")
        }
    }
}
