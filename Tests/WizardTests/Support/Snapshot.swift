import Foundation
import Testing
import Wizard

/// Golden files for screens: `__Snapshots__/NAME.txt`, one line per row with `|` marking the end
/// (so trailing spaces show), then a line saying where the terminal's cursor stands (row and
/// column from 0) or that it is hidden. A missing file is recorded and the test fails once; to re-record
/// after an intended change, run the tests with RECORD_SNAPSHOTS=1 and review the diff.
func assertScreen(_ buffer: ScreenBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let cursor = buffer.cursor.map { "cursor: row \($0.row), column \($0.column)" } ?? "cursor: hidden"
    let text = buffer.lines.map { $0 + "|" }.joined(separator: "\n") + "\n" + cursor + "\n"
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("__Snapshots__")
    let file = directory.appendingPathComponent(name + ".txt")
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    if !record, let expected = try? String(contentsOf: file, encoding: .utf8) {
        #expect(text == expected, "screen \(name) differs from its golden file; RECORD_SNAPSHOTS=1 re-records", sourceLocation: sourceLocation)
        return
    }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try text.write(to: file, atomically: true, encoding: .utf8)
    Issue.record("recorded a new golden file for \(name); check it and run the tests again", sourceLocation: sourceLocation)
}
