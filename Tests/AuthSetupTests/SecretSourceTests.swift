import Foundation
import TestSupport
import Testing
import SSHKeys
@testable import AuthSetup

/// How a secret file is prepared and what reading it must give.
struct SecretFileCase: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable {
        case secret(String)
        case unprotected
        case notYours
        case tooLarge
        case wrongType
        case system(errno: Int32)
        case empty
    }

    enum Setup: Sendable {
        case file(content: [UInt8], mode: mode_t, owner: uid_t? = nil)
        case directory
        case symlinkToProtectedFile
        case missing
    }

    let name: String
    let setup: Setup
    let outcome: Outcome

    var testDescription: String { name }
}

/// Reading passphrases from files and descriptors, and refusing files others can get at.
@Suite("SecretSource")
struct SecretSourceTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let cases: [SecretFileCase] = [
        .init(name: "mode 0600 is accepted", setup: .file(content: bytes("secret\n"), mode: 0o600), outcome: .secret("secret")),
        .init(name: "mode 0400 is accepted", setup: .file(content: bytes("secret\n"), mode: 0o400), outcome: .secret("secret")),
        .init(name: "mode 0640 is refused", setup: .file(content: bytes("secret\n"), mode: 0o640), outcome: .unprotected),
        .init(name: "mode 0644 is refused", setup: .file(content: bytes("secret\n"), mode: 0o644), outcome: .unprotected),
        .init(name: "mode 0604 is refused", setup: .file(content: bytes("secret\n"), mode: 0o604), outcome: .unprotected),
        .init(name: "mode 0610 is refused", setup: .file(content: bytes("secret\n"), mode: 0o610), outcome: .unprotected),
        .init(name: "mode 0601 is refused", setup: .file(content: bytes("secret\n"), mode: 0o601), outcome: .unprotected),
        .init(name: "owned by another uid is refused", setup: .file(content: bytes("secret\n"), mode: 0o600, owner: 65534), outcome: .notYours),
        .init(name: "a directory is refused", setup: .directory, outcome: .wrongType),
        .init(name: "a symlink is refused (O_NOFOLLOW)", setup: .symlinkToProtectedFile, outcome: .system(errno: ELOOP)),
        .init(name: "a missing file is refused", setup: .missing, outcome: .system(errno: ENOENT)),
        .init(name: "an empty file is refused", setup: .file(content: [], mode: 0o600), outcome: .empty),
        .init(name: "a lone newline is empty", setup: .file(content: bytes("\n"), mode: 0o600), outcome: .empty),
        .init(name: "a lone CRLF is empty", setup: .file(content: bytes("\r\n"), mode: 0o600), outcome: .empty),
        .init(name: "trailing LF is not part of the secret", setup: .file(content: bytes("secret\n"), mode: 0o600), outcome: .secret("secret")),
        .init(name: "trailing CRLF is not part of the secret", setup: .file(content: bytes("secret\r\n"), mode: 0o600), outcome: .secret("secret")),
        .init(name: "no newline at all", setup: .file(content: bytes("secret"), mode: 0o600), outcome: .secret("secret")),
        .init(name: "only the first line counts", setup: .file(content: bytes("a\nb"), mode: 0o600), outcome: .secret("a")),
        .init(name: "spaces and a CR inside are kept", setup: .file(content: bytes(" pass\rword \n"), mode: 0o600), outcome: .secret(" pass\rword ")),
        .init(name: "two CRs before LF: only one is dropped", setup: .file(content: bytes("pw\r\r\n"), mode: 0o600), outcome: .secret("pw\r")),
        .init(name: "UTF-8 secret", setup: .file(content: bytes("pässwörd\n"), mode: 0o600), outcome: .secret("pässwörd")),
        .init(name: "a secret of more than 64 KiB is refused",
              setup: .file(content: [UInt8](repeating: 0x61, count: 64 * 1024 + 1), mode: 0o600), outcome: .tooLarge),
        .init(name: "a secret of exactly 64 KiB is read",
              setup: .file(content: [UInt8](repeating: 0x61, count: 64 * 1024) + [0x0A], mode: 0o600), outcome: .secret(String(repeating: "a", count: 64 * 1024))),
        .init(name: "only the first line counts, however long the rest",
              setup: .file(content: bytes("short\n") + [UInt8](repeating: 0x61, count: 128 * 1024), mode: 0o600), outcome: .secret("short")),
    ]

    @Test("secret files", arguments: cases)
    func secretFile(_ sample: SecretFileCase) throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("secret")
        switch sample.setup {
        case .file(let content, let mode, let owner):
            try scratch.write("secret", content, mode: mode)
            if let owner { try #require(chown(path, owner, owner) == 0) }
        case .directory:
            try #require(mkdir(path, 0o700) == 0)
        case .symlinkToProtectedFile:
            let target = try scratch.write("target", "secret\n", mode: 0o600)
            try #require(symlink(target, path) == 0)
        case .missing:
            break
        }

        let result: Result<SecretBytes, LocalFileError>
        do throws(LocalFileError) {
            result = .success(try SecretSource.file(path).read())
        } catch {
            result = .failure(error)
        }

        switch (sample.outcome, result) {
        case (.secret(let expected), .success(let secret)):
            #expect(secret == SecretBytes(Self.bytes(expected)))
            #expect(secret.withBytes { String(decoding: $0, as: UTF8.self) } == expected)
        case (.unprotected, .failure(let error)):
            guard case .unprotected = error.kind else { Issue.record("expected .unprotected, got \(error)"); return }
            #expect(error.path == path)
        case (.notYours, .failure(let error)):
            guard case .notYours = error.kind else { Issue.record("expected .notYours, got \(error)"); return }
            #expect(error.path == path)
        case (.tooLarge, .failure(let error)):
            guard case .tooLarge = error.kind else { Issue.record("expected .tooLarge, got \(error)"); return }
        case (.wrongType, .failure(let error)):
            guard case .wrongType = error.kind else { Issue.record("expected .wrongType, got \(error)"); return }
        case (.system(let expected), .failure(let error)):
            guard case .system(_, let code) = error.kind else { Issue.record("expected .system, got \(error)"); return }
            #expect(code == expected)
            #expect(error.path == path)
        case (.empty, .failure(let error)):
            #expect(error.kind == .empty)
        case (_, .success(let secret)):
            Issue.record("expected \(sample.outcome), read \(secret.count) bytes")
        case (_, .failure(let error)):
            Issue.record("expected \(sample.outcome), got \(error)")
        }
    }

    @Test("the unprotected error explains the mode (fixed by chmod); a foreign owner is fixed by a copy of one's own or chown, not chmod")
    func unprotectedReasons() throws {
        let scratch = try TemporaryDirectory()
        let open = try scratch.write("open", "s\n", mode: 0o644)
        #expect(throws: LocalFileError(.unprotected(reason: "its mode is 644, so other users can get at it"), path: open)) {
            try SecretSource.file(open).read()
        }
        #expect(LocalFileError(.unprotected(reason: "x"), path: open).description.contains("chmod 600"))
        let foreign = try scratch.write("foreign", "s\n", mode: 0o600)
        try #require(chown(foreign, 65534, 65534) == 0)
        do {
            _ = try SecretSource.file(foreign).read()
            Issue.record("read a secret from a file owned by uid 65534")
        } catch {
            #expect(error == LocalFileError(.notYours(owner: 65534), path: foreign))
            let sentence = error.description
            #expect(sentence.contains("owned by uid 65534"), "\(sentence)")
            #expect(sentence.contains("chown"), "\(sentence)")
            #expect(!sentence.contains("chmod 600 \(foreign)"), "\(sentence)")
        }
    }

    /// Writes `content` into a new pipe, closes the write end and returns the read end.
    static func pipeHolding(_ content: [UInt8]) throws -> Int32 {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        let written = content.withUnsafeBytes { Glibc.write(fds[1], $0.baseAddress, $0.count) }
        try #require(written == content.count)
        close(fds[1])
        return fds[0]
    }

    @Test("a descriptor gives its first line", arguments: [
        ("pipe secret\n", "pipe secret"),
        ("crlf\r\nsecond line\n", "crlf"),
        ("no newline", "no newline"),
    ])
    func descriptor(content: String, expected: String) throws {
        let fd = try Self.pipeHolding(Self.bytes(content))
        defer { close(fd) }
        let secret = try SecretSource.descriptor(fd).read()
        #expect(secret == SecretBytes(Self.bytes(expected)))
    }

    @Test("a descriptor's line is read without waiting for the end of the input, and what follows the line stays unread")
    func descriptorDoesNotWaitForEnd() throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let line = Self.bytes("secret\nnext")
        try #require(line.withUnsafeBytes { Glibc.write(fds[1], $0.baseAddress, $0.count) } == line.count)
        // The writer keeps its end open, as `(cat pw; echo; sleep 40) | ...` does; it closes only after 3 s.
        let writer = fds[1]
        let closer = Thread { Thread.sleep(forTimeInterval: 3); close(writer) }
        closer.start()
        let started = Date()
        let secret = try SecretSource.descriptor(fds[0]).read()
        let elapsed = Date().timeIntervalSince(started)
        #expect(secret == SecretBytes(Self.bytes("secret")))
        #expect(elapsed < 2, "the read waited \(elapsed) s for the writer to close")
        var rest = [UInt8](repeating: 0, count: 16)
        let count = Glibc.read(fds[0], &rest, rest.count)
        #expect(Array(rest.prefix(max(count, 0))) == Self.bytes("next"))
    }

    @Test("a descriptor line longer than 64 KiB is refused as too large")
    func descriptorTooLong() throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let writer = fds[1]
        // More than a pipe holds, so a thread writes it; the reader stops after 64 KiB + 1 and closes nothing.
        let feeder = Thread {
            let long = [UInt8](repeating: 0x61, count: 100 * 1024)
            _ = long.withUnsafeBytes { Glibc.write(writer, $0.baseAddress, $0.count) }
            close(writer)
        }
        feeder.start()
        #expect(throws: LocalFileError(.tooLarge(limit: 64 * 1024, kind: "a secret"), path: "file descriptor \(fds[0])")) {
            try SecretSource.descriptor(fds[0]).read()
        }
    }

    @Test("an empty descriptor is .empty, an unreadable one is .system(EISDIR)")
    func descriptorFailures() throws {
        let fd = try Self.pipeHolding([])
        defer { close(fd) }
        #expect(throws: LocalFileError(.empty, path: "file descriptor \(fd)")) { try SecretSource.descriptor(fd).read() }

        let scratch = try TemporaryDirectory()
        let directory = open(scratch.path, O_RDONLY | O_DIRECTORY)
        try #require(directory >= 0)
        defer { close(directory) }
        do {
            _ = try SecretSource.descriptor(directory).read()
            Issue.record("read a secret from a directory descriptor")
        } catch {
            #expect(error == LocalFileError(.system(operation: "read", errno: EISDIR), path: "file descriptor \(directory)"))
        }
    }

    @Test("a descriptor is not subject to the file mode checks")
    func descriptorOfAnOpenFile() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write("world-readable", "from fd\n", mode: 0o644)
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(try SecretSource.descriptor(fd).read() == SecretBytes(Self.bytes("from fd")))
    }
}
