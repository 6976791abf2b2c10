import Yams

/// The YAML layer of the set-up file: text to a checked tree of nodes, each value read by hand.
///
/// Yams composes the nodes with the basic resolver, so nothing is typed implicitly (`no` stays the
/// word no, `0755` stays four characters); the kind each value must have is checked here, with
/// the line it is on. Anchors, aliases, explicit tags and merge keys are refused: a reviewed file
/// should say everything where it is read.
enum SetupFileNodes {
    /// The document's top node, or the first problem with the YAML itself.
    static func compose(_ text: String, file: String) throws(SetupFileError) -> Node {
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            root = try parser.singleRoot()
        } catch {
            throw translate(error, text: text, file: file)
        }
        guard let root else { throw SetupFileError(.empty, file: file, line: 1) }
        // Yams holds anchors weakly in the nodes and strongly in the parser: keep it alive for the walk.
        let unsupported = withExtendedLifetime(parser) { firstUnsupported(in: root, file: file) }
        if let unsupported { throw unsupported }
        return root
    }

    /// Yams' errors as one sentence with the line libyaml reports.
    private static func translate(_ error: any Error, text: String, file: String) -> SetupFileError {
        guard let yamlError = error as? YamlError else {
            return SetupFileError(.syntax(problem: "\(error)"), file: file)
        }
        func described(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context, !context.text.isEmpty else { return problem }
            return "\(problem), \(context.text) from line \(context.mark.line)"
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            // libyaml stops at 1000 levels, which also bounds the recursion of the composer and of the checks here.
            if problem.contains("nesting level") {
                return SetupFileError(.unsupportedYAML(feature: "nesting this deep", advice: "a set-up needs a few levels of keys only"), file: file, line: mark.line)
            }
            return SetupFileError(.syntax(problem: described(problem, context)), file: file, line: mark.line)
        case .composer(let context, let problem, let mark, _):
            // The only composer error the basic resolver leaves: an alias with no anchor before it.
            if problem.contains("alias") {
                return SetupFileError(.unsupportedYAML(feature: "an alias (*name)", advice: "write the value out in full"), file: file, line: mark.line)
            }
            let advice = problem.contains("another document") ? "a set-up file holds one document; remove the '---' and what follows" : nil
            return SetupFileError(.syntax(problem: advice ?? described(problem, context)), file: file, line: mark.line)
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in 1 + text.prefix(offset).reduce(0) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 } }
            return SetupFileError(.syntax(problem: problem), file: file, line: line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SetupFileError(.duplicateKey, file: file, line: context.mark.line, input: duplicates.first)
        default:
            return SetupFileError(.syntax(problem: "\(yamlError)"), file: file)
        }
    }

    /// The first anchor, alias, explicit tag, merge key or non-text key, in document order. An
    /// alias always follows its anchor, so it is refused at the anchor before it can be expanded.
    private static func firstUnsupported(in node: Node, file: String) -> SetupFileError? {
        let line = node.mark?.line
        if node.anchor != nil {
            return SetupFileError(.unsupportedYAML(feature: "an anchor (&name) and its aliases", advice: "write each value out in full where it is used"), file: file, line: line)
        }
        let plainTags: [Tag.Name]
        switch node {
        case .scalar: plainTags = [.implicit, .nonSpecific, .str]
        case .mapping: plainTags = [.implicit, .nonSpecific, .map]
        case .sequence: plainTags = [.implicit, .nonSpecific, .seq]
        case .alias:
            return SetupFileError(.unsupportedYAML(feature: "an alias (*name)", advice: "write the value out in full"), file: file, line: line)
        }
        let tag = node.tag.description
        if !plainTags.map(\.rawValue).contains(tag) {
            return SetupFileError(.unsupportedYAML(feature: "the tag '\(shortTag(tag))'", advice: "remove it: values are read exactly as written"), file: file, line: line)
        }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else {
                    return SetupFileError(.unsupportedYAML(feature: "a key that is itself a list or a mapping", advice: "write keys as plain words"), file: file, line: key.mark?.line)
                }
                if scalar.string == "<<", scalar.style == .plain {
                    return SetupFileError(.unsupportedYAML(feature: "a merge key (<<)", advice: "write the keys out in full"), file: file, line: key.mark?.line)
                }
                if let problem = firstUnsupported(in: key, file: file) ?? firstUnsupported(in: value, file: file) { return problem }
            }
        case .sequence(let sequence):
            for item in sequence {
                if let problem = firstUnsupported(in: item, file: file) { return problem }
            }
        case .scalar, .alias:
            break
        }
        return nil
    }

    /// `!!int` rather than `tag:yaml.org,2002:int`, as it was most likely written.
    private static func shortTag(_ tag: String) -> String {
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }
}

/// One key of a mapping with its value, and where it is.
struct SetupFileEntry {
    let name: String
    /// The dotted path of the key, e.g. `login.password`.
    let path: String
    let keyLine: Int?
    let value: Node
    let file: String

    /// The line of the value, or of the key when the value has none.
    var line: Int? { value.mark?.line ?? keyLine }

    func failure(_ kind: SetupFileError.Kind, input: String? = nil) -> SetupFileError {
        SetupFileError(kind, file: file, line: line, key: path, input: input)
    }

