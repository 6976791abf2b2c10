import Foundation
import TestSupport
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
        let scratch = try TemporaryDirectory()
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
        let scratch = try TemporaryDirectory()
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
        let scratch = try TemporaryDirectory()
        try SafeFileWriter.write([UInt8](), to: scratch.file("empty"), mode: 0o644, replace: false)
        #expect(try scratch.read("empty") == [])
        #expect(fileStatus(scratch.file("empty"))?.st_size == 0)
        #expect(permissions(scratch.file("empty")) == 0o644)
    }

    @Test("an existing file is not replaced without replace: the original stays and no temporary is left")
    func existingFileKept() throws {
        let scratch = try TemporaryDirectory()
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
        let scratch = try TemporaryDirectory()
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
        let scratch = try TemporaryDirectory()
        let path = try scratch.write("id", "old old old old\n", mode: 0o644)
        try SafeFileWriter.write(Array("new\n".utf8), to: path, mode: 0o600, replace: true)
        #expect(try scratch.read("id") == Array("new\n".utf8))
        #expect(permissions(path) == 0o600)
        #expect(try scratch.list() == ["id"])
    }

    @Test("replace: true on a missing file creates it")
    func replaceCreates() throws {
        let scratch = try TemporaryDirectory()
        try SafeFileWriter.write(Array("fresh".utf8), to: scratch.file("new"), mode: 0o644, replace: true)
        #expect(try scratch.read("new") == Array("fresh".utf8))
        #expect(permissions(scratch.file("new")) == 0o644)
    }

    @Test("writing into a missing directory fails with .system(ENOENT) and leaves nothing", arguments: [false, true])
    func missingDirectory(replace: Bool) throws {
        let scratch = try TemporaryDirectory()
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
        let scratch = try TemporaryDirectory()
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
        let scratch = try TemporaryDirectory()
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
        let scratch = try TemporaryDirectory()
        let path = scratch.file("dot-ssh")
        let created = try withUmask(mask) { try SafeFileWriter.makeDirectory(path, mode: mode) }
        #expect(created)
        #expect(isDirectory(path))
        #expect(permissions(path) == mode)
    }

    @Test("makeDirectory returns false for an existing directory and leaves its mode alone")
    func makeDirectoryExisting() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("dir")
        #expect(mkdir(path, 0o755) == 0)
        #expect(chmod(path, 0o755) == 0)
        #expect(try SafeFileWriter.makeDirectory(path, mode: 0o700) == false)
        #expect(permissions(path) == 0o755)
    }

    @Test("makeDirectory throws .wrongType when the path is a file, and leaves the file")
    func makeDirectoryOnAFile() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write("file", "data", mode: 0o644)
        #expect(throws: LocalFileError(.wrongType(expected: "a directory"), path: path)) {
            try SafeFileWriter.makeDirectory(path, mode: 0o700)
        }
        #expect(isRegularFile(path))
        #expect(try scratch.read("file") == Array("data".utf8))
    }

    @Test("makeDirectory with a missing parent fails with .system(ENOENT)")
    func makeDirectoryMissingParent() throws {
        let scratch = try TemporaryDirectory()
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

    // MARK: Directories other users could change

    /// One layout under the scratch directory: `prepare` builds it and returns the path sshauth is to
    /// write; `refused` names the directory (relative to scratch) that must be blamed, nil when the
    /// write is allowed.
    struct DirectoryCase: Sendable, CustomTestStringConvertible {
        let name: String
        let prepare: @Sendable (TemporaryDirectory) throws -> String
        let refused: (directory: String, problem: UntrustedDirectory.Problem, link: String?)?
        var testDescription: String { name }
    }

    static func directory(_ scratch: TemporaryDirectory, _ name: String, mode: mode_t, owner: uid_t? = nil, group: gid_t? = nil) throws -> String {
        let path = scratch.file(name)
        guard mkdir(path, 0o700) == 0, chmod(path, mode) == 0 else { throw CocoaError(.fileWriteNoPermission) }
        if let owner, chown(path, owner, gid_t(owner)) != 0 { throw CocoaError(.fileWriteNoPermission) }
        if let group, chown(path, uid_t.max, group) != 0 { throw CocoaError(.fileWriteNoPermission) }
        return path
    }

    static let nobody: uid_t = 65534
    /// Debian's `users` group has no member of its own: group write on it is write by others.
    static let sharedGroup: gid_t = 100

    static let directoryCases: [DirectoryCase] = [
        DirectoryCase(name: "a 0700 directory of one's own is trusted",
                      prepare: { try directory($0, "mine", mode: 0o700) + "/f" }, refused: nil),
        DirectoryCase(name: "a 0777 directory without the sticky bit is refused",
                      prepare: { try directory($0, "open", mode: 0o777) + "/f" }, refused: ("open", .writableByOthers, nil)),
        DirectoryCase(name: "a directory its shared group may write (0770) is refused",
                      prepare: { try directory($0, "group", mode: 0o770, group: sharedGroup) + "/f" }, refused: ("group", .writableByOthers, nil)),
        DirectoryCase(name: "a directory writable by the user's private group (0770, Debian's rule) is trusted",
                      prepare: { try directory($0, "private", mode: 0o770, group: getegid()) + "/f" }, refused: nil),
        DirectoryCase(name: "a 0700 directory below a parent its shared group may write (0775) is refused, naming the parent",
                      prepare: { scratch in
                          _ = try directory(scratch, "parent", mode: 0o775, group: sharedGroup)
                          return try directory(scratch, "parent/child", mode: 0o700) + "/f"
                      }, refused: ("parent", .writableByOthers, nil)),
        DirectoryCase(name: "a directory owned by another user (nobody, 0755) is refused",
                      prepare: { try directory($0, "theirs", mode: 0o755, owner: nobody) + "/f" }, refused: ("theirs", .foreignOwner, nil)),
        DirectoryCase(name: "a symbolic link to a root-owned 0777 directory is refused, naming the real directory and the link",
                      prepare: { scratch in
                          _ = try directory(scratch, "shared", mode: 0o777)
                          guard symlink(scratch.file("shared"), scratch.file("dot-ssh")) == 0 else { throw CocoaError(.fileWriteUnknown) }
                          return scratch.file("dot-ssh/id")
                      }, refused: ("shared", .writableByOthers, "dot-ssh")),
        DirectoryCase(name: "a sticky world-writable directory (1777, like /tmp) may hold the file itself",
                      prepare: { try directory($0, "sticky", mode: 0o1777) + "/f" }, refused: nil),
        DirectoryCase(name: "a directory of one's own inside a sticky one is trusted: nobody else may rename it",
                      prepare: { scratch in
                          _ = try directory(scratch, "sticky", mode: 0o1777)
                          return try directory(scratch, "sticky/mine", mode: 0o700) + "/f"
                      }, refused: nil),
        DirectoryCase(name: "a directory another user made inside a sticky one is refused",
                      prepare: { scratch in
                          _ = try directory(scratch, "sticky", mode: 0o1777)
                          return try directory(scratch, "sticky/theirs", mode: 0o755, owner: nobody) + "/f"
                      }, refused: ("sticky/theirs", .foreignOwner, nil)),
        DirectoryCase(name: "a directory still to be made below a 0777 directory is refused before mkdir",
                      prepare: { try directory($0, "open", mode: 0o777) + "/new/f" }, refused: ("open", .writableByOthers, nil)),
    ]

    @Test("write refuses a directory others could change, with one sentence naming it, its owner, mode and the fix; nothing is written",
          arguments: directoryCases)
    func writeChecksTheDirectory(_ row: DirectoryCase) throws {
        let scratch = try TemporaryDirectory()
        let path = try row.prepare(scratch)
        let before = try snapshot(scratch.path)
        do throws(LocalFileError) {
            for replace in [false, true] {
                try SafeFileWriter.write(SecretBytes(Array("secret".utf8)), to: path + (replace ? "2" : ""), mode: 0o600, replace: replace)
            }
            if let refused = row.refused { Issue.record("wrote below \(refused.directory)") }
            #expect((try? TemporaryDirectory.read(path: path)) == Array("secret".utf8))
        } catch {
            guard let refused = row.refused else {
                Issue.record("refused: \(error)")
                return
            }
            guard case .untrustedDirectory(let directory) = error.kind else {
                Issue.record("expected .untrustedDirectory, got \(error)")
                return
            }
            #expect(error.path == path)
            #expect(directory.directory == scratch.file(refused.directory))
            #expect(directory.problem == refused.problem)
            #expect(directory.reachedThrough == refused.link.map(scratch.file))
            let sentence = error.description
            let modeText = String(permissions(scratch.file(refused.directory))!, radix: 8)
            #expect(sentence.hasPrefix("Refusing to write \(path): the directory \(scratch.file(refused.directory))"), "\(sentence)")
            #expect(sentence.contains("with mode 0\(modeText)") && sentence.hasSuffix("."), "\(sentence)")
            #expect(sentence.contains(refused.problem == .foreignOwner ? "nobody (uid 65534)" : "chmod go-w"), "\(sentence)")
            #expect(!sentence.dropLast().contains("\n"))
            #expect(try snapshot(scratch.path) == before)
        }
    }

    @Test("makeDirectory checks the directory it creates in (and an existing one) before mkdir", arguments: directoryCases)
    func makeDirectoryChecksTheDirectory(_ row: DirectoryCase) throws {
        let scratch = try TemporaryDirectory()
        let directory = SafeFileWriter.parentDirectory(of: try row.prepare(scratch))
        let before = try snapshot(scratch.path)
        do throws(LocalFileError) {
            try SafeFileWriter.makeDirectory(directory + "/dot-ssh", mode: 0o700)
            if let refused = row.refused { Issue.record("made a directory below \(refused.directory)") }
        } catch {
            guard row.refused != nil, case .untrustedDirectory = error.kind else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(try snapshot(scratch.path) == before)
        }
    }

    @Test("an existing directory others can change is refused by makeDirectory too")
    func makeDirectoryRefusesAnExistingOpenDirectory() throws {
        let scratch = try TemporaryDirectory()
        let open = try Self.directory(scratch, "open", mode: 0o777)
        #expect(throws: LocalFileError(.untrustedDirectory(UntrustedDirectory(directory: open, owner: 0, mode: 0o777, problem: .writableByOthers, user: geteuid())), path: open)) {
            try SafeFileWriter.makeDirectory(open, mode: 0o700)
        }
    }

    @Test("the rule is the user's: a directory owned by that user passes, root's 0777 one asks for the administrator")
    func otherUser() throws {
        let scratch = try TemporaryDirectory()
        let theirs = try Self.directory(scratch, "theirs", mode: 0o755, owner: Self.nobody)
        #expect(try DirectoryTrust.check(directoryOf: theirs + "/f", uid: Self.nobody) == theirs)
        let open = try Self.directory(scratch, "open", mode: 0o777)
        do throws(LocalFileError) {
            try DirectoryTrust.check(directoryOf: open + "/f", uid: Self.nobody)
            Issue.record("a root-owned 0777 directory passed")
        } catch {
            #expect(error.description.contains("owned by root (uid 0) with mode 0777"), "\(error)")
            #expect(error.description.contains("ask the administrator to run 'chmod go-w \(open)'"), "\(error)")
        }
    }

    @Test("a private group has the user as its one member; a group with no member, or another member, is not private")
    func privateGroup() {
        #expect(DirectoryTrust.isPrivateGroup(getegid(), of: geteuid()))
        #expect(!DirectoryTrust.isPrivateGroup(Self.sharedGroup, of: geteuid()))
        #expect(!DirectoryTrust.isPrivateGroup(getegid(), of: Self.nobody))
    }

    @Test("beforeCommit runs right before the rename; when it throws, the old file stays and no temporary is left", arguments: [false, true])
    func beforeCommitCanStopTheWrite(existing: Bool) throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("ring")
        if existing { try scratch.write("ring", "old\n", mode: 0o600) }
        var ran = false
        #expect(throws: LocalFileError(.changedMeanwhile, path: path)) {
            try SafeFileWriter.write(Array("new\n".utf8), to: path, mode: 0o600, replace: true) { () throws(LocalFileError) in
                ran = true
                // The complete new content is already in a temporary file beside the target.
                #expect((try? scratch.list())?.contains { $0.hasPrefix(".ring.sshauth-") } == true)
                throw LocalFileError(.changedMeanwhile, path: path)
            }
        }
        #expect(ran)
        #expect(try scratch.list() == (existing ? ["ring"] : []))
        if existing { #expect(try scratch.read("ring") == Array("old\n".utf8)) }
    }

    /// Every entry below `root` with its mode, owner and content, to show that nothing changed.
    func snapshot(_ root: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let name = enumerator?.nextObject() as? String {
            let path = root + "/" + name
            guard let info = fileStatus(path) else { continue }
            let content = isRegularFile(path) ? (try? TemporaryDirectory.read(path: path)).map { Data($0).base64EncodedString() } ?? "?" : ""
            result[name] = "\(String(info.st_mode, radix: 8)) \(info.st_uid) \(content)"
        }
        return result
    }
}
