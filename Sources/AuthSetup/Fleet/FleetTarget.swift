/// One target of a `--hosts` list: the name it goes by in the list and where it is reached.
public struct FleetTarget: Sendable, Equatable {
    /// The name in the list: the inventory host name, or the line as written in a plain list.
    public var name: String
    /// The user, host and port to reach (from `ansible_user`, `ansible_host` and `ansible_port`
    /// in an inventory); what is not given is left to ~/.ssh/config and ssh's defaults.
    public var address: TargetAddress
    /// The line of the list that names the target.
    public var line: Int
    /// The inventory groups the target is in, directly or through a parent group, sorted; empty
    /// for a plain list.
    public var groups: [String]
    /// The target's own password file (`sshauth_password_file` in an inventory), made absolute
    /// against the inventory's directory; it replaces the common `--password-file` for this target.
    public var passwordFile: String?
    /// The target's own authorized_keys file (`sshauth_target_path`), as `--target-path` takes it.
    public var targetPath: String?

    public init(name: String, address: TargetAddress, line: Int, groups: [String] = [], passwordFile: String? = nil,
                targetPath: String? = nil) {
        self.name = name
        self.address = address
        self.line = line
        self.groups = groups
        self.passwordFile = passwordFile
        self.targetPath = targetPath
    }
}
