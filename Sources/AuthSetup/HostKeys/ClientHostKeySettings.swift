/// How the user's own ssh treats host keys for a target, read from `ssh -G` so that every source
/// of configuration (system and user files, Include, Match) counts exactly as it will for ssh.
public struct ClientHostKeySettings: Sendable, Equatable {
    /// `HashKnownHosts`: new entries are written hashed.
    public let hashKnownHosts: Bool

    public init(hashKnownHosts: Bool) {
        self.hashKnownHosts = hashKnownHosts
    }

    /// Asks `ssh -G` (which connects nowhere); without a working ssh, OpenSSH's default (not hashed).
    public static func forTarget(host: String, port: Int, user: String) -> ClientHostKeySettings {
        guard let result = ProgramRunner.run(["ssh", "-G", "-p", String(port), "-l", user, "--", host]), result.status == 0 else {
            return ClientHostKeySettings(hashKnownHosts: false)
        }
        let hashed = result.output.split(separator: "\n").contains { $0.lowercased() == "hashknownhosts yes" }
        return ClientHostKeySettings(hashKnownHosts: hashed)
    }
}
