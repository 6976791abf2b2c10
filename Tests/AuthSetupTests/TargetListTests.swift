import Foundation
import Testing
@testable import AuthSetup

/// `--hosts FILE`: plain lists and Ansible INI inventories. The inventory expectations are written
/// by hand from Ansible's rules (ansible-inventory is not installed for the tests: Debian's
/// `ansible` package is 250 MB), and say why in each case.
@Suite("TargetList")
struct TargetListTests {
    private func parse(_ text: String, limit: String? = nil) throws(TargetListError) -> [FleetTarget] {
        try TargetList.parse(Array(text.utf8), file: "hosts", limit: limit)
    }

    private func summary(_ targets: [FleetTarget]) -> [String] {
        targets.map { "\($0.name)=\($0.address.displayName)@\($0.line)" }
    }

    @Test("a plain list: one target per line, comments and blank lines skipped, CRLF accepted")
    func plainList() throws {
        let text = "# the fleet\nalice@web1\nweb2:2222   # second\r\n[::1]:2200\n\n  bob@[fe80::1%eth0]:22\n"
        let targets = try parse(text)
        #expect(summary(targets) == ["alice@web1=alice@web1@2", "web2:2222=web2:2222@3", "[::1]:2200=[::1]:2200@4",
                                     "bob@[fe80::1%eth0]:22=bob@[fe80::1%eth0]:22@6"])
        #expect(targets[2].address == TargetAddress(host: "::1", port: 2200))
        #expect(TargetList.format(of: text.components(separatedBy: "\n")) == .plain)
    }

    static let inventory = """
        mail.example.com

        [web]
        web[01:03].example.com ansible_user=deploy
        db-b.example.com:2222

        [db]
        db-[a:b].example.com
        db-b.example.com ansible_port=5432 note="two words" # a comment

        [prod:children]
        web
        db

        [prod:vars]
        ansible_user=ops

        [db:vars]
        ansible_user = "dbadmin"

        [all:vars]
        ansible_port=2200
        """

    // By Ansible's rules: host variables beat group variables; a deeper group (db, web: depth 2 under
    // prod) beats a shallower one (prod); at one depth the later name wins (web over db); `all` is
    // weakest; a host's variables given twice merge, the later winning; a host before any section is
    // `ungrouped`.
    @Test("an inventory: groups, children, vars, ranges, host:port and variable precedence")
    func inventoryTargets() throws {
        let targets = try parse(Self.inventory)
        #expect(summary(targets) == [
            "mail.example.com=mail.example.com:2200@1",
            "web01.example.com=deploy@web01.example.com:2200@4",
            "web02.example.com=deploy@web02.example.com:2200@4",
            "web03.example.com=deploy@web03.example.com:2200@4",
            "db-b.example.com=dbadmin@db-b.example.com:5432@5",
            "db-a.example.com=dbadmin@db-a.example.com:2200@8",
        ])
        #expect(targets[0].groups == ["ungrouped"])
        #expect(targets[4].groups == ["db", "prod", "web"])
        #expect(TargetList.format(of: Self.inventory.components(separatedBy: "\n")) == .ansibleInventory)
    }

    @Test("--limit picks a group and the groups below it; all picks everything", arguments: [
        ("db", ["db-b.example.com", "db-a.example.com"]),
        ("web", ["web01.example.com", "web02.example.com", "web03.example.com", "db-b.example.com"]),
        ("prod", ["web01.example.com", "web02.example.com", "web03.example.com", "db-b.example.com", "db-a.example.com"]),
        ("ungrouped", ["mail.example.com"]),
        ("all", ["mail.example.com", "web01.example.com", "web02.example.com", "web03.example.com", "db-b.example.com", "db-a.example.com"]),
    ])
    func limit(group: String, names: [String]) throws {
        #expect(try parse(Self.inventory, limit: group).map(\.name) == names)
    }

    @Test("ansible_host, IPv6 hosts and ranges with steps, letters and zero padding")
    func addressesAndRanges() throws {
        let targets = try parse("""
            sandbox ansible_host=127.0.0.1 ansible_port=2222
            v6 ansible_host=::1 ansible_user=root
            [2001:db8::7]:2022
            [odd]
            n[08:12:2]
            x-[a:c]-y
            """)
        #expect(targets.map(\.address.displayName) == ["127.0.0.1:2222", "root@[::1]", "[2001:db8::7]:2022",
                                                       "n08", "n10", "n12", "x-a-y", "x-b-y", "x-c-y"])
        #expect(targets.map(\.name).prefix(3) == ["sandbox", "v6", "2001:db8::7"])
    }

    @Test("bad input: FILE:LINE (or FILE) and one sentence", arguments: [
        ("user@\n", "hosts:1: 'user@' names no host"),
        ("web1\nhost:0\n", "hosts:2: 'host:0' has the port '0'"),
        ("ho st\n", "hosts:1: 'ho st' has a space in the host name"),
        ("-oProxyCommand=x\n", "hosts:1: '-oProxyCommand=x' has a host name starting with '-'"),
        ("web1\n# again\nweb1:22\n", "hosts:3: web1:22 names the same target as line 1; remove one of the two."),
        ("host;rm\n", "hosts:1: 'host;rm' has a ';' in the host name"),
        ("", "hosts: no target is named"),
        ("# only a comment\n\n", "hosts: no target is named"),
        ("[web:nodes]\nh\n", "hosts:1: 'nodes' is not a section type"),
        ("[web]\nh\n[we b]\nh2\n", "hosts:3: '[we b]' is not a section header"),
        ("[web*]\nh\n", "hosts:1: 'web*' is not a group name"),
        ("[web]\nhost foo\n", "hosts:2: 'foo' after the host name is not name=value"),
        ("[web]\nhost ansible_port=abc\n", "hosts:2: the port 'abc' of host is not a number from 1 to 65535"),
        ("[web]\nhost ansible_port=70000\n", "hosts:2: the port '70000' of host"),
        ("[web]\nhost\n[web:vars]\nansible_port=0\n", "hosts:4: the port '0' of host"),
        ("[web]\nweb[03:01]\n", "hosts:2: the host range in 'web[03:01]' ends before it starts"),
        ("[web]\nweb[a:3]\n", "hosts:2: the host range in 'web[a:3]' mixes numbers and letters"),
        ("[web]\nweb[1:100000]\n", "hosts:2: the host range in 'web[1:100000]' stands for more than 10000 hosts"),
        ("[web]\nweb[1-3]\n", "hosts:2: the host range in 'web[1-3]' is not [start:end]"),
        ("[a:children]\nb\n[b:children]\na\n[a]\nh\n", "hosts:4: making a a child of b makes b its own descendant"),
        ("[ghost:vars]\nx=1\n[web]\nh\n", "hosts:1: [ghost:vars] is for the group ghost, which the inventory does not define"),
        ("[web]\nhost ansible_user=\"bob\n", "hosts:2: a quote is opened but not closed"),
        ("[web]\nh1 ansible_host=10.0.0.1\nh2 ansible_host=10.0.0.1\n", "hosts:3: h2 names the same target as line 2"),
        ("[web]\nhost ansible_host=\"a;b\"\n", "hosts:2: 'a;b' has a ';' in the host name"),
        ("[web]\nhost ansible_user=\n", "hosts:2: '@host' has nothing before the '@'"),
        ("[web]\nhost\n[db:vars]\nansible_user=x`y`\n[db]\nh2\n", "hosts:4: 'x`y`@h2' has a '`' in the user name"),
        ("[web]\nhost sshauth_password_file=\n", "hosts:2: sshauth_password_file is empty; give a file"),
        ("[web]\nhost\n[web:vars]\nsshauth_password_file=''\n", "hosts:4: sshauth_password_file is empty"),
        ("[web]\nhost sshauth_target_path=.ssh/\n", "hosts:2: sshauth_target_path .ssh/ names a directory, not a file"),
        ("[web]\nhost sshauth_target_path=/dev/null\n", "hosts:2: sshauth_target_path /dev/null is under /dev"),
    ])
    func badInput(text: String, expected: String) {
        #expect(throws: TargetListError.self) { try parse(text) }
        do {
            _ = try parse(text)
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
            #expect(error.description.hasSuffix("."), "one sentence: \(error.description)")
        }
    }

    @Test("sshauth_password_file and sshauth_target_path: per host or per group, the host's winning; a relative password file counts from the inventory's directory")
    func sshauthVariables() throws {
        let text = """
            [web]
            web1 sshauth_password_file=/secrets/web1 sshauth_target_path=.ssh/keys_web1
            web2
            [web:vars]
            sshauth_password_file=web.password
            [db]
            db1
            """
        let targets = try TargetList.parse(Array(text.utf8), file: "/etc/fleet/inventory.ini")
        #expect(targets.map(\.passwordFile) == ["/secrets/web1", "/etc/fleet/web.password", nil])
        #expect(targets.map(\.targetPath) == [".ssh/keys_web1", nil, nil])
        let plain = try parse("web1\nweb2\n")
        #expect(plain.allSatisfy { $0.passwordFile == nil && $0.targetPath == nil })
    }

    @Test("bad --limit: an unknown group names the groups there are; a plain list has none")
    func badLimit() {
        #expect(throws: TargetListError(.unknownGroup("dbs", known: ["all", "db", "prod", "ungrouped", "web"]), file: "hosts")) {
            try parse(Self.inventory, limit: "dbs")
        }
        #expect(throws: TargetListError(.limitOnPlainList("web"), file: "hosts")) { try parse("web1\n", limit: "web") }
        #expect((try? parse("web1\n", limit: "all"))?.count == 1)
    }

    @Test("a chain of 30 diamond-shaped [:children] levels is read at once, not once per path (2^30)")
    func diamondsAreCheap() throws {
        var text = "[g30]\nbottom\n"
        for level in 0..<30 {
            text += "[g\(level):children]\na\(level)\nb\(level)\n[a\(level):children]\ng\(level + 1)\n[b\(level):children]\ng\(level + 1)\n"
        }
        text += "[g0:vars]\nansible_user=top\n[a29:vars]\nansible_user=deep\n"
        let started = ContinuousClock.now
        let targets = try parse(text, limit: "g0")
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(targets.map(\.address.displayName) == ["deep@bottom"])
    }

    @Test("a line that is not UTF-8 is named by its number")
    func notText() {
        #expect(throws: TargetListError(.notText, file: "hosts", line: 2)) {
            try TargetList.parse(Array("web1\n".utf8) + [0xff, 0xfe, 0x0a], file: "hosts")
        }
    }

    @Test("the file is read with a cap: a named pipe and a file over 4 MiB are refused unread")
    func readCap() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("targetlist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let large = directory.appendingPathComponent("large").path
        try Data(repeating: UInt8(ascii: "#"), count: (4 << 20) + 1).write(to: URL(fileURLWithPath: large))
        #expect(throws: TargetListError(.unreadable(LocalFileError(.tooLarge(limit: 4 << 20, kind: "a list of targets"), path: large)), file: large)) {
            try TargetList.read(large)
        }
        let fifo = directory.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: TargetListError(.unreadable(LocalFileError(.notRegular(found: "a named pipe"), path: fifo)), file: fifo)) {
            try TargetList.read(fifo)
        }
        let good = directory.appendingPathComponent("good").path
        try Data("a\nb:2\n".utf8).write(to: URL(fileURLWithPath: good))
        #expect(try TargetList.read(good).map(\.address.displayName) == ["a", "b:2"])
    }
}
