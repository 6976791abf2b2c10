#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SSHKeys

/// The user's ssh client configuration (`~/.ssh/config`), read the way OpenSSH 9.2's `ssh` reads
/// it, so that `sshauth install myalias` connects where `ssh myalias` would.
///
/// What is followed, as ssh_config(5) describes:
/// - keywords in any case, `Keyword value` or `Keyword=value`, double- or single-quoted values,
///   `#` comments at the start of a line or of a word;
/// - `Host` lines with `*` and `?` wildcards, several patterns and `!` negation, matched
///   case-sensitively against the name as typed;
/// - `Match all`, `Match host`, `Match originalhost`, `Match user` and `Match localuser`, each
///   with comma-separated pattern lists and `!` negation, in any combination;
/// - `Include` of files and glob(3) patterns, relative ones under `~/.ssh/`, nested at most 16 deep;
///   included files are checked for safe permissions, and a Match inside one does not leak out;
/// - the first value obtained for an option wins, except that `IdentityFile` lines accumulate;
///   `UserKnownHostsFile` takes the whole list of the first line that applies.
///
/// What is not: `Match exec`, `Match canonical`, `Match final` and criteria newer than OpenSSH 9.2
/// are never evaluated, and a block using one is treated as NOT matching (with a warning, because
/// ssh might apply it). Keywords other than the ones sshauth uses are skipped without being
/// checked, where ssh would refuse unknown or malformed ones. ProxyCommand, ProxyJump and
/// CanonicalizeHostname are not followed; they produce warnings.
public struct SSHClientConfig: Sendable {
    /// The file the configuration was read from (for messages).
    public let path: String
    let lines: [Line]

    /// Parses configuration text as if it had been read from `path`.
    ///
    /// `Include` files are read now, as ssh reads them. `home` is the directory `~` stands for in
    /// Include paths; nil expands `~` the way ssh does, through glob(3), which prefers `$HOME` to
    /// the password database.
    public init(text: String, path: String, home: String? = nil) throws(TargetError) {
        self.path = path
        lines = try Parser(home: home).parse(Array(text.utf8), path: path, depth: 0)
    }

    /// Reads `path` (normally `~/.ssh/config`); a missing file is an empty configuration.
    ///
    /// Like ssh, refuses a file (or included file) that someone other than its owner or root
    /// could change. Following Debian's OpenSSH, a group-writable file is accepted when the
    /// owner is the only member of its group.
    public static func load(path: String, home: String? = nil) throws(TargetError) -> SSHClientConfig {
        guard let bytes = try Parser.contents(of: path, missingIsEmpty: true) else { return SSHClientConfig(path: path, lines: []) }
        return SSHClientConfig(path: path, lines: try Parser(home: home).parse(bytes, path: path, depth: 0))
    }

    init(path: String, lines: [Line]) {
        self.path = path
        self.lines = lines
    }

    /// The options the configuration gives a name typed on the command line, unexpanded.
    ///
    /// `Match user` and `Match localuser` cannot be evaluated without knowing the local user and
    /// count as not matching here; `resolve(target:localUser:localHome:)` evaluates them.
    public func resolve(alias: String) -> ResolvedHostOptions {
        let found = evaluate(host: alias, explicitUser: nil, explicitPort: nil, localUser: nil)
        return ResolvedHostOptions(
            hostName: found.hostName?.value, port: found.port, user: found.user?.value,
            identityFiles: found.identityFiles.map(\.value),
            userKnownHostsFiles: found.userKnownHostsFiles?.map(\.value) ?? [],
            hostKeyAlias: found.hostKeyAlias?.value, matchedHostBlock: found.matchedHostBlock,
            warnings: found.warnings)
    }

    /// Where and as whom ssh would connect for `target`, typed on the command line by `localUser`,
    /// whose home directory (from the password database, as ssh takes it) is `localHome`.
    public func resolve(target: TargetAddress, localUser: String, localHome: String) -> ResolvedTarget {
        // One byte short of the buffer, so that a truncated name still ends in NUL.
        var name = [CChar](repeating: 0, count: 256)
        let hostName = gethostname(&name, name.count - 1) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        return resolve(target: target, local: LocalFacts(
            user: localUser, home: localHome, uid: getuid(), hostName: hostName,
            variable: { getenv($0).map { String(cString: $0) } }))
    }

    /// What ssh's `%` tokens and `${VARIABLE}` expansions know about this machine.
    struct LocalFacts: Sendable {
        var user: String
        var home: String
        var uid: uid_t
        /// gethostname(2), for `%l` and `%L`.
        var hostName: String
        var variable: @Sendable (String) -> String?
    }

