#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The set-up file: a ``Setup`` written as YAML for people to read, review and edit, and read back
/// with every mistake named by file and line. It never holds a secret, only where one comes from.
public enum SetupFile {
    /// Reads a set-up from the text of a set-up file; `file` names it in the error sentences.
    public static func parse(_ text: String, file: String) throws(SetupFileError) -> Setup {
        let root = try SetupFileNodes.compose(text, file: file)
        return try SetupFileReader(file: file).read(root)
    }

    /// The set-up as the text of a set-up file: a comment saying what it is, then its keys in a
    /// fixed order, with defaults left out. ``parse(_:file:)`` gives the same set-up back.
    public static func render(_ setup: Setup) -> String {
        SetupFileRenderer.render(setup)
    }

    /// A set-up decides where a password goes, so one that another local user could have
    /// written is refused: the file must be the user's or root's and not writable by group or
    /// others, and its directories must pass the same rule as the ones sshauth writes into. A
    /// missing file, a device or a pipe is left to the read, which refuses it with its own sentence.
    static func checkOnlyYoursCanChange(_ path: String) throws(SetupFileError) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        let user = geteuid()
        if info.st_uid != user, info.st_uid != 0 {
            throw SetupFileError(.othersCanChange(reason: "it belongs to uid \(info.st_uid), not to you"), file: path)
        }
        if info.st_mode & 0o022 != 0 {
            throw SetupFileError(.othersCanChange(reason: "its mode is \(String(info.st_mode & 0o7777, radix: 8)), writable by \(info.st_mode & 0o002 != 0 ? "everyone" : "its group")"), file: path)
        }
        do { _ = try DirectoryTrust.check(directoryOf: path, uid: user) } catch {
            if case .untrustedDirectory(let directory) = error.kind {
                throw SetupFileError(.othersCanChange(reason: "\(directory)"), file: path)
            }
            throw SetupFileError(.file(error), file: path)
        }
    }

    /// Reads the set-up file at `path` (at most 64 KiB; pipes and devices are refused).
    public static func load(_ path: String) throws(SetupFileError) -> Setup {
        if path != "-" { try checkOnlyYoursCanChange(path) }
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.readAll(path, kind: .setupFile)
        } catch {
            throw SetupFileError(.file(error), file: path)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw SetupFileError(.notText, file: path) }
        return try parse(text, file: path)
    }

    /// Writes the set-up to a new file at `path`, mode 0644 (it holds no secrets), whole or not at
    /// all. An existing file is replaced only when `replace` is true; the directory must be one
    /// that only the user and root can change, as for every file sshauth writes. A set-up that
    /// ``load(_:)`` would refuse (a relative path, say) is refused here, and nothing is written.
    public static func save(_ setup: Setup, to path: String, replace: Bool) throws(SetupFileError) {
        let text = render(setup)
        _ = try parse(text, file: path)
        do {
            try SafeFileWriter.write(Array(text.utf8), to: path, mode: 0o644, replace: replace)
        } catch where error.kind == .exists {
            throw SetupFileError(.exists, file: path)
        } catch {
            throw SetupFileError(.file(error), file: path)
        }
    }
}
