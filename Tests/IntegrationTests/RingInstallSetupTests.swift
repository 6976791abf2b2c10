import AuthSetup
import Foundation
import TestSupport
import Testing
@testable import sshauth

/// `sshauth ring install`'s options as a set-up, in process: the set-up they make, and the command
/// line that repeats it, which parses back to the same set-up.
@Suite struct RingInstallSetupTests {
    private static func setup(_ arguments: [String]) throws -> Setup {
        let command = try RingInstallCommand.parse(arguments)
        do { return try command.setup() } catch { throw Failure(sentence: error.sentence) }
    }

    private struct Failure: Error, CustomStringConvertible {
        let sentence: String
        var description: String { sentence }
    }

    static let optionSets: [[String]] = [
        ["/rings/ring.p12:CERT", "alice@host.example"],
        ["rings/ring.p12:My Label", "--ring-password-file", "ring-pw", "--password-file", "/secrets/pw", "--known-hosts", "kh",
         "--host-key", "SHA256:/eil5vQ2KrwgsyENuAdRKPHiP7CVEwtk8qsbBckRxXM", "-p", "2222", "bob@host.example"],
        ["/rings/ring.p12:NEW", "--create", "--cn", "Batch Job", "--o", "Org", "--ou", "Unit", "--c", "US", "--key", "ecdsa:256",
         "--not-after", "2099-12-31", "--ring-password-fd", "3", "--password-fd", "4", "--accept-new-host-key", "--timeout", "30",
         "--no-agent", "host.example"],
        ["/rings/ring.p12:NEW:with colon", "--create", "--cn", "X", "--identity", "keys/id", "--passphrase-file", "/keys/pp",
         "--allow-expired", "carol@[fe80::1]:2200"],
        ["ring.p12:CERT", "--create", "--cn", "Default Dates", "an-alias"],
    ]

    @Test("options -> setup -> commandLine -> parse -> setup gives the same set-up, and so does its set-up file", arguments: optionSets)
    func roundTrip(_ arguments: [String]) throws {
        let first = try Self.setup(arguments)
        let line = RingInstallCommand.commandLine(first)
        #expect(Array(line.prefix(3)) == ["sshauth", "ring", "install"])
        let second = try Self.setup(Array(line.dropFirst(3)))
        #expect(second == first, "\(line)")
        // A set-up file holds the same set-up.
        #expect(try SetupFile.parse(SetupFile.render(first), file: "ring-install.yaml") == first, "\(SetupFile.render(first))")
    }

    @Test("the set-up: mechanism 4, paths made absolute, -p in the target, the new certificate's defaults filled in, secrets only as their origins")
    func setupValues() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let made = try Self.setup(["rings/ring.p12:NEW", "--create", "--cn", "Job", "--ring-password-file", "pw", "--password-fd", "5",
                                   "--known-hosts", "kh", "-p", "2222", "alice@host"])
        #expect(made.mechanism == .certificate)
        #expect(made.targets == [TargetAddress(user: "alice", host: "host", port: 2222)])
        #expect(made.knownHostsFile == cwd + "/kh")
        #expect(made.login == .password(.descriptor(5)))
        #expect(made.install.verify, "the agent is used unless --no-agent")
        let choice = try #require(made.certificate)
        #expect(choice.ring == cwd + "/rings/ring.p12" && choice.label == "NEW")
        #expect(choice.ringPassword == .file(cwd + "/pw"))
        #expect(choice.new?.key == "rsa:2048" && choice.new?.commonName == "Job")
        #expect(choice.new?.notAfter.count == 10 && choice.new?.notAfter.hasPrefix("20") == true)

        let ring = FileManager.default.temporaryDirectory.path + "/odd:ring-\(getpid()).p12"
        try #require(FileManager.default.createFile(atPath: ring, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: ring) }
        let colon = try Self.setup([ring, "--label", "L", "host"])
        let line = RingInstallCommand.commandLine(colon)
        #expect(line.contains("--label") && line.contains(ring), "a ring path with a colon goes alone, with --label: \(line)")
        #expect(try Self.setup(Array(line.dropFirst(3))) == colon)
    }

    @Test("--save-setup writes the set-up the options make and nothing else (no agent needed, no ring, no connection); an existing file is replaced only with --force")
    func saveSetup() throws {
        let scratch = try TemporaryDirectory()
        let options = [scratch.file("ring.p12") + ":NEW", "--create", "--cn", "Saved", "--key", "ecdsa:256", "--not-after", "2099-12-31",
                       "--ring-password-file", scratch.file("ring-password"), "--password-file", "/secrets/pw",
                       "--known-hosts", scratch.file("known_hosts"), "--accept-new-host-key", "nobody@127.0.0.1:9"]
        var environment = ProcessInfo.processInfo.environment
        environment["SSH_AUTH_SOCK"] = nil
        let file = scratch.file("certificate.yaml")
        let saved = try SSHAuthBinary.run(["ring", "install"] + options + ["--save-setup", file], environment: environment)
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdout.contains("sshauth apply \(file)"), "\(saved.stdout)")
        #expect(try SetupFile.load(file) == Self.setup(options))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["certificate.yaml"], "nothing but the set-up file")

        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        let again = try SSHAuthBinary.run(["ring", "install"] + options + ["--no-agent", "--save-setup", file], environment: environment)
        #expect(again.status != 0 && again.stderr.hasPrefix("sshauth: ") && again.stderr.split(separator: "\n").count == 1, "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before, "kept without --force")
        let forced = try SSHAuthBinary.run(["ring", "install"] + options + ["--no-agent", "--save-setup", file, "--force"], environment: environment)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try SetupFile.load(file).install.verify == false)
    }

    @Test("options that describe no set-up are refused with a sentence", arguments: [
        (["/r.p12:L", "--cn", "x", "host"], "add --create"),
        (["/r.p12:L", "--create", "host"], "--cn NAME"),
        (["/r.p12:L", "--create", "--cn", "x", "--not-after", "2001-01-01", "host"], "not in the future"),
        (["/r.p12", "host"], "no label given"),
        (["/r.p12:L", "-p", "22", "h:2222"], "2222"),
    ])
    func refused(_ arguments: [String], expected: String) throws {
        do {
            _ = try Self.setup(arguments)
            Issue.record("\(arguments) made a set-up")
        } catch let failure as Failure {
            #expect(failure.sentence.contains(expected), "\(failure.sentence)")
        }
    }
}
