import Foundation
import TestSupport
import Testing

/// `sshauth install` when things go wrong underneath it: killed mid-way, racing itself, a full disk.
/// Whatever happens, the lines already in authorized_keys stay exactly as they were and no partial
/// line is ever left behind.
@Suite(.serialized) struct InstallFaultTests {
    // MARK: 14. Killed at a random moment

    @Test("an install killed at a random moment leaves the original lines and at most one whole new line")
    func interruptedInstall() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let original = try (1...3).flatMap { try fixture.publicOnlyKey("known-\($0)").publicBytes }
            try account.writeAuthorizedKeys(bytes: original)

            // How long a whole install takes here (the proof adds nothing to the file, so it is skipped).
            var window = 0.0
            for attempt in 1...Self.attempts {
                try account.writeAuthorizedKeys(bytes: original)
                let measureKey = try fixture.publicOnlyKey("measure")
                let started = ContinuousClock.now
                let measured = try fixture.install(key: measureKey.publicPath, ["--no-verify"])
                let duration = ContinuousClock.now - started
                if account.replacedByOthers(marker: original), attempt < Self.attempts {
                    print("interrupted installs: authorized_keys was replaced by another test while measuring; measuring again")
                    continue
                }
                try #require(measured.status == 0, "\(measured.stderr)")
                try #require(account.authorizedKeysBytes() == original + measureKey.publicBytes)
                window = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
                break
            }