    func resolve(target: TargetAddress, local: LocalFacts) -> ResolvedTarget {
        let found = evaluate(host: target.host, explicitUser: target.user, explicitPort: target.port, localUser: local.user)
        var warnings = found.warnings

        func expanded(_ option: Sourced, _ keyword: String, tokens: [UInt8: String], paths: Bool) -> String {
            var result: Result<String, ExpansionFailure> = .success(option.value)
            if paths { result = Expansion.tilde(option.value, home: local.home) }
            // ssh expands ${VARIABLE} in file names only.
            var variables: ((String) -> String?)?
            if paths { variables = local.variable }
            result = result.flatMap { Expansion.expand($0, tokens: tokens, variables: variables) }
            switch result {
            case .success(let text):
                return text
            case .failure(let failure):
                warnings.append(TargetError(.badExpansion(line: option.line, keyword: keyword, reason: failure.reason), input: option.path))
                return option.value
            }
        }

        // ssh expands only %h in HostName.
        var host = target.host
        if let hostName = found.hostName {
            host = expanded(hostName, "HostName", tokens: [UInt8(ascii: "h"): target.host], paths: false)
        }
        let user = found.user?.value ?? local.user
        let port = found.port ?? 22
        host = Self.connectionName(host, port: port)
        let hostKeyAlias = found.hostKeyAlias.map { Expansion.lowercased($0.value) }

        let shortHostName = String(local.hostName.prefix { $0 != "." })
        let connectionHash = DigestAlgorithm.sha1.hash(Array((local.hostName + host + String(port) + user).utf8))
        let tokens: [UInt8: String] = [
            UInt8(ascii: "C"): connectionHash.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(),
            UInt8(ascii: "L"): shortHostName,
            UInt8(ascii: "d"): local.home,
            UInt8(ascii: "h"): host,
            UInt8(ascii: "i"): String(local.uid),
            UInt8(ascii: "k"): hostKeyAlias ?? host,
            UInt8(ascii: "l"): local.hostName,
            UInt8(ascii: "n"): target.host,
            UInt8(ascii: "p"): String(port),
            UInt8(ascii: "r"): user,
            UInt8(ascii: "u"): local.user,
        ]
        let identityFiles = found.identityFiles.map { expanded($0, "IdentityFile", tokens: tokens, paths: true) }
        let knownHostsFiles: [String]
        switch found.userKnownHostsFiles {
        case nil:
            knownHostsFiles = [Expansion.underHome(".ssh/known_hosts", home: local.home)]
        case let files? where files.count == 1 && Expansion.lowercased(files[0].value) == "none":
            knownHostsFiles = []
        case let files?:
            knownHostsFiles = files.map { expanded($0, "UserKnownHostsFile", tokens: tokens, paths: true) }
        }
        return ResolvedTarget(user: user, host: host, port: port, identityFiles: identityFiles,
                              knownHostsFiles: knownHostsFiles, alias: found.matchedHostBlock ? target.host : nil,
                              hostKeyAlias: hostKeyAlias, warnings: warnings)
    }
}

// MARK: - The name ssh connects to (OpenSSH ssh.c: is_addr, resolve_addr)

extension SSHClientConfig {
    /// ssh lower-cases a host name, but not an address, which it rewrites in its numeric form
    /// instead (`::0001` becomes `::1`, `127.1` becomes `127.0.0.1`). Anything with `%` or `:`,
    /// or made of digits and dots only, counts as an address even when it does not parse as one.
    static func connectionName(_ host: String, port: Int) -> String {
        let numeric = numericAddress(host, port: port)
        let addressLike = host.contains("%") || host.contains(":") || host.allSatisfy { "0123456789.".contains($0) }
        guard addressLike || numeric != nil else { return Expansion.lowercased(host) }
        if let numeric, strcasecmp(numeric, host) != 0 { return numeric }
        return host
    }

    /// The numeric form of an address, if `name` is exactly one; never asks a name server.
    private static func numericAddress(_ name: String, port: Int) -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, String(port), &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(first) }
        guard first.pointee.ai_next == nil else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(first.pointee.ai_addr, first.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0,
                          NI_NUMERICHOST) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The options a configuration gives one name, before any `%` token or `~` is expanded.
public struct ResolvedHostOptions: Sendable, Equatable {
    /// The first HostName that applies, `%h` not yet expanded.
    public var hostName: String?
    /// The first Port that applies.
    public var port: Int?
    /// The first User that applies.
    public var user: String?
    /// Every IdentityFile that applies, in order, without duplicates.
    public var identityFiles: [String]
    /// The files of the first UserKnownHostsFile line that applies (`["none"]` turns them off).
    public var userKnownHostsFiles: [String]
    /// The first HostKeyAlias that applies, as written.
    public var hostKeyAlias: String?
    /// Whether a `Host` line matched the name.
    public var matchedHostBlock: Bool
    /// Where sshauth's reading may differ from ssh's (see `TargetError.Kind`).
    public var warnings: [TargetError]

