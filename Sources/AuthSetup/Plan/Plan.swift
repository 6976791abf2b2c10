/// What a command or the wizard is about to do, as an ordered list of steps.
///
/// One plan serves three views: the executor applies it, `--dry-run` prints it, and `--json`
/// serialises it. A plan never contains a secret: steps describe where a passphrase comes from,
/// never what it is.
public struct Plan: Sendable {
    /// One line saying what the whole plan achieves.
    public var title: String
    public var steps: [Step]
    /// Things the user should know before applying (e.g. shared-uid homes).
    public var notes: [String]

    public init(title: String, steps: [Step] = [], notes: [String] = []) {
        self.title = title
        self.steps = steps
        self.notes = notes
    }

    /// One thing the plan does.
    public struct Step: Sendable {
        /// The kind of change, for people scanning the plan and for JSON consumers.
        public enum Change: String, Sendable, Codable {
            case createDirectory = "create-directory"
            case generateKey = "generate-key"
            case writeFile = "write-file"
            case replaceFile = "replace-file"
            case append
            case changeMode = "chmod"
            case connect
            case run
            case check
        }

        /// Where the step acts.
        public enum Location: Sendable, Equatable, CustomStringConvertible {
            case local(path: String)
            case remote(user: String, host: String, port: Int, path: String)
            case none

            /// The path alone, wherever it is.
            public var path: String {
                switch self {
                case .local(let path), .remote(_, _, _, let path): path
                case .none: ""
                }
            }

            public var description: String {
                switch self {
                case .local(let path): path
                case .remote(let user, let host, let port, let path):
                    port == 22 ? "\(user)@\(host):\(path)" : "\(user)@\(host):\(port):\(path)"
                case .none: ""
                }
            }
        }

        public var change: Change
        /// What the step does, in words.
        public var summary: String
        public var location: Location
        /// The permission bits a created or changed file gets.
        public var mode: UInt32?
        /// The command a person would type to do the same by hand, where there is one.
        public var manualCommand: String?
        /// The work itself; never run in a dry run.
        let perform: @Sendable () throws -> Void

        public init(change: Change, summary: String, location: Location = .none, mode: UInt32? = nil,
                    manualCommand: String? = nil, perform: @escaping @Sendable () throws -> Void) {
            self.change = change
            self.summary = summary
            self.location = location
            self.mode = mode
            self.manualCommand = manualCommand
            self.perform = perform
        }
    }
}
