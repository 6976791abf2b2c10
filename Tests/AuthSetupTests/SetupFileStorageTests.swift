import Foundation
import Testing
import TestSupport
@testable import AuthSetup
#if canImport(Glibc)
import Glibc
#endif

/// Set-up files on disk: saved whole as a new 0644 file in a trusted directory, never over an
/// existing one unless asked; read with a size cap, and never from a pipe or a device.
@Suite("SetupFile storage", .serialized)
struct SetupFileStorageTests {
    static let setup = Setup(mechanism: .keyPair, targets: [TargetAddress(user: "alice", host: "build.example.org", port: 2222)],
                             login: .password(.file("/home/alice/pw")), key: .existing(publicKey: "/home/alice/.ssh/id_ed25519.pub"))

    @Test("save writes a new 0644 file, whatever the umask, that load reads back as the same set-up")
    func saveAndLoad() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("build.setup")
        try withUmask(0o077) { try SetupFile.save(Self.setup, to: path, replace: false) }
        #expect(permissions(path) == 0o644)
        #expect(try String(decoding: scratch.read("build.setup"), as: UTF8.self) == SetupFile.render(Self.setup))
        #expect(try SetupFile.load(path) == Self.setup)
        #expect(try scratch.list() == ["build.setup"])
    }

    @Test("load refuses a set-up that someone else could have changed: another owner, group or world write, an open directory",
          arguments: ["0664", "0666", "owner", "directory"])
    func othersCanChange(_ case_: String) throws {
        let scratch = try TemporaryDirectory()
        let directory = scratch.file("setups")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        chmod(directory, case_ == "directory" ? 0o777 : 0o700)
        let path = directory + "/build.setup"
        try Array(SetupFile.render(Self.setup).utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        chmod(path, case_ == "0664" ? 0o664 : case_ == "0666" ? 0o666 : 0o644)
        if case_ == "owner" { try #require(chown(path, 65534, 65534) == 0, "the tests run as root") }
        do {
            _ = try SetupFile.load(path)
            Issue.record("\(case_): loaded")
        } catch {
            guard case .othersCanChange = error.kind else { Issue.record("\(case_): \(error)"); return }
            #expect(error.description.hasPrefix(path + ": "), "\(error.description)")
            #expect(error.description.contains("no one but you and root can change"), "\(error.description)")
        }
        // The same file, made the user's own and private, is run.
        chmod(directory, 0o700)
        chmod(path, 0o644)
        _ = chown(path, geteuid(), getegid())
        #expect(try SetupFile.load(path) == Self.setup)
    }

    @Test("save refuses an existing file without replace and keeps its bytes; with replace it is replaced")
    func existingFile() throws {
        let scratch = try TemporaryDirectory()
        let original = Array("# someone else's set-up\nsshauth-setup: 1\n".utf8)
        let path = try scratch.write("build.setup", original, mode: 0o640)
        #expect(throws: SetupFileError(.exists, file: path)) { try SetupFile.save(Self.setup, to: path, replace: false) }
        #expect(try scratch.read("build.setup") == original)
        #expect(permissions(path) == 0o640)
        #expect(try scratch.list() == ["build.setup"])
        #expect(SetupFileError(.exists, file: path).description == "\(path): the file already exists; pass --force to replace it, or name another file.")

        try SetupFile.save(Self.setup, to: path, replace: true)
        #expect(try SetupFile.load(path) == Self.setup)
        #expect(permissions(path) == 0o644)
    }

    @Test("save into a directory others can write is refused with the directory named; nothing is written")
    func untrustedDirectory() throws {
        let scratch = try TemporaryDirectory()
        let open = scratch.file("open")
        try #require(mkdir(open, 0o700) == 0 && chmod(open, 0o777) == 0)
        do {
            try SetupFile.save(Self.setup, to: open + "/build.setup", replace: false)
            Issue.record("saved into a directory others can write")
        } catch {
            guard case .file(let underlying) = error.kind, case .untrustedDirectory(let directory) = underlying.kind else {
                Issue.record("unexpected error: \(error)")
                return
            }
            #expect(directory.directory == open && directory.problem == .writableByOthers)
            #expect(error.description.contains("chmod go-w"), "\(error)")
        }
        #expect(try scratch.list("open") == [])
    }

    @Test("save refuses a set-up that load would refuse (a relative path, a bad target), with the sentence load would give; nothing is written")
    func saveChecksFirst() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("build.setup")
        var relative = Self.setup
        relative.key = .existing(publicKey: "id_ed25519.pub")
        #expect(throws: SetupFileError(.relativePath, file: path, line: 12, key: "key.public-key", input: "id_ed25519.pub")) {
            try SetupFile.save(relative, to: path, replace: false)
        }
        var badTarget = Self.setup
        badTarget.targets = [TargetAddress(user: "alice", host: "bad host")]
        do {
            try SetupFile.save(badTarget, to: path, replace: false)
            Issue.record("saved a target that cannot be read back")
        } catch {
            #expect(error.description.contains("has a space in the host name"), "\(error)")
        }
        #expect(try scratch.list() == [])
    }

    @Test("load refuses a named pipe at once, without waiting for a writer")
    func fifo() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("setup.fifo")
        try #require(mkfifo(path, 0o600) == 0)
        let started = Date()
        #expect(throws: SetupFileError(.file(LocalFileError(.notRegular(found: "a named pipe"), path: path)), file: path)) { try SetupFile.load(path) }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("load refuses a device, a file over 64 KiB, bytes that are not UTF-8, and a missing file, each with one sentence")
    func otherBadInputs() throws {
        let scratch = try TemporaryDirectory()
        let large = try scratch.write("large.setup", "sshauth-setup: 1\n" + String(repeating: "# padding\n", count: 7000))
        let binary = try scratch.write("binary.setup", [0x73, 0x73, 0xFF, 0xFE, 0x0A])
        let cases: [(String, String)] = [
            ("/dev/zero", "/dev/zero is a character device, not a regular file"),
            (large, "is larger than 64 KiB, more than a set-up file can be"),
            (binary, "\(binary): the file is not UTF-8 text"),
            (scratch.file("missing.setup"), "Cannot open \(scratch.file("missing.setup")): No such file or directory."),
        ]
        for (path, phrase) in cases {
            do {
                _ = try SetupFile.load(path)
                Issue.record("loaded \(path)")
            } catch {
                #expect(error.description.contains(phrase), "\(error)")
                #expect(!error.description.dropLast().contains("\n"))
            }
        }
    }

    @Test("a file just under the cap is read, and a mistake in it is named by the loaded file's path and line")
    func loadNamesTheFile() throws {
        let scratch = try TemporaryDirectory()
        let text = SetupFile.render(Self.setup) + String(repeating: "#\n", count: 30000) + "timeout: 0\n"
        #expect(text.utf8.count < 64 * 1024)
        let path = try scratch.write("big.setup", text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(throws: SetupFileError(.outOfRange(1...600, unit: "seconds"), file: path, line: lines, key: "timeout", input: "0")) { try SetupFile.load(path) }
    }
}