            var killedBefore = 0, killedAfter = 0, finished = 0, interfered = 0
            for round in 0..<20 {
                for attempt in 1...Self.attempts {
                    try account.writeAuthorizedKeys(bytes: original)
                    let key = try fixture.publicOnlyKey("round-\(round)-\(attempt)")
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: SSHAuthBinary.path)
                    process.arguments = fixture.arguments(key: key.publicPath, ["--no-verify"])
                    process.environment = InstallFixture.environment
                    process.standardInput = FileHandle.nullDevice
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = FileHandle.nullDevice
                    try process.run()
                    Thread.sleep(forTimeInterval: Double.random(in: 0...window))
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    // A write request that reached sshd before the kill is still carried out; give it a moment.
                    Thread.sleep(forTimeInterval: 0.1)

                    if account.replacedByOthers(marker: original), attempt < Self.attempts {
                        interfered += 1
                        continue
                    }
                    let after = try #require(account.authorizedKeysBytes(), "round \(round): the file is gone")
                    #expect(after.starts(with: original), "round \(round): the original lines changed")
                    let tail = Array(after.dropFirst(original.count))
                    #expect(tail.isEmpty || tail == key.publicBytes,
                            "round \(round): after the original lines: \(String(decoding: tail, as: UTF8.self).debugDescription)")
                    if process.terminationReason == .exit { finished += 1 } else if tail.isEmpty { killedBefore += 1 } else { killedAfter += 1 }
                    break
                }
            }
            print("interrupted installs: window \(window) s; \(killedBefore) killed before the append, \(killedAfter) killed after it, \(finished) finished; \(interfered) rounds repeated because another test replaced the file")
        }
    }

    /// How often a step is tried when another test (outside the account lock) replaced authorized_keys meanwhile.
    static let attempts = 3

    // MARK: 15. Racing itself

    @Test("8 concurrent installs of 8 keys: all succeed, each key once, every line whole")
    func concurrentInstalls() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let original = try (1...3).flatMap { try fixture.publicOnlyKey("known-\($0)").publicBytes }
            try account.writeAuthorizedKeys(bytes: original)
            for attempt in 1...Self.attempts {
                try account.writeAuthorizedKeys(bytes: original)
                let keys = try (0..<8).map { try fixture.publicOnlyKey("concurrent-\($0)-\(attempt)") }
                let runs = keys.map { key -> (Process, Pipe) in
                    let process = Process()
                    let errors = Pipe()
                    process.executableURL = URL(fileURLWithPath: SSHAuthBinary.path)
                    process.arguments = fixture.arguments(key: key.publicPath, ["--no-verify"])
                    process.environment = InstallFixture.environment
                    process.standardInput = FileHandle.nullDevice
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = errors
                    return (process, errors)
                }
                for (process, _) in runs { try process.run() }
                var outcomes: [(status: Int32?, message: String)] = []
                for (process, errors) in runs {
                    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitUntilExit()
                    outcomes.append((process.terminationReason == .exit ? process.terminationStatus : nil, message))
                }
                if account.replacedByOthers(marker: original), attempt < Self.attempts {
                    print("concurrent installs: authorized_keys was replaced by another test; running the installs again")
                    continue
                }

                for (index, outcome) in outcomes.enumerated() { #expect(outcome.status == 0, "install \(index): \(outcome.message)") }
                let after = try #require(account.authorizedKeysBytes())
                #expect(after.starts(with: original))
                #expect(after.last == UInt8(ascii: "\n"))
                let added = after.dropFirst(original.count).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
                let wanted = keys.map { Array($0.publicBytes.dropLast()) }
                #expect(added.count == keys.count, "\(added.count) lines were added")
                for line in added { #expect(wanted.contains(Array(line)), "not a whole key line: \(String(decoding: line, as: UTF8.self).debugDescription)") }
                for (index, key) in wanted.enumerated() {
                    #expect(added.filter { Array($0) == key }.count == 1, "key \(index)")
                }
                #expect(account.status(of: account.authorizedKeys)?.mode == 0o600)
                break
            }
        }
    }

    // MARK: 16. A full disk

    @Test("on a full file system the install fails, says so, and leaves the file as it was")
    func fullDisk() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            defer { try? account.resetSSHDirectory() }
            let fixture = try InstallFixture(account)
            let key = try fixture.sshauthKey("full")
            try FileManager.default.createDirectory(atPath: account.sshDirectory, withIntermediateDirectories: false)
            try account.chown(account.sshDirectory, uid: account.uid, gid: account.gid)
            try account.chmod(account.sshDirectory, 0o700)

            // A 16 KiB tmpfs on ~/.ssh, 4 pages: one for authorized_keys, the rest filled by root.
            let mounted = try ExternalTool.run(["mount", "-t", "tmpfs", "-o", "size=16k,mode=0700,uid=\(account.uid),gid=\(account.gid)",
                                                "tmpfs", account.sshDirectory])
            try #require(mounted.status == 0, "this test needs to mount a tmpfs on \(account.sshDirectory) as root, and mount failed: \(mounted.stderr)")
            defer {
                if (try? ExternalTool.run(["umount", account.sshDirectory]))?.status != 0 {
                    _ = try? ExternalTool.run(["umount", "-l", account.sshDirectory])
                }
            }

            // The file fills its page exactly, or leaves 40 bytes of it, fewer than the line needs.
            for (name, size) in [("page-aligned", 4096), ("40 bytes left in the page", 4096 - 40)] {
                let filler = account.sshDirectory + "/filler"
                try? FileManager.default.removeItem(atPath: filler)
                let head = Array("# known line 1\n# known line 2\n#".utf8)
                let original = head + [UInt8](repeating: UInt8(ascii: "x"), count: size - head.count - 1) + [UInt8(ascii: "\n")]
                try account.writeAuthorizedKeys(bytes: original)
                _ = try ExternalTool.run(["dd", "if=/dev/zero", "of=\(filler)", "bs=1024"])
                var space = statvfs()
                try #require(statvfs(account.sshDirectory, &space) == 0 && space.f_bavail == 0, "\(name): the tmpfs is not full")

                let result = try fixture.install(key: key.publicPath)
                #expect(result.status != 0, "\(name): \(result.stdout)")
                #expect(result.stderr.contains("Could not append") && result.stderr.contains("full disk"), "\(name): \(result.stderr)")
                let after = try #require(account.authorizedKeysBytes(), "\(name): the file is gone")
                #expect(after.starts(with: original), "\(name): the original lines changed")
                let tail = Array(after.dropFirst(original.count))
                let whole = tail.isEmpty || tail == key.publicBytes
                let shown = String(decoding: tail, as: UTF8.self).debugDescription
                if size % 4096 == 0 {
                    #expect(tail.isEmpty, "\(name): after the original lines: \(shown)")
                } else {
                    // A short write is cut back: the file ends where it did, and the message says so.
                    #expect(tail.isEmpty, "\(name): after the original lines: \(shown)")
                    #expect(whole)
                    #expect(result.stderr.contains("cut back"), "\(name): \(result.stderr)")
                }
            }
        }
    }
}
