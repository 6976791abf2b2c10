import CWideCharacters
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The lines `ssh-keygen -l` and `ssh-keygen -lv` print for keys, one key or a whole file at a time.
public enum FingerprintListing {
    /// `BITS FINGERPRINT COMMENT (TYPE)`, with "no comment" when there is none, and the comment made
    /// safe for a terminal the way OpenSSH does (control bytes and invalid UTF-8 as `\ooo`).
    /// `emptyIsComment`: an empty comment that the key file does hold (an openssh-key-v1 private
    /// key's) is printed empty, as ssh-keygen prints it, rather than as "no comment".
    public static func line(for key: some FingerprintedKey, comment: [UInt8], hash: Fingerprint.Hash, emptyIsComment: Bool = false) -> String {
        var out = [UInt8]()
        let context = DigestContext(hash.digest)
        comment.withUnsafeBufferPointer {
            append(key: key, comment: $0, hash: hash, visual: false, context: context, emptyIsComment: emptyIsComment, to: &out)
        }
        out.removeLast()
        return String(decoding: out, as: UTF8.self)
    }

    /// The randomart for a key under a given hash, as `-lv` prints it below the line.
    public static func randomart(for key: some FingerprintedKey, hash: Fingerprint.Hash) -> String {
        Randomart.draw(digest: Fingerprint(of: key, hash: hash).digest,
                       title: Randomart.title(typeName: key.listingName, bits: key.bits), hashLabel: hash.label)
    }

    /// What listing a whole file produced.
    public struct FileListing: Sendable {
        /// The listing lines, newline-terminated, in file order.
        public var output: [UInt8] = []
        /// Lines that held no usable key, in file order.
        public var problems: [(line: Int, error: SSHKeyError)] = []
        public var keyCount = 0
        /// Valid `@cert-authority` and `@revoked` lines, passed over as ssh-keygen passes them.
        public var markerLineCount = 0

        public init() {}
    }