    public init(hostName: String? = nil, port: Int? = nil, user: String? = nil, identityFiles: [String] = [],
                userKnownHostsFiles: [String] = [], hostKeyAlias: String? = nil, matchedHostBlock: Bool = false,
                warnings: [TargetError] = []) {
        self.hostName = hostName
        self.port = port
        self.user = user
        self.identityFiles = identityFiles
        self.userKnownHostsFiles = userKnownHostsFiles
        self.hostKeyAlias = hostKeyAlias
        self.matchedHostBlock = matchedHostBlock
        self.warnings = warnings
    }
}

/// Where and as whom ssh would connect for a target typed on the command line.
public struct ResolvedTarget: Sendable, Equatable {
    /// `user@` as typed, else the configured User, else the local user.
    public var user: String
    /// The configured HostName (with `%h` expanded), else the name typed; lower-cased if it is a
    /// name, in numeric form if it is an address (`127.1` becomes `127.0.0.1`), as ssh does.
    public var host: String
    /// `:port` as typed, else the configured Port, else 22.
    public var port: Int
    /// The configured IdentityFiles with `~`, `%` tokens and `${VARIABLE}` expanded; empty when
    /// none is configured (ssh then tries its default key files). Relative paths stay relative
    /// to the working directory, as in ssh.
    public var identityFiles: [String]
    /// The known-hosts files ssh reads for this host; ssh writes new host keys to the first.
    /// Without a UserKnownHostsFile this is `~/.ssh/known_hosts` only (ssh also reads, but never
    /// writes, `~/.ssh/known_hosts2`); `UserKnownHostsFile none` makes it empty.
    public var knownHostsFiles: [String]
    /// The name typed, when a `Host` line matched it.
    public var alias: String?
    /// The name ssh looks up in known-hosts files instead of the host, lower-cased, if configured.
    public var hostKeyAlias: String?
    /// Where sshauth's answer may differ from ssh's, or where ssh would refuse the configuration.
    public var warnings: [TargetError]

    public init(user: String, host: String, port: Int, identityFiles: [String] = [], knownHostsFiles: [String],
                alias: String? = nil, hostKeyAlias: String? = nil, warnings: [TargetError] = []) {
        self.user = user
        self.host = host
        self.port = port
        self.identityFiles = identityFiles
        self.knownHostsFiles = knownHostsFiles
        self.alias = alias
        self.hostKeyAlias = hostKeyAlias
        self.warnings = warnings
    }
}

// MARK: - The parsed form

extension SSHClientConfig {
    struct Line: Sendable {
        let number: Int
        let directive: Directive
    }

    /// A file pulled in by `Include`.
    struct File: Sendable {
        let path: String
        let lines: [Line]
    }

    enum Directive: Sendable {
        case host([HostPattern])
        case match([MatchCriterion])
        case include([File])
        case hostName(String)
        case user(String)
        case port(Int)
        case identityFile(String)
        case userKnownHostsFiles([String])
        case hostKeyAlias(String)
        /// ProxyCommand or ProxyJump, whichever comes first (ssh ignores the other).
        case proxy(keyword: String, value: String)
        case canonicalizeHostname(enabled: Bool, value: String)
    }

    struct HostPattern: Sendable {
        let negated: Bool
        let pattern: [UInt8]
    }

    enum MatchCriterion: Sendable {
        case all(negated: Bool)
        case host(patterns: [UInt8], negated: Bool)
        case originalHost(patterns: [UInt8], negated: Bool)
        case user(patterns: [UInt8], negated: Bool)
        case localUser(patterns: [UInt8], negated: Bool)
        /// exec, canonical, final and anything newer; the text is for the warning.
        case unevaluated(String)
    }

    /// An option's value and the line that gave it, for warnings.
    struct Sourced: Sendable {
        let value: String
        let path: String
        let line: Int
    }
}

// MARK: - Evaluation, as ssh's first pass over the files

extension SSHClientConfig {
    struct Found {
        var hostName: Sourced?
        var user: Sourced?
        var port: Int?
        var identityFiles: [Sourced] = []
        var userKnownHostsFiles: [Sourced]?
        var hostKeyAlias: Sourced?
        /// ProxyCommand or ProxyJump, whichever applied first.
        var proxy: (keyword: String, option: Sourced)?
        /// CanonicalizeHostname, if it applied and is not off.
        var canonicalize: Sourced?
        var canonicalizeSeen = false
        var matchedHostBlock = false
        var warnings: [TargetError] = []
    }

