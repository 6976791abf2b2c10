/// OpenSSH's wildcard patterns (`match.c`): the one matcher for known_hosts host fields and for
/// ssh_config's `Host` and `Match` lines.
///
/// `*` stands for any run of bytes and `?` for any one byte; every other byte stands for itself,
/// compared exactly. Case rules belong to the caller: ssh lower-cases the name and asks for the
/// patterns to be lower-cased where it compares host names (known_hosts, `Match host`), and
/// compares bytes as they are elsewhere (`Host`, `Match user`).
public enum WildcardPattern {
    /// What a comma-separated pattern list says about a text (`match_pattern_list`'s 1, -1, 0).
    public enum ListMatch: Sendable, Equatable {
        /// A pattern matched and no `!` pattern did.
        case matched
        /// A `!` pattern matched: the text is excluded, whatever else matched.
        case excluded
        /// Nothing matched, or a pattern was too long for ssh to try.
        case unmatched
    }

    /// ssh copies each pattern of a list into a 1024-byte buffer and gives up on the whole list when
    /// one does not fit with its terminating NUL.
    public static let longestListPattern = 1022

    /// Whether `text` matches the single `pattern` (`match_pattern`); commas and `!` are ordinary bytes.
    public static func matches(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>,
                               lowercasingPattern: Bool = false) -> Bool {
        let star = UInt8(ascii: "*"), any = UInt8(ascii: "?")
        var t = 0, p = 0
        // The last `*` seen and the text position it currently swallows up to: one backtrack point
        // is enough for `*` and `?`, so the walk never recurses and stays near-linear.
        var resume: (pattern: Int, text: Int)?
        while t < text.count {
            if p < pattern.count {
                let symbol = lowercasingPattern ? asciiLowercased(pattern[p]) : pattern[p]
                if symbol == star {
                    resume = (p + 1, t)
                    p += 1
                    continue
                }
                if symbol == any || symbol == text[t] {
                    p += 1
                    t += 1
                    continue
                }
            }
            guard let last = resume else { return false }
            resume = (last.pattern, last.text + 1)
            p = last.pattern
            t = last.text + 1
        }
        while p < pattern.count, pattern[p] == star { p += 1 }
        return p == pattern.count
    }

    /// Whether `text` matches the single `pattern`.
    public static func matches(_ text: [UInt8], _ pattern: [UInt8], lowercasingPattern: Bool = false) -> Bool {
        text.withUnsafeBufferPointer { text in
            pattern.withUnsafeBufferPointer { matches(text, $0, lowercasingPattern: lowercasingPattern) }
        }
    }

    /// Matches `text` against a comma-separated list where a leading `!` excludes (`match_pattern_list`).
    ///
    /// As in ssh, an excluding match wins over every other, a list ending in a comma has no empty
    /// last pattern, and a pattern longer than ``longestListPattern`` makes the whole list unmatched.
    public static func matchList(_ text: UnsafeBufferPointer<UInt8>, _ list: UnsafeBufferPointer<UInt8>,
                                 lowercasingPatterns: Bool) -> ListMatch {
        let comma = UInt8(ascii: ",")
        var index = 0
        var positive = false
        while index < list.count {
            let negated = list[index] == UInt8(ascii: "!")
            if negated { index += 1 }
            let start = index
            while index < list.count, list[index] != comma, index - start <= longestListPattern { index += 1 }
            guard index - start <= longestListPattern else { return .unmatched }
            let pattern = UnsafeBufferPointer(rebasing: list[start..<index])
            if index < list.count { index += 1 }
            if matches(text, pattern, lowercasingPattern: lowercasingPatterns) {
                if negated { return .excluded }
                positive = true
            }
        }
        return positive ? .matched : .unmatched
    }

    /// Matches `text` against a comma-separated pattern list.
    public static func matchList(_ text: [UInt8], _ list: [UInt8], lowercasingPatterns: Bool) -> ListMatch {
        text.withUnsafeBufferPointer { text in
            list.withUnsafeBufferPointer { matchList(text, $0, lowercasingPatterns: lowercasingPatterns) }
        }
    }

    /// ASCII lower case, as C's tolower() in the C locale ssh compares host names in.
    public static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
