/// Text from elsewhere (a file name, a target, what a server sent) made safe to print on a
/// terminal: control characters (C0, DEL, C1) are written as `\xNN`, so none can move the cursor,
/// retitle the window or clear the screen.
public enum TerminalText {
    /// `text` with its control characters escaped; `keepingLineBreaks` leaves line feeds and tabs
    /// as they are, for sentences that are laid out in lines.
    public static func printable(_ text: String, keepingLineBreaks: Bool = false) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let isControl = value < 0x20 || (0x7F...0x9F).contains(value)
            if isControl, !(keepingLineBreaks && (scalar == "\n" || scalar == "\t")) {
                let hex = String(value, radix: 16)
                result += "\\x" + (hex.count < 2 ? "0" : "") + hex
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
