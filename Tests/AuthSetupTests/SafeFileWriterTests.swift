import Foundation
import Testing
import SSHKeys
@testable import AuthSetup

/// Atomic, exact-mode writes that never leave partial or temporary files behind.
///
/// Serialized because some tests change the process-wide umask.
@Suite("SafeFileWriter", .serialized)
struct SafeFileWriterTests {
    static let modeCases: [(mode_t, mode_t)] = [
        (0o600, 0o022), (0o644, 0o022), (0o600, 0o077), (0o644, 0o077),
        (0o666, 0o022), (0o640, 0o027), (0o400, 0o077), (0o755, 0o077),
    ]

    @Test("a new file gets exactly the mode asked, whatever the umask", arguments: modeCases)
    func newFileMode(mode: mode_t, mask: mode_t) throws {
        let scratch = try Scratch()
        let path = scratch.file("out")
        let content = Array("content for mode \(String(mode, radix: 8))\n".utf8)
        try withUmask(mask) {
            try SafeFileWriter.write(content, to: path, mode: mode, replace: false)
        }
        #expect(permissions(path) == mode)
        #expect(isRegularFile(path))
        #expect(try scratch.read("out") == content)
        #expect(try scratch.list() == ["out"])
    }

    @Test("secret content is written exactly, mode 0600, under umask 0")
    func secretContent() throws {
        let scratch = try Scratch()
        let path = scratch.file("secret")
        let bytes: [UInt8] = (0...255).map { UInt8($0) } + [0, 0, 10, 13]
        try withUmask(0) {
            try SafeFileWriter.write(SecretBytes(bytes), to: path, mode: 0o600, replace: false)
        }
        #expect(permissions(path) == 0o600)
        #expect(try scratch.read("secret") == bytes)
    }

    @Test("empty content makes an empty file")
    func emptyContent() throws {
        let scratch = try Scratch()
        try SafeFileWriter.write([UInt8](), to: scratch.file("empty"), mode: 0o644, replace: false)
        #expect(try scratch.read("empty") == [])
        #expect(fileStatus(scratch.file("empty"))?.st_size == 0)
        #expect(permissions(scratch.file("empty")) == 0o644)
    }

