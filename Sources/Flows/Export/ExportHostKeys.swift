import AuthSetup
import RemoteAccess
import SSHKeys

/// The host keys an export pins for its targets: those the user's known_hosts files already trust
/// for each target, and, when asked, the keys the targets without one present (fetched with the
/// key exchange alone: nothing else is sent, and the user's known_hosts is not changed).
public enum ExportHostKeys {
    public struct Result: Sendable {
        public var keys: [AnsibleExport.PinnedHostKey]
        /// One sentence per key taken from a target because none was pinned.
        public var accepted: [String]
    }

    /// The pinned keys of `targets`. A target with none is refused (all of them named in one
    /// sentence) unless `acceptNew`; then every target is contacted, and one whose live key is
    /// not the pinned one (changed or revoked) stops the export.
    public static func collect(_ targets: [Target], acceptNew: Bool, timeoutSeconds: Int) throws(FlowFailure) -> Result {
        var keys: [AnsibleExport.PinnedHostKey] = []
        var unpinned: [Target] = []
        for target in targets {
            let found = try pinned(target)
            if found.isEmpty { unpinned.append(target) }
            keys += found
        }
        guard acceptNew else {
            guard unpinned.isEmpty else {
                let names = unpinned.map(\.knownHostsName).joined(separator: ", ")
                throw FlowFailure("no host key is pinned for \(names) in \(files(of: unpinned)); log in once with ssh or sshauth check to pin it, or pass --accept-new-host-key to take the key each target presents now.")
            }
            return Result(keys: keys, accepted: [])
        }
        var accepted: [String] = []
        var problems: [String] = []
        for target in targets {
            let connection: TargetConnection
            do { connection = try target.connect(timeoutSeconds: timeoutSeconds) } catch {
                problems.append(error.description)
                continue
            }
            if let refusal = connection.refusal {
                problems.append(refusal)
                continue
            }
            guard case .unknown = connection.verdict else { continue }
            let key = connection.session.hostKey
            keys.append(AnsibleExport.PinnedHostKey(host: target.host, port: target.port, key: key))
            accepted.append("took the host key of \(target.knownHostsName) as it presented it: \(key.algorithm.shortName) \(Fingerprint(of: key)) (written to the export's known_hosts only).")
        }
        guard problems.isEmpty else {
            throw FlowFailure("nothing was exported: " + problems.joined(separator: " "))
        }
        return Result(keys: keys, accepted: accepted)
    }

    /// The keys the target's known_hosts files trust for it: plain entries for `[host]:port` (or,
    /// for a port other than 22, the bare host, as ssh accepts them), hashed ones too, without
    /// any key an `@revoked` line names for the host.
    static func pinned(_ target: Target) throws(FlowFailure) -> [AnsibleExport.PinnedHostKey] {
        var trusted: [SSHPublicKey] = []
        var revoked: [SSHPublicKey] = []
        for file in target.knownHostsFiles {
            let bytes: [UInt8]
            do {
                try LocalFile.checkInput(file, kind: .knownHosts)
                guard LocalFile.exists(file) else { continue }
                bytes = try LocalFile.readAll(file, kind: .knownHosts)
            } catch {
                throw FlowFailure(error.description)
            }
            for line in KnownHostsFile(bytes: bytes).lines {
                guard case let .entry(marker, hosts, key, _) = line.content,
                      hosts.matches(host: target.host, port: target.port) || (target.port != 22 && hosts.matches(host: target.host, port: 22)) else { continue }
                switch marker {
                case nil: if !trusted.contains(key) { trusted.append(key) }
                case .revoked?: revoked.append(key)
                case .certAuthority?: break
                }
            }
        }
        return trusted.filter { !revoked.contains($0) }.map { AnsibleExport.PinnedHostKey(host: target.host, port: target.port, key: $0) }
    }

    private static func files(of targets: [Target]) -> String {
        var seen: [String] = []
        for file in targets.flatMap(\.knownHostsFiles) where !seen.contains(file) { seen.append(file) }
        return seen.isEmpty ? "known_hosts" : seen.joined(separator: ", ")
    }
}
