/// Why a set-up file cannot be read or written: what is wrong, in which file, on which line, and
/// the input concerned. A secret written into the file is never part of the error, only its key.
public struct SetupFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// Not YAML at all; `problem` is what the YAML reader found.
        case syntax(problem: String)
        /// Nothing but blanks and comments.
        case empty
        /// The document is a list or a single value, not keys with values.
        case notMapping
        /// There is no `sshauth-setup:` line.
        case missingVersion
        /// A format version this build does not know, made by a newer sshauth.
        case futureVersion(Int)
        /// An anchor, an alias, an explicit tag, a merge key or a key that is not text.
        case unsupportedYAML(feature: String, advice: String)
        /// A key that has no meaning where it stands; `allowed` lists the keys that have.
        case unknownKey(allowed: [String])
        /// A key given twice in one mapping.
        case duplicateKey
        /// A value of the wrong kind: `expected` says what was needed, e.g. "a whole number".
        case wrongType(expected: String)
        /// A key with nothing after it.
        case noValue
        /// A required key is missing; `advice` says what to write.
        case missing(advice: String)
        /// A section that the set-up's mechanism does not use.
        case notForMechanism(Setup.Mechanism)
        /// A word that is not one of the `allowed` ones.
        case unknownValue(allowed: [String])
        /// A password, passphrase or ring password written into the file itself.
        case inlineSecret
        /// A local path starting with `~`, which nothing expands here.
        case tildePath
        /// A local path that does not start with `/`.
        case relativePath
        /// A number outside `range`; `unit` names what it counts.
        case outOfRange(ClosedRange<Int>, unit: String)
        /// `unknown-host-key` is neither a rule nor a SHA256 fingerprint.
        case badFingerprint
        /// Two keys that say the same thing differently (`target` and `targets`).
        case conflicting(other: String)
        /// A value refused by the part of sshauth that uses it; `reason` is that part's sentence.
        case invalid(reason: String)
        /// The file exists and `replace` was not given.
        case exists
        /// Reading or writing the file failed.
        case file(LocalFileError)
        /// The bytes are not UTF-8 text.
        case notText
        /// Someone other than the user (or root) could have changed the file: it is not run.
        case othersCanChange(reason: String)
    }

    public let kind: Kind
    /// The set-up file as named.
    public let file: String
    /// The line the problem is on (1 = first), when it is known.
    public let line: Int?
    /// Where in the file: the key path such as `login.password.file` (empty: the whole file).
    public let key: String
    /// The offending value as written (never a secret), when there is one.
    public let input: String?

    public init(_ kind: Kind, file: String, line: Int? = nil, key: String = "", input: String? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.key = key
        self.input = input
    }

    /// One sentence: `FILE:LINE: what is wrong; what to do.`
    public var description: String {
        let place = line.map { "\(file):\($0): " } ?? "\(file): "
        let named = key.isEmpty ? "the set-up" : "'\(key)'"
        let shown = input.map { SetupFileError.quoted($0) } ?? "it"
        switch kind {
        case .syntax(let problem):
            return place + "this is not valid YAML (\(problem)); fix the line or the one before it."
        case .empty:
            return place + "the file is empty; a set-up file starts with 'sshauth-setup: \(Setup.currentVersion)' (any --save-setup writes one)."
        case .notMapping:
            return place + "the file holds \(input ?? "a single value") rather than keys with values, so it is not a set-up file; name the right file."
        case .missingVersion:
            return place + "the file has no 'sshauth-setup:' line, so it is not known to be a set-up file; add 'sshauth-setup: \(Setup.currentVersion)' as its first line."
        case .futureVersion(let version):
            return place + "this set-up file (format \(version)) was made by a newer sshauth, and this one reads format \(Setup.currentVersion); update sshauth, or save the set-up again with this one."
        case .unsupportedYAML(let feature, let advice):
            return place + "\(feature) cannot be used in a set-up file; \(advice)."
        case .unknownKey(let allowed):
            let list = allowed.isEmpty ? "none" : allowed.joined(separator: ", ")
            return place + "\(shown) is not a key sshauth knows \(Self.within(key)); the keys allowed there are \(list): fix the spelling or remove it."
        case .duplicateKey:
            return place + "\(shown) is given more than once \(Self.within(key)) (first on this line); keep only one."
        case .wrongType(let expected):
            return place + "\(named) must be \(expected), not \(shown); write it so."
        case .noValue:
            return place + "\(named) has no value; write one, or leave the key out."
        case .missing(let advice):
            return place + "\(named) is missing; \(advice)."
        case .notForMechanism(let mechanism):
            return place + "\(named) does not belong in a set-up whose mechanism is \(mechanism.rawValue); remove it, or change 'mechanism'."
        case .unknownValue(let allowed):
            return place + "\(named) is \(shown), which is not one of \(allowed.joined(separator: ", ")); write one of those."
        case .inlineSecret:
            return place + "a secret may not be written in a set-up file (\(named)); name a file: {file: PATH} (mode 0600), or a descriptor {fd: N}, or write ask."
        case .tildePath:
            return place + "\(named) is \(shown), but nothing expands ~ in a set-up file (it may run as another user); write the path in full, such as /home/NAME/..."
        case .relativePath:
            return place + "\(named) is \(shown), a relative path whose meaning depends on where sshauth runs; write the full path, starting with /."
        case .outOfRange(let range, let unit):
            return place + "\(named) is \(shown), out of range; give \(range.lowerBound) to \(range.upperBound)\(unit.isEmpty ? "" : " " + unit)."
        case .badFingerprint:
            return place + "\(named) is \(shown), which is not ask, accept-new or a SHA256 fingerprint as ssh-keygen -l prints it (SHA256:...); write one of those."
        case .conflicting(let other):
            return place + "\(named) and '\(other)' are both given; keep one of them."
        case .invalid(let reason):
            return place + "\(named): \(reason)"
        case .exists:
            return place + "the file already exists; pass --force to replace it, or name another file."
        case .file(let error):
            return error.description
        case .notText:
            return place + "the file is not UTF-8 text, so it is not a set-up file; name the right file."
        case .othersCanChange(let reason):
            return place + "\(reason), so someone else could have chosen its target or where its secrets go; sshauth runs only a set-up that no one but you and root can change, as ssh treats its config (chmod go-w, or keep it in a directory of your own)."
        }
    }

    /// "at the top level" or "in 'login.password'", for sentences about keys.
    private static func within(_ key: String) -> String {
        guard let dot = key.lastIndex(of: ".") else { return "at the top level" }
        return "in '\(key[..<dot])'"
    }

    /// The value in single quotes, with anything invisible spelled out.
    static func quoted(_ text: String) -> String {
        TargetError.quoted(text)
    }
}
