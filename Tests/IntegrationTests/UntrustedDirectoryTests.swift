import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The commands that write a key, a ring, a stored password with its scripts or a z/OS job refuse a directory
/// that other users could change (OpenSSH's path rule), through the built binary: one sentence
/// naming the directory, its owner and mode, a non-zero exit, and nothing written.
@Suite(.serialized) struct UntrustedDirectoryTests {
    static let nobody: uid_t = 65534

    /// A directory layout in scratch; `target` is the directory handed to the command and `blamed`
    /// the one the sentence must name (relative to scratch), nil when the command must succeed.
    enum Layout: String, CaseIterable, CustomTestStringConvertible {
        case worldWritable = "a 0777 directory without the sticky bit"
        case foreignOwner = "a directory owned by nobody"
        case linkToOpenRootDirectory = "a symbolic link (like ~/.ssh) to a root-owned 0777 directory"
        case groupWritableParent = "a 0700 directory below a group-writable (0775) parent"
        case foreignInSticky = "a directory nobody made inside a sticky 1777 directory"
        case stickyParent = "a sticky 1777 directory holding the files themselves"

        var testDescription: String { rawValue }

        var blamed: String? {
            switch self {
            case .worldWritable: "open"
            case .foreignOwner: "theirs"
            case .linkToOpenRootDirectory: "shared"
            case .groupWritableParent: "parent"
            case .foreignInSticky: "sticky/theirs"
            case .stickyParent: nil
            }
        }

        var blamedMode: String {
            switch self {
            case .worldWritable, .linkToOpenRootDirectory: "0777"
            case .groupWritableParent: "0775"
            case .foreignOwner, .foreignInSticky: "0755"
            case .stickyParent: ""
            }
        }

        /// Builds the layout and returns the directory to give the command.
        func prepare(_ scratch: TemporaryDirectory) throws -> String {
            func make(_ name: String, _ mode: mode_t, owner: uid_t? = nil, group: gid_t? = nil) throws -> String {
                let path = scratch.file(name)
                try #require(mkdir(path, 0o700) == 0 && chmod(path, mode) == 0)
                if let owner { try #require(chown(path, owner, gid_t(owner)) == 0) }
                if let group { try #require(chown(path, uid_t.max, group) == 0) }
                return path
            }
            switch self {
            case .worldWritable: return try make("open", 0o777)
            case .foreignOwner: return try make("theirs", 0o755, owner: UntrustedDirectoryTests.nobody)
            case .linkToOpenRootDirectory:
                _ = try make("shared", 0o777)
                try #require(symlink(scratch.file("shared"), scratch.file("dot-ssh")) == 0)
                return scratch.file("dot-ssh")
            case .groupWritableParent:
                // A group with members other than the user: Debian's private-group exception does not apply.
                _ = try make("parent", 0o775, group: UntrustedDirectoryTests.sharedGroup)
                return try make("parent/child", 0o700)
            case .foreignInSticky:
                _ = try make("sticky", 0o1777)
                return try make("sticky/theirs", 0o755, owner: UntrustedDirectoryTests.nobody)
            case .stickyParent:
                return try make("sticky", 0o1777)
            }
        }
    }

    /// Debian's `users` group: nobody's private group, so group write on it is write by others.
    static let sharedGroup: gid_t = 100

    enum Command: String, CaseIterable, CustomTestStringConvertible {
        case keygen = "keygen -f"
        case ringCreate = "ring create"
        case askpassSetup = "askpass setup --dir"
        case zosOutput = "zos racdcert --output"

        var testDescription: String { rawValue }
    }

    @Test("a directory others could change is refused before anything is written; a sticky directory may hold the files",
          arguments: Command.allCases, Layout.allCases)
    func refusedOrWritten(_ command: Command, _ layout: Layout) throws {
        if command == .askpassSetup {
            try SandboxAccount.exclusive { account in
                try account.resetSSHDirectory()
                try check(command, layout, account: account)
            }
        } else {
            try check(command, layout, account: nil)
        }
    }

    private func check(_ command: Command, _ layout: Layout, account: SandboxAccount?) throws {
        let scratch = try TemporaryDirectory()
        let directory = try layout.prepare(scratch)
        let ringPassword = try scratch.write("ring-password", "correct horse\n", mode: 0o600)
        let before = try snapshot(scratch.path)
        let arguments: [String]
        switch command {
        case .keygen:
            arguments = ["keygen", "--no-passphrase", "-f", directory + "/id_ed25519"]
        case .ringCreate:
            arguments = ["ring", "create", directory + "/ring.p12:BATCH", "--cn", "Batch", "--key", "ecdsa:256", "--ring-password-file", ringPassword]
        case .askpassSetup:
            let sandbox = try #require(account).sandbox
            arguments = ["askpass", "setup", "--dir", directory, "--name", "sandbox", "--password-file", sandbox.passwordFile,
                         "--known-hosts", sandbox.knownHosts, "-p", String(sandbox.port), "\(sandbox.user)@\(sandbox.host)"]
        case .zosOutput:
            arguments = ["zos", "racdcert", "--userid", "COZUSER", "--ring", "MY-RING", "--label", "MY-CERT", "--cn", "Batch",
                         "--output", directory + "/racdcert.jcl"]
        }
        let result = try SSHAuthBinary.run(arguments)
        guard let blamed = layout.blamed else {
            #expect(result.status == 0, "\(result.stderr)")
            let written = try FileManager.default.contentsOfDirectory(atPath: directory)
            switch command {
            case .keygen:
                // ssh-keygen loads the key written into the sticky directory.
                #expect(try ExternalTool.run(["ssh-keygen", "-y", "-f", directory + "/id_ed25519"]).status == 0)
            case .ringCreate:
                #expect(written.contains("ring.p12"), "\(written)")
            case .askpassSetup:
                #expect(written.contains("sandbox.password") && written.contains("sandbox-askpass"), "\(written)")
            case .zosOutput:
                #expect(written == ["racdcert.jcl"], "\(written)")
            }
            return
        }
        #expect(result.status != 0, "exit status 0: \(result.stdout)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        let sentence = result.stderr
        #expect(sentence.contains("Refusing to write \(directory)/"), "\(sentence)")
        #expect(sentence.contains("the directory \(scratch.file(blamed))"), "\(sentence)")
        #expect(sentence.contains("with mode \(layout.blamedMode)"), "\(sentence)")
        #expect(sentence.contains(layout == .foreignOwner || layout == .foreignInSticky ? "owned by nobody (uid 65534)" : "chmod go-w"), "\(sentence)")
        if layout == .linkToOpenRootDirectory {
            #expect(sentence.contains("(where \(directory) leads)"), "\(sentence)")
        }
        #expect(try snapshot(scratch.path) == before, "something was written")
    }

    /// Every entry below `root` (links not followed) with its type, mode, owner and content.
    private func snapshot(_ root: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let name = enumerator?.nextObject() as? String {
            var info = stat()
            guard lstat(root + "/" + name, &info) == 0 else { continue }
            let content = info.st_mode & S_IFMT == S_IFREG ? FileManager.default.contents(atPath: root + "/" + name)?.base64EncodedString() ?? "?" : ""
            result[name] = "\(String(info.st_mode, radix: 8)) \(info.st_uid) \(content)"
        }
        return result
    }
}
