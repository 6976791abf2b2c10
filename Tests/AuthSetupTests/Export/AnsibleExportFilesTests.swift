import SSHKeys
import Testing
import Yams
@testable import AuthSetup

/// The Ansible export's files as text: golden files for each mechanism, Yams reading the playbook
/// back to the very values that went in (hostile ones included), the inventory's quoting, and the
/// values no file could carry.
@Suite("Ansible export: generated files")
struct AnsibleExportFilesTests {
    static let clientKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILjFj11eQxpA46enSR9mpHHXFeJuiAk5rMiib1IZeCva user@client"
    static let hostKey = try! PublicKeyLine(parsing: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBN4geCGUKdep2/esLl7S9/2p7el9hQJippLTnEoYclyoyXHKgaUagfy6x4qYEgwx99sOm2j2Cq9aj5uKKqu16jY= h").key

    static let hosts = [
        AnsibleExport.Host(name: "web01", user: "deploy", host: "web01.example.com", port: 22),
        AnsibleExport.Host(name: "backup@10.0.0.7:2222", user: "backup", host: "10.0.0.7", port: 2222),
        AnsibleExport.Host(name: "db", user: "DOMAIN\\svc", host: "fe80::1%eth0", port: 22),
    ]

    static var pinned: [AnsibleExport.PinnedHostKey] {
        hosts.map { AnsibleExport.PinnedHostKey(host: $0.host, port: $0.port, key: hostKey) }
    }

    static func keyPairSetup(targetPath: String? = nil, fixHome: Bool = false, verify: Bool = true) -> Setup {
        Setup(mechanism: .keyPair, targets: [], key: .existing(publicKey: "/home/me/.ssh/id_ed25519.pub"),
              install: Setup.InstallChoice(targetPath: targetPath, fixHomePermissions: fixHome, verify: verify))
    }

    static func export(_ setup: Setup, hosts: [AnsibleExport.Host] = hosts, key: AnsibleExport.Key? = AnsibleExport.Key(line: clientKey, identityFile: "/home/me/.ssh/id_ed25519")) throws -> AnsibleExport {
        try AnsibleExport(setup: setup, setupFile: "/home/me/setups/web.yml", hosts: hosts, hostKeys: pinned, key: key)
    }

    private func assertGolden(_ export: AnsibleExport, folder: String) throws {
        for file in export.files {
            try Golden.assertMatches(file.text, file: "ansible/\(folder)/\(file.name)")
        }
    }

    @Test("key pair: inventory, playbook, known_hosts, ansible.cfg and README")
    func keyPairGolden() throws {
        try assertGolden(try Self.export(Self.keyPairSetup()), folder: "key-pair")
    }

    @Test("key pair with a target path and consent to fix the home: manage_dir off, both said plainly")
    func keyPairTargetPathGolden() throws {
        let export = try Self.export(Self.keyPairSetup(targetPath: "keys/authorized", fixHome: true))
        try assertGolden(export, folder: "key-pair-target-path")
        #expect(export.limitations.count == 2)
    }

    @Test("askpass: only a password login, and the sentence saying why")
    func askpassGolden() throws {
        let setup = Setup(mechanism: .askpass, targets: [], askpass: Setup.AskpassChoice())
        let export = try Self.export(setup, key: nil)
        try assertGolden(export, folder: "askpass")
        #expect(export.limitations.first?.contains("lives on this machine") == true)
        #expect(!export.files[1].text.contains("authorized_key"))
    }

    @Test("certificate: the public key installed, the ring, the agent and the z/OS jobs named as left out")
    func certificateGolden() throws {
        let setup = Setup(mechanism: .certificate, targets: [],
                          certificate: Setup.CertificateChoice(ring: "/home/me/rings/ssh.p12", label: "batch"))
        let export = try Self.export(setup, key: AnsibleExport.Key(line: Self.clientKey, identityFile: "/home/me/rings/ssh-batch.pub"))
        try assertGolden(export, folder: "certificate")
        #expect(export.limitations.first?.contains("RACDCERT") == true)
    }

    @Test("Yams reads the playbook back: the module, its values, and the proof's argv")
    func playbookRoundTrip() throws {
        let playbook = try #require(try Yams.load(yaml: try Self.export(Self.keyPairSetup(targetPath: "/etc/ssh/keys/deploy")).files[1].text) as? [[String: Any]])
        #expect(playbook.count == 1)
        let play = playbook[0]
        #expect(play["hosts"] as? String == AnsibleExport.group)
        let tasks = try #require(play["tasks"] as? [[String: Any]])
        let install = try #require(tasks[0]["ansible.posix.authorized_key"] as? [String: Any])
        #expect(install["key"] as? String == Self.clientKey)
        #expect(install["state"] as? String == "present")
        #expect(install["path"] as? String == "/etc/ssh/keys/deploy")
        #expect(install["manage_dir"] as? Bool == false)
        let proof = try #require(tasks[1]["ansible.builtin.command"] as? [String: Any])
        let argv = try #require(proof["argv"] as? [String])
        #expect(argv.first == "ssh")
        #expect(argv.contains("/home/me/.ssh/id_ed25519"))
        #expect(argv.contains("IdentitiesOnly=yes") && argv.contains("ControlPath=none") && argv.contains("UserKnownHostsFile=known_hosts"))
        #expect(tasks[1]["delegate_to"] as? String == "localhost")
    }

    @Test("hostile comment, key file and target path: YAML reads each back whole, every one tagged !unsafe")
    func hostileValuesStayValues() throws {
        let comment = "x\" }}\n{{ lookup('pipe', 'id') }}: {% raw %} #\u{2028}- evil: 1 \\ 'q' \u{7}"
        let keyFile = "/tmp/{{ ansible_password }}/k: ey #1"
        let path = "~/.ssh/a\"b: {{ x }}"
        let line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILjFj11eQxpA46enSR9mpHHXFeJuiAk5rMiib1IZeCva " + comment.replacingOccurrences(of: "\n", with: " ")
        let export = try Self.export(Self.keyPairSetup(targetPath: path), key: AnsibleExport.Key(line: line.replacingOccurrences(of: "\u{7}", with: ""), identityFile: keyFile))
        let text = export.files[1].text
        let playbook = try #require(try Yams.load(yaml: text) as? [[String: Any]])
        let tasks = try #require(playbook[0]["tasks"] as? [[String: Any]])
        let install = try #require(tasks[0]["ansible.posix.authorized_key"] as? [String: Any])
        #expect(install["key"] as? String == line.replacingOccurrences(of: "\u{7}", with: ""))
        #expect(install["path"] as? String == path)
        let argv = try #require((tasks[1]["ansible.builtin.command"] as? [String: Any])?["argv"] as? [String])
        #expect(argv.contains(keyFile))
        // Every line that carries one of these values starts the value with the !unsafe tag.
        for textLine in text.split(separator: "\n") where textLine.contains("lookup") || textLine.contains("ansible_password") || textLine.contains("a\\\"b") {
            #expect(textLine.contains(": !unsafe \"") || textLine.contains("- !unsafe \""), "not tagged: \(textLine)")
        }
        // Only printable ASCII and line ends: nothing invisible can hide in the file.
        #expect(text.unicodeScalars.allSatisfy { $0 == "\n" || (" "..."~").contains($0) })
    }

    @Test("inventory values: numbers, booleans and backslashes are quoted so Ansible reads text")
    func inventoryQuoting() {
        #expect(AnsibleQuoting.inventoryValue("deploy") == "deploy")
        #expect(AnsibleQuoting.inventoryValue("10.0.0.7") == "10.0.0.7")
        #expect(AnsibleQuoting.inventoryValue("web-1.example.com") == "web-1.example.com")
        #expect(AnsibleQuoting.inventoryValue("1234") == "'\"1234\"'")
        #expect(AnsibleQuoting.inventoryValue("True") == "'\"True\"'")
        #expect(AnsibleQuoting.inventoryValue("1e5") == "'\"1e5\"'")
        #expect(AnsibleQuoting.inventoryValue("DOMAIN\\svc") == "'\"DOMAIN\\\\svc\"'")
        #expect(AnsibleQuoting.inventoryValue("fe80::1%eth0") == "'\"fe80::1%eth0\"'")
    }

    @Test("inventory names: plain names kept; anything else, a name Ansible takes for this machine or a repeat becomes target-N")
    func aliases() {
        let hosts = ["web01", "user@host:22", "localhost", "127.0.0.1", "web01", "a b", "[x]", "db=1", "#c", "target-2"].map {
            AnsibleExport.Host(name: $0, user: "u", host: "h", port: 22)
        }
        #expect(AnsibleExport.aliases(for: hosts) == ["web01", "target-2", "target-3", "target-4", "web01-5", "target-6", "target-7", "target-8", "target-9", "target-2-10"])
    }

    @Test("values no exported file can carry are refused with a sentence naming them", arguments: [
        (AnsibleExport.Host(name: "t1", user: "u{{x}}", host: "h", port: 22), "u{{x}}"),
        (AnsibleExport.Host(name: "t2", user: "u", host: "h*", port: 22), "h*"),
        (AnsibleExport.Host(name: "t3", user: "u", host: "h\"x", port: 22), "h\"x"),
        (AnsibleExport.Host(name: "t4", user: "u'x", host: "h", port: 22), "u'x"),
        (AnsibleExport.Host(name: "t5", user: "u", host: "h,g", port: 22), "h,g"),
        (AnsibleExport.Host(name: "t6", user: "u", host: "h\u{200B}", port: 22), "h\u{200B}"),
        (AnsibleExport.Host(name: "t7", user: "u", host: "h#x", port: 22), "h#x"),
    ])
    func unsafeTargets(host: AnsibleExport.Host, value: String) throws {
        #expect(throws: AnsibleExportError(.unsafeTarget(name: host.name, value: value))) {
            _ = try AnsibleExport(setup: Self.keyPairSetup(), setupFile: "s.yml", hosts: [host], hostKeys: [],
                                  key: AnsibleExport.Key(line: Self.clientKey, identityFile: "k"))
        }
    }

