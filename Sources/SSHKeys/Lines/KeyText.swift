/// The shared reader for the `type base64` pair at the heart of every key line format.
///
/// `.pub` files, authorized_keys and known_hosts all embed the same two fields; OpenSSH's
/// `sshkey_read` rules apply to each: an exact type word, then spaces or tabs, then correctly
/// padded base64 up to the next space or tab, whose blob must carry the same type.
enum KeyText {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// Index of the first byte at or after `start` that is not a space or tab.
    static func skipBlanks(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < text.count, isBlank(text[index]) { index += 1 }
        return index
    }

    /// Index of the first space or tab at or after `start` (or the end).
    static func endOfToken(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < text.count, !isBlank(text[index]) { index += 1 }
        return index
    }

    /// Reads `type base64` starting exactly at `start`; returns the key and the index just past the base64.
    /// A key of either family that a key line may hold.
    enum AnyKey {
        case plain(SSHPublicKey)
        case securityKey(SecurityKeyPublicKey)
        case dsa(DSAPublicKey)
        case certificate(OpenSSHCertificate)
    }

    /// ``readKey(_:from:)``, falling back to security-key types (rare, so tried second).
    static func readAnyKey(_ text: UnsafeBufferPointer<UInt8>, from start: Int) throws(SSHKeyError) -> (AnyKey, Int) {
        do {
            let (key, end) = try readKey(text, from: start)
            return (.plain(key), end)
        } catch where error.kind == .unknownKeyType {
            let typeEnd = endOfToken(text, from: start)
            let typeWord = String(decoding: UnsafeBufferPointer(rebasing: text[start..<typeEnd]), as: UTF8.self)
            if typeWord == DSAPublicKey.typeName { return try readDSA(text, typeEnd: typeEnd) }
            if OpenSSHCertificate.isCertificateType(typeWord) { return try readCertificate(text, typeWord: typeWord, typeEnd: typeEnd) }
            guard let kind = SecurityKeyPublicKey.Kind(rawValue: typeWord) else {
                throw error
            }
            let dataStart = skipBlanks(text, from: typeEnd)
            let dataEnd = endOfToken(text, from: dataStart)
            guard dataEnd > dataStart else { throw SSHKeyError(.notAPublicKey, "\(kind.rawValue) is not followed by key data") }
            let key = try SecurityKeyPublicKey(blob: try decodeSkippingWhitespace(UnsafeBufferPointer(rebasing: text[dataStart..<dataEnd])))
            guard key.kind == kind else {
                throw SSHKeyError(.typeMismatch, "the line says \(kind.rawValue) but the key data is \(key.kind.rawValue)")
            }
            return (.securityKey(key), dataEnd)
        }
    }

    /// The `ssh-dss` key whose type word ends at `typeEnd`.
    private static func readDSA(_ text: UnsafeBufferPointer<UInt8>, typeEnd: Int) throws(SSHKeyError) -> (AnyKey, Int) {
        let dataStart = skipBlanks(text, from: typeEnd)
        let dataEnd = endOfToken(text, from: dataStart)
        guard dataEnd > dataStart else { throw SSHKeyError(.notAPublicKey, "\(DSAPublicKey.typeName) is not followed by key data") }
        let blob = try decodeSkippingWhitespace(UnsafeBufferPointer(rebasing: text[dataStart..<dataEnd]))
        do {
            return (.dsa(try DSAPublicKey(blob: blob)), dataEnd)
        } catch where error.kind == .unknownKeyType {
            throw SSHKeyError(.typeMismatch, "the line says \(DSAPublicKey.typeName) but the key data is \(error.detail)")
        }
    }

    /// The certificate whose type word ends at `typeEnd`; its CA signature is checked.
    private static func readCertificate(_ text: UnsafeBufferPointer<UInt8>, typeWord: String, typeEnd: Int) throws(SSHKeyError) -> (AnyKey, Int) {
        guard OpenSSHCertificate.typeNames[typeWord] != nil else { throw SSHKeyError(.unknownKeyType, String(typeWord.prefix(64))) }
        let dataStart = skipBlanks(text, from: typeEnd)
        let dataEnd = endOfToken(text, from: dataStart)
        guard dataEnd > dataStart else { throw SSHKeyError(.notAPublicKey, "\(typeWord) is not followed by key data") }
        let certificate = try OpenSSHCertificate(blob: try decodeSkippingWhitespace(UnsafeBufferPointer(rebasing: text[dataStart..<dataEnd])))
        guard certificate.typeName == typeWord else {
            throw SSHKeyError(.typeMismatch, "the line says \(typeWord) but the key data is \(certificate.typeName)")
        }
        return (.certificate(certificate), dataEnd)
    }

    static func readKey(_ text: UnsafeBufferPointer<UInt8>, from start: Int) throws(SSHKeyError) -> (SSHPublicKey, Int) {
        let typeEnd = endOfToken(text, from: start)
        let typeWord = UnsafeBufferPointer(rebasing: text[start..<typeEnd])
        guard let algorithm = SSHKeyAlgorithm(nameBytes: typeWord) else {
            if typeWord.isEmpty { throw SSHKeyError(.notAPublicKey) }
            throw SSHKeyError(.unknownKeyType, printable(typeWord.prefix(64)))
        }
        guard typeEnd < text.count else { throw SSHKeyError(.notAPublicKey, "\(algorithm.name) is not followed by key data") }
        let dataStart = skipBlanks(text, from: typeEnd)
        let dataEnd = endOfToken(text, from: dataStart)
        guard dataEnd > dataStart else { throw SSHKeyError(.notAPublicKey, "\(algorithm.name) is not followed by key data") }
        let blob = try decodeSkippingWhitespace(UnsafeBufferPointer(rebasing: text[dataStart..<dataEnd]))
        let key = try SSHPublicKey(blob: blob)
        guard key.algorithm == algorithm else {
            throw SSHKeyError(.typeMismatch, "the line says \(algorithm.name) but the key data is \(key.algorithm.name)")
        }
        return (key, dataEnd)
    }

    /// Base64 as OpenSSH's `b64_pton` reads it: CR, LF, vertical tab and form feed inside the
    /// text are skipped (spaces and tabs already ended the token).
    static func decodeSkippingWhitespace(_ token: UnsafeBufferPointer<UInt8>) throws(SSHKeyError) -> [UInt8] {
        let skipped: (UInt8) -> Bool = { $0 == 0x0D || $0 == 0x0A || $0 == 0x0B || $0 == 0x0C }
        guard token.contains(where: skipped) else { return try Base64.decode(token) }
        let kept = token.filter { !skipped($0) }
        return try kept.withUnsafeBufferPointer { (buffer) throws(SSHKeyError) -> [UInt8] in try Base64.decode(buffer) }
    }

    /// Bytes shown in an error message: printable ASCII kept, everything else as `?`.
    static func printable(_ bytes: some Sequence<UInt8>) -> String {
        String(decoding: bytes.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }
}
