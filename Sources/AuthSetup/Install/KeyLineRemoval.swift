import SSHKeys

/// Which key `sshauth remove` takes out of an authorized_keys file: a public key (compared by
/// blob) or its SHA256 fingerprint as `ssh-keygen -l` prints it.
public enum KeyToRemove: Sendable, Equatable, CustomStringConvertible {
    case key(SSHPublicKey)
    case fingerprint(String)

    /// Reads a fingerprint as typed: `SHA256:` and 43 unpadded base64 characters.
    public static func parseFingerprint(_ text: String) throws(KeyLineRemovalError) -> KeyToRemove {
        let body = text.hasPrefix("SHA256:") ? text.dropFirst("SHA256:".count) : nil
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        guard let body, body.count == 43, body.allSatisfy({ alphabet.contains($0) }) else {
            throw KeyLineRemovalError("--fingerprint \(text) is not a SHA256 fingerprint; give it as ssh-keygen -l prints it (SHA256: and 43 characters).")
        }
        return .fingerprint(text)
    }

    /// Whether a line's key is this one.
    public func matches(_ candidate: SSHPublicKey) -> Bool {
        switch self {
        case .key(let key): candidate.blob == key.blob
        case .fingerprint(let text): Fingerprint(of: candidate).description == text
        }
    }

    /// The fingerprint, for sentences.
    public var description: String {
        switch self {
        case .key(let key): Fingerprint(of: key).description
        case .fingerprint(let text): text
        }
    }
}

/// A key named for removal that cannot be removed as asked, as one sentence.
public struct KeyLineRemovalError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The new content of an authorized_keys file without the lines that carry one key.
///
/// Byte-exact: the removed lines go with their own `\n`, and every other byte (CRs, blank and
/// comment lines, options, lines sshd skips, a missing final newline) stays as it was, in order.
/// A line is removed when its key matches, whatever its options (`cert-authority` included) and
/// comment; text that merely mentions the key (a comment, a skipped line) is kept.
public struct KeyLineRemoval: Sendable, Equatable {
    /// One line taken out.
    public struct RemovedLine: Sendable, Equatable {
        /// Its number in the file as read, from 1.
        public let number: Int
        /// The line as written, without its line ending.
        public let text: String
        public let key: SSHPublicKey
    }

    /// The file as read.
    public let original: [UInt8]
    /// The lines taken out, in file order.
    public let removed: [RemovedLine]
    /// The file without them.
    public let result: [UInt8]
    /// The keys still authorized by the result (plain key lines, not `cert-authority` ones).
    public let remainingKeys: [SSHPublicKey]

    /// Plans the removal of every line of `bytes` whose key `selection` names.
    public init(bytes: [UInt8], removing selection: KeyToRemove) {
        original = bytes
        let file = AuthorizedKeysFile(bytes: bytes)
        var removed: [RemovedLine] = []
        var remaining: [SSHPublicKey] = []
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        // The same split KeyFile makes: a line is the bytes up to its `\n`, so line i of the file is range i.
        var start = 0
        var index = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let line = file.lines[index]
            let next = min(end + 1, bytes.count)
            if case let .key(_, key, _) = line.content, selection.matches(key) {
                var text = bytes[start..<end]
                if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
                removed.append(RemovedLine(number: line.number, text: String(decoding: text, as: UTF8.self), key: key))
            } else {
                if case let .key(options, key, _) = line.content, !options.contains(.flag(.certAuthority, negated: false)) {
                    remaining.append(key)
                }
                result += bytes[start..<next]
            }
            start = next
            index += 1
        }
        self.removed = removed
        self.result = result
        remainingKeys = remaining
    }
}