    /// The value as written, for sentences about a wrong kind of value.
    var shown: String {
        switch value {
        case .scalar(let scalar): return scalar.string
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// Text: a scalar that is not empty and has no control or invisible formatting characters
    /// (which would make two values look alike, and a leading U+FEFF would not survive a reading).
    func text() throws(SetupFileError) -> String {
        guard case .scalar(let scalar) = value else { throw failure(.wrongType(expected: "text"), input: shown) }
        guard !scalar.string.isEmpty else { throw failure(.noValue) }
        if scalar.string.unicodeScalars.contains(where: Self.isInvisible) {
            throw failure(.invalid(reason: "\(SetupFileError.quoted(scalar.string)) holds a control or invisible character (a tab, a line break, U+FEFF...), which no value here may contain; remove it."))
        }
        return scalar.string
    }

    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// A whole number written without quotes (a quoted one is text, as YAML reads it); `unit`
    /// names what it counts, if anything.
    func number(in range: ClosedRange<Int>, unit: String = "") throws(SetupFileError) -> Int {
        let expected = "a whole number" + (unit.isEmpty ? "" : " of " + unit)
        guard case .scalar(let scalar) = value else { throw failure(.wrongType(expected: expected), input: shown) }
        guard !scalar.string.isEmpty else { throw failure(.noValue) }
        let digits = scalar.string.utf8
        guard scalar.style == .plain, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw failure(.wrongType(expected: expected + ", written without quotes"), input: scalar.string)
        }
        guard digits.count <= 12, let number = Int(scalar.string), range.contains(number) else {
            throw failure(.outOfRange(range, unit: unit), input: scalar.string)
        }
        return number
    }

    /// `true` or `false` (also `yes` or `no`), without quotes.
    func flag() throws(SetupFileError) -> Bool {
        guard case .scalar(let scalar) = value, scalar.style == .plain else { throw failure(.wrongType(expected: "true or false, without quotes"), input: shown) }
        switch scalar.string {
        case "true", "yes": return true
        case "false", "no": return false
        case "": throw failure(.noValue)
        default: throw failure(.wrongType(expected: "true or false"), input: scalar.string)
        }
    }

    /// One of `allowed`, exactly.
    func word(_ allowed: [String]) throws(SetupFileError) -> String {
        let written = try text()
        guard allowed.contains(written) else { throw failure(.unknownValue(allowed: allowed), input: written) }
        return written
    }

    /// A full local path: starting with `/`, never with `~`.
    func localPath() throws(SetupFileError) -> String {
        let path = try text()
        if path.hasPrefix("~") { throw failure(.tildePath, input: path) }
        guard path.hasPrefix("/") else { throw failure(.relativePath, input: path) }
        return path
    }

    /// The keys and values of a mapping.
    func section() throws(SetupFileError) -> SetupFileSection {
        guard case .mapping(let mapping) = value else { throw failure(.wrongType(expected: "a mapping of keys and values"), input: shown) }
        return SetupFileSection(mapping, path: path, file: file)
    }

    /// Where a secret comes from: `ask`, `none` (where `noneAllowed`), `{file: PATH}` or `{fd: N}`.
    /// Returns nil for `none`. Any other text is taken for the secret itself and refused without
    /// being repeated.
    func secretOrigin(noneAllowed: Bool) throws(SetupFileError) -> Setup.SecretOrigin? {
        let words = ["ask"] + (noneAllowed ? ["none"] : []) + ["{file: PATH}", "{fd: N}"]
        switch value {
        case .scalar(let scalar):
            switch scalar.string {
            case "ask": return .ask
            case "none" where noneAllowed: return nil
            case "none": throw failure(.unknownValue(allowed: words), input: "none")
            case "": throw failure(.noValue)
            default: throw failure(.inlineSecret)
            }
        case .mapping:
            let origin = try section()
            try origin.checkKeys(["file", "fd"])
            let file = origin["file"], descriptor = origin["fd"]
            if let file, descriptor != nil { throw file.failure(.conflicting(other: descriptor!.path)) }
            if let file { return .file(try file.localPath()) }
            if let descriptor { return .descriptor(Int32(try descriptor.number(in: 0...Int(Int32.max)))) }
            throw origin.missing("file", advice: "write {file: PATH} or {fd: N}")
        default:
            throw failure(.wrongType(expected: words.joined(separator: ", ")), input: shown)
        }
    }
}

/// A mapping of the set-up file: its keys, checked against the ones allowed there.
struct SetupFileSection {
    let entries: [SetupFileEntry]
    /// The dotted path of the mapping (empty at the top).
    let path: String
    let line: Int?
    let file: String

    init(_ mapping: Node.Mapping, path: String, file: String) {
        self.path = path
        self.file = file
        line = mapping.mark?.line
        entries = mapping.map { key, value in
            let name = key.scalar?.string ?? ""
            return SetupFileEntry(name: name, path: path.isEmpty ? name : path + "." + name, keyLine: key.mark?.line, value: value, file: file)
        }
    }

    subscript(name: String) -> SetupFileEntry? {
        entries.first { $0.name == name }
    }

    /// Refuses the first key that is not `allowed`; one named like a secret and holding text is
    /// refused as a secret written into the file.
    func checkKeys(_ allowed: [String]) throws(SetupFileError) {
        for entry in entries where !allowed.contains(entry.name) {
            if Self.looksSecret(entry.name), case .scalar(let scalar) = entry.value, !["ask", "none", ""].contains(scalar.string) {
                throw SetupFileError(.inlineSecret, file: file, line: entry.keyLine, key: entry.path)
            }
            throw SetupFileError(.unknownKey(allowed: allowed), file: file, line: entry.keyLine, key: entry.path, input: entry.name)
        }
    }

    /// A required key is missing from this mapping.
    func missing(_ name: String, advice: String) -> SetupFileError {
        SetupFileError(.missing(advice: advice), file: file, line: line, key: path.isEmpty ? name : path + "." + name)
    }

    /// Key names that people use for a secret itself.
    private static func looksSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["secret", "pass", "pwd", "token"].contains { lowered.contains($0) }
    }
}
