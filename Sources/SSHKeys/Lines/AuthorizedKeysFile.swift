/// An authorized_keys file as sshd reads it, with every line's original text kept.
public typealias AuthorizedKeysFile = KeyFile<AuthorizedKeysLineContent>

/// One line of an authorized_keys file.
public typealias AuthorizedKeysLine = KeyFileLine<AuthorizedKeysLineContent>

extension KeyFile where Content == AuthorizedKeysLineContent {
    /// The number of the first line that authorizes `key`, compared by blob, so comments and
    /// options do not matter. `cert-authority` lines are skipped: they trust certificates
    /// signed by the key, not the key itself.
    public func lineNumber(containing key: SSHPublicKey) -> Int? {
        lines.first { line in
            guard case let .key(options, lineKey, _) = line.content else { return false }
            return lineKey.blob == key.blob && !options.contains(.flag(.certAuthority, negated: false))
        }?.number
    }
}

/// What sshd makes of an authorized_keys line (`check_authkey_line`).
public enum AuthorizedKeysLineContent: KeyFileContent {
    /// Empty or only spaces and tabs.
    case blank
    /// The first non-blank character is `#`.
    case comment
    /// A key with its options (none when the line starts with the key) and the comment after it.
    case key(options: [AuthorizedKeyOption], key: SSHPublicKey, comment: String)
    /// A line sshd would skip, and why.
    case invalid(SSHKeyError)

    /// Options (unless the line starts with a key), key, comment.
    public static func entry(_ line: UnsafeBufferPointer<UInt8>, from start: Int) throws(SSHKeyError) -> Self {
        var options: [AuthorizedKeyOption] = []
        let key: SSHPublicKey
        let keyEnd: Int
        do {
            (key, keyEnd) = try KeyText.readKey(line, from: start)
        } catch let firstError {
            guard let optionsEnd = PublicKeyScanner.endOfPrefixToken(line, from: start) else {
                if line[start...].contains(UInt8(ascii: "\"")) {
                    throw SSHKeyError(.malformed, "a quote in the options is not closed, or no key follows them")
                }
                throw firstError
            }
            let keyStart = KeyText.skipBlanks(line, from: optionsEnd)
            do {
                (key, keyEnd) = try KeyText.readKey(line, from: keyStart)
            } catch let secondError {
                // Report the error about the token that looked most like a key, as ssh-keygen -l does.
                if case .unknownKeyType = firstError.kind { throw secondError }
                throw firstError
            }
            options = try AuthorizedKeyOption.parseList(UnsafeBufferPointer(rebasing: line[start..<optionsEnd]))
        }
        return .key(options: options, key: key, comment: KeyText.comment(line, afterKeyEndingAt: keyEnd))
    }
}

/// One option of an authorized_keys line, read by the rules of sshd's `sshauthopt_parse`.
///
/// Values are kept dequoted. Where sshd's acceptance of a value depends on the server (service
/// names as ports) or where it tolerates oddities (empty options between commas, a repeated
/// `tunnel`), the line is treated as invalid: that costs at most a redundant appended line, while
/// taking for valid a line sshd rejects would report a key as installed that cannot log in.
public enum AuthorizedKeyOption: Sendable, Hashable {
    /// A flag; `negated` is its `no-` form (only ``Flag/isNegatable`` flags have one).
    case flag(Flag, negated: Bool)
    /// `command="..."`: the command forced on every login with the key.
    case command(String)
    /// `principals="..."`: the names accepted in certificates, on `cert-authority` lines.
    case principals(String)
    /// `from="..."`: the client address and host-name patterns allowed to use the key.
    case from(String)
    /// `expiry-time="YYYYMMDD[HHMM[SS]][Z]"`: when the key stops being accepted.
    case expiryTime(String)
    /// `environment="NAME=value"`.
    case environment(name: String, value: String)
    /// `permitopen="host:port"`.
    case permitOpen(String)
    /// `permitlisten="[host:]port"`.
    case permitListen(String)
    /// `tunnel="n"`, a device number or `any`.
    case tunnel(String)

    /// The option keywords that take no value.
    public enum Flag: String, Sendable, Hashable, CaseIterable {
        case restrict
        case certAuthority = "cert-authority"
        case portForwarding = "port-forwarding"
        case agentForwarding = "agent-forwarding"
        case x11Forwarding = "x11-forwarding"
        case touchRequired = "touch-required"
        case verifyRequired = "verify-required"
        case pty
        case userRC = "user-rc"

        /// The keyword as sshd documents it (matched case-insensitively when reading).
        public var name: String { rawValue }

        /// Whether a `no-` form exists.
        public var isNegatable: Bool { self != .restrict && self != .certAuthority }
    }

