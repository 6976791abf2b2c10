#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An Ansible INI inventory, read as `ansible-inventory` reads it: hosts (before any section they
/// are `ungrouped`), `[group]`, `[group:children]` and `[group:vars]`, host variables after the
/// host name, and ranges such as `web[01:03]`. Only `ansible_host`, `ansible_port` and
/// `ansible_user` matter to sshauth, with sshauth's own `sshauth_password_file` and
/// `sshauth_target_path`; other variables are kept but not used.
struct AnsibleInventory {
    /// A variable's value and the line that set it, for sentences about the value.
    struct Value: Equatable {
        var text: String
        var line: Int
    }

    struct Host {
        var name: String
        var line: Int
        var variables: [String: Value] = [:]
        /// The groups whose section names the host.
        var groups: Set<String> = []
    }

    struct Group {
        var children: [String] = []
        var variables: [String: Value] = [:]
    }

    let file: String
    /// In the order of first appearance, as the targets are run.
    private(set) var hosts: [Host] = []
    private var hostIndex: [String: Int] = [:]
    private(set) var groups: [String: Group] = ["all": Group(), "ungrouped": Group()]
    /// `[group:vars]` sections, checked once the whole file has said which groups exist.
    private var varsSections: [(group: String, line: Int)] = []

    private enum Section {
        case hosts(String)
        case children(String)
        case vars(String)
    }

