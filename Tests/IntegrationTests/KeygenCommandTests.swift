import Foundation
import SSHKeys
import TestSupport
import Testing

/// `sshauth keygen` end to end: files, modes, and what the real OpenSSH tools make of them.
@Suite struct KeygenCommandTests {
    static let types: [[String]] = [["-t", "ed25519"], ["-t", "ecdsa", "-b", "256"], ["-t", "ecdsa", "-b", "384"],
                                    ["-t", "ecdsa", "-b", "521"], ["-t", "rsa", "-b", "2048"], ["-t", "rsa"]]

    @Test("keys load in ssh-keygen -y with the modes OpenSSH expects", arguments: types)
    func keysLoadInSSHKeygen(_ typeArguments: [String]) throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("dir/id")
        let made = try SSHAuthBinary.run(["keygen"] + typeArguments + ["-C", "it@test", "-f", path, "--no-passphrase"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("Your identification has been saved in \(path)"))
        #expect(made.stdout.contains("The key's randomart image is:"))
        #expect(mode(of: scratch.file("dir")) == 0o700)
        #expect(mode(of: path) == 0o600)
        #expect(mode(of: path + ".pub") == 0o644)
        let publicLine = try String(contentsOfFile: path + ".pub", encoding: .utf8)
        let derived = try ExternalTool.run(["ssh-keygen", "-y", "-f", path])
        #expect(derived.status == 0, "\(derived.stderr)")
        #expect(derived.stdout == publicLine)
        // The printed fingerprint is what ssh-keygen computes for the file.
        let listed = try ExternalTool.run(["ssh-keygen", "-l", "-f", path])
        let fingerprint = listed.stdout.split(separator: " ")[1]
        #expect(made.stdout.contains("\(fingerprint) it@test"))
    }

    @Test("a passphrase from a protected file encrypts the key; ssh-keygen needs it")
    func passphraseFile() throws {
        let scratch = try TemporaryDirectory()
        let secret = try scratch.write("pass", "a long passphrase with spaces\n", mode: 0o600)
        let path = scratch.file("id")
        let made = try SSHAuthBinary.run(["keygen", "-f", path, "--passphrase-file", secret])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(!made.stdout.contains("a long passphrase"))
        let good = try ExternalTool.run(["ssh-keygen", "-y", "-P", "a long passphrase with spaces", "-f", path])
        #expect(good.status == 0, "\(good.stderr)")
        let wrong = try ExternalTool.run(["ssh-keygen", "-y", "-P", "wrong", "-f", path])
        #expect(wrong.status != 0)
        let file = try OpenSSHPrivateKeyFile(text: try scratch.read("id"))
        #expect(file.isEncrypted)
        #expect(file.rounds == OpenSSHPrivateKeyFile.defaultRounds)
    }

    @Test("--dry-run prints the plan and writes nothing; --json plans hold no secret")
    func dryRun() throws {
        let scratch = try TemporaryDirectory()
        let secret = try scratch.write("pass", "SUPER-SECRET-PASSPHRASE", mode: 0o600)
        let path = scratch.file("new/id_ed25519")
        let text = try SSHAuthBinary.run(["keygen", "-f", path, "--passphrase-file", secret, "--dry-run"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("mkdir -m 700"))
        #expect(text.stdout.contains("ssh-keygen -t ed25519"))
        #expect(text.stdout.contains("mode 0600"))
        let json = try SSHAuthBinary.run(["keygen", "-f", path, "--passphrase-file", secret, "--dry-run", "--json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["steps"] as? [Any])?.count == 4)
        for output in [text, json] {
            #expect(!output.stdout.contains("SUPER-SECRET") && !output.stderr.contains("SUPER-SECRET"))
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("new")))
    }

    @Test("--json reports the files and the fingerprint")
    func jsonResult() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("id")
        let made = try SSHAuthBinary.run(["keygen", "-f", path, "--no-passphrase", "--json", "-C", "json@test"])
        #expect(made.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any])
        #expect(object["private_key"] as? String == path)
        #expect(object["type"] as? String == "ssh-ed25519")
        let listed = try ExternalTool.run(["ssh-keygen", "-l", "-f", path])
        #expect(listed.stdout.contains(object["fingerprint"] as? String ?? "missing"))
    }

    @Test("--force replaces an existing key; without it the key is kept")
    func force() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("id")
        #expect(try SSHAuthBinary.run(["keygen", "-f", path, "--no-passphrase"]).status == 0)
        let before = try scratch.read("id")
        let refused = try SSHAuthBinary.run(["keygen", "-f", path, "--no-passphrase"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--force"))
        #expect(try scratch.read("id") == before)
        let replaced = try SSHAuthBinary.run(["keygen", "-f", path, "--no-passphrase", "--force"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try scratch.read("id") != before)
        #expect(mode(of: path) == 0o600)
    }
}

/// The permission bits of a file.
func mode(of path: String) -> Int {
    var info = stat()
    guard stat(path, &info) == 0 else { return -1 }
    return Int(info.st_mode & 0o7777)
}

/// The names in a directory, recursively, for "nothing was written" checks.
func listing(of directory: String) -> [String] {
    (FileManager.default.subpaths(atPath: directory) ?? []).sorted()
}
