import COpenSSL

/// A known_hosts file as ssh reads it (`hostfile.c`), with every line's original text kept.
public typealias KnownHostsFile = KeyFile<KnownHostsLineContent>

/// One line of a known_hosts file.
public typealias KnownHostsLine = KeyFileLine<KnownHostsLineContent>

extension KeyFile where Content == KnownHostsLineContent {
    /// What the file says about `key` as the host key of `host` on `port`, judged like ssh does.
    ///
    /// Only lines whose host patterns match count. A matching `@revoked` line with the key wins;
    /// otherwise a plain line with the key makes it known. Plain lines of the same algorithm family
    /// with other keys make it changed; keys of other families do not, as ssh then treats the host
    /// as new ("keys of different type are already known"). `@cert-authority` lines are ignored.
    ///
    /// For a port other than 22, ssh also looks the bare host up when `[host]:port` settles
    /// nothing: an `@revoked` line for the bare host still revokes the key, and a plain line for it
    /// with the key makes the key known ("found matching key w/out port").
    public func verdict(host: String, port: Int, key: SSHPublicKey) -> HostKeyLookup {
        let name = Array(Self.lookupName(host: host, port: port).utf8)
        let bareName = port == 22 ? nil : Array(Self.lookupName(host: host, port: 22).utf8)
        var knownLine: Int?
        var knownWithoutPortLine: Int?
        var changedLines: [Int] = []
        for line in lines {
            guard case let .entry(marker, hosts, lineKey, _) = line.content else { continue }
            let sameKey = lineKey.blob == key.blob
            // Decide whether the line could matter before matching hosts, which may cost an HMAC.
            switch marker {
            case .revoked?:
                if sameKey, hosts.matches(name: name) || bareName.map(hosts.matches(name:)) == true {
                    return .revoked(line: line.number)
                }
            case .certAuthority?:
                continue
            case nil:
                if sameKey {
                    if knownLine == nil, hosts.matches(name: name) {
                        knownLine = line.number
                    } else if knownWithoutPortLine == nil, let bareName, hosts.matches(name: bareName) {
                        knownWithoutPortLine = line.number
                    }
                } else if lineKey.algorithm.shortName == key.algorithm.shortName, hosts.matches(name: name) {
                    changedLines.append(line.number)
                }
            }
        }
        if let knownLine { return .known(line: knownLine) }
        if !changedLines.isEmpty { return .changed(lines: changedLines) }
        return knownWithoutPortLine.map { .known(line: $0) } ?? .unknown
    }

    /// The name ssh looks up for a host: `host` for port 22, else `[host]:port`, in lower case.
    public static func lookupName(host: String, port: Int) -> String {
        // ASCII only, like OpenSSH's `lowercase`, so names hash the same as ssh hashes them.
        let lowered = String(decoding: host.utf8.map(WildcardPattern.asciiLowercased), as: UTF8.self)
        return port == 22 ? lowered : "[\(lowered)]:\(port)"
    }

    /// A new entry `name keytype base64`, where the name is ``lookupName(host:port:)`` or, when
    /// `hashed`, its `|1|salt|hmac` form with `salt` (20 bytes; random when nil).
    /// For a plain entry, `host` must be a host name or address: no blanks, commas or pattern characters.
    public static func entryText(host: String, port: Int, key: SSHPublicKey, hashed: Bool, salt: [UInt8]? = nil) -> String {
        let name = lookupName(host: host, port: port)
        let hosts: HostPatterns
        if hashed {
            let salt = salt ?? randomSalt()
            precondition(salt.count == HMACSHA1.length, "a known_hosts salt is \(HMACSHA1.length) bytes")
            hosts = .hashed(salt: salt, hash: HMACSHA1.authenticationCode(key: salt, message: Array(name.utf8)))
        } else {
            precondition(!name.utf8.contains { " \t\r\n,*?!".utf8.contains($0) }, "not a plain host name: \(name)")
            hosts = .plain([name])
        }
        return "\(hosts.text) \(key.algorithm.name) \(Base64.encode(key.blob))"
    }

    private static func randomSalt() -> [UInt8] {
        var salt = [UInt8](repeating: 0, count: HMACSHA1.length)
        precondition(RAND_bytes(&salt, Int32(salt.count)) == 1, "OpenSSL could not produce random bytes")
        return salt
    }
}

/// What a known_hosts file says about a host key.
public enum HostKeyLookup: Sendable, Equatable {
    /// The key is recorded for the host on this line (the first such line).
    case known(line: Int)
    /// An `@revoked` line for the host lists the key.
    case revoked(line: Int)
    /// The host has keys of the same algorithm family on these lines, but not this key.
    case changed(lines: [Int])
    /// Nothing about this host and key family.
    case unknown
}

extension KeyFileLine where Content == KnownHostsLineContent {
    /// The markers that may start a known_hosts line.
    public typealias Marker = KnownHostsMarker
}

/// The markers that may start a known_hosts line.
public enum KnownHostsMarker: String, Sendable, Hashable, CaseIterable {
    /// The key is a CA that signs host certificates for the hosts.
    case certAuthority = "@cert-authority"
    /// The key must never be accepted for the hosts.
    case revoked = "@revoked"
}

