/// Why a `--hosts` list cannot be used, with the file and (for a bad line) the line it concerns.
public struct TargetListError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The file could not be read, or is not a file that may be read.
        case unreadable(LocalFileError)
        /// The line is not UTF-8 text.
        case notText
        /// The line's target does not parse; the target's own complaint says why.
        case badTarget(TargetError)
        /// The target (user, host and port) was already named on an earlier line.
        case duplicate(name: String, firstLine: Int)
        /// Neither the file nor the `--limit` group names any target.
        case noTargets
        /// More targets than a run may take.
        case tooManyTargets(limit: Int)
        /// An inventory section of a type other than hosts, `children` or `vars`.
        case unknownSectionType(String)
        /// A line that starts like a section header but is not one.
        case badSection(String)
        /// A group name with a character a group name cannot have.
        case badGroupName(String)
        /// A word after the host name that is not `name=value`.
        case notAVariable(String)
        /// A quote that is not closed on its line.
        case unclosedQuote
        /// An `ansible_port` (or `host:port`) that is not a port number.
        case badPort(host: String, value: String)
        /// A host range such as `web[01:03]` that cannot be expanded; `reason` says why.
        case badHostRange(pattern: String, reason: String)
        /// `[group:children]` lines that make a group its own ancestor.
        case groupLoop(group: String, child: String)
        /// `[group:vars]` for a group that is defined nowhere in the inventory.
        case varsForUndefinedGroup(String)
        /// `--limit` names a group that the inventory does not have.
        case unknownGroup(String, known: [String])
        /// `--limit` on a plain list, which has no groups.
        case limitOnPlainList(String)
        /// An sshauth variable (`sshauth_password_file`) with an empty value.
        case emptyVariable(String)
        /// An `sshauth_target_path` that cannot name an authorized_keys file.
        case badTargetPath(TargetPathError)
    }

    public let kind: Kind
    /// The file as named on the command line (`(stdin)` for `-`).
    public let file: String
    /// The line concerned, counting from 1; nil for the file as a whole.
    public let line: Int?

    public init(_ kind: Kind, file: String, line: Int? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
    }

    /// `FILE:LINE:` and one sentence saying what is wrong and what to do.
    public var description: String {
        let place = line.map { "\(file):\($0): " } ?? "\(file): "
        switch kind {
        case .unreadable(let error):
            return error.description
        case .notText:
            return place + "the line is not UTF-8 text; save the list as UTF-8."
        case .badTarget(let error):
            return place + error.description
        case .duplicate(let name, let firstLine):
            return place + "\(name) names the same target as line \(firstLine); remove one of the two."
        case .noTargets:
            return place + "no target is named; write one [user@]host[:port] per line, or inventory hosts under a [group]."
        case .tooManyTargets(let limit):
            return place + "more than \(limit) targets; split the list into smaller ones."
        case .unknownSectionType(let type):
            return place + "'\(type)' is not a section type; write [group], [group:children] or [group:vars]."
        case .badSection(let text):
            return place + "\(TargetError.quoted(text)) is not a section header; write [group], [group:children] or [group:vars]."
        case .badGroupName(let name):
            return place + "\(TargetError.quoted(name)) is not a group name; use letters, digits, '_' and '-' only."
        case .notAVariable(let word):
            return place + "\(TargetError.quoted(word)) after the host name is not name=value; write host variables as name=value, or put a '#' before a comment."
        case .unclosedQuote:
            return place + "a quote is opened but not closed on this line; close it."
        case .badPort(let host, let value):
            return place + "the port \(TargetError.quoted(value)) of \(host) is not a number from 1 to 65535; fix ansible_port."
        case .badHostRange(let pattern, let reason):
            return place + "the host range in \(TargetError.quoted(pattern)) \(reason); write it as name[01:10] or name[a:f]."
        case .groupLoop(let group, let child):
            return place + "making \(child) a child of \(group) makes \(group) its own descendant; remove one of the [:children] lines."
        case .varsForUndefinedGroup(let group):
            return place + "[\(group):vars] is for the group \(group), which the inventory does not define; add a [\(group)] section or fix the name."
        case .unknownGroup(let group, let known):
            return place + "--limit \(group) names no group of this inventory; give one of: \(known.joined(separator: ", "))."
        case .limitOnPlainList(let group):
            return place + "--limit \(group) picks a group, but this is a plain list of targets, which has none; use an Ansible inventory, or leave out --limit."
        case .emptyVariable(let name):
            return place + "\(name) is empty; give a file, or leave the variable out."
        case .badTargetPath(let error):
            return place + "sshauth_target_path" + error.description.dropFirst("--target-path".count)
        }
    }
}
