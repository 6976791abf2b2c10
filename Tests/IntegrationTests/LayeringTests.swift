import Foundation
import TestSupport
import Testing
@testable import WizardEffects

/// The layers of DESIGN.md and ARCHITECTURE.md, checked on the sources: a module imports only the
/// modules below it, and the wizard's state machine imports nothing that reaches the network, the
/// C library (disk, clock) or a thread.
@Suite struct LayeringTests {
    /// What each of our modules may import of our own and of the system's C and concurrency modules.
    static let allowed: [String: Set<String>] = [
        "SSHKeys": ["COpenSSL", "CWideCharacters", "CArgon2", "Dispatch", "Glibc", "Darwin", "Foundation", "FoundationEssentials", "Synchronization"],
        "AuthSetup": ["SSHKeys", "Yams", "Glibc", "Darwin", "Foundation", "FoundationEssentials", "Synchronization"],
        "RemoteAccess": ["AuthSetup", "SSHKeys", "CLibSSH2", "Dispatch", "Glibc", "Darwin", "Synchronization"],
        "Flows": ["AuthSetup", "RemoteAccess", "SSHKeys", "Dispatch", "Glibc", "Darwin", "Synchronization"],
        "Wizard": ["AuthSetup", "SSHKeys", "Synchronization"],
        "WizardEffects": ["Wizard", "Flows", "RemoteAccess", "AuthSetup", "SSHKeys", "Dispatch", "Glibc", "Darwin", "Synchronization"],
        "TerminalUI": ["Wizard", "CNcursesw", "Glibc", "Darwin", "Synchronization"],
    ]

    /// Files that still break the rule, each with what it imports beyond it. This list only shrinks.
    static let knownExceptions: [String: Set<String>] = [:]

    static func imports(of file: String) throws -> Set<String> {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var found: Set<String> = []
        for line in text.split(separator: "\n") {
            var words = line.split(separator: " ").map(String.init)
            if words.first == "@preconcurrency" { words.removeFirst() }
            guard words.count >= 2, words[0] == "import" else { continue }
            found.insert(words[1])
        }
        return found
    }

    @Test("every module imports only what its layer allows; the known exceptions are still exceptions")
    func layers() throws {
        let sources = Repository.root + "/Sources"
        var unusedExceptions = Set(Self.knownExceptions.keys)
        for (module, allowed) in Self.allowed {
            let directory = sources + "/" + module
            let enumerator = try #require(FileManager.default.enumerator(atPath: directory))
            while let relative = enumerator.nextObject() as? String {
                guard relative.hasSuffix(".swift") else { continue }
                let key = module + "/" + relative
                let beyond = try Self.imports(of: directory + "/" + relative).subtracting(allowed)
                if let excused = Self.knownExceptions[key] {
                    unusedExceptions.remove(key)
                    #expect(beyond.isSubset(of: excused), "\(key) imports \(beyond.subtracting(excused).sorted()) beyond its layer")
                    #expect(!beyond.isEmpty, "\(key) keeps its layer now: take it off the exception list")
                } else {
                    #expect(beyond.isEmpty, "\(key) imports \(beyond.sorted()), which its layer (\(module)) may not")
                }
            }
        }
        #expect(unusedExceptions.isEmpty, "exceptions for files that are gone: \(unusedExceptions.sorted())")
    }
}
