import Foundation
import TestSupport
import Testing

/// `sshauth fingerprint` on RFC 4716 files, which ssh-keygen -l refuses: the line is what
/// ssh-keygen -l prints for the same key imported with ssh-keygen -i, with the Comment header as
/// the comment.
@Suite struct FingerprintRFC4716Tests {
    @Test("an RFC 4716 file lists as ssh-keygen -l lists the imported key, with its Comment; a broken one is one sentence",
          arguments: [["-t", "ed25519"], ["-t", "ecdsa", "-b", "384"], ["-t", "rsa", "-b", "2048"]])
    func listed(_ typeArguments: [String]) throws {
        let scratch = try TemporaryDirectory()
        let id = scratch.file("id")
        _ = try ExternalTool.run(["ssh-keygen", "-q"] + typeArguments + ["-N", "", "-f", id])
        let exported = try ExternalTool.run(["ssh-keygen", "-e", "-f", id + ".pub"]).stdout
        let rfc = try scratch.write("key.rfc", exported)
        let comment = try #require(exported.split(separator: "\n")[1].split(separator: "\"").dropFirst().first)
        #expect(try ExternalTool.run(["ssh-keygen", "-l", "-f", rfc]).status != 0, "ssh-keygen -l refuses the file")
        let imported = try ExternalTool.run(["ssh-keygen", "-i", "-f", rfc])
        for verbose in [[], ["-v"]] {
            let theirs = try ExternalTool.run(["ssh-keygen", "-l"] + verbose + ["-f", "-"], stdin: Array(imported.stdout.utf8))
            let ours = try SSHAuthBinary.run(["fingerprint"] + verbose + [rfc])
            #expect(ours.status == 0, "\(ours.stderr)")
            #expect(ours.stdout == theirs.stdout.replacingOccurrences(of: " no comment (", with: " \(comment) ("))
        }
        try scratch.write("cut.rfc", String(exported.split(separator: "\n").dropLast().joined(separator: "\n")) + "\n")
        let broken = try SSHAuthBinary.run(["fingerprint", scratch.file("cut.rfc")])
        #expect(broken.status == 1)
        #expect(broken.stderr == "sshauth: \(scratch.file("cut.rfc")): the key data is cut short: the \"---- END SSH2 PUBLIC KEY ----\" line is missing.\n")
        #expect(broken.stdout.isEmpty)
    }
}