    @Test("a key line with a line break (a second key for the module) or no key, no hosts: refused")
    func otherRefusals() {
        let setup = Self.keyPairSetup()
        #expect(throws: AnsibleExportError.self) {
            _ = try AnsibleExport(setup: setup, setupFile: "s", hosts: Self.hosts, hostKeys: [], key: AnsibleExport.Key(line: Self.clientKey + "\nssh-ed25519 AAAA evil", identityFile: "k"))
        }
        #expect(throws: AnsibleExportError(.noKey)) {
            _ = try AnsibleExport(setup: setup, setupFile: "s", hosts: Self.hosts, hostKeys: [], key: nil)
        }
        #expect(throws: AnsibleExportError(.noHosts)) {
            _ = try AnsibleExport(setup: setup, setupFile: "s", hosts: [], hostKeys: [], key: AnsibleExport.Key(line: Self.clientKey, identityFile: "k"))
        }
    }

    @Test("known_hosts: [host]:port for other ports, one line per host and key, no secret anywhere")
    func knownHostsAndNoSecrets() throws {
        let export = try Self.export(Self.keyPairSetup())
        let lines = export.knownHosts.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("web01.example.com ecdsa-sha2-nistp256 "))
        #expect(lines[1].hasPrefix("[10.0.0.7]:2222 ecdsa-sha2-nistp256 "))
        for file in export.files {
            // The README shows the vault line to write; no other file mentions a password variable.
            #expect(file.name == "README.md" || !file.text.contains("ansible_password"), "\(file.name)")
            #expect(!file.text.contains("host_key_checking = False") && !file.text.contains("StrictHostKeyChecking=no"), "\(file.name)")
        }
        #expect(export.configuration.contains("host_key_checking = True"))
    }
}