    /// The option as it is written in authorized_keys, with `"` in values escaped as `\"`.
    /// (A value ending in a backslash cannot be written: sshd would read `\"` as a quote.)
    public var text: String {
        switch self {
        case let .flag(flag, negated): (negated ? "no-" : "") + flag.name
        case let .command(value): Self.quoted(.command, value)
        case let .principals(value): Self.quoted(.principals, value)
        case let .from(value): Self.quoted(.from, value)
        case let .expiryTime(value): Self.quoted(.expiryTime, value)
        case let .environment(name, value): Self.quoted(.environment, name + "=" + value)
        case let .permitOpen(value): Self.quoted(.permitOpen, value)
        case let .permitListen(value): Self.quoted(.permitListen, value)
        case let .tunnel(value): Self.quoted(.tunnel, value)
        }
    }

    private static func quoted(_ keyword: ValueKeyword, _ value: String) -> String {
        keyword.rawValue + "=\"" + value.replacing("\"", with: "\\\"") + "\""
    }

    /// The keywords written `keyword="value"`.
    private enum ValueKeyword: String, CaseIterable {
        case command, principals, from
        case expiryTime = "expiry-time"
        case environment
        case permitOpen = "permitopen"
        case permitListen = "permitlisten"
        case tunnel

        /// Whether a second occurrence is an error rather than an addition.
        var isSingle: Bool {
            switch self {
            case .command, .principals, .from, .tunnel: true
            case .expiryTime, .environment, .permitOpen, .permitListen: false
            }
        }

        init?(matching name: UnsafeBufferPointer<UInt8>) {
            guard let found = Self.allCases.first(where: { AuthorizedKeyOption.equalsIgnoringCase(name, $0.rawValue) }) else {
                return nil
            }
            self = found
        }
    }

    private static let comma = UInt8(ascii: ",")
    private static let equals = UInt8(ascii: "=")
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    /// Parses the options token of a line: the bytes before the first blank outside quotes.
    static func parseList(_ token: UnsafeBufferPointer<UInt8>) throws(SSHKeyError) -> [AuthorizedKeyOption] {
        var options: [AuthorizedKeyOption] = []
        var seen = Set<ValueKeyword>()
        var index = 0
        while true {
            let nameStart = index
            while index < token.count, token[index] != comma, token[index] != equals { index += 1 }
            let name = UnsafeBufferPointer(rebasing: token[nameStart..<index])
            guard !name.isEmpty else {
                throw SSHKeyError(.malformed, "empty option (a comma at the start or end of the options, or two in a row)")
            }
            if index < token.count, token[index] == equals {
                guard let keyword = ValueKeyword(matching: name) else {
                    throw SSHKeyError(.malformed, "unknown option \(KeyText.printable(name.prefix(64)))")
                }
                guard !keyword.isSingle || seen.insert(keyword).inserted else {
                    throw SSHKeyError(.malformed, "more than one \(keyword.rawValue) option")
                }
                index += 1
                let value = try dequote(token, at: &index, for: keyword)
                options.append(try option(keyword, value))
                guard index == token.count || token[index] == comma else {
                    let rest = KeyText.printable(token[index...].prefix(64))
                    throw SSHKeyError(.malformed, "unexpected text after the value of \(keyword.rawValue): \(rest)")
                }
            } else {
                options.append(try flag(name))
            }
            if index == token.count { return options }
            index += 1
        }
    }

    /// A flag keyword, optionally `no-` prefixed, compared case-insensitively as sshd does.
    private static func flag(_ name: UnsafeBufferPointer<UInt8>) throws(SSHKeyError) -> AuthorizedKeyOption {
        let prefix = "no-"
        let negated = name.count > prefix.utf8.count
            && equalsIgnoringCase(UnsafeBufferPointer(rebasing: name.prefix(prefix.utf8.count)), prefix)
        let word = negated ? UnsafeBufferPointer(rebasing: name.dropFirst(prefix.utf8.count)) : name
        guard let flag = Flag.allCases.first(where: { equalsIgnoringCase(word, $0.name) }) else {
            throw SSHKeyError(.malformed, "unknown option \(KeyText.printable(name.prefix(64)))")
        }
        guard !negated || flag.isNegatable else {
            throw SSHKeyError(.malformed, "\(flag.name) cannot be negated: \(KeyText.printable(name))")
        }
        return .flag(flag, negated: negated)
    }

    /// Reads `"value"` at `index`, where `\"` stands for a quote; leaves `index` after the closing quote.
    private static func dequote(
        _ token: UnsafeBufferPointer<UInt8>, at index: inout Int, for keyword: ValueKeyword
    ) throws(SSHKeyError) -> String {
        guard index < token.count, token[index] == quote else {
            let value = KeyText.printable(token[index...].prefix(64))
            throw SSHKeyError(.malformed, "the value of \(keyword.rawValue) must be in double quotes: \(keyword.rawValue)=\(value)")
        }
        index += 1
        var value: [UInt8] = []
        while index < token.count, token[index] != quote {
            if token[index] == backslash, index + 1 < token.count, token[index + 1] == quote { index += 1 }
            value.append(token[index])
            index += 1
        }
        guard index < token.count else {
            throw SSHKeyError(.malformed, "the value of \(keyword.rawValue) has no closing quote")
        }
        index += 1
        return String(decoding: value, as: UTF8.self)
    }