    /// Applies the files to `host` as ssh does: each option keeps the first value it gets.
    /// `explicitUser` and `explicitPort` come from the command line, so nothing overrides them.
    func evaluate(host: String, explicitUser: String?, explicitPort: Int?, localUser: String?) -> Found {
        var found = Found()
        found.user = explicitUser.map { Sourced(value: $0, path: "", line: 0) }
        found.port = explicitPort
        var active = true
        let walker = Walker(typedHost: host, localUser: localUser)
        walker.walk(lines, path: path, active: &active, neverMatch: false, found: &found)
        if let (keyword, proxy) = found.proxy, Expansion.lowercased(proxy.value) != "none" {
            found.warnings.append(TargetError(.notFollowed(line: proxy.line, keyword: keyword, value: proxy.value), input: proxy.path))
        }
        if let canonicalize = found.canonicalize {
            found.warnings.append(TargetError(.notFollowed(line: canonicalize.line, keyword: "CanonicalizeHostname", value: canonicalize.value),
                                              input: canonicalize.path))
        }
        return found
    }

    private struct Walker {
        let typedHost: String
        let localUser: String?

        func walk(_ lines: [Line], path: String, active: inout Bool, neverMatch: Bool, found: inout Found) {
            for line in lines {
                func sourced(_ value: String) -> Sourced { Sourced(value: value, path: path, line: line.number) }
                switch line.directive {
                case .host(let patterns):
                    active = !neverMatch && SSHClientConfig.hostLineMatches(Array(typedHost.utf8), patterns)
                    if active { found.matchedHostBlock = true }
                case .match(let criteria):
                    active = !neverMatch && matches(criteria, line: line.number, path: path, found: &found)
                case .include(let files):
                    // A Match inside an included file must not change the including file's state.
                    let outer = active
                    for file in files {
                        walk(file.lines, path: file.path, active: &active, neverMatch: neverMatch || !outer, found: &found)
                        active = outer
                    }
                case .hostName(let value):
                    if active, found.hostName == nil { found.hostName = sourced(value) }
                case .user(let value):
                    if active, found.user == nil { found.user = sourced(value) }
                case .port(let value):
                    if active, found.port == nil { found.port = value }
                case .identityFile(let value):
                    if active, !found.identityFiles.contains(where: { $0.value == value }) { found.identityFiles.append(sourced(value)) }
                case .userKnownHostsFiles(let values):
                    // A line of nothing but a comment sets nothing, in ssh too.
                    if active, found.userKnownHostsFiles == nil, !values.isEmpty { found.userKnownHostsFiles = values.map(sourced) }
                case .hostKeyAlias(let value):
                    if active, found.hostKeyAlias == nil { found.hostKeyAlias = sourced(value) }
                case .proxy(let keyword, let value):
                    if active, found.proxy == nil { found.proxy = (keyword, sourced(value)) }
                case .canonicalizeHostname(let enabled, let value):
                    if active, !found.canonicalizeSeen {
                        found.canonicalizeSeen = true
                        if enabled { found.canonicalize = sourced(value) }
                    }
                }
            }
        }

        /// All criteria must hold. A criterion sshauth cannot evaluate makes the block not match,
        /// with a warning only when the evaluable criteria would have matched.
        private func matches(_ criteria: [MatchCriterion], line: Int, path: String, found: inout Found) -> Bool {
            var result = true
            var unevaluated: [String] = []
            // ssh matches Match host against HostName so far, with %h expanded.
            let currentHost = found.hostName.map {
                (try? Expansion.expand($0.value, tokens: [UInt8(ascii: "h"): typedHost], variables: nil).get()) ?? $0.value
            } ?? typedHost
            for criterion in criteria {
                switch criterion {
                case .all(let negated):
                    if result { result = !negated }
                case .host(let patterns, let negated):
                    result = result && holds(WildcardPattern.matchList(Array(Expansion.lowercased(currentHost).utf8), patterns, lowercasingPatterns: true), negated)
                case .originalHost(let patterns, let negated):
                    result = result && holds(WildcardPattern.matchList(Array(Expansion.lowercased(typedHost).utf8), patterns, lowercasingPatterns: true), negated)
                case .user(let patterns, let negated):
                    if let remoteUser = found.user?.value ?? localUser {
                        result = result && holds(WildcardPattern.matchList(Array(remoteUser.utf8), patterns, lowercasingPatterns: false), negated)
                    } else {
                        unevaluated.append((negated ? "!" : "") + "user " + String(decoding: patterns, as: UTF8.self))
                    }
                case .localUser(let patterns, let negated):
                    if let localUser {
                        result = result && holds(WildcardPattern.matchList(Array(localUser.utf8), patterns, lowercasingPatterns: false), negated)
                    } else {
                        unevaluated.append((negated ? "!" : "") + "localuser " + String(decoding: patterns, as: UTF8.self))
                    }
                case .unevaluated(let text):
                    unevaluated.append(text)
                }
                if case .all = criterion { break }
            }
            guard result else { return false }
            if let first = unevaluated.first {
                found.warnings.append(TargetError(.unevaluatedMatch(line: line, criterion: first), input: path))
                return false
            }
            return true
        }

