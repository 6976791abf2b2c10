import Foundation
import TestSupport
import Testing

/// `convert` and `passphrase` with PuTTY's .ppk files, checked with the real puttygen and ssh-keygen.
@Suite struct ConvertPuTTYTests {
    static let kinds: [[String]] = [["-t", "ed25519"], ["-t", "ecdsa", "-b", "384"], ["-t", "rsa", "-b", "2048"]]

    /// The public key line of the private key puttygen decrypts out of `ppk` with the passphrase in
    /// `passphraseFile` (exported unencrypted and read back by ssh-keygen), or nil when puttygen
    /// cannot open it. (puttygen's public export would not need the passphrase at all.)
    static func puttygenOpens(_ ppk: String, passphraseFile: String) throws -> String? {
        let scratch = try TemporaryDirectory()
        let empty = try scratch.write("empty", "")
        let out = scratch.file("opened")
        let opened = try ExternalTool.run(["puttygen", ppk, "--old-passphrase", passphraseFile, "--new-passphrase", empty,
                                           "-O", "private-openssh-new", "-o", out])
        guard opened.status == 0 else { return nil }
        return try ExternalTool.run(["ssh-keygen", "-y", "-f", out]).stdout.split(separator: " ").prefix(2).joined(separator: " ")
    }

    @Test("an encrypted puttygen .ppk (v2 and v3) converts to an OpenSSH key that ssh-keygen reads as the same key", arguments: kinds)
    func fromPuTTY(_ kind: [String]) throws {
        let scratch = try TemporaryDirectory()
        let secret = try scratch.write("secret", "putty words\n")
        for version in [2, 3] {
            let ppk = scratch.file("v\(version).ppk")
            let parameters = "version=\(version)" + (version == 3 ? ",memory=8192,passes=2" : "")
            let made = try ExternalTool.run(["puttygen"] + kind + ["-q", "-C", "from windows", "-o", ppk, "-O", "private",
                                            "--new-passphrase", secret, "--ppk-param", parameters])
            try #require(made.status == 0, "\(made.stderr)")
            let out = scratch.file("v\(version).openssh")
            let run = try SSHAuthBinary.run(["convert", ppk, "--to", "openssh", "-o", out, "--old-passphrase-file", secret, "--no-passphrase"])
            #expect(run.status == 0, "\(run.stderr)")
            let derived = try ExternalTool.run(["ssh-keygen", "-y", "-f", out])
            #expect(derived.stdout.split(separator: " ").prefix(2).joined(separator: " ") == (try Self.puttygenOpens(ppk, passphraseFile: secret)))
            #expect(derived.stdout.hasSuffix(" from windows\n"), "the comment should come along: \(derived.stdout)")
            var status = stat()
            _ = stat(out, &status)
            #expect(status.st_mode & 0o777 == 0o600)
        }
    }

    @Test("an OpenSSH key converts to a .ppk that puttygen opens with the passphrase given, as the same key", arguments: kinds)
    func toPuTTY(_ kind: [String]) throws {
        let scratch = try TemporaryDirectory()
        let key = scratch.file("key")
        _ = try ExternalTool.run(["ssh-keygen", "-q"] + kind + ["-N", "", "-C", "for putty", "-f", key])
        let secret = try scratch.write("secret", "new putty words\n")
        let ppk = scratch.file("key.ppk")
        let run = try SSHAuthBinary.run(["convert", key, "--to", "ppk", "-o", ppk, "--passphrase-file", secret])
        #expect(run.status == 0, "\(run.stderr)")
        let original = try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        #expect(try Self.puttygenOpens(ppk, passphraseFile: secret) == original)
        let wrong = try scratch.write("wrong", "not it\n")
        #expect(try Self.puttygenOpens(ppk, passphraseFile: wrong) == nil)
        let header = try String(contentsOfFile: ppk, encoding: .utf8)
        #expect(header.hasPrefix("PuTTY-User-Key-File-3: "))
        #expect(header.contains("Comment: for putty"))
    }

    @Test("passphrase changes a .ppk's passphrase in place; puttygen takes the new one and refuses the old")
    func passphraseOfPuTTYFile() throws {
        let scratch = try TemporaryDirectory()
        let old = try scratch.write("old", "old words\n")
        let new = try scratch.write("new", "new words\n")
        let ppk = scratch.file("key.ppk")
        let made = try ExternalTool.run(["puttygen", "-t", "ed25519", "-q", "-C", "rotating", "-o", ppk, "-O", "private",
                                        "--new-passphrase", old, "--ppk-param", "version=3,memory=8192,passes=2"])
        try #require(made.status == 0, "\(made.stderr)")
        let before = try #require(try Self.puttygenOpens(ppk, passphraseFile: old))
        let run = try SSHAuthBinary.run(["passphrase", "-f", ppk, "--old-passphrase-file", old, "--new-passphrase-file", new])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.puttygenOpens(ppk, passphraseFile: new) == before)
        #expect(try Self.puttygenOpens(ppk, passphraseFile: old) == nil)
    }
}
