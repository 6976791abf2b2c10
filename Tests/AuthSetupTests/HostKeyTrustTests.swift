import AuthSetup
import Foundation
import SSHKeys
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// known_hosts files as ssh reads and writes them: through symbolic links, never replacing one.
@Suite struct HostKeyTrustTests {
    private static let key = Result { try SSHPublicKey(ed25519: [UInt8](repeating: 0x42, count: 32)) }

    private func linkTarget(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    @Test("a new entry goes to the file a known_hosts link points to (relative, absolute, chained); the links stay links",
          arguments: ["relative", "absolute", "chain"])
    func recordThroughLinks(_ shape: String) throws {
        let scratch = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("real"), withIntermediateDirectories: false)
        let real = try scratch.write("real/known_hosts", "# kept\n", mode: 0o644)
        let link = scratch.file("known_hosts")
        switch shape {
        case "relative": try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real/known_hosts")
        case "absolute": try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        default:
            try FileManager.default.createSymbolicLink(atPath: scratch.file("middle"), withDestinationPath: "real/known_hosts")
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: scratch.file("middle"))
        }
        let before = linkTarget(link)
        let key = try Self.key.get()
        let trust = HostKeyTrust(files: [link])
        #expect(trust.verdict(for: key, host: "example.com", port: 2222) == .unknown)
        try trust.record(key, host: "example.com", port: 2222, hashed: false)
        #expect(linkTarget(link) == before, "the link was replaced")
        let text = String(decoding: try TemporaryDirectory.read(path: real), as: UTF8.self)
        #expect(text == "# kept\n[example.com]:2222 \(PublicKeyLine(key: key, comment: "").keyText)\n")
        #expect(trust.verdict(for: key, host: "example.com", port: 2222) == .known(file: link, line: 2))
    }

    @Test("a link to a file that does not exist yet: the entry creates that file, 0600")
    func recordThroughDanglingLink() throws {
        let scratch = try TemporaryDirectory()
        let link = scratch.file("known_hosts")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "elsewhere")
        let key = try Self.key.get()
        try HostKeyTrust(files: [link]).record(key, host: "example.com", port: 22, hashed: false)
        #expect(linkTarget(link) == "elsewhere")
        var info = stat()
        #expect(lstat(scratch.file("elsewhere"), &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(info.st_mode & S_IFMT == S_IFREG)
    }

    @Test("a loop of links is refused with a sentence naming the file, and nothing is written")
    func linkLoopRefused() throws {
        let scratch = try TemporaryDirectory()
        let link = scratch.file("known_hosts")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "other")
        try FileManager.default.createSymbolicLink(atPath: scratch.file("other"), withDestinationPath: "known_hosts")
        let key = try Self.key.get()
        #expect {
            try HostKeyTrust(files: [link]).record(key, host: "example.com", port: 22, hashed: false)
        } throws: { error in
            (error as? LocalFileError)?.description.contains(link) == true
        }
        #expect(try scratch.list() == ["known_hosts", "other"])
    }
}