        private func holds(_ listResult: WildcardPattern.ListMatch, _ negated: Bool) -> Bool {
            (listResult == .matched) != negated
        }
    }
}

// MARK: - Host lines (OpenSSH readconf.c); the patterns themselves are WildcardPattern's

extension SSHClientConfig {
    /// A `Host` line: active if any pattern matches the name as typed, byte for byte, unless a `!`
    /// pattern matches. ssh does not lower-case either side here, unlike `Match host`.
    static func hostLineMatches(_ host: [UInt8], _ patterns: [HostPattern]) -> Bool {
        var matched = false
        for pattern in patterns where WildcardPattern.matches(host, pattern.pattern) {
            if pattern.negated { return false }
            matched = true
        }
        return matched
    }
}

// MARK: - Expansion (OpenSSH misc.c: tilde_expand, percent_expand)

extension SSHClientConfig {
    struct ExpansionFailure: Error {
        let reason: String
    }

    enum Expansion {
        static func lowercased(_ byte: UInt8) -> UInt8 {
            WildcardPattern.asciiLowercased(byte)
        }

        /// ASCII lower-casing, as ssh's lowercase() does in the C locale.
        static func lowercased(_ text: String) -> String {
            String(decoding: text.utf8.map(lowercased), as: UTF8.self)
        }

        /// `~`, `~/path` and `~user/path`, as ssh's tilde_expand_filename.
        static func tilde(_ path: String, home: String) -> Result<String, ExpansionFailure> {
            guard path.hasPrefix("~") else { return .success(path) }
            var rest = Substring(path.dropFirst())
            var directory = home
            if !rest.isEmpty, rest.first != "/" {
                let name = rest.prefix { $0 != "/" }
                rest = rest.dropFirst(name.count)
                guard let entry = getpwnam(String(name)) else { return .failure(ExpansionFailure(reason: "there is no user named \(name) for ~\(name)")) }
                directory = String(cString: entry.pointee.pw_dir)
            }
            return .success(underHome(String(rest.drop { $0 == "/" }), home: directory))
        }

        /// A path inside a home directory, joined as tilde_expand_filename joins it.
        static func underHome(_ path: String, home: String) -> String {
            home + (home.hasSuffix("/") ? "" : "/") + path
        }

        /// `%%` and the `%` tokens in `tokens`; `${NAME}` from `variables` when given.
        static func expand(_ text: String, tokens: [UInt8: String], variables: ((String) -> String?)?) -> Result<String, ExpansionFailure> {
            let bytes = Array(text.utf8)
            let percent = UInt8(ascii: "%"), dollar = UInt8(ascii: "$")
            var out: [UInt8] = []
            var i = 0
            while i < bytes.count {
                if let variables, bytes[i] == dollar, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") {
                    guard let end = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) else {
                        return .failure(ExpansionFailure(reason: "'${' has no closing '}'"))
                    }
                    let name = String(decoding: bytes[(i + 2)..<end], as: UTF8.self)
                    guard !name.isEmpty else { return .failure(ExpansionFailure(reason: "'${}' names no variable")) }
                    guard let value = variables(name) else {
                        return .failure(ExpansionFailure(reason: "the environment variable \(name) is not set"))
                    }
                    out += value.utf8
                    i = end + 1
                    continue
                }
                guard bytes[i] == percent else {
                    out.append(bytes[i])
                    i += 1
                    continue
                }
                guard i + 1 < bytes.count else { return .failure(ExpansionFailure(reason: "it ends with a lone '%'")) }
                let key = bytes[i + 1]
                if key == percent {
                    out.append(percent)
                } else if let value = tokens[key] {
                    out += value.utf8
                } else {
                    let shown = String(decoding: [percent, key], as: UTF8.self)
                    return .failure(ExpansionFailure(reason: "ssh does not know the token \(shown) there"))
                }
                i += 2
            }
            return .success(String(decoding: out, as: UTF8.self))
        }
    }
}

// MARK: - Parsing (OpenSSH readconf.c)

extension SSHClientConfig {
    struct Parser {
        /// What `~` means in Include paths; nil leaves it to glob(3).
        let home: String?

        static let maxIncludeDepth = 16

