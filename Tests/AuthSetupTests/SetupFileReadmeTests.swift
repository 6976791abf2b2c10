import Foundation
import Testing
@testable import AuthSetup

/// The examples in the README's "The set-up file" section are read from the README itself, so
/// the documentation cannot drift from what sshauth accepts.
@Suite("SetupFile README examples")
struct SetupFileReadmeTests {
    static func readmeExamples() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let start = text.range(of: "\n## The set-up file\n") else { return [] }
        let section = text[start.upperBound...]
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        return section[..<end].components(separatedBy: "```yaml\n").dropFirst().map { String($0.components(separatedBy: "```")[0]) }
    }

    static func target(_ text: String) throws -> TargetAddress { try TargetAddress(parsing: text) }

    @Test("each example parses to the set-up it describes, and renders back to the same set-up")
    func examples() throws {
        let examples = try Self.readmeExamples()
        let expected: [Setup] = [
            Setup(mechanism: .keyPair, targets: [try Self.target("alice@build1.example.org"), try Self.target("alice@build2.example.org:2222")],
                  knownHostsFile: "/home/alice/.ssh/known_hosts", unknownHostKey: .acceptNew,
                  login: .password(.file("/home/alice/.secrets/build.password")), key: .existing(publicKey: "/home/alice/.ssh/id_ed25519.pub")),
            Setup(mechanism: .keyPair, targets: [try Self.target("batch@build.example.org")],
                  unknownHostKey: .pin("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"),
                  login: .identity(path: "/home/alice/.ssh/id_rsa_old", passphrase: .ask),
                  key: .new(Setup.NewKey(type: "ed25519", comment: "nightly build", file: "/home/alice/.ssh/id_batch")),
                  install: Setup.InstallChoice(fixHomePermissions: true)),
            Setup(mechanism: .askpass, targets: [try Self.target("batch@zos.example.org:2222")], login: .password(.descriptor(3)),
                  askpass: Setup.AskpassChoice(directory: "/home/alice/askpass", name: "zos-batch", standaloneHelper: true)),
            Setup(mechanism: .certificate, targets: [try Self.target("alice@zos.example.org")],
                  certificate: Setup.CertificateChoice(ring: "/home/alice/rings/alice.p12", label: "ALICE SSH",
                                                       ringPassword: .file("/home/alice/.secrets/ring.password"),
                                                       new: Setup.NewCertificate(commonName: "Alice Example", organization: "Example Ltd", country: "US",
                                                                                 key: "ecdsa:256", notAfter: "2028-12-31"))),
        ]
        try #require(examples.count == expected.count, "the README's set-up file section has \(examples.count) YAML examples")
        for (example, setup) in zip(examples, expected) {
            let read = try SetupFile.parse(example, file: "README.md")
            #expect(read == setup, "\(example)")
            #expect(try SetupFile.parse(SetupFile.render(read), file: "rendered") == setup)
        }
        #expect(Set(expected.map(\.mechanism)) == Set(Setup.Mechanism.allCases))
    }
}