    /// Builds the option after checking its value the way sshd does when it reads the file.
    private static func option(_ keyword: ValueKeyword, _ value: String) throws(SSHKeyError) -> AuthorizedKeyOption {
        switch keyword {
        case .command: return .command(value)
        case .principals: return .principals(value)
        case .from: return .from(value)
        case .expiryTime:
            guard isAbsoluteTime(Array(value.utf8)) else {
                throw SSHKeyError(.malformed, "expiry-time must be YYYYMMDD[HHMM[SS]] with an optional Z or UTC: \(value)")
            }
            return .expiryTime(value)
        case .environment:
            let bytes = Array(value.utf8)
            guard let equalsIndex = bytes.firstIndex(of: equals), equalsIndex > 0,
                  bytes[..<equalsIndex].allSatisfy({ isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "_") })
            else {
                throw SSHKeyError(.malformed, "environment must be NAME=value with a name of letters, digits and underscores: \(value)")
            }
            return .environment(
                name: String(decoding: bytes[..<equalsIndex], as: UTF8.self),
                value: String(decoding: bytes[(equalsIndex + 1)...], as: UTF8.self)
            )
        case .permitOpen:
            guard isPermission(Array(value.utf8)) else {
                throw SSHKeyError(.malformed, "permitopen must be host:port with a port number or *: \(value)")
            }
            return .permitOpen(value)
        case .permitListen:
            var bytes = Array(value.utf8)
            // A bare port listens on any address.
            if !bytes.contains(UInt8(ascii: ":")) { bytes = Array("*:".utf8) + bytes }
            guard isPermission(bytes) else {
                throw SSHKeyError(.malformed, "permitlisten must be [host:]port with a port number or *: \(value)")
            }
            return .permitListen(value)
        case .tunnel:
            guard isTunnelDevice(Array(value.utf8)) else {
                throw SSHKeyError(.malformed, "tunnel must be a device number or \"any\": \(value)")
            }
            return .tunnel(value)
        }
    }

    /// `host:port` or `host/port`, the host optionally in brackets, as OpenSSH's `hpdelim` splits it.
    /// Service names are refused: whether sshd knows one depends on the server.
    private static func isPermission(_ value: [UInt8]) -> Bool {
        let delimiter: Int
        if value.first == UInt8(ascii: "[") {
            guard let close = value.firstIndex(of: UInt8(ascii: "]")) else { return false }
            delimiter = close + 1
        } else {
            delimiter = value.firstIndex { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") } ?? value.count
        }
        guard delimiter < value.count, value[delimiter] == UInt8(ascii: ":") || value[delimiter] == UInt8(ascii: "/"),
              delimiter < 1025  // NI_MAXHOST
        else { return false }
        let port = value[(delimiter + 1)...]
        if port.elementsEqual([UInt8(ascii: "*")]) { return true }
        guard let number = decimal(port) else { return false }
        return (1...65535).contains(number)
    }

    /// `any` or a device number up to OpenSSH's `SSH_TUNID_MAX`.
    private static func isTunnelDevice(_ value: [UInt8]) -> Bool {
        if value.withUnsafeBufferPointer({ equalsIgnoringCase($0, "any") }) { return true }
        guard let number = decimal(value[...]) else { return false }
        return number <= 0x7FFF_FFFD
    }

    /// OpenSSH's `parse_absolute_time`: 8, 12 or 14 digits, then optionally `Z` or `UTC`.
    private static func isAbsoluteTime(_ value: [UInt8]) -> Bool {
        var digits = value[...]
        if let last = digits.last, last | 0x20 == UInt8(ascii: "z") {
            digits = digits.dropLast()
        } else if digits.count > 3, digits.suffix(3).map({ $0 & ~0x20 }).elementsEqual("UTC".utf8) {
            digits = digits.dropLast(3)
        }
        guard [8, 12, 14].contains(digits.count), digits.allSatisfy(isASCIIDigit) else { return false }
        func field(_ offset: Int, _ length: Int) -> Int {
            decimal(digits.dropFirst(offset).prefix(length)) ?? -1
        }
        guard (1...12).contains(field(4, 2)), (1...31).contains(field(6, 2)) else { return false }
        if digits.count >= 12, !(0...23).contains(field(8, 2)) || !(0...59).contains(field(10, 2)) { return false }
        if digits.count == 14, !(0...60).contains(field(12, 2)) { return false }
        return true
    }

    /// The value of 1 to 10 decimal digits, or nil.
    private static func decimal(_ digits: ArraySlice<UInt8>) -> Int? {
        guard (1...10).contains(digits.count), digits.allSatisfy(isASCIIDigit) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIIDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }

    /// ASCII case-insensitive comparison with a lower-case keyword, like `strncasecmp`.
    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ keyword: String) -> Bool {
        bytes.count == keyword.utf8.count && zip(bytes, keyword.utf8).allSatisfy { byte, expected in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == expected
        }
    }
}
