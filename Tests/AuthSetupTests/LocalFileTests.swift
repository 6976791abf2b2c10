import Foundation
import TestSupport
import Testing
@testable import AuthSetup

/// One input laid out on disk and what reading it as `kind` must give.
struct InputFileCase: Sendable, CustomTestStringConvertible {
    enum Setup: Sendable {
        case file(size: Int)
        case sparse(size: off_t)
        case fifo
        case device(String)
        case directory
        case symlinkToFile(size: Int)
    }

    enum Outcome: Sendable, Equatable {
        case bytes(Int)
        case tooLarge
        case notRegular(String)
        case notAFile
    }

    let name: String
    let setup: Setup
    let kind: InputKind
    let outcome: Outcome

    var testDescription: String { name }
}

/// Input files are read whole only when they are plain files of a size their kind can have.
@Suite("LocalFile")
struct LocalFileTests {
    static let cases: [InputFileCase] = [
        .init(name: "a key file of 1 KiB is read", setup: .file(size: 1024), kind: .key, outcome: .bytes(1024)),
        .init(name: "a key file of exactly 1 MiB is read", setup: .file(size: 1 << 20), kind: .key, outcome: .bytes(1 << 20)),
        .init(name: "a key file of 1 MiB + 1 byte is too large", setup: .file(size: (1 << 20) + 1), kind: .key, outcome: .tooLarge),
        .init(name: "a sparse 2 GiB known_hosts is too large", setup: .sparse(size: 2 << 30), kind: .knownHosts, outcome: .tooLarge),
        .init(name: "a sparse 2 GiB listing is too large", setup: .sparse(size: 2 << 30), kind: .keyListing, outcome: .tooLarge),
        .init(name: "/dev/zero is refused", setup: .device("/dev/zero"), kind: .key, outcome: .notRegular("a character device")),
        .init(name: "/dev/urandom is refused", setup: .device("/dev/urandom"), kind: .knownHosts, outcome: .notRegular("a character device")),
        .init(name: "/dev/null reads as empty", setup: .device("/dev/null"), kind: .knownHosts, outcome: .bytes(0)),
        .init(name: "a named pipe is refused without waiting for a writer", setup: .fifo, kind: .keyListing, outcome: .notRegular("a named pipe")),
        .init(name: "a directory is refused", setup: .directory, kind: .key, outcome: .notAFile),
        .init(name: "a symlink to a file is followed", setup: .symlinkToFile(size: 10), kind: .knownHosts, outcome: .bytes(10)),
    ]

    @Test("readAll, withContents and checkInput", arguments: cases)
    func input(_ sample: InputFileCase) throws {
        let scratch = try TemporaryDirectory()
        var path = scratch.file("input")
        switch sample.setup {
        case .file(let size):
            try scratch.write("input", [UInt8](repeating: 0x61, count: size))
        case .sparse(let size):
            try scratch.write("input", [])
            try #require(truncate(path, size) == 0)
        case .fifo:
            try #require(mkfifo(path, 0o600) == 0)
        case .device(let device):
            path = device
        case .directory:
            try #require(mkdir(path, 0o700) == 0)
        case .symlinkToFile(let size):
            let target = try scratch.write("target", [UInt8](repeating: 0x61, count: size))
            try #require(symlink(target, path) == 0)
        }
        let started = Date()
        let read = Result { () throws(LocalFileError) in try LocalFile.readAll(path, kind: sample.kind).count }
        let mapped = Result { () throws(LocalFileError) in try LocalFile.withContents(of: path, kind: sample.kind) { $0.count } }
        let checked = Result { () throws(LocalFileError) in try LocalFile.checkInput(path, kind: sample.kind) }
        #expect(Date().timeIntervalSince(started) < 2)
        for result in [read, mapped] {
            switch (sample.outcome, result) {
            case (.bytes(let count), .success(let got)): #expect(got == count)
            default: #expect(Self.outcome(result) == sample.outcome, "\(result)")
            }
        }
        switch sample.outcome {
        case .bytes: #expect(throws: Never.self) { try checked.get() }
        default: #expect(Self.outcome(checked.map { 0 }) == sample.outcome, "\(checked)")
        }
    }

    static func outcome(_ result: Result<Int, LocalFileError>) -> InputFileCase.Outcome? {
        switch result {
        case .success(let count): return .bytes(count)
        case .failure(let error):
            switch error.kind {
            case .tooLarge: return .tooLarge
            case .notRegular(let found): return .notRegular(found)
            case .wrongType: return .notAFile
            default: return nil
            }
        }
    }

    @Test("the sentences name the file, the limit or what it is, and what to do")
    func sentences() {
        #expect(LocalFileError(.tooLarge(limit: 1 << 20, kind: "a key file"), path: "big.pub").description
                == "big.pub is larger than 1 MiB, more than a key file can be; name the right file.")
        #expect(LocalFileError(.notRegular(found: "a named pipe"), path: "p").description
                == "p is a named pipe, not a regular file; name a file, or - to read standard input.")
        #expect(LocalFileError(.tooLarge(limit: 64 * 1024, kind: "a secret"), path: "s").description.contains("64 KiB"))
    }
}