    @Test("an existing file is not replaced without replace: the original stays and no temporary is left")
    func existingFileKept() throws {
        let scratch = try Scratch()
        let path = try scratch.write("id", "original content\n", mode: 0o640)
        do {
            try SafeFileWriter.write(Array("new".utf8), to: path, mode: 0o600, replace: false)
            Issue.record("an existing file was overwritten")
        } catch {
            #expect(error == LocalFileError(.exists, path: path))
        }
        #expect(try scratch.read("id") == Array("original content\n".utf8))
        #expect(permissions(path) == 0o640)
        #expect(try scratch.list() == ["id"])
        // The same with the secret overload.
        #expect(throws: LocalFileError(.exists, path: path)) {
            try SafeFileWriter.write(SecretBytes(Array("new".utf8)), to: path, mode: 0o600, replace: false)
        }
        #expect(try scratch.read("id") == Array("original content\n".utf8))
        #expect(try scratch.list() == ["id"])
    }

    @Test("an existing dangling symlink counts as existing only if its target exists; the link is never followed")
    func danglingSymlinkNotFollowed() throws {
        let scratch = try Scratch()
        let path = scratch.file("link")
        #expect(symlink(scratch.file("target"), path) == 0)
        // access() follows the link and finds nothing, so the write goes ahead; link() must then refuse.
        #expect(throws: LocalFileError(.exists, path: path)) {
            try SafeFileWriter.write(Array("x".utf8), to: path, mode: 0o600, replace: false)
        }
        #expect(fileStatus(scratch.file("target")) == nil, "the write went through the symlink")
        #expect(try scratch.list() == ["link"])
    }

    @Test("replace: true replaces the content and sets the new mode, leaving no temporary")
    func replaceExisting() throws {
        let scratch = try Scratch()
        let path = try scratch.write("id", "old old old old\n", mode: 0o644)
        try SafeFileWriter.write(Array("new\n".utf8), to: path, mode: 0o600, replace: true)
        #expect(try scratch.read("id") == Array("new\n".utf8))
        #expect(permissions(path) == 0o600)
        #expect(try scratch.list() == ["id"])
    }

    @Test("replace: true on a missing file creates it")
    func replaceCreates() throws {
        let scratch = try Scratch()
        try SafeFileWriter.write(Array("fresh".utf8), to: scratch.file("new"), mode: 0o644, replace: true)
        #expect(try scratch.read("new") == Array("fresh".utf8))
        #expect(permissions(scratch.file("new")) == 0o644)
    }

    @Test("writing into a missing directory fails with .system(ENOENT) and leaves nothing", arguments: [false, true])
    func missingDirectory(replace: Bool) throws {
        let scratch = try Scratch()
        let path = scratch.file("missing/child")
        do {
            try SafeFileWriter.write(Array("x".utf8), to: path, mode: 0o600, replace: replace)
            Issue.record("wrote into a missing directory")
        } catch {
            guard case .system(_, let code) = error.kind else {
                Issue.record("expected .system, got \(error.kind)")
                return
            }
            #expect(code == ENOENT)
        }
        #expect(try scratch.list() == [])
    }

    @Test("writing below a regular file fails with .system(ENOTDIR) and leaves nothing", arguments: [false, true])
    func fileAsDirectory(replace: Bool) throws {
        let scratch = try Scratch()
        try scratch.write("file", "i am a file\n", mode: 0o644)
        let path = scratch.file("file/child")
        do {
            try SafeFileWriter.write(Array("x".utf8), to: path, mode: 0o600, replace: replace)
            Issue.record("wrote below a regular file")
        } catch {
            guard case .system(_, let code) = error.kind else {
                Issue.record("expected .system, got \(error.kind)")
                return
            }
            #expect(code == ENOTDIR)
        }
        #expect(try scratch.list() == ["file"])
        #expect(try scratch.read("file") == Array("i am a file\n".utf8))
    }

    @Test("replacing a directory fails with .system and leaves no temporary")
    func replacingADirectoryFails() throws {
        let scratch = try Scratch()
        #expect(mkdir(scratch.file("dir"), 0o700) == 0)
        do {
            try SafeFileWriter.write(Array("x".utf8), to: scratch.file("dir"), mode: 0o600, replace: true)
            Issue.record("a directory was replaced by a file")
        } catch {
            guard case .system(_, let code) = error.kind else {
                Issue.record("expected .system, got \(error.kind)")
                return
            }
            #expect(code == EISDIR)
        }
        #expect(try scratch.list() == ["dir"])
        #expect(isDirectory(scratch.file("dir")))
    }

    @Test("makeDirectory creates the exact mode, whatever the umask", arguments: [(mode_t(0o700), mode_t(0o022)), (0o700, 0o077), (0o755, 0o077), (0o750, 0o000)])
    func makeDirectoryMode(mode: mode_t, mask: mode_t) throws {
        let scratch = try Scratch()
        let path = scratch.file("dot-ssh")
        let created = try withUmask(mask) { try SafeFileWriter.makeDirectory(path, mode: mode) }
        #expect(created)
        #expect(isDirectory(path))
        #expect(permissions(path) == mode)
    }

    @Test("makeDirectory returns false for an existing directory and leaves its mode alone")
    func makeDirectoryExisting() throws {
        let scratch = try Scratch()
        let path = scratch.file("dir")
        #expect(mkdir(path, 0o755) == 0)
        #expect(chmod(path, 0o755) == 0)
        #expect(try SafeFileWriter.makeDirectory(path, mode: 0o700) == false)
        #expect(permissions(path) == 0o755)
    }

    @Test("makeDirectory throws .wrongType when the path is a file, and leaves the file")
    func makeDirectoryOnAFile() throws {
        let scratch = try Scratch()
        let path = try scratch.write("file", "data", mode: 0o644)
        #expect(throws: LocalFileError(.wrongType(expected: "a directory"), path: path)) {
            try SafeFileWriter.makeDirectory(path, mode: 0o700)
        }
        #expect(isRegularFile(path))
        #expect(try scratch.read("file") == Array("data".utf8))
    }

    @Test("makeDirectory with a missing parent fails with .system(ENOENT)")
    func makeDirectoryMissingParent() throws {
        let scratch = try Scratch()
        let path = scratch.file("a/b")
        do {
            try SafeFileWriter.makeDirectory(path, mode: 0o700)
            Issue.record("created a directory under a missing parent")
        } catch {
            #expect(error.kind == .system(operation: "create the directory", errno: ENOENT))
        }
        #expect(try scratch.list() == [])
    }

    @Test("parentDirectory", arguments: [("/a/b/c", "/a/b"), ("/a", "/"), ("name", "."), ("dir/name", "dir"), ("/", "/")])
    func parentDirectory(path: String, parent: String) {
        #expect(SafeFileWriter.parentDirectory(of: path) == parent)
    }
}
