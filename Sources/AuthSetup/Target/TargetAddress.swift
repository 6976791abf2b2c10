#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The machine a command acts on, as typed: `[user@]host[:port]`.
///
/// The host may be a `Host` alias from `~/.ssh/config`; `SSHClientConfig.resolve(target:localUser:localHome:)`
/// turns it into where ssh would connect. IPv6 addresses are written in brackets (`[::1]:2222`,
/// `user@[fe80::1%eth0]:22`); a bare IPv6 address (`::1`) is accepted too, but cannot carry a port.
public struct TargetAddress: Sendable, Equatable {
    /// The remote user, when one was typed before an `@`.
    public var user: String?
    /// The host name, alias or address, without brackets.
    public var host: String
    /// The port, when one was typed after a `:`.
    public var port: Int?

    /// A target from its parts, taken as they are (see `init(parsing:)` for checked input).
    public init(user: String? = nil, host: String, port: Int? = nil) {
        self.user = user
        self.host = host
        self.port = port
    }

    /// Parses `[user@]host[:port]`.
    ///
    /// Like ssh, the user is everything before the last `@`, so a user name may itself contain `@`.
    /// Refuses names with whitespace, control or invisible formatting characters or `/`, and names
    /// starting with `-`, because ssh (and anything the name is passed to) could read them as
    /// something else; and, as ssh itself does for names on its command line, shell metacharacters
    /// (`'"$\;&<>|(){},` and backquote in a host; the same but `$`, `\` and `,` in a user, which
    /// must not end in `\` either).
    public init(parsing text: String) throws(TargetError) {
        func failure(_ kind: TargetError.Kind) -> TargetError { TargetError(kind, input: text) }

        guard !text.isEmpty else { throw failure(.empty) }
        var user: Substring?
        var rest = Substring(text)
        if let at = text.lastIndex(of: "@") {
            user = text[..<at]
            rest = text[text.index(after: at)...]
            guard user?.isEmpty == false else { throw failure(.emptyUser) }
        }

        let host: Substring
        var portText: Substring?
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { throw failure(.unbalancedBrackets) }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            guard !host.contains("["), !after.contains("["), !after.contains("]") else { throw failure(.unbalancedBrackets) }
            if after.first == ":" {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw failure(.textAfterBracket(String(after)))
            }
        } else {
            guard !rest.contains("["), !rest.contains("]") else { throw failure(.unbalancedBrackets) }
            let colons = rest.count(where: { $0 == ":" })
            if colons == 1, let colon = rest.firstIndex(of: ":") {
                host = rest[..<colon]
                portText = rest[rest.index(after: colon)...]
            } else {
                host = rest
                // Several colons can only be an IPv6 address, which leaves no room for a port.
                if colons > 1, !Self.isIPv6Address(host) { throw failure(.ambiguousColons) }
            }
        }
        guard !host.isEmpty else { throw failure(.emptyHost) }

        if let user { try Self.check(user, as: .user, in: text) }
        try Self.check(host, as: .host, in: text)
        if let portText {
            guard let port = Self.port(portText) else { throw failure(.invalidPort(String(portText))) }
            self.port = port
        }
        self.user = user.map(String.init)
        self.host = String(host)
    }

    /// The port that `-p` (when given) and the typed `:port` (when there is one) agree on; two
    /// different ones are refused rather than one silently winning.
    public func port(option: Int?) throws(TargetError) -> Int? {
        guard let option else { return port }
        if let port, port != option { throw TargetError(.conflictingPort(typed: port, option: option), input: displayName) }
        return option
    }

    /// The target written back so that it parses to the same value: `user@host`, `host:2222`,
    /// `user@[fe80::1%eth0]:22`. Hosts containing `:` are always bracketed.
    public var displayName: String {
        var text = user.map { $0 + "@" } ?? ""
        text += host.contains(":") ? "[" + host + "]" : host
        if let port { text += ":" + String(port) }
        return text
    }

    /// Whether a character may not appear in a user or host name.
    static func isForbidden(_ scalar: Unicode.Scalar, in part: TargetError.Part) -> Bool {
        if scalar == "/" || isInvisible(scalar) { return true }
        switch part {
        case .host: return hostMetacharacters.contains(scalar)
        case .user: return userMetacharacters.contains(scalar)
        }
    }

    /// What ssh (since OpenSSH 9.6, and Debian's 9.2) refuses in a host name typed on its command
    /// line, so that it cannot reach a shell through ProxyCommand or Match exec.
    private static let hostMetacharacters: Set<Unicode.Scalar> = ["'", "`", "\"", "$", "\\", ";", "&", "<", ">", "|", "(", ")", "{", "}", ","]
    /// The same for a user name, which may contain `$`, `\` (as in `DOMAIN\user`) and `,`.
    private static let userMetacharacters: Set<Unicode.Scalar> = ["'", "`", "\"", ";", "&", "<", ">", "|", "(", ")", "{", "}"]

    /// Whitespace, control and formatting characters: they either split the name when it is passed
    /// on, or make two different names look the same.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isWhitespace { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    private static func check(_ name: Substring, as part: TargetError.Part, in text: String) throws(TargetError) {
        if let bad = name.unicodeScalars.first(where: { isForbidden($0, in: part) }) {
            throw TargetError(.forbiddenCharacter(bad, in: part), input: text)
        }
        if name.first == "-" { throw TargetError(.leadingDash(part), input: text) }
        // ssh refuses a user name ending in a backslash, which would escape what follows it.
        if part == .user, name.last == "\\" { throw TargetError(.forbiddenCharacter("\\", in: part), input: text) }
    }

    private static func port(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text),
              (1...65535).contains(value) else { return nil }
        return value
    }

    /// An IPv6 address, optionally with a `%zone` (interface) suffix.
    private static func isIPv6Address(_ text: Substring) -> Bool {
        let address = text.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)[0]
        var storage = in6_addr()
        return inet_pton(AF_INET6, String(address), &storage) == 1
    }
}
