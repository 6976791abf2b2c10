import AuthSetup
import Foundation
@testable import sshauth
import TestSupport
import Testing

/// `install` and `keygen` as set-ups, in this process: options -> setup() -> commandLine -> the
/// same command parsed again -> setup() gives the same set-up, with every local path absolute.
@Suite struct KeyPairCommandLineTests {
    /// A scratch directory holding a public key, and the same directory as a path relative to the
    /// current directory (so that relative options can be tried).
    struct Place {
        let scratch: TemporaryDirectory
        let relative: String

        init() throws {
            scratch = try TemporaryDirectory()
            let made = try ExternalTool.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "round@trip", "-f", scratch.file("k")])
            try #require(made.status == 0, "\(made.stderr)")
            let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
            relative = String(repeating: "../", count: depth) + scratch.path.drop { $0 == "/" }
        }

        /// What a relative option naming `name` in the scratch directory becomes: the current
        /// directory joined with it, `..` kept (a symbolic link on the way would change what
        /// a lexical `..` means).
        func absolute(_ name: String) -> String {
            FileManager.default.currentDirectoryPath + "/" + relative + "/" + name
        }

        func arguments(_ row: [String]) -> [String] {
            row.map { $0.replacingOccurrences(of: "{}", with: scratch.path).replacingOccurrences(of: "{rel}", with: relative) }
        }
    }

    static let installRows: [[String]] = [
        ["-i", "{}/k.pub", "alice@h"],
        ["-i", "{rel}/k.pub", "-p", "2222", "--known-hosts", "{rel}/kh", "--host-key", "SHA256:abc", "--password-file", "{rel}/pw", "bob@h"],
        ["-i", "{}/k", "--identity", "{rel}/id", "--passphrase-file", "{rel}/pp", "--accept-new-host-key", "--timeout", "30",
         "--target-path", "keys/a b;c", "--fix-home-permissions", "--no-verify", "[::1]:2200"],
        ["-i", "{}/k.pub", "--password-fd", "3", "-p", "22", "u@host.example:22"],
        ["-i", "./{rel}/k.pub", "-p", "2022", "[fe80::1%eth0]"],
        ["-i", "{}/k.pub", "an-alias"],
    ]

    @Test("install: options -> set-up -> commandLine -> parsed again gives the same set-up", arguments: installRows)
    func installRoundTrip(_ row: [String]) throws {
        let place = try Place()
        let first = try InstallCommand.parse(place.arguments(row)).setup()
        let words = InstallCommand.commandLine(first)
        #expect(Array(words.prefix(2)) == ["sshauth", "install"])
        let again = try InstallCommand.parse(Array(words.dropFirst(2))).setup()
        #expect(again == first, "\(words)")
        // Local paths are absolute; the remote --target-path is left as typed.
        guard case .existing(let key)? = first.key else { Issue.record("no existing key: \(first)"); return }
        #expect(key.hasPrefix("/"))
        #expect(first.knownHostsFile.map { $0.hasPrefix("/") } ?? true)
        if case .identity(let path, let passphrase) = first.login {
            #expect(path == place.absolute("id"))
            #expect(passphrase == .file(place.absolute("pp")))
        }
        if case .password(.file(let path)) = first.login { #expect(path == place.absolute("pw")) }
        #expect(first.targets.count == 1 && first.mechanism == .keyPair)
    }

    @Test("install: -p is folded into the target, --no-verify and the rest land where the set-up keeps them")
    func installFields() throws {
        let place = try Place()
        let setup = try InstallCommand.parse(place.arguments(Self.installRows[2])).setup()
        #expect(setup.targets == [TargetAddress(user: nil, host: "::1", port: 2200)])
        #expect(setup.unknownHostKey == .acceptNew)
        #expect(setup.timeoutSeconds == 30)
        #expect(setup.install == Setup.InstallChoice(targetPath: "keys/a b;c", fixHomePermissions: true, verify: false))
        #expect(setup.key == .existing(publicKey: place.scratch.file("k")))
        let ported = try InstallCommand.parse(place.arguments(Self.installRows[1])).setup()
        #expect(ported.targets == [TargetAddress(user: "bob", host: "h", port: 2222)])
        #expect(ported.unknownHostKey == .pin("SHA256:abc"))
        #expect(ported.knownHostsFile == place.absolute("kh"))
    }

    @Test("install's one-line form is the contract's: the key, the pin, the target")
    func installShape() {
        let setup = Setup(mechanism: .keyPair, targets: [TargetAddress(user: "alice", host: "h")], unknownHostKey: .pin("SHA256:x"),
                          key: .existing(publicKey: "/home/a/.ssh/id_ed25519.pub"))
        #expect(InstallCommand.commandLine(setup) == ["sshauth", "install", "-i", "/home/a/.ssh/id_ed25519.pub", "--host-key", "SHA256:x", "alice@h"])
        var made = setup
        made.key = .new(Setup.NewKey(type: "ed25519", file: "/tmp/k"))
        #expect(InstallCommand.commandLine(made) == [], "a set-up that makes its key has no single command line")
        var identified = setup
        identified.login = .identity(path: "/home/a/.ssh/id_admin", passphrase: .descriptor(5))
        #expect(InstallCommand.commandLine(identified) == [], "no install option reads an identity's passphrase from a descriptor")
        identified.login = .identity(path: "/home/a/.ssh/id_admin", passphrase: .ask)
        #expect(InstallCommand.commandLine(identified) == ["sshauth", "install", "-i", "/home/a/.ssh/id_ed25519.pub", "--identity", "/home/a/.ssh/id_admin",
                                                           "--host-key", "SHA256:x", "alice@h"])
        let fromDescriptor = Setup(mechanism: .keyPair, targets: [], key: .new(Setup.NewKey(type: "ed25519", file: "/k", passphrase: .descriptor(4))))
        #expect(KeygenCommand.commandLine(fromDescriptor) == ["sshauth", "keygen", "-t", "ed25519", "-f", "/k", "--passphrase-fd", "4"])
    }

    static let keygenRows: [[String]] = [
        [],
        ["-t", "rsa", "-b", "4096", "-C", "build job's key", "-f", "{rel}/id", "--no-passphrase", "--force"],
        ["-t", "ecdsa", "-b", "384", "--passphrase-file", "{rel}/pp", "-f", "{}/e"],
        ["-t", "ecdsa", "-f", "{}/e256", "--no-passphrase"],
        ["-t", "ed25519", "-b", "4096", "-f", "{}/x"],
        ["-f", "{}/fd", "--passphrase-fd", "3"],
    ]

    @Test("keygen: options -> set-up -> commandLine -> parsed again gives the same set-up", arguments: keygenRows)
    func keygenRoundTrip(_ row: [String]) throws {
        let place = try Place()
        let first = try KeygenCommand.parse(place.arguments(row)).setup()
        let words = KeygenCommand.commandLine(first)
        #expect(Array(words.prefix(2)) == ["sshauth", "keygen"])
        let again = try KeygenCommand.parse(Array(words.dropFirst(2))).setup()
        #expect(again == first, "\(words)")
        #expect(first.targets.isEmpty && first.mechanism == .keyPair)
        guard case .new(let key)? = first.key else { Issue.record("no new key: \(first)"); return }
        #expect(key.file.hasPrefix("/"))
        if row.isEmpty {
            #expect(key == Setup.NewKey(type: "ed25519", file: try UserAccount.current().sshDirectory + "/id_ed25519", passphrase: .ask))
        }
        if row.contains("rsa") {
            #expect(key == Setup.NewKey(type: "rsa", bits: 4096, comment: "build job's key", file: place.absolute("id"), passphrase: nil, replace: true))
        }
        if row.contains("384") { #expect(key.passphrase == .file(place.absolute("pp"))) }
        if row.contains("ed25519") { #expect(key.bits == nil, "ed25519 has one size") }
        if row.contains("--passphrase-fd") { #expect(key.passphrase == .descriptor(3)) }
    }

    @Test("bad options and set-ups: one sentence, no set-up", arguments: [
        (["install", "-i", "{}/k.pub", "-p", "2222", "nobody@h:22"], "names port 22 but -p says 2222"),
        (["install", "-i", "{}/missing.pub", "nobody@h"], "missing.pub"),
        (["install", "-i", "{}/k.pub", "bad host"], "bad host"),
        (["keygen", "-t", "ecdsa", "-b", "300"], "ECDSA keys are 256, 384 or 521 bits, not 300"),
        (["keygen", "-t", "rsa", "-b", "512"], "512"),
    ])
    func badSetup(_ row: (arguments: [String], expected: String)) throws {
        let place = try Place()
        let arguments = place.arguments(row.arguments)
        do {
            if arguments[0] == "install" {
                _ = try InstallCommand.parse(Array(arguments.dropFirst())).setup()
            } else {
                _ = try KeygenCommand.parse(Array(arguments.dropFirst())).setup()
            }
            Issue.record("\(arguments) made a set-up")
        } catch let failure as CommandFailure {
            #expect(failure.sentence.contains(row.expected), "\(failure.sentence)")
            #expect(!failure.sentence.contains("\n"))
        }
    }

    @Test("a set-up that is not the command's own is refused with a sentence, before anything is read")
    func foreignSetup() {
        let askpass = Setup(mechanism: .askpass, targets: [TargetAddress(host: "h")])
        #expect(throws: CommandFailure.self) { try InstallCommand.perform(askpass, mode: SetupRunMode(dryRun: true)) }
        let install = Setup(mechanism: .keyPair, targets: [TargetAddress(host: "h")], key: .existing(publicKey: "/nonexistent.pub"))
        #expect(throws: CommandFailure.self) { try KeygenCommand.perform(install, mode: SetupRunMode(dryRun: true)) }
        let badType = Setup(mechanism: .keyPair, targets: [], key: .new(Setup.NewKey(type: "dsa", file: "/tmp/never-made")))
        do {
            try KeygenCommand.perform(badType, mode: SetupRunMode(dryRun: true))
            Issue.record("a dsa key was planned")
        } catch {
            #expect(error.sentence.contains("'dsa' is not a key type"))
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-made"))
    }
}
