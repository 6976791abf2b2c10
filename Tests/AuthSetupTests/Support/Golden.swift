import Foundation
import TestSupport
import Testing

/// Golden files for generated text: `__Golden__/FOLDER/NAME`, compared byte for byte (see ``GoldenFile``).
enum Golden {
    static func assertMatches(_ text: String, file name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = GoldenFile.folder("__Golden__", besideFolderOf: #filePath).appendingPathComponent(name)
        try GoldenFile.assertMatches(text, file: file, what: name, sourceLocation: sourceLocation)
    }
}
