import Foundation
import Testing

/// Golden files: generated text compared byte for byte with a file kept in the repository.
///
/// A missing file is recorded and the test fails once; to re-record after an intended change,
/// run the tests with RECORD_SNAPSHOTS=1 and review the diff.
public enum GoldenFile {
    /// The folder `name` next to the folder of the test source `filePath` (pass `#filePath`),
    /// as in `Tests/WizardTests/__Snapshots__` for `Tests/WizardTests/Support/Snapshot.swift`.
    public static func folder(_ name: String, besideFolderOf filePath: String) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Expects `text` to be the content of `file`; `what` names it in the failure.
    public static func assertMatches(_ text: String, file: URL, what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        if !record, let expected = try? String(contentsOf: file, encoding: .utf8) {
            #expect(text == expected, "\(what) differs from its golden file; RECORD_SNAPSHOTS=1 re-records", sourceLocation: sourceLocation)
            return
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded a new golden file for \(what); check it and run the tests again", sourceLocation: sourceLocation)
    }
}
