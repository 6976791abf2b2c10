/// Breaking one line of text at spaces, the way the help, the review and the z/OS artifacts are
/// laid out on screen. Widths are counted in characters.
enum WordWrap {
    /// `line` in pieces of at most `width` characters (at least 1), its spacing kept as written.
    ///
    /// A piece ends at the last space that fits, which is dropped; a word longer than the room is
    /// cut. The first piece never breaks within its first `keeping` characters (an indentation
    /// or a list marker, which would otherwise never get shorter), and every later piece starts
    /// with `hangingIndent` spaces (at most half the width, for the same reason).
    static func lines(_ line: String, width: Int, keeping: Int = 0, hangingIndent: Int = 0) -> [String] {
        let width = max(width, 1)
        let hang = String(repeating: " ", count: min(max(hangingIndent, 0), width / 2))
        var output: [String] = []
        var rest = Substring(line)
        while rest.count > width {
            let window = rest.prefix(width + 1)
            let floor = output.isEmpty ? keeping : hang.count
            if let space = window.lastIndex(of: " "), rest.distance(from: rest.startIndex, to: space) > floor {
                output.append(String(rest[..<space]))
                rest = rest[rest.index(after: space)...]
            } else {
                output.append(String(rest.prefix(width)))
                rest = rest.dropFirst(width)
            }
            rest = Substring(hang) + rest
        }
        output.append(String(rest))
        return output
    }
}
