/// Standard base64 (RFC 4648 §4, `+/` alphabet) as OpenSSH uses it for keys.
///
/// Decoding is strict in the way OpenSSH's `b64_pton` is: the padding is mandatory, nothing may
/// follow it, and the unused bits of the last group must be zero.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0...63 for alphabet bytes, 0xFF for anything else.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Encodes with padding and no line breaks.
    public static func encode(_ input: some Collection<UInt8>) -> String {
        String(decoding: encodeBytes(input), as: UTF8.self)
    }

    /// Encodes with padding into ASCII bytes.
    public static func encodeBytes(_ input: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        let bytes = Array(input)
        bytes.withUnsafeBytes { encode($0, into: &out, padded: true) }
        return out
    }

    /// Appends the encoding of `input` to `out`; without `padded` the trailing `=` are left off
    /// (the form fingerprints use).
    static func encode(_ input: UnsafeRawBufferPointer, into out: inout [UInt8], padded: Bool) {
        let capacity = (input.count + 2) / 3 * 4
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: capacity))
        let written = out.withUnsafeMutableBufferPointer { buffer in
            encode(input, to: buffer.baseAddress! + start, padded: padded)
        }
        out.removeLast(capacity - written)
    }

    /// Writes the encoding of `input` at `output`, which must have room for `(count + 2) / 3 * 4`
    /// bytes; returns the number written.
    static func encode(_ input: UnsafeRawBufferPointer, to output: UnsafeMutablePointer<UInt8>, padded: Bool) -> Int {
        let bytes = input.bindMemory(to: UInt8.self)
        return alphabet.withUnsafeBufferPointer { symbols in
            var index = 0
            var written = 0
            while index + 3 <= bytes.count {
                let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                output[written] = symbols[Int(value >> 18 & 63)]
                output[written + 1] = symbols[Int(value >> 12 & 63)]
                output[written + 2] = symbols[Int(value >> 6 & 63)]
                output[written + 3] = symbols[Int(value & 63)]
                index += 3
                written += 4
            }
            let rest = bytes.count - index
            guard rest > 0 else { return written }
            let value = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            output[written] = symbols[Int(value >> 18 & 63)]
            output[written + 1] = symbols[Int(value >> 12 & 63)]
            written += 2
            if rest == 2 {
                output[written] = symbols[Int(value >> 6 & 63)]
                written += 1
            }
            if padded {
                for _ in 0..<(3 - rest) {
                    output[written] = UInt8(ascii: "=")
                    written += 1
                }
            }
            return written
        }
    }

    /// Decodes a complete, padded base64 text, or throws ``SSHKeyError/Kind/badBase64``.
    public static func decode(_ text: some StringProtocol) throws(SSHKeyError) -> [UInt8] {
        var utf8 = Array(text.utf8)
        return try utf8.withUnsafeMutableBufferPointer { (buffer) throws(SSHKeyError) -> [UInt8] in
            try decode(UnsafeBufferPointer(buffer))
        }
    }

    /// Decodes a complete, padded base64 text given as ASCII bytes.
    public static func decode(_ input: UnsafeBufferPointer<UInt8>) throws(SSHKeyError) -> [UInt8] {
        let count = input.count
        guard count % 4 == 0 else { throw SSHKeyError(.badBase64) }
        if count == 0 { return [] }
        var padding = 0
        if input[count - 1] == UInt8(ascii: "=") {
            padding = input[count - 2] == UInt8(ascii: "=") ? 2 : 1
        }
        var ok = false
        let out = [UInt8](unsafeUninitializedCapacity: count / 4 * 3 - padding) { output, initialized in
            initialized = output.count
            ok = decodeTable.withUnsafeBufferPointer { table in
                var written = 0
                var index = 0
                let fullGroups = padding == 0 ? count : count - 4
                while index < fullGroups {
                    let a = table[Int(input[index])], b = table[Int(input[index + 1])]
                    let c = table[Int(input[index + 2])], d = table[Int(input[index + 3])]
                    if (a | b | c | d) & 0xC0 != 0 { return false }
                    let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    output[written] = UInt8(truncatingIfNeeded: value >> 16)
                    output[written + 1] = UInt8(truncatingIfNeeded: value >> 8)
                    output[written + 2] = UInt8(truncatingIfNeeded: value)
                    written += 3
                    index += 4
                }
                guard padding > 0 else { return true }
                let a = table[Int(input[index])], b = table[Int(input[index + 1])]
                if (a | b) & 0xC0 != 0 { return false }
                if padding == 2 {
                    // One byte encoded: the low 4 bits of the second symbol must be zero.
                    if b & 0x0F != 0 { return false }
                    output[written] = a << 2 | b >> 4
                } else {
                    let c = table[Int(input[index + 2])]
                    // Two bytes encoded: the low 2 bits of the third symbol must be zero.
                    if c & 0xC0 != 0 || c & 0x03 != 0 { return false }
                    output[written] = a << 2 | b >> 4
                    output[written + 1] = (b & 0x0F) << 4 | c >> 2
                }
                return true
            }
        }
        guard ok else { throw SSHKeyError(.badBase64) }
        return out
    }
}
