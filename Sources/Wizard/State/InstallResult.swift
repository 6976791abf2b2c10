/// What the result screen shows after the key pair flow: the key, the proof, what to copy.
public struct InstallResult: Sendable, Equatable {
    public let targetName: String
    public let fingerprint: String
    public let randomart: String
    public let privateKeyPath: String
    public let publicKeyPath: String
    /// The `ssh -i ...` line to log in with.
    public let loginCommand: String
    /// A `~/.ssh/config` block that makes `ssh ALIAS` use the key.
    public let hostBlock: String

    public init(targetName: String, fingerprint: String, randomart: String, privateKeyPath: String, publicKeyPath: String,
                loginCommand: String, hostBlock: String) {
        self.targetName = targetName
        self.fingerprint = fingerprint
        self.randomart = randomart
        self.privateKeyPath = privateKeyPath
        self.publicKeyPath = publicKeyPath
        self.loginCommand = loginCommand
        self.hostBlock = hostBlock
    }
}
