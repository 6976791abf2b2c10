#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a target (`[user@]host[:port]`) or the ssh configuration behind it cannot be used as given,
/// with the input it concerns.
///
/// `input` is the text typed on the command line for the target kinds, and the path of the
/// configuration file for the others.
public struct TargetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Which part of a target a complaint is about.
    public enum Part: String, Equatable, Sendable {
        case user
        case host
    }

    /// What is wrong; the cases are grouped by where the problem lies.
    public enum Kind: Equatable, Sendable {
        // The target typed on the command line.

        /// Nothing was typed.
        case empty
        /// An `@` with nothing before it.
        case emptyUser
        /// No host name, e.g. `user@`, `:22` or `[]`.
        case emptyHost
        /// The text after the `:` is not a port number from 1 to 65535.
        case invalidPort(String)
        /// Whitespace, a control or invisible formatting character, `/`, or a shell metacharacter
        /// ssh refuses in names on its command line.
        case forbiddenCharacter(Unicode.Scalar, in: Part)
        /// A name starting with `-`, which ssh would take as an option.
        case leadingDash(Part)
        /// A `[` without its `]`, or brackets anywhere but around the whole host.
        case unbalancedBrackets
        /// Something other than `:port` after `[address]`.
        case textAfterBracket(String)
        /// Several colons in a host that is not an IPv6 address, so the port cannot be told apart.
        case ambiguousColons
        /// A `:port` in the target and a different `-p`, so it is not clear which one was meant.
        case conflictingPort(typed: Int, option: Int)

        // Reading the ssh configuration; ssh refuses these files too.

        /// A system call on the file failed.
        case unreadable(operation: String, errno: Int32)
        /// The file could be changed by someone other than its owner, so ssh will not use it.
        case unsafePermissions(reason: String)
        /// A line ssh cannot parse.
        case syntax(line: Int, reason: String)
        /// Include files nested more than 16 deep, usually a file that includes itself.
        case includeTooDeep(line: Int)
        /// glob(3) failed on an Include pattern for a reason other than matching nothing.
        case includeGlobFailed(line: Int, pattern: String)

        // Found while resolving a target: warnings, because sshauth's answer may not be ssh's.

        /// A `Match` criterion sshauth does not evaluate; the block was treated as not matching.
        case unevaluatedMatch(line: Int, criterion: String)
        /// A `%` token, `${VARIABLE}` or `~user` that cannot be expanded; ssh refuses the value too.
        case badExpansion(line: Int, keyword: String, reason: String)
        /// An option that makes ssh connect differently (through a proxy, or to a canonicalised
        /// name), which sshauth does not follow.
        case notFollowed(line: Int, keyword: String, value: String)
    }

    /// What is wrong.
    public let kind: Kind
    /// The target as typed, or the path of the configuration file.
    public let input: String

    /// A complaint of `kind` about `input` (the target as typed, or a configuration file's path).
    public init(_ kind: Kind, input: String) {
        self.kind = kind
        self.input = input
    }

    /// One sentence naming the input and saying what to do.
    public var description: String {
        let quotedInput = Self.quoted(input)
        switch kind {
        case .empty:
            return "No target was given; name the host to set up as [user@]host[:port]."
        case .emptyUser:
            return "\(quotedInput) has nothing before the '@'; write the user name there, or leave out the '@' to use the default user."
        case .emptyHost:
            return "\(quotedInput) names no host; write the target as [user@]host[:port]."
        case .invalidPort(let port):
            return "\(quotedInput) has the port \(Self.quoted(port)), but a port must be a number from 1 to 65535."
        case .forbiddenCharacter(let scalar, let part):
            return "\(quotedInput) has \(Self.name(of: scalar)) in the \(part.rawValue) name, which a \(part.rawValue) name cannot contain; remove it."
        case .leadingDash(let part):
            return "\(quotedInput) has a \(part.rawValue) name starting with '-', which ssh would take as an option; check the name."
        case .unbalancedBrackets:
            return "\(quotedInput) has unbalanced brackets; write an IPv6 address as [address] or [address]:port."
        case .textAfterBracket(let text):
            return "\(quotedInput) has \(Self.quoted(text)) after the closing bracket, where only :port may follow; write it as [address]:port."
        case .ambiguousColons:
            return "\(quotedInput) has several colons but is not an IPv6 address; write host:port, or [address]:port for an IPv6 address."
        case .conflictingPort(let typed, let option):
            return "\(quotedInput) names port \(typed) but -p says \(option); give the port once, either way."
        case .unreadable(let operation, let code):
            return "Cannot \(operation) the ssh configuration \(input): \(String(cString: strerror(code))); fix the file or its permissions and try again."
        case .unsafePermissions(let reason):
            return "ssh refuses the configuration \(input) because \(reason); run 'chmod go-w \(input)' as its owner and try again."
        case .syntax(let line, let reason):
            return "\(input) line \(line): \(reason), which ssh rejects too; fix that line."
        case .includeTooDeep(let line):
            return "\(input) line \(line): Include files are nested more than 16 deep (perhaps a file includes itself), which ssh rejects too; break the loop."
        case .includeGlobFailed(let line, let pattern):
            return "\(input) line \(line): cannot list the files matching \(pattern) for Include; check that its directories are readable."
        case .unevaluatedMatch(let line, let criterion):
            return "\(input) line \(line): sshauth does not evaluate 'Match \(criterion)' and skipped that block, but ssh may apply it; check the result, or give the user, host and port explicitly."
        case .badExpansion(let line, let keyword, let reason):
            return "\(input) line \(line): cannot expand the \(keyword) value (\(reason)), and ssh refuses it too; fix the value."
        case .notFollowed(let line, let keyword, let value):
            return "\(input) line \(line): '\(keyword) \(value)' changes how ssh reaches the host, which sshauth does not follow; give the real host on the command line, or check that it is reachable directly."
        }
    }

    /// The text in single quotes, with anything invisible or line-breaking spelled out so that
    /// the message shows exactly what was typed.
    static func quoted(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            if scalar == " " || !TargetAddress.isInvisible(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{" + hex(scalar) + "}"
            }
        }
        return out + "'"
    }

    private static func name(of scalar: Unicode.Scalar) -> String {
        switch scalar {
        case " ": "a space"
        case "\t": "a tab"
        case "\n", "\r": "a line break"
        case _ where TargetAddress.isInvisible(scalar): "the invisible character U+" + hex(scalar)
        default: "a '\(scalar)'"
        }
    }

    /// At least four upper-case hex digits, as Unicode code points are written.
    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
