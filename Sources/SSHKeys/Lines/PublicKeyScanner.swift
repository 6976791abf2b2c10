#if canImport(Glibc)
import Glibc
#endif

/// Finds the public keys in a text file of any of the line formats OpenSSH uses:
/// `.pub`, authorized_keys (with options) and known_hosts (with host patterns, plain or hashed).
///
/// The rules are those of `ssh-keygen -l`: blank lines and `#` lines are skipped; a line that does
/// not start with a key has exactly one leading token (options or hosts, quote-aware) and exactly
/// one blank after it skipped, and that token serves as the comment unless a trailing comment
/// follows the key. `@cert-authority` and `@revoked` lines are not plain keys: ssh-keygen lists
/// nothing for them. Any other token starting with `@` is just a leading token to ssh-keygen.
public enum PublicKeyScanner {
    /// What one line held.
    public enum Outcome {
        /// A key, with the comment bytes that `ssh-keygen -l` would print (empty: none).
        case key(SSHPublicKey, comment: UnsafeBufferPointer<UInt8>)
        /// A FIDO security-key public key: listed, but not one sshauth installs.
        case securityKey(SecurityKeyPublicKey, comment: UnsafeBufferPointer<UInt8>)
        /// A DSA key, listed but never installed.
        case dsa(DSAPublicKey, comment: UnsafeBufferPointer<UInt8>)
        /// An OpenSSH certificate whose CA signature verified: listed with its certified key.
        case certificate(OpenSSHCertificate, comment: UnsafeBufferPointer<UInt8>)
        case invalid(SSHKeyError)
    }

    /// Calls `body` with the 1-based line number and outcome of each line that is not blank or a comment.
    /// The comment buffer is only valid during the call.
    ///
    /// A line ends at its first NUL byte, as it does for ssh-keygen and sshd (C strings). A CR
    /// before the newline is dropped unless `keepingCarriageReturns`: ssh-keygen 9.2 keeps it, so
    /// it ends up in the comment it prints (a CR inside the base64 is skipped either way).
    /// Valid `@cert-authority` and `@revoked` known_hosts lines are passed over like comments, as
    /// ssh-keygen passes over them; a marker line it could not read is reported as invalid.
    /// `markerLine` hears the number of each marker line passed over.
    public static func scan(_ text: UnsafeBufferPointer<UInt8>, keepingCarriageReturns: Bool = false,
                            markerLine: (Int) -> Void = { _ in }, _ body: (Int, Outcome) -> Void) {
        var lineNumber = 0
        var lineStart = 0
        while lineStart < text.count {
            lineNumber += 1
            var lineEnd = indexOfNewline(text, from: lineStart) ?? text.count
            let next = lineEnd + 1
            if let nul = indexOf(0, in: text, from: lineStart, to: lineEnd) { lineEnd = nul }
            if !keepingCarriageReturns, lineEnd > lineStart, text[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd])
            lineStart = next
            let start = KeyText.skipBlanks(line, from: 0)
            if start == line.count || line[start] == UInt8(ascii: "#") { continue }
            if line[start] == UInt8(ascii: "@"), case .entry(.some, _, _, _) = KnownHostsLine.Content(parsing: line) {
                markerLine(lineNumber)
                continue
            }
            body(lineNumber, outcome(of: line, from: start))
        }
    }

    /// The index of the first `byte` in `text[start..<end]`, found with memchr.
    private static func indexOf(_ byte: UInt8, in text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = text.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The index of the next `\n` at or after `start`, found with memchr.
    static func indexOfNewline(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < text.count, let base = text.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), text.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Parses one line (without its newline) starting at the first non-blank byte.
    static func outcome(of line: UnsafeBufferPointer<UInt8>, from start: Int) -> Outcome {
        var comment = UnsafeBufferPointer(rebasing: line[start..<start])
        let key: KeyText.AnyKey
        var keyEnd: Int
        do {
            (key, keyEnd) = try KeyText.readAnyKey(line, from: start)
        } catch let firstError {
            if startsWithLegacyBitCount(line, from: start) {
                return .invalid(SSHKeyError(.unknownKeyType, "an SSH protocol 1 key"))
            }
            guard let tokenEnd = endOfPrefixToken(line, from: start) else {
                return .invalid(SSHKeyError(.malformed, "unterminated quote in the options or host field"))
            }
            comment = UnsafeBufferPointer(rebasing: line[start..<tokenEnd])
            // ssh-keygen steps over exactly one blank here and its key reader skips none, so a
            // second blank after the options or hosts makes the line unreadable to it.
            let keyStart = tokenEnd + 1
            do {
                (key, keyEnd) = try KeyText.readAnyKey(line, from: keyStart)
            } catch let secondError {
                // Report the error about the token that looked most like a key.
                if case .unknownKeyType = firstError.kind { return .invalid(secondError) }
                return .invalid(firstError)
            }
        }
        let trailing = KeyText.skipBlanks(line, from: keyEnd)
        if trailing < line.count, line[trailing] != UInt8(ascii: "#") {
            comment = UnsafeBufferPointer(rebasing: line[trailing...])
        }
        switch key {
        case .plain(let key): return .key(key, comment: comment)
        case .securityKey(let key): return .securityKey(key, comment: comment)
        case .dsa(let key): return .dsa(key, comment: comment)
        case .certificate(let certificate): return .certificate(certificate, comment: comment)
        }
    }

    /// The end of the leading options / host-pattern token: the first blank outside double
    /// quotes, where `\"` does not toggle quoting. Nil when the line ends inside it.
    static func endOfPrefixToken(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var quoted = false
        var index = start
        while index < line.count, quoted || !KeyText.isBlank(line[index]) {
            if line[index] == UInt8(ascii: "\\"), index + 1 < line.count, line[index + 1] == UInt8(ascii: "\"") {
                index += 1
            } else if line[index] == UInt8(ascii: "\"") {
                quoted.toggle()
            }
            index += 1
        }
        return index < line.count ? index : nil
    }

    /// SSH-1 `bits exponent modulus` lines start with a non-zero number followed by a blank.
    private static func startsWithLegacyBitCount(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var index = start
        var value = 0
        while index < line.count, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
            value = min(value * 10 + Int(line[index] - UInt8(ascii: "0")), Int(Int32.max))
            index += 1
        }
        return index > start && value != 0 && index < line.count && KeyText.isBlank(line[index])
    }
}
