import Foundation
@testable import SSHKeys
import TestSupport
import Testing

/// The real puttygen (putty-tools 0.78) against sshauth's .ppk codec: keys puttygen makes are listed
/// by `sshauth fingerprint` as ssh-keygen lists puttygen's OpenSSH export of them and read into the
/// same private key; keys sshauth writes as .ppk are read by puttygen as the same key.
@Suite struct PuTTYgenCrossCheckTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let kind: [String]
        let version: Int
        let encrypted: Bool
        var testDescription: String { kind.joined(separator: " ") + " v\(version)" + (encrypted ? " with a passphrase" : "") }
        var name: String { kind.joined().replacingOccurrences(of: "-", with: "") + "v\(version)" + (encrypted ? "e" : "") }
    }

    static let kinds: [[String]] = [["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"], ["-t", "ecdsa", "-b", "384"],
                                    ["-t", "ecdsa", "-b", "521"], ["-t", "rsa", "-b", "2048"]]
    static let cases: [Case] = kinds.flatMap { kind in
        [2, 3].flatMap { version in [false, true].map { Case(kind: kind, version: version, encrypted: $0) } }
    }
    static let passphrase = "a passphrase for PuTTY"

    /// The passphrase file puttygen reads, and an empty one for "no passphrase".
    static func passphraseFiles(in scratch: TemporaryDirectory) throws -> (secret: String, empty: String) {
        (try scratch.write("pass", passphrase), try scratch.write("empty", ""))
    }

    @Test("puttygen's .ppk: sshauth fingerprint lists it as ssh-keygen -l lists puttygen's OpenSSH export, and the private key is the same", arguments: cases)
    func puttygenKeysReadBySSHAuth(_ test: Case) throws {
        let scratch = try TemporaryDirectory()
        let (secret, empty) = try Self.passphraseFiles(in: scratch)
        let ppk = scratch.file("\(test.name).ppk")
        // Version 3 with a passphrase keeps PuTTYgen's default 8 MiB of Argon2 memory but a fixed pass count.
        let parameters = "version=\(test.version)" + (test.version == 3 && test.encrypted ? ",memory=8192,passes=2" : "")
        let made = try ExternalTool.run(["puttygen"] + test.kind + ["-q", "-C", "made by puttygen \(test.name)", "-o", ppk, "-O", "private",
                                        "--new-passphrase", test.encrypted ? secret : empty, "--ppk-param", parameters])
        try #require(made.status == 0, "\(made.stderr)")
        let header = try String(contentsOfFile: ppk, encoding: .utf8)
        #expect(header.hasPrefix("PuTTY-User-Key-File-\(test.version): "))
        #expect(header.contains(test.encrypted ? "Encryption: aes256-cbc" : "Encryption: none"))

        // puttygen's OpenSSH export, unencrypted, for ssh-keygen and for the private fields.
        let exported = scratch.file("\(test.name).openssh")
        let export = try ExternalTool.run(["puttygen", ppk, "--old-passphrase", test.encrypted ? secret : empty, "--new-passphrase", empty,
                                           "-O", "private-openssh-new", "-o", exported])
        try #require(export.status == 0, "\(export.stderr)")

        for flags in [[], ["-v", "-E", "md5"]] {
            let ours = try SSHAuthBinary.run(["fingerprint"] + flags + [ppk])
            let theirs = try ExternalTool.run(["ssh-keygen", "-l"] + flags + ["-f", exported])
            #expect(ours.status == 0, "\(ours.stderr)")
            #expect(ours.stdout == theirs.stdout)
            #expect(ours.stdout.contains("made by puttygen \(test.name) ("))
        }
        // puttygen's own fingerprint of its file names the same SHA256 hash.
        let puttygenList = try ExternalTool.run(["puttygen", "-l", ppk])
        let ours = try SSHAuthBinary.run(["fingerprint", ppk])
        let hash = try #require(ours.stdout.split(separator: " ").dropFirst().first)
        #expect(puttygenList.stdout.contains(" \(hash)"), "\(puttygenList.stdout)")

        let text = Array(try Data(contentsOf: URL(fileURLWithPath: ppk)))
        let key = try PrivateKeyFile.read(text, passphrase: test.encrypted ? SecretBytes(Array(Self.passphrase.utf8)) : nil)
        let reference = try OpenSSHPrivateKeyFile(text: Array(try Data(contentsOf: URL(fileURLWithPath: exported)))).decrypt(passphrase: nil)
        #expect(key.publicKey == reference.publicKey)
        #expect(key.privateFields == reference.privateFields)
        #expect(key.comment == "made by puttygen \(test.name)")
    }

    @Test("sshauth's .ppk: puttygen reads it as the same public and private key, with and without a passphrase", arguments: cases)
    func sshauthKeysReadByPuTTYgen(_ test: Case) throws {
        let scratch = try TemporaryDirectory()
        let (secret, empty) = try Self.passphraseFiles(in: scratch)
        // The key comes from ssh-keygen, so the source of the key is a third party as well.
        let source = scratch.file("source")
        let keygen = try ExternalTool.run(["ssh-keygen", "-q"] + test.kind + ["-N", "", "-C", "made by ssh-keygen \(test.name)", "-f", source])
        try #require(keygen.status == 0, "\(keygen.stderr)")
        let key = try OpenSSHPrivateKeyFile(text: Array(try Data(contentsOf: URL(fileURLWithPath: source)))).decrypt(passphrase: nil)
        let version = PuTTYKeyFile.Version(rawValue: test.version)!
        let passphrase = test.encrypted ? SecretBytes(Array(Self.passphrase.utf8)) : nil
        let encoded = try PuTTYKeyFile.encode(key, passphrase: passphrase, version: version)
        let ppk = try scratch.write("\(test.name).ppk", encoded.withBytes { Array($0) })

        let publicLine = try ExternalTool.run(["puttygen", ppk, "--old-passphrase", test.encrypted ? secret : empty, "-O", "public-openssh"])
        #expect(publicLine.status == 0, "\(publicLine.stderr)")
        #expect(publicLine.stdout == (try String(contentsOfFile: source + ".pub", encoding: .utf8)))

        let exported = scratch.file("export")
        let export = try ExternalTool.run(["puttygen", ppk, "--old-passphrase", test.encrypted ? secret : empty, "--new-passphrase", empty,
                                           "-O", "private-openssh-new", "-o", exported])
        #expect(export.status == 0, "\(export.stderr)")
        let again = try OpenSSHPrivateKeyFile(text: Array(try Data(contentsOf: URL(fileURLWithPath: exported)))).decrypt(passphrase: nil)
        #expect(again.publicKey == key.publicKey)
        #expect(again.privateFields == key.privateFields)

        if test.encrypted {
            let wrong = try scratch.write("wrong", "not the passphrase")
            let refused = try ExternalTool.run(["puttygen", ppk, "--old-passphrase", wrong, "-O", "private-openssh-new", "-o", scratch.file("refused")])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("wrong passphrase"), "\(refused.stderr)")
        }
        // What sshauth wrote reads back in sshauth too, and lists as puttygen lists it.
        #expect(try PuTTYKeyFile.read(encoded.withBytes { Array($0) }, passphrase: passphrase).privateFields == key.privateFields)
        let ours = try SSHAuthBinary.run(["fingerprint", ppk])
        let theirs = try ExternalTool.run(["ssh-keygen", "-l", "-f", source])
        #expect(ours.stdout == theirs.stdout)
    }

    @Test("version 3 with a passphrase is written with Argon2id, 8 MiB, 8 passes, one lane and a fresh 16-byte salt each time")
    func writtenParameters() throws {
        let key = try KeyGeneration.generate(.ed25519, comment: "parameters")
        let passphrase = SecretBytes(Array(Self.passphrase.utf8))
        let first = try PuTTYKeyFile.encode(key, passphrase: passphrase).withBytes { String(decoding: $0, as: UTF8.self) }
        let second = try PuTTYKeyFile.encode(key, passphrase: passphrase).withBytes { String(decoding: $0, as: UTF8.self) }
        for line in ["Key-Derivation: Argon2id", "Argon2-Memory: 8192", "Argon2-Passes: 8", "Argon2-Parallelism: 1"] {
            #expect(first.contains("\n\(line)\n"))
        }
        let salt = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("Argon2-Salt: ") }! }
        #expect(salt(first).count == "Argon2-Salt: ".count + 32)
        #expect(salt(first) != salt(second))
        // puttygen reads it and saves it again, which sshauth reads.
        let scratch = try TemporaryDirectory()
        let (secret, _) = try Self.passphraseFiles(in: scratch)
        let ppk = try scratch.write("k.ppk", first)
        let reencrypted = try ExternalTool.run(["puttygen", ppk, "--old-passphrase", secret, "-P", "--new-passphrase", secret, "-O", "private",
                                                "-o", scratch.file("again.ppk")])
        #expect(reencrypted.status == 0, "\(reencrypted.stderr)")
        #expect(try PuTTYKeyFile.read(try scratch.read("again.ppk"), passphrase: passphrase).publicKey == key.publicKey)
    }

    @Test("a puttygen .ppk end to end: install -i takes its public half (no proof, ssh reads no .ppk), --identity logs in with it; a wrong passphrase changes nothing")
    func ppkInstallAndIdentity() throws {
        try SandboxAccount.exclusive { account in
            try account.resetSSHDirectory()
            let fixture = try InstallFixture(account)
            let (secret, empty) = try Self.passphraseFiles(in: fixture.scratch)
            let ppk = fixture.scratch.file("desktop.ppk")
            let made = try ExternalTool.run(["puttygen", "-t", "ed25519", "-q", "-C", "windows desktop key", "-o", ppk, "-O", "private",
                                            "--new-passphrase", secret, "--ppk-param", "version=3,memory=8192,passes=2"])
            try #require(made.status == 0, "\(made.stderr)")
            let publicLine = try ExternalTool.run(["puttygen", ppk, "-O", "public-openssh"]).stdout
            let openssh = fixture.scratch.file("desktop.openssh")
            let export = try ExternalTool.run(["puttygen", ppk, "--old-passphrase", secret, "--new-passphrase", empty, "-O", "private-openssh-new", "-o", openssh])
            try #require(export.status == 0, "\(export.stderr)")

            // ssh cannot prove a .ppk's login, so the proof must be waived; before that nothing changes.
            let untouched = account.snapshot()
            let unproved = try fixture.install(key: ppk)
            #expect(unproved.status != 0)
            #expect(unproved.stderr == "sshauth: ssh cannot log in with a PuTTY key file (\(ppk)), so sshauth cannot prove that the key logs in; pass --no-verify to install without the proof. Nothing was changed.\n")
            #expect(account.snapshot() == untouched)
            let installed = try fixture.install(key: ppk, ["--no-verify"])
            #expect(installed.status == 0, "\(installed.stderr)")
            #expect(!installed.stdout.contains("ssh -i \(ppk)"))
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8))
            #expect(try account.sandbox.proveKeyLogin(identity: openssh).status == 0)

            // The .ppk as the identity that logs in to install a second key on the key-only port.
            let second = try fixture.publicOnlyKey("second")
            let wrong = try fixture.scratch.write("wrong", "not the passphrase")
            let before = account.snapshot()
            let refused = try fixture.install(key: second.publicPath, ["--identity", ppk, "--passphrase-file", wrong], password: nil,
                                              port: account.sandbox.keyOnlyPort)
            #expect(refused.status != 0)
            #expect(refused.stderr == "sshauth: \(ppk): the passphrase is wrong.\n")
            #expect(account.snapshot() == before)
            let done = try fixture.install(key: second.publicPath, ["--identity", ppk, "--passphrase-file", secret], password: nil,
                                           port: account.sandbox.keyOnlyPort)
            #expect(done.status == 0, "\(done.stderr)")
            #expect(done.stdout.contains("Login proof: ssh logged in with the key."), "\(done.stdout)")
            #expect(account.authorizedKeysBytes() == Array(publicLine.utf8) + second.publicBytes)
        }
    }
}
