/// One page of the help reference.
public struct HelpTopic: Sendable, Equatable {
    /// The name used on the command line and for the file in Resources/help ("keypair").
    public let id: String
    /// The topic's first `#` heading without the `#` ("Mechanism 2: OpenSSH key pair").
    public let title: String
    /// The whole text, heading included: Markdown-like plain text, lines of at most 100 characters.
    public let text: String

    public init(id: String, title: String, text: String) {
        self.id = id
        self.title = title
        self.text = text
    }
}

/// The help reference compiled into the binary: the same texts for the wizard's help screens and
/// for `sshauth help`.
public enum HelpCatalog {
    /// Every topic, in the order the help presents them (overview first).
    public static let topics: [HelpTopic] = HelpTexts.ids.map { id in
        let text = HelpTexts.text(id) ?? ""
        return HelpTopic(id: id, title: title(of: text) ?? id, text: text)
    }

    /// The mechanisms also answer to the numbers the manual and the wizard give them.
    public static let aliases: [String: String] = ["1": "password", "2": "keypair", "3": "askpass", "4": "certificate"]

    /// The topic named by `name`: its id, a number alias, or a start of an id that fits only one
    /// topic. Case does not matter.
    public static func topic(_ name: String) -> HelpTopic? {
        let candidates = self.candidates(name)
        return candidates.count == 1 ? candidates[0] : nil
    }

    /// The topics `name` could mean: the one it names exactly (or by alias), else every topic whose
    /// id starts with it. Empty when nothing fits; more than one when `name` is ambiguous.
    public static func candidates(_ name: String) -> [HelpTopic] {
        let key = name.lowercased()
        guard !key.isEmpty else { return [] }
        let id = aliases[key] ?? key
        if let exact = topics.first(where: { $0.id == id }) { return [exact] }
        return topics.filter { $0.id.hasPrefix(key) }
    }

    /// One line of a topic that contains a search term.
    public struct Match: Sendable, Equatable {
        /// The topic the line belongs to.
        public let topicID: String
        /// The line's index in the topic's text (0 is the heading), counting unwrapped lines.
        public let lineIndex: Int
        /// The line itself, unwrapped.
        public let line: String

        public init(topicID: String, lineIndex: Int, line: String) {
            self.topicID = topicID
            self.lineIndex = lineIndex
            self.line = line
        }
    }

    /// Every line of every topic that contains `query`, ignoring case, in topic order and then line
    /// order. An empty (or all-blank) query finds nothing.
    public static func search(_ query: String) -> [Match] {
        let needle = query.lowercased()
        guard needle.contains(where: { !$0.isWhitespace }) else { return [] }
        var matches: [Match] = []
        for topic in topics {
            for (index, line) in topic.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.lowercased().contains(needle) {
                matches.append(Match(topicID: topic.id, lineIndex: index, line: String(line)))
            }
        }
        return matches
    }

    /// The text of the first `# ` heading, which is the topic's title.
    private static func title(of text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("# ") {
            return String(line.dropFirst(2).drop { $0 == " " })
        }
        return nil
    }
}
