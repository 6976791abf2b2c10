import Testing
@testable import AuthSetup

/// sshd's StrictModes rule (OpenSSH `safe_path()`) applied to reported statuses: findings, repairs, blockers.
@Suite("StrictModesAudit")
struct StrictModesAuditTests {
    typealias Audit = StrictModesAudit
    typealias Problem = StrictModesAudit.Problem

    static let file = "/home/u/.ssh/authorized_keys"
    static let ssh = "/home/u/.ssh"
    static let home = "/home/u"

    static func dir(_ path: String, _ mode: UInt32?, owner: String? = "u", uid: UInt32? = 1001) -> RemotePathStatus {
        RemotePathStatus(path: path, kind: .directory, ownerUID: uid, ownerName: owner, mode: mode)
    }

    static func regular(_ path: String, _ mode: UInt32?, owner: String? = "u", uid: UInt32? = 1001) -> RemotePathStatus {
        RemotePathStatus(path: path, kind: .regularFile, ownerUID: uid, ownerName: owner, mode: mode)
    }

    static func of(_ kind: RemotePathStatus.Kind, _ path: String, _ mode: UInt32 = 0o755) -> RemotePathStatus {
        RemotePathStatus(path: path, kind: kind, ownerUID: 1001, ownerName: "u", mode: mode)
    }

    static func root(_ path: String, _ mode: UInt32) -> RemotePathStatus { dir(path, mode, owner: "root", uid: 0) }

    /// The usual layout: `~/.ssh/authorized_keys` with the given modes, all owned by u.
    static func layout(home homeMode: UInt32 = 0o755, ssh sshMode: UInt32 = 0o700, file fileMode: UInt32 = 0o600) -> [RemotePathStatus] {
        [regular(file, fileMode), dir(ssh, sshMode), dir(home, homeMode)]
    }

    static func repair(_ path: String, _ from: UInt32, _ to: UInt32, _ command: String, failing: Bool = true) -> Audit.Repair {
        Audit.Repair(path: path, fromMode: from, toMode: to, failsStrictModes: failing, manualCommand: command)
    }

