/// What connecting to the target found out, before any credential was sent.
public struct TargetCheck: Sendable, Equatable {
    /// `user@host` (port when not 22), after ~/.ssh/config was applied.
    public let targetName: String
    /// The alias the user typed, when a Host block resolved it.
    public let alias: String?
    public let hostKeyType: String
    public let fingerprint: String
    public let randomart: String
    public let verdict: Verdict
    /// The login methods the server offers the user.
    public let methods: [String]

    public enum Verdict: Sendable, Equatable {
        case known
        case unknown
        /// The host is known with another key in `file` on `lines`: possibly an attack.
        case changed(file: String, lines: [Int])
        case revoked(file: String, line: Int)
    }

    /// The host part of ``targetName`` (the alias when one was used: a name the user chose).
    public var host: String {
        if let alias { return alias }
        let afterUser = targetName.split(separator: "@", maxSplits: 1).last ?? Substring(targetName)
        return String(afterUser.split(separator: " ").first ?? afterUser)
    }

    public init(targetName: String, alias: String?, hostKeyType: String, fingerprint: String, randomart: String,
                verdict: Verdict, methods: [String]) {
        self.targetName = targetName
        self.alias = alias
        self.hostKeyType = hostKeyType
        self.fingerprint = fingerprint
        self.randomart = randomart
        self.verdict = verdict
        self.methods = methods
    }
}
