import Testing
import Wizard

/// The target as the wizard shows it, from the account, host and port reached (no parsing back).
@Suite struct TargetCheckTests {
    static func check(_ user: String, _ host: String, _ port: Int, alias: String? = nil) -> TargetCheck {
        TargetCheck(user: user, hostName: host, port: port, alias: alias, hostKeyType: "ED25519", fingerprint: "SHA256:x", randomart: "",
                    verdict: .known, methods: ["password"])
    }

    @Test("the name, the host the user knows and the ssh command, for port 22, another port, an alias and an odd user",
          arguments: [
              (check("me", "example.org", 22), "me@example.org", "example.org", "ssh me@example.org"),
              (check("me", "example.org", 2222), "me@example.org port 2222", "example.org", "ssh -p 2222 me@example.org"),
              (check("batch", "10.0.0.7", 22, alias: "lpar1"), "batch@10.0.0.7", "lpar1", "ssh batch@10.0.0.7"),
              (check("a b", "fe80::1", 22), "a b@fe80::1", "fe80::1", "ssh 'a b@fe80::1'"),
          ])
    func shown(_ check: TargetCheck, _ name: String, _ host: String, _ command: String) {
        #expect(check.targetName == name)
        #expect(check.host == host)
        #expect(check.sshCommand == command)
    }
}
