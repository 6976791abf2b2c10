import Testing
import SSHKeys
@testable import AuthSetup

/// Where the key goes on the target: `--target-path` as sshd reads AuthorizedKeysFile.
@Suite struct InstallRequestTests {
    @Test("the target path is absolute, relative to the home, or ~/ for the home; the default is .ssh/authorized_keys", arguments: [
        (nil, "/home/u/.ssh/authorized_keys"),
        (".ssh/authorized_keys2", "/home/u/.ssh/authorized_keys2"),
        ("~/.ssh/authorized_keys2", "/home/u/.ssh/authorized_keys2"),
        ("~/keys", "/home/u/keys"),
        ("/etc/ssh/keys/u", "/etc/ssh/keys/u"),
        ("dir/~/x", "/home/u/dir/~/x"),
    ] as [(String?, String)])
    func authorizedKeysPath(typed: String?, expected: String) throws {
        let key = try SSHPublicKey(ed25519: [UInt8](repeating: 0x42, count: 32))
        let request = InstallRequest(key: key, comment: "", publicKeyFile: "k.pub", user: "u", host: "h", port: 22, targetPath: typed)
        #expect(request.authorizedKeysPath(home: "/home/u") == expected)
        #expect(request.authorizedKeysPath(home: "/home/u/") == expected)
    }
}
