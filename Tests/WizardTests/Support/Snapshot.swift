import Foundation
import TestSupport
import Testing
import Wizard

/// Golden files for screens: `__Snapshots__/NAME.txt`, one line per row with `|` marking the end
/// (so trailing spaces show), then a line saying where the terminal's cursor stands (row and
/// column from 0) or that it is hidden (see ``GoldenFile``).
func assertScreen(_ buffer: ScreenBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let cursor = buffer.cursor.map { "cursor: row \($0.row), column \($0.column)" } ?? "cursor: hidden"
    let text = buffer.lines.map { $0 + "|" }.joined(separator: "\n") + "\n" + cursor + "\n"
    let file = GoldenFile.folder("__Snapshots__", besideFolderOf: #filePath).appendingPathComponent(name + ".txt")
    try GoldenFile.assertMatches(text, file: file, what: "screen \(name)", sourceLocation: sourceLocation)
}
