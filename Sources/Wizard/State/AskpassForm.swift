import AuthSetup

/// Mechanism 3's question after the login: where the password and the wrappers go.
public struct AskpassForm: Sendable, Equatable {
    public enum Field: Int, Sendable, CaseIterable {
        case directory, name
    }

    public var directory: String
    public var name: String
    public var focus: Field = .directory {
        didSet { afterCursor = 0 }
    }
    /// Characters between the cursor and the end of the focused field.
    public internal(set) var afterCursor = 0

    public init(directory: String, name: String) {
        self.directory = directory
        self.name = name
    }

    /// The defaults: `~/.config/sshauth/askpass`, named after the host.
    public init(home: String, host: String) {
        self.init(directory: home + "/.config/sshauth/askpass", name: AskpassRequest.defaultName(host: host))
    }

    public subscript(field: Field) -> String {
        get { field == .directory ? directory : name }
        set { if field == .directory { directory = newValue } else { name = newValue } }
    }

    /// Why the answers cannot be used yet, or nil.
    public var problem: String? {
        if directory.isEmpty { return "Name the directory for the files." }
        if !directory.hasPrefix("/"), !directory.hasPrefix("~") { return "Give the directory as a full path (or starting with ~)." }
        if directory.contains(where: \.isWhitespace) { return "ssh cannot take a directory with a blank in its name for the pinned known_hosts file." }
        return AskpassRequest.checkName(name).map { "T" + $0.dropFirst() }
    }

    /// The directory with `~` expanded.
    public func expandedDirectory(home: String) -> String {
        TypedPath.expand(directory, home: home)
    }

    mutating func edit(_ key: WizardEvent.Key) -> Bool {
        switch key {
        case .tab, .down: focus = focus.next
        case .backTab, .up: focus = focus.previous
        default:
            var text = self[focus]
            guard TextEntry.apply(key, to: &text, afterCursor: &afterCursor) else { return false }
            self[focus] = text
        }
        return true
    }
}

/// What the result screen shows after mechanism 3: where everything went and how jobs use it.
public struct AskpassResult: Sendable, Equatable {
    public let targetName: String
    public let directory: String
    public let sshWrapper: String
    public let sftpWrapper: String
    public let environmentFile: String
    public let passwordFile: String
    /// The z/OS batch variant for the same target (shown on request), or why it could not be made.
    public let zosVariant: [String]
    /// A job's own ssh call with the environment file, for this target (`-p PORT user@host`).
    public let ownSSHCall: String
    /// The command that stores a changed password for this set-up (it names the target).
    public let setupAgainCommand: String

    public init(targetName: String, directory: String, sshWrapper: String, sftpWrapper: String, environmentFile: String,
                passwordFile: String, zosVariant: [String], ownSSHCall: String = "", setupAgainCommand: String = "") {
        self.ownSSHCall = ownSSHCall
        self.setupAgainCommand = setupAgainCommand
        self.targetName = targetName
        self.directory = directory
        self.sshWrapper = sshWrapper
        self.sftpWrapper = sftpWrapper
        self.environmentFile = environmentFile
        self.passwordFile = passwordFile
        self.zosVariant = zosVariant
    }

    /// How jobs use the set-up, as the result screen lists them: a label and a line that runs as
    /// printed (the crontab line goes into `crontab -e`).
    public var usageLines: [(label: String, line: String)] {
        [
            ("Run a command", "\(ShellQuoting.quote(sshWrapper)) uname -a"),
            ("Transfer files", "echo ls | \(ShellQuoting.quote(sftpWrapper)) -b -"),
            ("From crontab", "0 2 * * * \(ShellQuoting.quote(sftpWrapper)) -b $HOME/nightly.sftp"),
            ("Own ssh calls", ownSSHCall),
        ]
    }

    /// The z/OS variant wrapped to `width` columns, as its scrolled view shows it: nothing cut.
    public func zosLines(width: Int) -> [String] {
        zosVariant.flatMap { ReviewScreen.wrap($0, width: max(width, 20)) }
    }
}
