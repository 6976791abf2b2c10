import Foundation
import Testing

/// Golden files for generated text: `__Golden__/FOLDER/NAME`, compared byte for byte. A missing
/// file is recorded and the test fails once; to re-record after an intended change, run the tests
/// with RECORD_SNAPSHOTS=1 (as for the wizard's screen snapshots) and review the diff.
enum Golden {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("__Golden__")
    }

    static func assertMatches(_ text: String, file name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name)
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        if !record, let expected = try? String(contentsOf: file, encoding: .utf8) {
            #expect(text == expected, "\(name) differs from its golden file; RECORD_SNAPSHOTS=1 re-records", sourceLocation: sourceLocation)
            return
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded a new golden file \(name); check it and run the tests again", sourceLocation: sourceLocation)
    }
}