    /// `(group, type)` when the line is a section header; type is nil for a hosts section.
    static func sectionHeader(_ text: String) -> (group: String, type: String?)? {
        guard text.first == "[", let close = text.firstIndex(of: "]") else { return nil }
        let after = String(text[text.index(after: close)...]).blankTrimmed
        guard after.isEmpty || after.first == "#" || after.first == ";" else { return nil }
        let inside = text[text.index(after: text.startIndex)..<close]
        let parts = inside.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.first, !name.isEmpty,
              !name.contains(where: { $0 == " " || $0 == "\t" || $0 == "[" }) else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            return (String(name), String(parts[1]))
        }
        return (String(name), nil)
    }

    static func parse(_ lines: [String], file: String) throws(TargetListError) -> AnsibleInventory {
        var inventory = AnsibleInventory(file: file)
        var section = Section.hosts("ungrouped")
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let text = raw.blankTrimmed
            if text.isEmpty || text.first == "#" || text.first == ";" { continue }
            if let header = sectionHeader(text) {
                try inventory.checkGroupName(header.group, line: number)
                switch header.type {
                case nil:
                    section = .hosts(header.group)
                    inventory.defineGroup(header.group)
                case "children"?:
                    section = .children(header.group)
                    inventory.defineGroup(header.group)
                case "vars"?:
                    section = .vars(header.group)
                    inventory.varsSections.append((header.group, number))
                case let other?:
                    throw TargetListError(.unknownSectionType(other), file: file, line: number)
                }
                continue
            }
            if text.first == "[", text.last == "]", !text.contains(":") {
                throw TargetListError(.badSection(text), file: file, line: number)
            }
            switch section {
            case .hosts(let group): try inventory.addHosts(text, group: group, line: number)
            case .children(let group): try inventory.addChild(text, to: group, line: number)
            case .vars(let group): try inventory.addGroupVariable(text, to: group, line: number)
            }
        }
        for (group, line) in inventory.varsSections where inventory.groups[group] == nil {
            throw TargetListError(.varsForUndefinedGroup(group), file: file, line: line)
        }
        return inventory
    }

    private func checkGroupName(_ name: String, line: Int) throws(TargetListError) {
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw TargetListError(.badGroupName(name), file: file, line: line)
        }
    }

    private mutating func defineGroup(_ name: String) {
        if groups[name] == nil { groups[name] = Group() }
    }

    /// A hosts line: a host pattern (perhaps with `:port` and ranges) and `name=value` words,
    /// split as a shell would (quotes group words, a `#` word starts a comment).
    private mutating func addHosts(_ text: String, group: String, line: Int) throws(TargetListError) {
        var words = try Self.words(text, file: file, line: line)
        guard !words.isEmpty else { return }
        let pattern = words.removeFirst()
        var variables: [String: Value] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw TargetListError(.notAVariable(word), file: file, line: line)
            }
            variables[String(word[..<equals])] = Value(text: String(word[word.index(after: equals)...]), line: line)
        }
        let (names, port) = try hostPattern(pattern, line: line)
        if let port, variables["ansible_port"] == nil { variables["ansible_port"] = Value(text: port, line: line) }
        guard hosts.count + names.count - names.filter({ hostIndex[$0] != nil }).count <= TargetList.maximumTargets else {
            throw TargetListError(.tooManyTargets(limit: TargetList.maximumTargets), file: file)
        }
        for name in names {
            let index: Int
            if let known = hostIndex[name] {
                index = known
            } else {
                index = hosts.count
                hostIndex[name] = index
                hosts.append(Host(name: name, line: line))
            }
            hosts[index].groups.insert(group)
            hosts[index].variables.merge(variables) { _, new in new }
        }
    }

    /// The host names a pattern stands for, and the port it gives (`host:2222`, `[::1]:2222`).
    private func hostPattern(_ pattern: String, line: Int) throws(TargetListError) -> ([String], String?) {
        var name = pattern
        var port: String?
        if pattern.first == "[", let close = pattern.firstIndex(of: "]"), pattern[pattern.index(after: pattern.startIndex)..<close].contains("::") || pattern[..<close].filter({ $0 == ":" }).count > 2 {
            // An IPv6 address in brackets, perhaps with a port after them.
            name = String(pattern[pattern.index(after: pattern.startIndex)..<close])
            let after = pattern[pattern.index(after: close)...]
            if after.first == ":" { port = String(after.dropFirst()) } else if !after.isEmpty {
                throw TargetListError(.badTarget(TargetError(.textAfterBracket(String(after)), input: pattern)), file: file, line: line)
            }
            return ([name], port)
        }
        // Outside brackets, one colon separates a port; several mean a bare IPv6 address.
        var depth = 0
        var colons: [String.Index] = []
        for index in pattern.indices {
            switch pattern[index] {
            case "[": depth += 1
            case "]": depth -= 1
            case ":" where depth == 0: colons.append(index)
            default: break
            }
        }
        if colons.count == 1, let colon = colons.first {
            name = String(pattern[..<colon])
            port = String(pattern[pattern.index(after: colon)...])
        }
        let names: [String]
        do { names = try HostRange.expand(name, limit: TargetList.maximumTargets) } catch {
            throw TargetListError(.badHostRange(pattern: pattern, reason: error.reason), file: file, line: line)
        }
        return (names, port)
    }

    private mutating func addChild(_ text: String, to group: String, line: Int) throws(TargetListError) {
        try checkGroupName(text, line: line)
        defineGroup(text)
        if text == group || descendants(of: text).contains(group) {
            throw TargetListError(.groupLoop(group: group, child: text), file: file, line: line)
        }
        if !groups[group, default: Group()].children.contains(text) { groups[group, default: Group()].children.append(text) }
    }

    /// `name=value`; a value in matching quotes loses them, as Ansible's reading of a literal does.
    private mutating func addGroupVariable(_ text: String, to group: String, line: Int) throws(TargetListError) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw TargetListError(.notAVariable(text), file: file, line: line)
        }
        let name = String(text[..<equals]).blankTrimmed
        var value = String(text[text.index(after: equals)...]).blankTrimmed
        if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
            value = String(value.dropFirst().dropLast())
        }
        var variables = varsOf(group)
        variables[name] = Value(text: value, line: line)
        groupVariables[group] = variables
    }

    /// Group variables are kept apart from the groups so that `[g:vars]` before `[g]` works;
    /// a `[g:vars]` whose group never appears is refused at the end.
    private var groupVariables: [String: [String: Value]] = [:]

    private func varsOf(_ group: String) -> [String: Value] { groupVariables[group] ?? [:] }

    /// Every group below `group`, through any number of `[:children]` levels.
    func descendants(of group: String) -> Set<String> {
        var found: Set<String> = []
        var waiting = groups[group]?.children ?? []
        while let next = waiting.popLast() {
            if found.insert(next).inserted { waiting += groups[next]?.children ?? [] }
        }
        return found
    }

    /// How deep each group sits below `all` (its longest path), which orders group variables:
    /// a deeper group's value wins, and at one depth the later name, as in Ansible. Worked out
    /// once, parents first, so that many paths through the same groups cost nothing extra.
    private func depths() -> [String: Int] {
        var depths: [String: Int] = ["all": 0]
        func depth(_ group: String) -> Int {
            if let known = depths[group] { return known }
            var found = 1
            for (parent, node) in groups where parent != "all" && node.children.contains(group) {
                found = max(found, depth(parent) + 1)
            }
            depths[group] = found
            return found
        }
        for group in groups.keys { _ = depth(group) }
        return depths
    }

    /// The hosts, each with its effective address, in the order of the file; with `limit`, only
    /// those in that group or a group below it (`all`: every host).
    func targets(limit: String?) throws(TargetListError) -> [FleetTarget] {
        var chosen: Set<String>?
        if let limit, limit != "all" {
            guard groups[limit] != nil else {
                throw TargetListError(.unknownGroup(limit, known: groups.keys.sorted()), file: file)
            }
            chosen = descendants(of: limit).union([limit])
        }
        // Each group's ancestors, worked out once rather than per host.
        var ancestors: [String: Set<String>] = [:]
        for name in groups.keys {
            for below in descendants(of: name) { ancestors[below, default: []].insert(name) }
        }
        let depths = depths()
        var targets: [FleetTarget] = []
        for host in hosts {
            var direct = host.groups
            if direct.count > 1 { direct.remove("ungrouped") }
            var memberOf = direct.union(["all"])
            for group in direct { memberOf.formUnion(ancestors[group] ?? []) }
            if let chosen, chosen.isDisjoint(with: memberOf) { continue }
            targets.append(try target(host, memberOf: memberOf, depths: depths))
        }
        return targets
    }

    private func target(_ host: Host, memberOf: Set<String>, depths: [String: Int]) throws(TargetListError) -> FleetTarget {
        var variables: [String: Value] = [:]
        let ordered = memberOf.sorted { (depths[$0] ?? 1, $0) < (depths[$1] ?? 1, $1) }
        for group in ordered { variables.merge(varsOf(group)) { _, new in new } }
        variables.merge(host.variables) { _, new in new }

        let hostName = variables["ansible_host"]?.text ?? host.name
        var port: Int?
        if let given = variables["ansible_port"] {
            guard given.text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(given.text), (1...65535).contains(number) else {
                throw TargetListError(.badPort(host: host.name, value: given.text), file: file, line: given.line)
            }
            port = number
        }
        let user = variables["ansible_user"]?.text
        let address = TargetAddress(user: user, host: hostName, port: port)
        // The parts come from different lines; parsing them back applies the rules a typed target meets.
        let line = [variables["ansible_user"]?.line, variables["ansible_host"]?.line].compactMap { $0 }.max() ?? host.line
        do throws(TargetError) {
            guard user?.isEmpty != true else { throw TargetError(.emptyUser, input: address.displayName) }
            let parsed = try TargetAddress(parsing: address.displayName)
            guard parsed == address else { throw TargetError(.unbalancedBrackets, input: address.displayName) }
        } catch {
            throw TargetListError(.badTarget(error), file: file, line: line)
        }
        var passwordFile: String?
        if let given = variables["sshauth_password_file"] {
            guard !given.text.isEmpty else { throw TargetListError(.emptyVariable("sshauth_password_file"), file: file, line: given.line) }
            passwordFile = given.text.hasPrefix("/") ? given.text : Self.directory(of: file) + "/" + given.text
        }
        var targetPath: String?
        if let given = variables["sshauth_target_path"] {
            // The target's home is not known here; a stand-in still catches directories and devices.
            do { try TargetPathError.check(given.text, home: "/nonexistent-sshauth-home") } catch {
                throw TargetListError(.badTargetPath(error), file: file, line: given.line)
            }
            targetPath = given.text
        }
        return FleetTarget(name: host.name, address: address, line: host.line,
                           groups: memberOf.subtracting(["all"]).sorted(), passwordFile: passwordFile, targetPath: targetPath)
    }

    /// The directory relative paths in the inventory count from: the file's own, or the current
    /// directory for standard input.
    private static func directory(of file: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let current = getcwd(&buffer, buffer.count) == nil ? "." : String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard file != "(stdin)" else { return current }
        let absolute = file.hasPrefix("/") ? file : current + "/" + file
        return SafeFileWriter.parentDirectory(of: absolute)
    }

    /// Splits a host line into words as a POSIX shell would: blanks separate, quotes group and
    /// are removed, a backslash escapes, and a word starting with `#` starts a comment.
    static func words(_ text: String, file: String, line: Int) throws(TargetListError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if let open = quote {
                if character == open { quote = nil } else if character == "\\", open == "\"" { escaped = true } else { current.append(character) }
                continue
            }
            switch character {
            case " ", "\t":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "#" where !inWord:
                return words
            case "\"", "'":
                quote = character
                inWord = true
            case "\\":
                escaped = true
                inWord = true
            default:
                current.append(character)
                inWord = true
            }
        }
        if quote != nil || escaped { throw TargetListError(.unclosedQuote, file: file, line: line) }
        if inWord { words.append(current) }
        return words
    }
}