/// What ssh makes of a known_hosts line.
public enum KnownHostsLineContent: KeyFileContent {
    /// Empty or only spaces and tabs.
    case blank
    /// The first non-blank character is `#`.
    case comment
    /// Hosts and their key, with an optional marker and the comment after the key.
    case entry(marker: KnownHostsMarker?, hosts: HostPatterns, key: SSHPublicKey, comment: String)
    /// A line ssh would skip, and why.
    case invalid(SSHKeyError)

    /// `[@marker] hosts keytype base64 [comment]`.
    public static func entry(_ line: UnsafeBufferPointer<UInt8>, from start: Int) throws(SSHKeyError) -> Self {
        var hostsStart = start
        var marker: KnownHostsMarker?
        if line[start] == UInt8(ascii: "@") {
            let markerEnd = KeyText.endOfToken(line, from: start)
            let word = UnsafeBufferPointer(rebasing: line[start..<markerEnd])
            guard let found = KnownHostsMarker.allCases.first(where: { $0.rawValue.utf8.elementsEqual(word) }) else {
                throw SSHKeyError(.malformed, "unknown marker \(KeyText.printable(word.prefix(64)))")
            }
            marker = found
            hostsStart = KeyText.skipBlanks(line, from: markerEnd)
            if hostsStart < line.count, line[hostsStart] == UInt8(ascii: "@") {
                throw SSHKeyError(.malformed, "a line may carry only one marker")
            }
        }
        guard hostsStart < line.count else { throw SSHKeyError(.notAPublicKey, "no host names follow the marker") }
        let hostsEnd = KeyText.endOfToken(line, from: hostsStart)
        let hosts = try HostPatterns(parsing: UnsafeBufferPointer(rebasing: line[hostsStart..<hostsEnd]))
        let keyStart = KeyText.skipBlanks(line, from: hostsEnd)
        guard keyStart < line.count, line[keyStart] != UInt8(ascii: "#") else {
            throw SSHKeyError(.notAPublicKey, "no key follows the host names")
        }
        let (key, keyEnd) = try KeyText.readKey(line, from: keyStart)
        return .entry(marker: marker, hosts: hosts, key: key, comment: KeyText.comment(line, afterKeyEndingAt: keyEnd))
    }
}

/// The host field of a known_hosts line.
public enum HostPatterns: Sendable, Hashable {
    /// `|1|salt|hash`: HMAC-SHA1 of the looked-up name, keyed with the salt (both 20 bytes).
    case hashed(salt: [UInt8], hash: [UInt8])
    /// Comma-separated patterns as written: `*` and `?` wildcards, `!` to exclude.
    case plain([String])

    private static let hashMagic = "|1|"

    /// Whether the line applies to `host` on `port` (see ``KnownHostsFile/lookupName(host:port:)``).
    public func matches(host: String, port: Int) -> Bool {
        matches(name: Array(KnownHostsFile.lookupName(host: host, port: port).utf8))
    }

    /// The field as written in known_hosts.
    public var text: String {
        switch self {
        case let .hashed(salt, hash): Self.hashMagic + Base64.encode(salt) + "|" + Base64.encode(hash)
        case let .plain(patterns): patterns.joined(separator: ",")
        }
    }

    /// Matches a lower-case lookup name, as OpenSSH's `match_maybe_hashed` does.
    func matches(name: [UInt8]) -> Bool {
        switch self {
        case let .hashed(salt, hash):
            return HMACSHA1.authenticationCode(key: salt, message: name) == hash
        case let .plain(patterns):
            // The field as written: ssh matches it as one list, so its rules for a trailing comma
            // and an overlong pattern apply to the whole field.
            return WildcardPattern.matchList(name, Array(patterns.joined(separator: ",").utf8), lowercasingPatterns: true) == .matched
        }
    }

    /// Parses a host field; a field starting with `|` must be a complete `|1|salt|hash`.
    init(parsing field: UnsafeBufferPointer<UInt8>) throws(SSHKeyError) {
        guard field.first == UInt8(ascii: "|") else {
            self = .plain(field.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            })
            return
        }
        let shown = KeyText.printable(field.prefix(64))
        let saltStart = Self.hashMagic.utf8.count
        guard field.starts(with: Self.hashMagic.utf8),
              let separator = field[saltStart...].firstIndex(of: UInt8(ascii: "|"))
        else {
            throw SSHKeyError(.malformed, "a hashed host name must be |1|salt|hash: \(shown)")
        }
        let salt: [UInt8]
        let hash: [UInt8]
        do {
            salt = try Base64.decode(UnsafeBufferPointer(rebasing: field[saltStart..<separator]))
            hash = try Base64.decode(UnsafeBufferPointer(rebasing: field[(separator + 1)...]))
        } catch {
            throw SSHKeyError(.badBase64, "in the hashed host name \(shown)")
        }
        guard salt.count == HMACSHA1.length, hash.count == HMACSHA1.length else {
            throw SSHKeyError(.malformed, "the salt and hash of a hashed host name must be \(HMACSHA1.length) bytes each: \(shown)")
        }
        self = .hashed(salt: salt, hash: hash)
    }
}