    struct ExpectedBlocker: Equatable, CustomStringConvertible {
        var path: String
        var command: String?
        var administrator: Bool
        var description: String { "\(path): \(command ?? "-") admin=\(administrator)" }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var user = "u"
        var userUID: UInt32? = 1001
        var home = "/home/u"
        var keys = ".ssh/authorized_keys"
        var statuses: [RemotePathStatus]
        var fixHome = false
        /// One per walked path, file first.
        var problems: [Problem?]
        var repairs: [Audit.Repair] = []
        var blockers: [ExpectedBlocker] = []
        var acceptable: Bool
        /// Exact sentences for some paths.
        var sentences: [String: String] = [:]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "0700/0600 under a 0755 home: nothing to do",
             statuses: layout(), problems: [nil, nil, nil], acceptable: true,
             sentences: [file: "/home/u/.ssh/authorized_keys is owned by u with mode 0600, which sshd accepts.",
                         home: "/home/u is owned by u with mode 0755, which sshd accepts."]),
        Case(name: "0755/0644: sshd accepts them, sshauth tightens to the recommended modes",
             statuses: layout(ssh: 0o755, file: 0o644),
             problems: [.notRecommendedMode(0o644), .notRecommendedMode(0o755), nil],
             repairs: [repair(file, 0o644, 0o600, "chmod 600 ~/.ssh/authorized_keys", failing: false),
                       repair(ssh, 0o755, 0o700, "chmod 700 ~/.ssh", failing: false)],
             acceptable: true,
             sentences: [ssh: "/home/u/.ssh is 0755, which sshd accepts; sshauth will set 0700, the mode sshd(8) recommends.",
                         file: "/home/u/.ssh/authorized_keys is 0644, which sshd accepts; sshauth will set 0600, the mode sshd(8) recommends."]),
        Case(name: "~/.ssh 0777 is repaired to 0700",
             statuses: layout(ssh: 0o777), problems: [nil, .groupOrWorldWritable(0o777), nil],
             repairs: [repair(ssh, 0o777, 0o700, "chmod 700 ~/.ssh")], acceptable: true,
             sentences: [ssh: "/home/u/.ssh is 0777: group and others can write to it, so sshd ignores the keys below it; sshauth will set 0700."]),
        Case(name: "file 0666 is repaired to 0600",
             statuses: layout(file: 0o666), problems: [.groupOrWorldWritable(0o666), nil, nil],
             repairs: [repair(file, 0o666, 0o600, "chmod 600 ~/.ssh/authorized_keys")], acceptable: true,
             sentences: [file: "/home/u/.ssh/authorized_keys is 0666: group and others can write to it, so sshd ignores the keys in it; sshauth will set 0600."]),
        Case(name: "file 0400 and setgid ~/.ssh 02700: only the file changes",
             statuses: layout(ssh: 0o2700, file: 0o400), problems: [.notRecommendedMode(0o400), nil, nil],
             repairs: [repair(file, 0o400, 0o600, "chmod 600 ~/.ssh/authorized_keys", failing: false)], acceptable: true),
        Case(name: "home 0775 without --fix-home-permissions: left alone, with the command",
             statuses: layout(home: 0o775), problems: [nil, nil, .groupOrWorldWritable(0o775)], acceptable: false,
             sentences: [home: "/home/u is 0775: its group can write to it, so sshd may ignore the keys below it (upstream OpenSSH does; some builds, such as Debian's, allow it when the group is the user's own group with no other members); pass --fix-home-permissions or run: chmod g-w,o-w /home/u"]),
        Case(name: "home 0775 with --fix-home-permissions: group write removed",
             statuses: layout(home: 0o775), fixHome: true, problems: [nil, nil, .groupOrWorldWritable(0o775)],
             repairs: [repair(home, 0o775, 0o755, "chmod g-w,o-w ~")], acceptable: true,
             sentences: [home: "/home/u is 0775: its group can write to it, so sshd may ignore the keys below it (upstream OpenSSH does; some builds, such as Debian's, allow it when the group is the user's own group with no other members); sshauth will remove only that write permission, making it 0755."]),
        Case(name: "home 0757 without --fix-home-permissions",
             statuses: layout(home: 0o757), problems: [nil, nil, .groupOrWorldWritable(0o757)], acceptable: false,
             sentences: [home: "/home/u is 0757: others can write to it, so sshd ignores the keys below it; pass --fix-home-permissions or run: chmod g-w,o-w /home/u"]),
        Case(name: "home 0757 with --fix-home-permissions",
             statuses: layout(home: 0o757), fixHome: true, problems: [nil, nil, .groupOrWorldWritable(0o757)],
             repairs: [repair(home, 0o757, 0o755, "chmod g-w,o-w ~")], acceptable: true),
        Case(name: "~/.ssh owned by another user: an administrator must chown",
             statuses: [regular(file, 0o600), dir(ssh, 0o700, owner: "bob", uid: 1002), dir(home, 0o755)],
             problems: [nil, .ownedBy(.name("bob")), nil],
             blockers: [ExpectedBlocker(path: ssh, command: "chown u /home/u/.ssh", administrator: true)], acceptable: false,
             sentences: [ssh: "/home/u/.ssh is owned by bob, so sshd ignores the keys below it; an administrator must run: chown u /home/u/.ssh"]),
        Case(name: "file owned by another user and 0666: chown and chmod in one command",
             statuses: [regular(file, 0o666, owner: "bob", uid: 1002), dir(ssh, 0o700), dir(home, 0o755)],
             problems: [.ownedBy(.name("bob")), nil, nil],
             blockers: [ExpectedBlocker(path: file, command: "chown u /home/u/.ssh/authorized_keys && chmod g-w,o-w /home/u/.ssh/authorized_keys", administrator: true)],
             acceptable: false,
             sentences: [file: "/home/u/.ssh/authorized_keys is owned by bob and is 0666, so sshd ignores the keys in it; an administrator must run: chown u /home/u/.ssh/authorized_keys && chmod g-w,o-w /home/u/.ssh/authorized_keys"]),
        Case(name: "owned by root: accepted, and sshauth does not touch it",
             statuses: [regular(file, 0o644, owner: "root", uid: 0), root(ssh, 0o755), dir(home, 0o755)],
             problems: [nil, nil, nil], acceptable: true,
             sentences: [ssh: "/home/u/.ssh is owned by root with mode 0755, which sshd accepts."]),
        Case(name: "owner names unknown, uid matches the user",
             statuses: [regular(file, 0o600, owner: nil), dir(ssh, 0o777, owner: nil), dir(home, 0o755, owner: nil)],
             problems: [nil, .groupOrWorldWritable(0o777), nil],
             repairs: [repair(ssh, 0o777, 0o700, "chmod 700 ~/.ssh")], acceptable: true,
             sentences: [file: "/home/u/.ssh/authorized_keys is owned by uid 1001 (u) with mode 0600, which sshd accepts."]),
        Case(name: "owner names unknown, uid differs: blocker naming the uid",
             statuses: [regular(file, 0o600, owner: nil), dir(ssh, 0o700, owner: nil, uid: 1002), dir(home, 0o755, owner: nil)],
             problems: [nil, .ownedBy(.uid(1002)), nil],
             blockers: [ExpectedBlocker(path: ssh, command: "chown u /home/u/.ssh", administrator: true)], acceptable: false,
             sentences: [ssh: "/home/u/.ssh is owned by uid 1002, so sshd ignores the keys below it; an administrator must run: chown u /home/u/.ssh"]),
        Case(name: "owner names and the user's uid unknown: nothing can be confirmed, uid 0 still is root",
             userUID: nil,
             statuses: [regular(file, 0o600, owner: nil), dir(ssh, 0o700, owner: nil), dir(home, 0o755, owner: nil, uid: 0)],
             problems: [.ownerUnknown(uid: 1001), .ownerUnknown(uid: 1001), nil], acceptable: false,
             sentences: [ssh: "/home/u/.ssh is owned by uid 1001, which sshauth cannot match to u without a name, so sshauth cannot tell whether sshd accepts it; check with: ls -ld /home/u/.ssh"]),
        Case(name: "sftp-server's numeric stand-in for an unmapped owner is a uid, not a name",
             statuses: [regular(file, 0o600, owner: "1001"), dir(ssh, 0o700, owner: "1002", uid: nil), dir(home, 0o755)],
             problems: [nil, .ownedBy(.uid(1002)), nil],
             blockers: [ExpectedBlocker(path: ssh, command: "chown u /home/u/.ssh", administrator: true)], acceptable: false),
        Case(name: "the file is a directory: move it aside",
             statuses: [of(.directory, file, 0o700), dir(ssh, 0o700), dir(home, 0o755)],
             problems: [.notRegularFile(.directory), nil, nil],
             blockers: [ExpectedBlocker(path: file, command: "mv /home/u/.ssh/authorized_keys /home/u/.ssh/authorized_keys.old", administrator: false)],
             acceptable: false,
             sentences: [file: "/home/u/.ssh/authorized_keys is a directory, not a regular file, so sshd cannot read keys from it; move it aside by running: mv /home/u/.ssh/authorized_keys /home/u/.ssh/authorized_keys.old"]),
        Case(name: "the file is a symbolic link: sshd follows it, sshauth does not write through it",
             statuses: [of(.symlink, file, 0o777), dir(ssh, 0o700), dir(home, 0o755)],
             problems: [.notRegularFile(.symlink), nil, nil],
             blockers: [ExpectedBlocker(path: file, command: nil, administrator: false)],
             acceptable: false,
             sentences: [file: "/home/u/.ssh/authorized_keys is a symbolic link, which sshd follows to read the keys in the file it leads to; sshauth does not write through links, so to add a key give that file as --target-path (see it with: ls -l /home/u/.ssh/authorized_keys)"]),
        Case(name: "the file is a special file: no command moves a device",
             statuses: [of(.other, file, 0o600), dir(ssh, 0o700), dir(home, 0o755)],
             problems: [.notRegularFile(.other), nil, nil],
             blockers: [ExpectedBlocker(path: file, command: nil, administrator: false)],
             acceptable: false,
             sentences: [file: "/home/u/.ssh/authorized_keys is a special file (device, socket or pipe), not a regular file, so sshd cannot read keys from it; look at it with ls -ld /home/u/.ssh/authorized_keys and decide by hand (sshauth suggests no command that moves a home, ~/.ssh, a system path or a device)"]),
        Case(name: "~/.ssh is a regular file: no command moves ~/.ssh as a whole",
             statuses: [.missing(file), of(.regularFile, ssh, 0o600), dir(home, 0o755)],
             problems: [.missing, .notDirectory(.regularFile), nil],
             blockers: [ExpectedBlocker(path: ssh, command: nil, administrator: false)], acceptable: false,
             sentences: [ssh: "/home/u/.ssh is a regular file where a directory must be, so sshd cannot reach the keys file; look at it with ls -ld /home/u/.ssh and decide by hand (sshauth suggests no command that moves a home, ~/.ssh, a system path or a device)"]),
        Case(name: "the home is a regular file: no command moves it",
             statuses: [.missing(file), .missing(ssh), of(.regularFile, home, 0o600)],
             problems: [.missing, .missing, .notDirectory(.regularFile)],
             blockers: [ExpectedBlocker(path: home, command: nil, administrator: false)], acceptable: false),
        Case(name: "a directory of a target path outside the home is a file: no command moves a system path",
             keys: "/etc/keys/u",
             statuses: [.missing("/etc/keys/u"), of(.regularFile, "/etc/keys", 0o644), root("/etc", 0o755), root("/", 0o755)],
             problems: [.missing, .notDirectory(.regularFile), nil, nil],
             blockers: [ExpectedBlocker(path: "/etc/keys", command: nil, administrator: false)], acceptable: false),
        Case(name: "~/.ssh is a link that could not be followed: unconfirmed, not blocked",
             statuses: [.missing(file), of(.symlink, ssh, 0o777), dir(home, 0o755)],
             problems: [.missing, .notDirectory(.symlink), nil], acceptable: false,
             sentences: [ssh: "/home/u/.ssh is a symbolic link sshauth could not follow, so it cannot tell whether sshd accepts the directory it leads to; check with: ls -ldL /home/u/.ssh"]),
        Case(name: "missing ~/.ssh and file will be created",
             statuses: [.missing(file), .missing(ssh), dir(home, 0o755)],
             problems: [.missing, .missing, nil], acceptable: true,
             sentences: [ssh: "/home/u/.ssh does not exist; it will be created with mode 0700.",
                         file: "/home/u/.ssh/authorized_keys does not exist; it will be created with mode 0600."]),
        Case(name: "missing file in a loose ~/.ssh",
             statuses: [.missing(file), dir(ssh, 0o750), dir(home, 0o755)],
             problems: [.missing, .notRecommendedMode(0o750), nil],
             repairs: [repair(ssh, 0o750, 0o700, "chmod 700 ~/.ssh", failing: false)], acceptable: true),
        Case(name: "missing home: an administrator must create it",
             statuses: [.missing(file), .missing(ssh), .missing(home)],
             problems: [.missing, .missing, .missing],
             blockers: [ExpectedBlocker(path: home, command: "mkdir -m 700 /home/u && chown u /home/u", administrator: true)],
             acceptable: false,
             sentences: [home: "/home/u, the home directory of u, does not exist; an administrator must run: mkdir -m 700 /home/u && chown u /home/u"]),
        Case(name: "a target path deeper under home with writable intermediate directories",
             keys: "keys/a b/auth",
             statuses: [regular("/home/u/keys/a b/auth", 0o644), dir("/home/u/keys/a b", 0o775), dir("/home/u/keys", 0o777), dir(home, 0o755)],
             problems: [.notRecommendedMode(0o644), .groupOrWorldWritable(0o775), .groupOrWorldWritable(0o777), nil],
             repairs: [repair("/home/u/keys/a b/auth", 0o644, 0o600, "chmod 600 ~/'keys/a b/auth'", failing: false),
                       repair("/home/u/keys/a b", 0o775, 0o755, "chmod g-w,o-w ~/'keys/a b'"),
                       repair("/home/u/keys", 0o777, 0o755, "chmod g-w,o-w ~/keys")],
             acceptable: true,
             sentences: ["/home/u/keys": "/home/u/keys is 0777: group and others can write to it, so sshd ignores the keys below it; sshauth will remove only that write permission, making it 0755."]),
        Case(name: "~/.ssh is repaired to 0700 also when it is an intermediate directory",
             keys: ".ssh/extra/keys",
             statuses: [regular("/home/u/.ssh/extra/keys", 0o600), dir("/home/u/.ssh/extra", 0o700), dir(ssh, 0o711), dir(home, 0o755)],
             problems: [nil, nil, .notRecommendedMode(0o711), nil],
             repairs: [repair(ssh, 0o711, 0o700, "chmod 700 ~/.ssh", failing: false)], acceptable: true),
        Case(name: "outside home under /tmp: the sticky shared directory cannot be fixed",
             keys: "/tmp/keys/u",
             statuses: [regular("/tmp/keys/u", 0o600), dir("/tmp/keys", 0o700), root("/tmp", 0o1777), root("/", 0o755)],
             problems: [nil, nil, .groupOrWorldWritable(0o1777), nil],
             blockers: [ExpectedBlocker(path: "/tmp", command: nil, administrator: false)], acceptable: false,
             sentences: ["/tmp": "/tmp is 1777, a world-writable directory with the sticky bit that all users share, so sshd ignores the keys below it; u cannot change it and an administrator should not, so choose a --target-path outside /tmp"]),
        Case(name: "outside home under root-owned directories: accepted up to /",
             keys: "/etc/ssh/keys/u",
             statuses: [regular("/etc/ssh/keys/u", 0o644, owner: "root", uid: 0), root("/etc/ssh/keys", 0o755), root("/etc/ssh", 0o755),
                        root("/etc", 0o755), root("/", 0o755)],
             problems: [nil, nil, nil, nil, nil], acceptable: true),
        Case(name: "outside home, a group-writable root directory needs an administrator",
             keys: "/srv/keys/u",
             statuses: [regular("/srv/keys/u", 0o600), root("/srv/keys", 0o775), root("/srv", 0o755), root("/", 0o755)],
             problems: [nil, .groupOrWorldWritable(0o775), nil, nil],
             blockers: [ExpectedBlocker(path: "/srv/keys", command: "chmod g-w,o-w /srv/keys", administrator: true)], acceptable: false,
             sentences: ["/srv/keys": "/srv/keys is 0775 and owned by root: its group can write to it, so sshd may ignore the keys below it (upstream OpenSSH does; some builds, such as Debian's, allow it when the group is the user's own group with no other members), and sshauth cannot change it as u; an administrator must run: chmod g-w,o-w /srv/keys"]),
        Case(name: "outside home, the user's own writable directory is repaired with an absolute path",
             keys: "/srv/u/keys",
             statuses: [regular("/srv/u/keys", 0o600), dir("/srv/u", 0o777), root("/srv", 0o755), root("/", 0o755)],
             problems: [nil, .groupOrWorldWritable(0o777), nil, nil],
             repairs: [repair("/srv/u", 0o777, 0o755, "chmod g-w,o-w /srv/u")], acceptable: true),
        Case(name: "quotes and spaces are shell-quoted in every command",
             keys: "it's here/auth",
             statuses: [regular("/home/u/it's here/auth", 0o666), dir("/home/u/it's here", 0o700, owner: "bob", uid: 1002), dir(home, 0o755)],
             problems: [.groupOrWorldWritable(0o666), .ownedBy(.name("bob")), nil],
             repairs: [repair("/home/u/it's here/auth", 0o666, 0o600, #"chmod 600 ~/'it'\''s here/auth'"#)],
             blockers: [ExpectedBlocker(path: "/home/u/it's here", command: #"chown u '/home/u/it'\''s here'"#, administrator: true)],
             acceptable: false),
        Case(name: "the root account with home /",
             user: "root", userUID: 0, home: "/",
             statuses: [regular("/.ssh/authorized_keys", 0o600, owner: "root", uid: 0), root("/.ssh", 0o755), root("/", 0o755)],
             problems: [nil, .notRecommendedMode(0o755), nil],
             repairs: [repair("/.ssh", 0o755, 0o700, "chmod 700 ~/.ssh", failing: false)], acceptable: true),
        Case(name: "a mode the server did not report cannot be confirmed",
             statuses: [regular(file, 0o600), dir(ssh, nil), dir(home, 0o755)],
             problems: [nil, .modeUnknown, nil], acceptable: false,
             sentences: [ssh: "sshauth could not read the mode of /home/u/.ssh, so it cannot tell whether sshd accepts it; check with: ls -ld /home/u/.ssh"]),
        Case(name: "a path with no status cannot be confirmed; statuses match despite trailing slashes",
             statuses: [regular(file, 0o600), dir(ssh + "/", 0o700)],
             problems: [nil, nil, .notInspected], acceptable: false,
             sentences: [home: "sshauth has no status for /home/u, so it cannot tell whether sshd accepts it; check with: ls -ld /home/u"]),
    ]

    @Test("audit", arguments: cases)
    func audit(_ c: Case) {
        let audit = Audit(user: c.user, userUID: c.userUID, home: c.home, authorizedKeysPath: c.keys,
                          statuses: c.statuses, fixHome: c.fixHome)
        #expect(audit.findings.map(\.path) == Audit.pathsToCheck(home: c.home, authorizedKeysPath: c.keys))
        #expect(audit.findings.map(\.problem) == c.problems)
        #expect(audit.repairs == c.repairs)
        #expect(audit.blockers.map { ExpectedBlocker(path: $0.path, command: $0.command, administrator: $0.needsAdministrator) } == c.blockers)
        #expect(audit.isAcceptableToSSHD == c.acceptable)
        for (path, sentence) in c.sentences {
            #expect(audit.findings.first { $0.path == path }?.sentence == sentence)
        }
        for finding in audit.findings {
            #expect(!finding.sentence.contains("\n"))
            #expect(finding.sentence.hasPrefix(finding.path) || finding.sentence.contains(" \(finding.path)"))
        }
        for blocker in audit.blockers {
            #expect(audit.findings.first { $0.path == blocker.path }?.sentence == blocker.sentence)
            if let command = blocker.command { #expect(blocker.sentence.hasSuffix(command)) }
        }
        #expect(!audit.summary.contains("\n"))
    }

    @Test("no sentence suggests moving the home, /, ~/.ssh or a device, whatever kind of path is found there",
          arguments: [RemotePathStatus.Kind.regularFile, .symlink, .other, .directory])
    func noDangerousMoves(kind: RemotePathStatus.Kind) {
        let layouts: [(String, [RemotePathStatus])] = [
            (".ssh/authorized_keys", [.missing(Self.file), Self.of(kind, Self.ssh), Self.dir(Self.home, 0o755)]),
            (".ssh/authorized_keys", [.missing(Self.file), .missing(Self.ssh), Self.of(kind, Self.home)]),
            ("/k/u", [.missing("/k/u"), Self.of(kind, "/k"), Self.of(kind, "/")]),
            (".ssh/authorized_keys", [Self.of(kind == .directory ? .other : kind, Self.file), Self.dir(Self.ssh, 0o700), Self.dir(Self.home, 0o755)]),
        ]
        for (keys, statuses) in layouts {
            let audit = Audit(user: "u", userUID: 1001, home: Self.home, authorizedKeysPath: keys, statuses: statuses, fixHome: false)
            for finding in audit.findings {
                for protected in [Self.home, "/", Self.ssh, "/k"] {
                    #expect(!finding.sentence.contains("mv \(protected) "), "\(finding.sentence)")
                }
                #expect(!finding.sentence.contains("rm "), "\(finding.sentence)")
            }
            #expect(audit.blockers.allSatisfy { $0.command?.hasPrefix("mv ") != true || $0.path == Self.file }, "\(audit.blockers)")
        }
    }

    @Test("once a key login has worked, no sentence says that sshd ignores the keys, and group write alone only 'may'")
    func sentencesAfterAWorkingLogin() {
        let layouts: [[RemotePathStatus]] = [
            Self.layout(home: 0o775), Self.layout(home: 0o777), Self.layout(ssh: 0o770), Self.layout(file: 0o660),
            [Self.regular(Self.file, 0o600), Self.dir(Self.ssh, 0o700, owner: "bob", uid: 1002), Self.dir(Self.home, 0o755)],
            [Self.regular(Self.file, 0o600), Self.dir(Self.ssh, 0o700), Self.root(Self.home, 0o775)],
        ]
        for statuses in layouts {
            let worked = Audit(user: "u", userUID: 1001, home: Self.home, authorizedKeysPath: ".ssh/authorized_keys",
                               statuses: statuses, fixHome: false, keyLoginWorks: true)
            let unknown = Audit(user: "u", userUID: 1001, home: Self.home, authorizedKeysPath: ".ssh/authorized_keys",
                                statuses: statuses, fixHome: false)
            for (after, before) in zip(worked.findings, unknown.findings) {
                #expect(!after.sentence.contains("so sshd ignores"), "\(after.sentence)")
                #expect(!after.sentence.contains("so sshd may ignore"), "\(after.sentence)")
                #expect(after.problem == before.problem)
                if case .groupOrWorldWritable(let mode)? = before.problem, mode & 0o022 == 0o020 {
                    #expect(before.sentence.contains("so sshd may ignore"), "\(before.sentence)")
                    #expect(after.sentence.contains("this sshd tolerates (the key login works)"), "\(after.sentence)")
                }
            }
        }
    }

    @Test("--target-path must name a file: not empty, a directory, /, the home, ~/.ssh or a device path", arguments: [
        ("", TargetPathError.Reason.empty),
        (".", .directoryName), ("..", .directoryName), ("./", .directoryName), ("keys/", .directoryName),
        (".ssh/.", .directoryName), ("~", .directoryName),
        ("/", .directoryName), ("//", .directoryName), ("/home/u/..", .directoryName), ("../..", .directoryName), ("../../x/..", .directoryName),
        ("/home/u", .home), ("a/../.ssh/../x/..", .directoryName), ("x/../../u", .home),
        (".ssh", .sshDirectory), ("/home/u/.ssh", .sshDirectory), ("x/../.ssh", .sshDirectory),
        ("/dev/zero", .systemDirectory("/dev")), ("/dev", .systemDirectory("/dev")), ("/proc/self/environ", .systemDirectory("/proc")),
        ("/sys/x", .systemDirectory("/sys")), ("../../dev/null", .systemDirectory("/dev")),
    ] as [(String, TargetPathError.Reason)])
    func refusedTargetPaths(path: String, reason: TargetPathError.Reason) {
        #expect(throws: TargetPathError(reason, path: path)) { try TargetPathError.check(path, home: "/home/u") }
        let sentence = TargetPathError(reason, path: path).description
        #expect(sentence.hasPrefix("--target-path"))
        #expect(sentence.hasSuffix("such as .ssh/authorized_keys."))
        #expect(!sentence.contains("mv "))
    }

    @Test("--target-path accepts file paths in and outside the home", arguments: [
        ".ssh/authorized_keys", ".ssh/authorized_keys2", "keys/a b/auth", "/etc/ssh/keys/u", "../shared/keys", ".ssh.keys",
        "/home/u/.ssh/x", "/devices/keys", "dir with space/it's;touch /tmp/pwned;#keys",
    ])
    func acceptedTargetPaths(path: String) {
        #expect(throws: Never.self) { try TargetPathError.check(path, home: "/home/u") }
    }

    @Test("pathsToCheck walks file first up to home, or to / outside it", arguments: [
        ("/home/u", ".ssh/authorized_keys", [file, ssh, home]),
        ("/home/u/", "~/.ssh/authorized_keys", [file, ssh, home]),
        ("/home/u", "/home/u/.ssh/authorized_keys", [file, ssh, home]),
        ("/home/u", ".ssh//./authorized_keys", [file, ssh, home]),
        ("/home/u", "keys/a b/auth", ["/home/u/keys/a b/auth", "/home/u/keys/a b", "/home/u/keys", home]),
        ("/home/u", "/etc/ssh/keys/u", ["/etc/ssh/keys/u", "/etc/ssh/keys", "/etc/ssh", "/etc", "/"]),
        ("/home/u", "/home/user2/.ssh/authorized_keys",
         ["/home/user2/.ssh/authorized_keys", "/home/user2/.ssh", "/home/user2", "/home", "/"]),
        ("/home/u", "../shared/keys", ["/home/shared/keys", "/home/shared", "/home", "/"]),
        ("/", ".ssh/authorized_keys", ["/.ssh/authorized_keys", "/.ssh", "/"]),
    ])
    func pathsToCheck(home: String, keys: String, expected: [String]) {
        #expect(Audit.pathsToCheck(home: home, authorizedKeysPath: keys) == expected)
    }

    @Test("a repair becomes a chmod step on the target that runs the given work")
    func repairStep() throws {
        struct Ran: Error {}
        let audit = Audit(user: "u", userUID: 1001, home: Self.home, authorizedKeysPath: ".ssh/authorized_keys",
                          statuses: Self.layout(ssh: 0o777), fixHome: false)
        let repair = try #require(audit.repairs.first)
        let step = repair.step(perform: { throw Ran() }, user: "u", host: "example.org", port: 2222)
        #expect(step.change == .changeMode)
        #expect(step.summary == "Change /home/u/.ssh from 0777 to 0700")
        #expect(step.location == .remote(user: "u", host: "example.org", port: 2222, path: Self.ssh))
        #expect(step.mode == 0o700)
        #expect(step.manualCommand == "chmod 700 ~/.ssh")
        #expect(throws: Ran.self) { try step.perform() }
        let text = Plan(title: "t", steps: [step]).renderedText()
        #expect(text.contains("1. Change /home/u/.ssh from 0777 to 0700, mode 0700\n   by hand: chmod 700 ~/.ssh"))
    }

    @Test("summary", arguments: [
        (layout(), false, "/home/u/.ssh/authorized_keys passes sshd's StrictModes checks as it is."),
        (layout(ssh: 0o777, file: 0o644), false,
         "/home/u/.ssh/authorized_keys will pass sshd's StrictModes checks once sshauth makes 2 permission changes."),
        ([.missing(file), .missing(ssh), dir(home, 0o755)], false,
         "/home/u/.ssh/authorized_keys will pass sshd's StrictModes checks once sshauth creates 2 missing paths."),
        ([.missing(file), dir(ssh, 0o755), dir(home, 0o775)], true,
         "/home/u/.ssh/authorized_keys will pass sshd's StrictModes checks once sshauth creates 1 missing path and makes 2 permission changes."),
        (layout(home: 0o775), false,
         "sshauth cannot confirm that sshd will accept /home/u/.ssh/authorized_keys: 1 problem needs a fix or a check by hand; see the findings."),
        ([regular(file, 0o600, owner: "bob", uid: 1002), dir(ssh, 0o700, owner: nil, uid: nil), dir(home, 0o775)], false,
         "sshauth cannot confirm that sshd will accept /home/u/.ssh/authorized_keys: 3 problems need a fix or a check by hand; see the findings."),
    ])
    func summary(statuses: [RemotePathStatus], fixHome: Bool, expected: String) {
        let audit = Audit(user: "u", userUID: 1001, home: Self.home, authorizedKeysPath: ".ssh/authorized_keys",
                          statuses: statuses, fixHome: fixHome)
        #expect(audit.summary == expected)
    }

    @Test("a status keeps only the permission bits of a full st_mode")
    func modeMask() {
        #expect(RemotePathStatus(path: "/x", kind: .regularFile, ownerUID: 1, ownerName: nil, mode: 0o100644).mode == 0o644)
        #expect(RemotePathStatus(path: "/tmp", kind: .directory, ownerUID: 0, ownerName: nil, mode: 0o41777).mode == 0o1777)
        #expect(RemotePathStatus.missing("/x") == RemotePathStatus(path: "/x", kind: .missing, ownerUID: nil, ownerName: nil, mode: nil))
    }
}
