/// The targets of `--hosts FILE`: a plain list (`[user@]host[:port]` per line) or an Ansible INI
/// inventory, told apart by their content, and checked whole before any target is contacted.
public enum TargetList {
    /// What a run may take at once; ranges such as `web[1:100000]` are refused past it.
    public static let maximumTargets = 10_000

    /// The two kinds of file `--hosts` reads.
    public enum Format: Equatable, Sendable {
        /// One `[user@]host[:port]` per line, with `#` comments and blank lines.
        case plain
        /// An Ansible INI inventory: hosts, `[group]`, `[group:children]`, `[group:vars]`.
        case ansibleInventory
    }

    /// Reads `path` (`-`: standard input) with the size cap of a target list and returns its targets,
    /// in the order of the file, restricted to `limit`'s group (and its children) when given.
    public static func read(_ path: String, limit: String? = nil) throws(TargetListError) -> [FleetTarget] {
        let name = path == "-" ? "(stdin)" : path
        let bytes: [UInt8]
        do { bytes = try LocalFile.readAll(path, kind: .targetList) } catch { throw TargetListError(.unreadable(error), file: name) }
        return try parse(bytes, file: name, limit: limit)
    }

    /// The targets of a list's content; `file` names it in the sentences.
    public static func parse(_ bytes: [UInt8], file: String, limit: String? = nil) throws(TargetListError) -> [FleetTarget] {
        let lines = try textLines(bytes, file: file)
        let targets: [FleetTarget]
        switch format(of: lines) {
        case .plain:
            if let limit, limit != "all" { throw TargetListError(.limitOnPlainList(limit), file: file) }
            targets = try plainTargets(lines, file: file)
        case .ansibleInventory:
            targets = try AnsibleInventory.parse(lines, file: file).targets(limit: limit)
        }
        guard !targets.isEmpty else { throw TargetListError(.noTargets, file: file) }
        try refuseDuplicates(targets, file: file)
        return targets
    }

    /// The format of a list: an inventory when a line is a section header (`[name]`,
    /// `[name:children]`, `[name:vars]`) or a host line carries `name=value` variables; otherwise
    /// a plain list. `[::1]:22` is a target, not a header, because a group name has no colon.
    public static func format(of lines: [String]) -> Format {
        for line in lines {
            let text = line.blankTrimmed
            if text.isEmpty || text.first == "#" || text.first == ";" { continue }
            if AnsibleInventory.sectionHeader(text) != nil { return .ansibleInventory }
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count > 1, words[1].first != "#", words[1].contains("=") { return .ansibleInventory }
        }
        return .plain
    }

    /// The lines of the file, without their line ends (`\n` or `\r\n`).
    static func textLines(_ bytes: [UInt8], file: String) throws(TargetListError) -> [String] {
        var lines: [String] = []
        for (index, raw) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var line = raw
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard let text = String(validating: line, as: UTF8.self) else { throw TargetListError(.notText, file: file, line: index + 1) }
            lines.append(text)
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func plainTargets(_ lines: [String], file: String) throws(TargetListError) -> [FleetTarget] {
        var targets: [FleetTarget] = []
        for (index, line) in lines.enumerated() {
            let text = stripComment(line.blankTrimmed)
            if text.isEmpty { continue }
            do {
                targets.append(FleetTarget(name: text, address: try TargetAddress(parsing: text), line: index + 1))
            } catch {
                throw TargetListError(.badTarget(error), file: file, line: index + 1)
            }
            if targets.count > maximumTargets { throw TargetListError(.tooManyTargets(limit: maximumTargets), file: file) }
        }
        return targets
    }

    /// The line without a `#` comment that follows the target after a space or tab.
    private static func stripComment(_ text: String) -> String {
        if text.first == "#" { return "" }
        var previous: Character = "x"
        for index in text.indices {
            if text[index] == "#", previous == " " || previous == "\t" { return String(text[..<index]).blankTrimmed }
            previous = text[index]
        }
        return text
    }

    /// Two names for one target would run it twice at once, racing on its authorized_keys.
    /// A missing port counts as 22 and host names are compared without case, as DNS does.
    private static func refuseDuplicates(_ targets: [FleetTarget], file: String) throws(TargetListError) {
        struct Key: Hashable {
            let user: String?
            let host: String
            let port: Int
        }
        var seen: [Key: Int] = [:]
        for target in targets {
            let key = Key(user: target.address.user, host: target.address.host.lowercased(), port: target.address.port ?? 22)
            if let first = seen[key] {
                throw TargetListError(.duplicate(name: target.name, firstLine: first), file: file, line: target.line)
            }
            seen[key] = target.line
        }
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var blankTrimmed: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !blank($0) }), let end = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[start...end])
    }
}
