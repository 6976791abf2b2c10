import Foundation
import Testing

/// SECURITY.md names, for each promise, the tests that hold it. A name that no longer matches a
/// test would leave a promise unguarded without anyone noticing, so every name must be found.
@Suite struct SecurityPromisesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs of blanks and line breaks as one space, so names wrapped in the document still match.
    static func flattened(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    /// Every `Suite / test` reference in SECURITY.md.
    static func references() throws -> [(suite: String, test: String)] {
        let text = flattened(try String(contentsOf: root.appendingPathComponent("SECURITY.md"), encoding: .utf8))
        return text.split(separator: "`", omittingEmptySubsequences: false).enumerated().compactMap { index, part in
            guard index % 2 == 1, let slash = part.range(of: " / ") else { return nil }
            let suite = String(part[..<slash.lowerBound])
            guard suite.allSatisfy({ $0.isLetter || $0.isNumber }), suite.first?.isUppercase == true else { return nil }
            return (suite, String(part[slash.upperBound...]))
        }
    }

    /// The test sources, each flattened, with Swift's escaped quotes read as quotes.
    static func testSources() throws -> [String] {
        let tests = root.appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.map { flattened(try String(contentsOf: $0, encoding: .utf8)).replacingOccurrences(of: "\\\"", with: "\"") }
    }

    @Test("every test SECURITY.md names exists, in the suite it names")
    func namedTestsExist() throws {
        let references = try Self.references()
        #expect(references.count >= 40, "only \(references.count) references found; is SECURITY.md still in the same form?")
        let sources = try Self.testSources()
        for reference in references {
            let inSuite = sources.filter { $0.contains("struct \(reference.suite) ") || $0.contains("extension \(reference.suite) ") || $0.contains("@Suite(\"\(reference.suite)\"") }
            #expect(!inSuite.isEmpty, "SECURITY.md names a suite that does not exist: \(reference.suite)")
            let found = inSuite.contains { $0.contains("@Test(\"\(reference.test)\"") }
            #expect(found, "SECURITY.md names a test that \(reference.suite) does not have: \(reference.test)")
        }
    }
}