    /// Lists every key in a text file of key lines (see ``PublicKeyScanner``). Large inputs are split
    /// at line boundaries and listed on all cores; the result is the same as a sequential pass.
    public static func list(_ text: UnsafeBufferPointer<UInt8>, hash: Fingerprint.Hash, visual: Bool) -> FileListing {
        let chunks = split(text, into: text.count < 1 << 20 ? 1 : min(Processors.online, 8))
        let results = UnsafeMutableBufferPointer<FileListing>.allocate(capacity: chunks.count)
        results.initialize(repeating: FileListing())
        defer { results.deinitialize().deallocate() }
        // Each iteration writes only its own slot, and both buffers outlive the concurrent loop.
        nonisolated(unsafe) let shared = results
        nonisolated(unsafe) let input = text
        DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
            shared[index] = listChunk(UnsafeBufferPointer(rebasing: input[chunks[index]]), hash: hash, visual: visual)
        }
        var combined = results[0]
        for index in 1..<max(chunks.count, 1) where chunks.count > 1 {
            combined.output += results[index].output
            combined.keyCount += results[index].keyCount
            combined.markerLineCount += results[index].markerLineCount
            // Line numbers are only needed for problems; counting lines is not free on large files.
            if !results[index].problems.isEmpty {
                let linesBefore = lineCount(UnsafeBufferPointer(rebasing: text[0..<chunks[index].lowerBound]))
                combined.problems += results[index].problems.map { ($0.line + linesBefore, $0.error) }
            }
        }
        return combined
    }

    private static func listChunk(_ text: UnsafeBufferPointer<UInt8>, hash: Fingerprint.Hash, visual: Bool) -> FileListing {
        var listing = FileListing()
        listing.output.reserveCapacity(text.count / 3)
        let context = DigestContext(hash.digest)
        PublicKeyScanner.scan(text, keepingCarriageReturns: true, markerLine: { _ in listing.markerLineCount += 1 }) { line, outcome in
            switch outcome {
            case .key(let key, let comment):
                listing.keyCount += 1
                append(key: key, comment: comment, hash: hash, visual: visual, context: context, to: &listing.output)
            case .securityKey(let key, let comment):
                listing.keyCount += 1
                append(key: key, comment: comment, hash: hash, visual: visual, context: context, to: &listing.output)
            case .dsa(let key, let comment):
                listing.keyCount += 1
                append(key: key, comment: comment, hash: hash, visual: visual, context: context, to: &listing.output)
            case .certificate(let certificate, let comment):
                listing.keyCount += 1
                append(key: CertifiedKeyListing(certificate), comment: comment, hash: hash, visual: visual, context: context, to: &listing.output)
            case .invalid(let error):
                listing.problems.append((line, error))
            }
        }
        return listing
    }

    /// Ranges covering `text`, each ending just after a newline (the last one at the end).
    private static func split(_ text: UnsafeBufferPointer<UInt8>, into parts: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for part in 1...max(parts, 1) {
            var end = part == parts ? text.count : max(start, text.count * part / parts)
            while end < text.count, end > 0, text[end - 1] != UInt8(ascii: "\n") { end += 1 }
            if end > start { ranges.append(start..<end) }
            start = end
        }
        return ranges.isEmpty ? [0..<0] : ranges
    }

    private static func lineCount(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        while let end = PublicKeyScanner.indexOfNewline(text, from: index) {
            count += 1
            index = end + 1
        }
        return count
    }

    private static let noComment = Array("no comment".utf8)

    /// Appends the listing for one key, newline-terminated.
    ///
    /// The line is assembled with plain stores into room reserved once (its length is bounded by
    /// the comment's), because per-byte array appends dominated the cost of large files.
    static func append(key: some FingerprintedKey, comment: UnsafeBufferPointer<UInt8>, hash: Fingerprint.Hash, visual: Bool,
                       context: DigestContext, emptyIsComment: Bool = false, to out: inout [UInt8]) {
        var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &digest) { digestBytes in
            let raw = digestBytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            key.blob.withUnsafeBytes { context.hash($0, into: raw) }
            let digestView = UnsafeRawBufferPointer(rebasing: digestBytes[0..<hash.digest.length])
            let room = 32 + Fingerprint.maximumTextLength + max(noComment.count, comment.count * 4)
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: room))
            let length = out.withUnsafeMutableBufferPointer { buffer in
                let line = buffer.baseAddress! + start
                var at = writeDecimal(key.bits, to: line)
                line[at] = UInt8(ascii: " ")
                at += 1
                at += Fingerprint.writeText(digest: digestView, hash: hash, to: line + at)
                line[at] = UInt8(ascii: " ")
                at += 1
                if comment.isEmpty, !emptyIsComment {
                    noComment.withUnsafeBufferPointer { (line + at).update(from: $0.baseAddress!, count: $0.count) }
                    at += noComment.count
                } else {
                    at += writeSanitised(comment, to: line + at)
                }
                line[at] = UInt8(ascii: " ")
                line[at + 1] = UInt8(ascii: "(")
                at += 2
                let name = key.listingNameBytes
                name.withUnsafeBufferPointer { (line + at).update(from: $0.baseAddress!, count: $0.count) }
                at += name.count
                line[at] = UInt8(ascii: ")")
                line[at + 1] = UInt8(ascii: "\n")
                return at + 2
            }
            out.removeLast(room - length)
            if visual {
                out += Randomart.draw(digest: Array(digestView), title: Randomart.title(typeName: key.listingName, bits: key.bits),
                                      hashLabel: hash.label).utf8
                out.append(UInt8(ascii: "\n"))
            }
        }
    }

    /// Writes a non-negative number in decimal; returns the length.
    private static func writeDecimal(_ value: Int, to output: UnsafeMutablePointer<UInt8>) -> Int {
        var digits = 1
        var scale = 10
        while value >= scale { digits += 1; scale *= 10 }
        var rest = value
        for index in stride(from: digits - 1, through: 0, by: -1) {
            output[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return digits
    }

    /// Copies printable ASCII, tab, CR and well-formed printable UTF-8; writes every other byte as
    /// a three-digit octal escape, so a hostile comment cannot drive the terminal. CR passes
    /// because ssh-keygen 9.2 passes it, and the listing must match it byte for byte. Needs room
    /// for four output bytes per input byte; returns the length written.
    static func writeSanitised(_ bytes: UnsafeBufferPointer<UInt8>, to output: UnsafeMutablePointer<UInt8>) -> Int {
        var index = 0
        var written = 0
        while index < bytes.count {
            let byte = bytes[index]
            if (byte >= 0x20 && byte < 0x7F) || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                output[written] = byte
                written += 1
                index += 1
                continue
            }
            if byte >= 0xC2, let length = validUTF8Length(bytes, at: index) {
                for offset in 0..<length { output[written + offset] = bytes[index + offset] }
                written += length
                index += length
                continue
            }
            output[written] = UInt8(ascii: "\\")
            output[written + 1] = UInt8(ascii: "0") + (byte >> 6)
            output[written + 2] = UInt8(ascii: "0") + (byte >> 3 & 7)
            output[written + 3] = UInt8(ascii: "0") + (byte & 7)
            written += 4
            index += 1
        }
        return written
    }

    /// The length of a well-formed, printable multi-byte UTF-8 sequence at `index`, or nil.
    ///
    /// "Printable" is the C library's `iswprint` in a UTF-8 locale, which is what OpenSSH asks;
    /// so line and paragraph separators and unassigned code points are escaped as ssh-keygen escapes them.
    private static func validUTF8Length(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 0
        guard length > 0, index + length <= bytes.count else { return nil }
        guard let scalar = String(validating: bytes[index..<index + length], as: UTF8.self)?.unicodeScalars.first else {
            return nil
        }
        return PrintableCharacters.isPrintable(scalar) ? length : nil
    }
}

/// The C library's idea of a printable wide character in the C.UTF-8 locale, without touching the
/// process's own locale.
enum PrintableCharacters {
    #if canImport(Glibc)
    // A locale object is immutable once made and safe to share between threads.
    nonisolated(unsafe) private static let utf8Locale: locale_t? = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil)
    #endif

    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        #if canImport(Glibc)
        if let locale = utf8Locale { return iswprint_l(wint_t(scalar.value), locale) != 0 }
        #endif
        // Without the C library's tables: C1 controls are as dangerous as C0 ones, the rest passes.
        return scalar.value >= 0xA0
    }
}

/// How many processors are online.
enum Processors {
    static var online: Int {
        #if canImport(Glibc)
        Int(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        1
        #endif
    }
}
