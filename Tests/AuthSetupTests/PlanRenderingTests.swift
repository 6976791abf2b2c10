import Foundation
import TestSupport
import Testing
import SSHKeys
@testable import AuthSetup

/// Dry-run views of a plan: numbered text and JSON, and the guarantee that rendering changes nothing.
@Suite("PlanRendering")
struct PlanRenderingTests {
    static let distinctivePassphrase = "Zebra-Quokka-7781-never-print-me"

    /// A key pair setup whose private key goes into a directory that does not exist yet.
    static func setupInMissingDirectory(_ scratch: TemporaryDirectory, protection: KeyPairRequest.Protection = .none,
                                        passphrase: String? = nil) -> (KeyPairSetup, directory: String, key: String) {
        let directory = scratch.file("dot-ssh")
        let keyPath = directory + "/id_ed25519"
        let request = KeyPairRequest(algorithm: .ed25519, comment: "alice@example", privateKeyPath: keyPath,
                                     protection: protection, replaceExisting: false)
        return (KeyPairSetup(request: request, passphrase: passphrase.map { SecretBytes(Array($0.utf8)) }), directory, keyPath)
    }

    static func jsonObject(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test("a plan for a missing directory has four steps in order")
    func fourSteps() throws {
        let scratch = try TemporaryDirectory()
        let (setup, directory, key) = Self.setupInMissingDirectory(scratch)
        let plan = setup.plan()
        #expect(plan.steps.map(\.change) == [.createDirectory, .generateKey, .writeFile, .writeFile])
        #expect(plan.steps.map(\.mode) == [0o700, nil, 0o600, 0o644])
        #expect(plan.steps.map(\.location) == [.local(path: directory), .none, .local(path: key), .local(path: key + ".pub")])
        #expect(plan.steps[0].manualCommand == "mkdir -m 700 \(directory)")
        #expect(plan.steps[1].manualCommand == "ssh-keygen -t ed25519 -C alice@example -f \(key) -N ''")
        #expect(plan.steps[2].manualCommand == nil)
        #expect(plan.steps[3].manualCommand == nil)
        #expect(plan.title == "Create a new Ed25519 key pair at \(key)")
        #expect(plan.notes == [])
    }

    @Test("the text rendering lists the steps with their manual commands and says nothing changed")
    func textRendering() throws {
        let scratch = try TemporaryDirectory()
        let (setup, directory, key) = Self.setupInMissingDirectory(scratch)
        let text = setup.plan().renderedText()
        #expect(text == """
            Plan: Create a new Ed25519 key pair at \(key)
            1. Create the directory \(directory), mode 0700
               by hand: mkdir -m 700 \(directory)
            2. Generate a new Ed25519 key pair, comment "alice@example"
               by hand: ssh-keygen -t ed25519 -C alice@example -f \(key) -N ''
            3. Write the private key \(key), with no passphrase: the file's permissions are its only protection, mode 0600
            4. Write the public key \(key).pub, mode 0644
            Dry run: nothing was changed.
            """)
        #expect(text.hasSuffix("Dry run: nothing was changed."))
    }

    @Test("the JSON rendering parses and carries every field")
    func jsonRendering() throws {
        let scratch = try TemporaryDirectory()
        let (setup, directory, key) = Self.setupInMissingDirectory(scratch)
        let json = try Self.jsonObject(setup.plan().renderedJSON())
        #expect(json["dry_run"] as? Bool == true)
        #expect(json["title"] as? String == "Create a new Ed25519 key pair at \(key)")
        #expect((json["notes"] as? [Any])?.isEmpty == true)
        let steps = try #require(json["steps"] as? [[String: Any]])
        try #require(steps.count == 4)
        #expect(steps.map { $0["change"] as? String } == ["create-directory", "generate-key", "write-file", "write-file"])
        #expect(steps.map { $0["mode"] as? String } == ["0700", nil, "0600", "0644"])
        #expect(steps.map { $0["location"] as? String } == [directory, nil, key, key + ".pub"])
        #expect(steps[0]["manual_command"] as? String == "mkdir -m 700 \(directory)")
        #expect(steps[1]["manual_command"] as? String == "ssh-keygen -t ed25519 -C alice@example -f \(key) -N ''")
        #expect(steps[1]["location"] == nil, "a step without a location has no location key")
        #expect(steps[2]["manual_command"] == nil)
        #expect(steps.allSatisfy { ($0["summary"] as? String)?.isEmpty == false })
        #expect(steps[2]["summary"] as? String == "Write the private key \(key), with no passphrase: the file's permissions are its only protection")
    }

    @Test("rendering a plan writes nothing")
    func renderingWritesNothing() throws {
        let scratch = try TemporaryDirectory()
        let (setup, directory, _) = Self.setupInMissingDirectory(scratch)
        let plan = setup.plan()
        _ = plan.renderedText()
        _ = plan.renderedJSON()
        _ = setup.plan().renderedText()
        #expect(fileStatus(directory) == nil, "the directory was created by a dry run")
        #expect(try scratch.list() == [])
        #expect(setup.key == nil, "a key was generated by a dry run")
    }

    @Test("neither rendering ever contains the passphrase")
    func noPassphraseInRenderings() throws {
        let scratch = try TemporaryDirectory()
        let (setup, _, key) = Self.setupInMissingDirectory(scratch, protection: .passphrase(from: "the file /run/pass"),
                                                          passphrase: Self.distinctivePassphrase)
        let plan = setup.plan()
        let json = plan.renderedJSON()
        let text = plan.renderedText()
        #expect(!json.contains(Self.distinctivePassphrase))
        #expect(!text.contains(Self.distinctivePassphrase))
        #expect(!json.contains("Zebra"))
        // The plan says where the passphrase comes from, and the manual command does not use -N.
        #expect(text.contains("encrypted with the passphrase from the file /run/pass"))
        #expect(json.contains("the file /run/pass"))
        #expect(plan.steps[1].manualCommand == "ssh-keygen -t ed25519 -C alice@example -f \(key)")
        _ = try Self.jsonObject(json)
    }

    @Test("a hand-made plan: notes, locations not repeated, remote locations, octal modes")
    func handMadePlan() throws {
        let plan = Plan(title: "Demo", steps: [
            Plan.Step(change: .changeMode, summary: "Tighten the mode", location: .local(path: "/home/a/.ssh"), mode: 0o700) {},
            Plan.Step(change: .append, summary: "Append the key to /srv/authorized_keys", location: .local(path: "/srv/authorized_keys"), mode: 0o600, manualCommand: "cat >> f") {},
            Plan.Step(change: .connect, summary: "Connect", location: .remote(user: "bob", host: "example.org", port: 22, path: "~/.ssh")) {},
            Plan.Step(change: .check, summary: "Check", location: .remote(user: "bob", host: "example.org", port: 2222, path: "/x"), mode: 0o4755) {},
            Plan.Step(change: .run, summary: "Run") {},
        ], notes: ["first note", "second note"])
        #expect(plan.renderedText() == """
            Plan: Demo
            Note: first note
            Note: second note
            1. Tighten the mode (/home/a/.ssh), mode 0700
            2. Append the key to /srv/authorized_keys, mode 0600
               by hand: cat >> f
            3. Connect (bob@example.org:~/.ssh)
            4. Check (bob@example.org:2222:/x), mode 4755
            5. Run
            Dry run: nothing was changed.
            """)
        let json = try Self.jsonObject(plan.renderedJSON())
        #expect(json["notes"] as? [String] == ["first note", "second note"])
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.map { $0["change"] as? String } == ["chmod", "append", "connect", "check", "run"])
        #expect(steps.map { $0["location"] as? String } == ["/home/a/.ssh", "/srv/authorized_keys", "bob@example.org:~/.ssh", "bob@example.org:2222:/x", nil])
        #expect(steps.map { $0["mode"] as? String } == ["0700", "0600", nil, "4755", nil])
        // Slashes are not escaped.
        #expect(plan.renderedJSON().contains("\"/srv/authorized_keys\""))
    }

    @Test("an empty plan renders its title and the dry-run line only")
    func emptyPlan() throws {
        let plan = Plan(title: "Nothing to do")
        #expect(plan.renderedText() == "Plan: Nothing to do\nDry run: nothing was changed.")
        let json = try Self.jsonObject(plan.renderedJSON())
        #expect((json["steps"] as? [Any])?.isEmpty == true)
        #expect(json["title"] as? String == "Nothing to do")
    }
}
