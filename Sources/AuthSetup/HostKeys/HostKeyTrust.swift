import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// Whether a host key presented by a target can be trusted, judged against the user's known_hosts
/// files the way ssh judges it, and how to record a newly accepted key.
public struct HostKeyTrust: Sendable {
    /// The files consulted, in order; new keys are written to the first.
    public let files: [String]

    public init(files: [String]) {
        self.files = files
    }

    /// The verdict on `key` for `host` and `port`.
    public enum Verdict: Sendable, Equatable {
        /// Listed in `file` at `line`.
        case known(file: String, line: Int)
        /// No entry for the host with a key of this kind.
        case unknown
        /// The host is listed with other keys of the same kind: possibly an attack. Nothing may be sent.
        case changed(file: String, lines: [Int])
        /// Marked `@revoked`.
        case revoked(file: String, line: Int)
    }

    /// Refuses a file that exists but cannot be read whole (too large, a pipe or device, no
    /// permission): the verdict counts only missing files as empty, and must not miss a
    /// `@revoked` line or a changed key because a file could not be read.
    public func checkReadable() throws(LocalFileError) {
        for file in files { try LocalFile.checkInput(file, kind: .knownHosts) }
    }

    /// Reads every file (missing ones count as empty) and decides; call ``checkReadable()`` first.
    public func verdict(for key: SSHPublicKey, host: String, port: Int) -> Verdict {
        var result = Verdict.unknown
        for file in files {
            guard let bytes = try? LocalFile.readAll(file, kind: .knownHosts) else { continue }
            switch KnownHostsFile(bytes: bytes).verdict(host: host, port: port, key: key) {
            case .revoked(let line): return .revoked(file: file, line: line)
            case .changed(let lines): return .changed(file: file, lines: lines)
            case .known(let line):
                if case .unknown = result { result = .known(file: file, line: line) }
            case .unknown: break
            }
        }
        return result
    }

    /// The key algorithms already trusted for this host, so the connection can ask for one of them.
    /// For a port other than 22 the bare host's keys count too, as ``verdict(for:host:port:)`` accepts them.
    public func knownAlgorithms(host: String, port: Int) -> [SSHKeyAlgorithm] {
        var found: [SSHKeyAlgorithm] = []
        for file in files {
            guard let bytes = try? LocalFile.readAll(file, kind: .knownHosts) else { continue }
            for line in KnownHostsFile(bytes: bytes).lines {
                guard case let .entry(marker, hosts, key, _) = line.content, marker == nil, !found.contains(key.algorithm),
                      hosts.matches(host: host, port: port) || hosts.matches(host: host, port: 22) else { continue }
                found.append(key.algorithm)
            }
        }
        return found
    }

    /// Appends an entry for the key to the first file, as ssh would write it (`[host]:port` for
    /// ports other than 22, hashed when asked), creating the file's directory 0700 if needed.
    /// A known_hosts that is a symbolic link stays one: the entry goes to the file it points to.
    public func record(_ key: SSHPublicKey, host: String, port: Int, hashed: Bool) throws(LocalFileError) {
        guard let first = files.first else { return }
        let file = try Self.followingLinks(first)
        let directory = SafeFileWriter.parentDirectory(of: file)
        if !LocalFile.exists(directory) { try SafeFileWriter.makeDirectory(directory, mode: 0o700) }
        let existing = (try? LocalFile.readAll(file)) ?? []
        let entry = KnownHostsFile.entryText(host: host, port: port, key: key, hashed: hashed)
        let text = KnownHostsFile.appendText(for: entry, to: KnownHostsFile(bytes: existing))
        try SafeFileWriter.append(Array(text.utf8), to: file, creatingWithMode: 0o600)
    }

    /// The path `path` ends at once every symbolic link in its last component is followed, as
    /// ssh's `fopen` follows them; the final file need not exist yet. Relative link targets
    /// count from the link's own directory.
    static func followingLinks(_ path: String) throws(LocalFileError) -> String {
        var current = path
        // The kernel's own limit on links followed in one lookup.
        for _ in 0..<40 {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else {
                guard errno == EINVAL || errno == ENOENT else { throw .system("read the link", current) }
                return current
            }
            let target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : SafeFileWriter.parentDirectory(of: current) + "/" + target
        }
        throw .system("follow the links of", path, errno: ELOOP)
    }
}