        func parse(_ bytes: [UInt8], path: String, depth: Int) throws(TargetError) -> [Line] {
            var lines: [Line] = []
            var number = 0
            for var text in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                number += 1
                // ssh reads lines as C strings.
                if let nul = text.firstIndex(of: 0) { text = text[..<nul] }
                if let directive = try parseLine(text, path: path, number: number, depth: depth) {
                    lines.append(Line(number: number, directive: directive))
                }
            }
            return lines
        }

        private func parseLine(_ line: ArraySlice<UInt8>, path: String, number: Int, depth: Int) throws(TargetError) -> Directive? {
            func syntax(_ reason: String) -> TargetError { TargetError(.syntax(line: number, reason: reason), input: path) }

            var text = line
            while let last = text.last, Tokens.isWhitespace(last) || last == 0x0C { text = text.dropLast() }
            var rest: ArraySlice<UInt8>? = text
            guard var keywordBytes = Tokens.nextWord(&rest) else { return nil }
            if keywordBytes.isEmpty { keywordBytes = Tokens.nextWord(&rest) ?? [] }
            guard let first = keywordBytes.first, first != UInt8(ascii: "#") else { return nil }
            let keyword = String(decoding: keywordBytes.map(Expansion.lowercased), as: UTF8.self)
            let known = ["host", "match", "include", "hostname", "user", "port", "identityfile", "userknownhostsfile",
                         "hostkeyalias", "proxycommand", "proxyjump", "canonicalizehostname"]
            guard known.contains(keyword) else { return nil }
            let name = String(decoding: keywordBytes, as: UTF8.self)

            let remainder = rest.map { $0.drop(while: Tokens.isWhitespace) } ?? []
            guard !remainder.isEmpty else { throw syntax("'\(name)' has no value") }
            guard let words = Tokens.split(remainder) else { throw syntax("a quote is not closed") }
            let values = words.map { String(decoding: $0, as: UTF8.self) }

            func single() throws(TargetError) -> String {
                guard let value = values.first, !value.isEmpty else { throw syntax("'\(name)' has no value") }
                guard values.count == 1 else { throw syntax("'\(name)' takes one value but has \(values.count)") }
                return value
            }
            func nonEmptyList() throws(TargetError) -> [String] {
                guard !values.contains("") else { throw syntax("'\(name)' has an empty value") }
                return values
            }

            switch keyword {
            case "host":
                _ = try nonEmptyList()
                // Patterns stay bytes: they are matched byte by byte against the name typed.
                return .host(words.map { pattern in
                    let negated = pattern.first == UInt8(ascii: "!")
                    return HostPattern(negated: negated, pattern: Array(pattern.dropFirst(negated ? 1 : 0)))
                })
            case "match":
                return .match(try Self.matchCriteria(remainder, syntax: syntax))
            case "include":
                return .include(try include(try nonEmptyList(), path: path, number: number, depth: depth))
            case "hostname":
                return .hostName(try single())
            case "user":
                return .user(try single())
            case "hostkeyalias":
                return .hostKeyAlias(try single())
            case "identityfile":
                return .identityFile(try single())
            case "port":
                let value = try single()
                guard let port = Self.port(value) else { throw syntax("'\(value)' is not a port") }
                return .port(port)
            case "userknownhostsfile":
                let files = try nonEmptyList()
                if files.count > 1, files.contains(where: { Expansion.lowercased($0) == "none" }) {
                    throw syntax("'none' must stand alone in '\(name)'")
                }
                return .userKnownHostsFiles(files)
            case "proxycommand", "proxyjump":
                // ssh keeps the rest of the line as it is written, for a shell or a jump list.
                let raw = String(decoding: remainder.drop { Tokens.isWhitespace($0) || $0 == UInt8(ascii: "=") }, as: UTF8.self)
                return .proxy(keyword: keyword == "proxyjump" ? "ProxyJump" : "ProxyCommand", value: raw)
            default:
                let value = try single()
                switch Expansion.lowercased(value) {
                case "yes", "true", "always": return .canonicalizeHostname(enabled: true, value: value)
                case "no", "false": return .canonicalizeHostname(enabled: false, value: value)
                default: throw syntax("'\(value)' is not a value for '\(name)'")
                }
            }
        }

