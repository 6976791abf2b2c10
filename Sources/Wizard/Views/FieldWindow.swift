/// The part of a one-line field's value that fits its band: when the value is longer, the band
/// scrolls sideways to keep the cursor in view and marks each cut with `<` or `>`, so a shown
/// value never looks whole when it is not.
struct FieldWindow: Equatable {
    /// What to draw from the band's first column, cut marks included.
    let text: String
    /// The cursor's column, counted from the band's first column.
    let cursorColumn: Int

    static let leftCut: Character = "<"
    static let rightCut: Character = ">"

    /// The window on `characters` with the cursor before index `cursor`, in a band `width` columns
    /// wide (at least 4 are used). A cursor at the end needs a column of its own.
    init(_ characters: [Character], cursor: Int, width: Int) {
        let width = max(width, 4)
        let cursor = min(max(cursor, 0), characters.count)
        let widths = characters.map { max(DisplayWidth.of($0), 1) }
        let cursorCell = cursor < widths.count ? widths[cursor] : 1
        func columns(_ range: Range<Int>) -> Int { widths[range].reduce(0, +) }
        if columns(0..<widths.count) + (cursor == widths.count ? 1 : 0) <= width {
            text = String(characters)
            cursorColumn = columns(0..<cursor)
            return
        }
        // The first character shown: as far left as still keeps the cursor and a right mark in view.
        let rightMark = cursor + 1 < widths.count ? 1 : 0
        var start = 0
        while start < cursor, (start > 0 ? 1 : 0) + columns(start..<cursor) + cursorCell + rightMark > width { start += 1 }
        let leftMark = start > 0 ? 1 : 0
        let fitsToEnd = leftMark + columns(start..<widths.count) + (cursor == widths.count ? 1 : 0) <= width
        let limit = fitsToEnd ? width : width - 1
        var shown = start > 0 ? String(Self.leftCut) : ""
        var used = leftMark
        var index = start
        while index < widths.count, used + widths[index] <= limit {
            shown.append(characters[index])
            used += widths[index]
            index += 1
        }
        if index < widths.count {
            shown += String(repeating: " ", count: max(width - 1 - used, 0)) + String(Self.rightCut)
        }
        text = shown
        cursorColumn = leftMark + columns(start..<cursor)
    }
}
