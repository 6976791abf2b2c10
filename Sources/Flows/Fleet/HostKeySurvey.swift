import AuthSetup
import RemoteAccess
import SSHKeys

/// Before a run over many targets whose unknown host keys are to be asked about: connect to every
/// target, take its host key and judge it, and send nothing else (no user name, no credential).
/// The unknown keys can then be shown together for one decision.
public enum HostKeySurvey {
    /// A target whose host key no known_hosts file holds.
    public struct UnknownKey: Sendable {
        public let index: Int
        /// `host` or `[host]:port`, as known_hosts names it.
        public let name: String
        public let algorithm: String
        public let fingerprint: String
    }

    /// The unknown keys among `targets`, in their order; targets that cannot be reached, or whose
    /// key is known, changed or revoked, are left to the run, which fails them with the reason.
    public static func unknownKeys(_ targets: [Target], parallel: Int, timeoutSeconds: Int,
                                   report: @escaping @Sendable (Int, FleetStage) -> Void) -> [UnknownKey] {
        let found = FleetRun.run(count: targets.count, parallel: parallel, report: report) { index, stage -> UnknownKey? in
            stage(.connecting)
            defer { stage(.waiting) }
            guard let connection = try? targets[index].connect(timeoutSeconds: timeoutSeconds),
                  case .unknown = connection.verdict else { return nil }
            let key = connection.session.hostKey
            return UnknownKey(index: index, name: connection.knownHostsName, algorithm: key.algorithm.shortName,
                              fingerprint: Fingerprint(of: key).description)
        }
        return found.compactMap { $0 }
    }
}
