/// The "drunken bishop" picture OpenSSH draws from a fingerprint digest, character for character.
///
/// A bishop starts in the middle of a 17×9 field and makes four diagonal moves per digest byte,
/// two bits each, least significant first; the more often a square is visited the denser its
/// symbol. The result has no trailing newline, as in `ssh-keygen -lv`.
public enum Randomart {
    private static let width = 17
    private static let height = 9
    private static let symbols = Array(" .o+=*BOX@%&#/^SE".utf8)

    /// Draws the art for `digest` with `title` in the top border and `hashLabel` in the bottom one.
    public static func draw(digest: [UInt8], title: String, hashLabel: String) -> String {
        let saturation = UInt8(symbols.count - 1)  // 16: 'E'; 15: 'S'; visits stop counting at 14
        var field = [UInt8](repeating: 0, count: width * height)
        var x = width / 2
        var y = height / 2
        for byte in digest {
            var input = byte
            for _ in 0..<4 {
                x += input & 1 != 0 ? 1 : -1
                y += input & 2 != 0 ? 1 : -1
                x = min(max(x, 0), width - 1)
                y = min(max(y, 0), height - 1)
                if field[y * width + x] < saturation - 2 { field[y * width + x] += 1 }
                input >>= 2
            }
        }
        field[(height / 2) * width + width / 2] = saturation - 1
        field[y * width + x] = saturation

        var out = border(label: title)
        out.append(UInt8(ascii: "\n"))
        for row in 0..<height {
            out.append(UInt8(ascii: "|"))
            for column in 0..<width { out.append(symbols[Int(min(field[row * width + column], saturation))]) }
            out.append(UInt8(ascii: "|"))
            out.append(UInt8(ascii: "\n"))
        }
        out += border(label: "[\(hashLabel)]")
        return String(decoding: out, as: UTF8.self)
    }

    /// The title OpenSSH puts on a key's art: `[TYPE BITS]`, or `[TYPE]` when that would not fit.
    ///
    /// OpenSSH formats into a 17-byte buffer: a title of 18 or more characters falls back to the
    /// short form, while one of exactly 17 is cut to 16 (losing its closing bracket). Both quirks are kept.
    public static func title(typeName: String, bits: Int) -> String {
        let full = "[\(typeName) \(bits)]"
        let chosen = full.utf8.count > width ? "[\(typeName)]" : full
        return String(decoding: chosen.utf8.prefix(width - 1), as: UTF8.self)
    }

    private static func border(label: String) -> [UInt8] {
        let text = Array(label.utf8.prefix(width))
        var line: [UInt8] = [UInt8(ascii: "+")]
        let left = (width - text.count) / 2
        line += repeatElement(UInt8(ascii: "-"), count: left)
        line += text
        line += repeatElement(UInt8(ascii: "-"), count: width - left - text.count)
        line.append(UInt8(ascii: "+"))
        return line
    }
}
