import Foundation
import Testing
import Wizard

/// The help reference compiled into the binary: its topics, lookups and search, and that it still
/// matches the Markdown files it is generated from.
@Suite struct HelpCatalogTests {
    static let helpDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/help")

    @Test("the compiled texts are exactly Resources/help/*.md (else: run scripts/embed-help)")
    func generatedFileIsCurrent() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.helpDirectory.path)
            .filter { $0.hasSuffix(".md") }
        let fileIDs = Set(files.map { String($0.dropLast(3)) })
        #expect(fileIDs == Set(HelpCatalog.topics.map(\.id)), "topics differ from Resources/help; run scripts/embed-help")
        for topic in HelpCatalog.topics where fileIDs.contains(topic.id) {
            let source = try String(contentsOf: Self.helpDirectory.appendingPathComponent(topic.id + ".md"), encoding: .utf8)
            #expect(topic.text + "\n" == source, "\(topic.id).md changed since the last run of scripts/embed-help")
        }
    }

    @Test("the topics come in the reference's order")
    func order() {
        #expect(HelpCatalog.topics.map(\.id) == ["overview", "password", "keypair", "askpass", "certificate", "hostkeys", "zos", "commands"])
    }

    @Test("every topic has a title from its heading and a substantial text", arguments: HelpCatalog.topics.map(\.id))
    func topicShape(_ id: String) throws {
        let topic = try #require(HelpCatalog.topic(id))
        let lines = topic.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!topic.title.isEmpty)
        #expect(lines.first.map(String.init) == "# " + topic.title)
        // Long enough to be worth a topic, short enough to scroll through: the command reference is the longest.
        #expect((60...260).contains(lines.count), "\(id): \(lines.count) lines")
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(id): a line is longer than 100 characters")
        #expect(topic.text.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "\n" || $0.value >= 0x20) }, "\(id): not plain ASCII")
        #expect(!topic.text.hasSuffix("\n"))
    }

    @Test("the mechanism topics say whether they suit batch jobs", arguments: ["password", "keypair", "askpass", "certificate"])
    func batchSuitability(_ id: String) throws {
        let topic = try #require(HelpCatalog.topic(id))
        let expected = id == "password" ? "Batch jobs: no." : "Batch jobs: yes"
        #expect(topic.text.contains(expected))
    }

    @Test("topics are found by id, by a unique start, by number, in any case")
    func lookups() {
        #expect(HelpCatalog.topic("keypair")?.id == "keypair")
        #expect(HelpCatalog.topic("KeyPair")?.id == "keypair")
        #expect(HelpCatalog.topic("key")?.id == "keypair")
        #expect(HelpCatalog.topic("k")?.id == "keypair")
        #expect(HelpCatalog.topic("ho")?.id == "hostkeys")
        #expect(HelpCatalog.topic("z")?.id == "zos")
        #expect(HelpCatalog.topic("1")?.id == "password")
        #expect(HelpCatalog.topic("2")?.id == "keypair")
        #expect(HelpCatalog.topic("3")?.id == "askpass")
        #expect(HelpCatalog.topic("4")?.id == "certificate")
        #expect(HelpCatalog.topic("cert")?.id == "certificate")
        #expect(HelpCatalog.topic("com")?.id == "commands")
    }

    @Test("ambiguous, unknown and empty names find no topic")
    func failedLookups() {
        #expect(HelpCatalog.topic("c") == nil)
        #expect(HelpCatalog.candidates("c").map(\.id) == ["certificate", "commands"])
        #expect(HelpCatalog.topic("5") == nil)
        #expect(HelpCatalog.topic("keypairs") == nil)
        #expect(HelpCatalog.topic("") == nil)
        #expect(HelpCatalog.candidates("").isEmpty)
    }

    @Test("search finds every line containing the words, ignoring case, in reference order")
    func search() throws {
        let matches = HelpCatalog.search("strictmodes")
        #expect(!matches.isEmpty)
        #expect(matches == HelpCatalog.search("STRICTMODES"))
        let topicIDs = HelpCatalog.topics.map(\.id)
        for match in matches {
            let topic = try #require(HelpCatalog.topic(match.topicID))
            let lines = topic.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(String(lines[match.lineIndex]) == match.line)
            #expect(match.line.lowercased().contains("strictmodes"))
        }
        let positions = matches.map { (topicIDs.firstIndex(of: $0.topicID)!, $0.lineIndex) }
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Set(matches.map(\.topicID)).isSuperset(of: ["keypair", "commands"]))
        // Every occurrence is found: count them independently.
        let expected = HelpCatalog.topics.reduce(0) { total, topic in
            total + topic.text.split(separator: "\n").filter { $0.lowercased().contains("strictmodes") }.count
        }
        #expect(matches.count == expected)
    }

    @Test("search with a phrase, a title word, and nothing")
    func searchEdges() {
        #expect(HelpCatalog.search("sftp -b").contains { $0.topicID == "askpass" })
        #expect(HelpCatalog.search("OpenSSH key pair").first?.topicID == "overview")
        #expect(HelpCatalog.search("Mechanism 4").contains { $0.topicID == "certificate" && $0.lineIndex == 0 })
        #expect(HelpCatalog.search("").isEmpty)
        #expect(HelpCatalog.search("   ").isEmpty)
        #expect(HelpCatalog.search("no such phrase anywhere 42").isEmpty)
    }
}