        /// The criteria of a Match line, split as ssh splits them (words, `=` and double quotes).
        private static func matchCriteria(_ text: ArraySlice<UInt8>, syntax: (String) -> TargetError) throws(TargetError) -> [MatchCriterion] {
            var rest: ArraySlice<UInt8>? = text
            var criteria: [MatchCriterion] = []
            var attributes = 0
            var endedWithAll = false
            while let word = Tokens.nextWord(&rest), !word.isEmpty {
                if word.first == UInt8(ascii: "#") {
                    rest = nil
                    break
                }
                let negated = word.first == UInt8(ascii: "!")
                let attribute = String(decoding: word.dropFirst(negated ? 1 : 0).map(Expansion.lowercased), as: UTF8.self)
                if attribute == "all" {
                    let next = Tokens.nextWord(&rest)
                    if attributes > 1 || (next.map { !$0.isEmpty && $0.first != UInt8(ascii: "#") } ?? false) {
                        throw syntax("'all' cannot be combined with other Match criteria")
                    }
                    if next?.first == UInt8(ascii: "#") { rest = nil }
                    criteria.append(.all(negated: negated))
                    endedWithAll = true
                    break
                }
                attributes += 1
                let shown = String(decoding: word, as: UTF8.self)
                if attribute == "canonical" || attribute == "final" {
                    criteria.append(.unevaluated(shown))
                    continue
                }
                guard let argument = Tokens.nextWord(&rest), !argument.isEmpty, argument.first != UInt8(ascii: "#") else {
                    throw syntax("'Match \(shown)' has no value")
                }
                switch attribute {
                case "host": criteria.append(.host(patterns: argument, negated: negated))
                case "originalhost": criteria.append(.originalHost(patterns: argument, negated: negated))
                case "user": criteria.append(.user(patterns: argument, negated: negated))
                case "localuser": criteria.append(.localUser(patterns: argument, negated: negated))
                // exec runs a command, which sshauth will not do; later OpenSSH versions add
                // criteria (localnetwork, tagged, ...) that this one does not know.
                default: criteria.append(.unevaluated(shown + " " + String(decoding: argument, as: UTF8.self)))
                }
            }
            if !endedWithAll, attributes == 0 { throw syntax("'Match' needs at least one criterion") }
            if let rest, !rest.isEmpty { throw syntax("'Match' has extra words at the end") }
            return criteria
        }

        /// ssh's a2port: a decimal number from 1 to 65535 (as strtonum reads it), or a service name.
        private static func port(_ text: String) -> Int? {
            var digits = Substring(text).drop { $0 == " " || ("\t"..."\r").contains($0) }
            var sign = 1
            if let first = digits.first, first == "+" || first == "-" {
                sign = first == "-" ? -1 : 1
                digits = digits.dropFirst()
            }
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                guard let value = Int(digits).map({ $0 * sign }), (1...65535).contains(value) else { return nil }
                return value
            }
            guard let service = getservbyname(text, "tcp") else { return nil }
            let port = Int(UInt16(bigEndian: UInt16(truncatingIfNeeded: service.pointee.s_port)))
            return port > 0 ? port : nil
        }

        private func include(_ patterns: [String], path: String, number: Int, depth: Int) throws(TargetError) -> [File] {
            var files: [File] = []
            for pattern in patterns {
                let full = anchored(pattern)
                var found = glob_t()
                defer { globfree(&found) }
                let status = glob(full, GLOB_TILDE, nil, &found)
                if status == GLOB_NOMATCH { continue }
                guard status == 0 else { throw TargetError(.includeGlobFailed(line: number, pattern: full), input: path) }
                for index in 0..<Int(found.gl_pathc) {
                    guard let match = found.gl_pathv[index] else { continue }
                    guard depth < Self.maxIncludeDepth else { throw TargetError(.includeTooDeep(line: number), input: path) }
                    let included = String(cString: match)
                    guard let bytes = try Self.contents(of: included, missingIsEmpty: false) else { continue }
                    files.append(File(path: included, lines: try parse(bytes, path: included, depth: depth + 1)))
                }
            }
            return files
        }

        /// Relative Include paths live in `~/.ssh`, as in ssh.
        private func anchored(_ pattern: String) -> String {
            let tilded = pattern.hasPrefix("/") || pattern.hasPrefix("~") ? pattern : "~/.ssh/" + pattern
            guard let home, tilded == "~" || tilded.hasPrefix("~/") else { return tilded }
            // The home directory is a literal path inside a glob pattern.
            let escaped = home.reduce(into: "") { out, character in
                if "*?[\\".contains(character) { out += "\\" }
                out.append(character)
            }
            return escaped + tilded.dropFirst()
        }

        /// The bytes of a configuration file, after ssh's ownership and permission check; nil if it
        /// does not exist (or, for the top file, its directory does not). A directory reads as empty.
        static func contents(of path: String, missingIsEmpty: Bool) throws(TargetError) -> [UInt8]? {
            func failure(_ operation: String, _ code: Int32 = errno) -> TargetError {
                TargetError(.unreadable(operation: operation, errno: code), input: path)
            }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                if errno == ENOENT || (missingIsEmpty && errno == ENOTDIR) { return nil }
                throw failure("open")
            }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw failure("inspect") }
            if let reason = unsafety(of: info) { throw TargetError(.unsafePermissions(reason: reason), input: path) }
            if info.st_mode & S_IFMT == S_IFDIR { return [] }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(fd, &chunk, chunk.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw failure("read")
                }
                if count == 0 { return bytes }
                bytes += chunk[..<count]
            }
        }

        /// Why ssh would refuse a file with this owner and mode, if it would.
        private static func unsafety(of info: stat) -> String? {
            let uid = getuid()
            if info.st_uid != 0, info.st_uid != uid {
                return "it belongs to uid \(info.st_uid), neither you nor root"
            }
            if info.st_mode & 0o002 != 0 { return "anyone can write to it" }
            if info.st_mode & 0o020 != 0, !groupHasOnlyOwner(gid: info.st_gid, owner: info.st_uid, uid: uid) {
                return "its group can write to it and has members other than you"
            }
            return nil
        }

        /// Debian's OpenSSH accepts a group-writable file when the group's only member is the
        /// owner, as with per-user groups.
        private static func groupHasOnlyOwner(gid: gid_t, owner: uid_t, uid: uid_t) -> Bool {
            guard let group = getgrgid(gid) else { return false }
            var supplementary: [String] = []
            if var member = group.pointee.gr_mem {
                while let name = member.pointee {
                    supplementary.append(String(cString: name))
                    member += 1
                }
            }
            var members = 0
            setpwent()
            while let entry = getpwent() {
                guard entry.pointee.pw_gid == gid else { continue }
                members += 1
                if entry.pointee.pw_uid != uid {
                    endpwent()
                    return false
                }
            }
            endpwent()
            guard let ownerEntry = getpwuid(owner) else { return false }
            if let first = supplementary.first {
                members += 1
                if first != String(cString: ownerEntry.pointee.pw_name) || supplementary.count > 1 { return false }
            }
            return members > 0
        }
    }
}

// MARK: - Tokens (OpenSSH misc.c: strdelim, argv_split)

extension SSHClientConfig {
    enum Tokens {
        static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
        }

        /// The next word, as strdelim: ends at whitespace or one `=`, a double-quoted part may hold
        /// either; nil at the end or at an unclosed quote. An empty word means the text ran out.
        static func nextWord(_ rest: inout ArraySlice<UInt8>?) -> [UInt8]? {
            guard let text = rest else { return nil }
            let quote = UInt8(ascii: "\""), equals = UInt8(ascii: "=")
            guard let stop = text.firstIndex(where: { isWhitespace($0) || $0 == quote || $0 == equals }) else {
                rest = nil
                return Array(text)
            }
            if text[stop] == quote {
                guard let close = text[(stop + 1)...].firstIndex(of: quote) else {
                    rest = nil
                    return nil
                }
                rest = text[(close + 1)...].drop(while: isWhitespace)
                return Array(text[..<stop] + text[(stop + 1)..<close])
            }
            var after = text[(stop + 1)...].drop(while: isWhitespace)
            if text[stop] != equals, after.first == equals {
                after = after.dropFirst().drop(while: isWhitespace)
            }
            rest = after
            return Array(text[..<stop])
        }

        /// The words of an option's value, as argv_split: split at spaces and tabs, single or double
        /// quotes group, backslash escapes quotes, backslashes and (outside quotes) spaces, and a word
        /// starting with `#` ends the line. Nil for an unclosed quote.
        static func split(_ text: ArraySlice<UInt8>) -> [[UInt8]]? {
            let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), backslash = UInt8(ascii: "\\")
            let single = UInt8(ascii: "'"), double = UInt8(ascii: "\"")
            var words: [[UInt8]] = []
            var i = text.startIndex
            while i < text.endIndex {
                if text[i] == space || text[i] == tab {
                    i += 1
                    continue
                }
                if text[i] == UInt8(ascii: "#") { break }
                var quote: UInt8?
                var word: [UInt8] = []
                while i < text.endIndex {
                    let byte = text[i]
                    if byte == backslash, i + 1 < text.endIndex,
                       [single, double, backslash].contains(text[i + 1]) || (quote == nil && text[i + 1] == space) {
                        i += 1
                        word.append(text[i])
                    } else if quote == nil, byte == space || byte == tab {
                        break
                    } else if quote == nil, byte == single || byte == double {
                        quote = byte
                    } else if let open = quote, byte == open {
                        quote = nil
                    } else {
                        word.append(byte)
                    }
                    i += 1
                }
                if quote != nil { return nil }
                words.append(word)
            }
            return words
        }
    }
}
