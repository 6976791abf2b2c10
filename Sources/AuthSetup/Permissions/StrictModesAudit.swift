/// sshd's StrictModes check of an authorized_keys file, applied to what the target reported.
///
/// The rule is OpenSSH's `safe_path()` (misc.c): the file and every directory from its parent up
/// to and including the user's home must be owned by the user or by root and must not be writable
/// by group or others (`mode & 022 == 0`); directories above the home are not checked, and a file
/// outside the home is checked all the way up to `/`. The file must be a regular file. Debian's
/// sshd tolerates group write when the group is the user's own private group; sshauth cannot see
/// the server's build, so for group write alone it says sshd *may* ignore the keys, and it holds to
/// the portable upstream rule when repairing. Once a key login has been seen to work, no sentence
/// says that sshd ignores the keys: that server evidently accepts what it found.
///
/// The audit says what is wrong with each path (``findings``), what sshauth will change itself over
/// SFTP as the user (``repairs``), and what it cannot (``blockers``). Policy: `~/.ssh` and the file
/// are set to exactly 0700 and 0600, the modes sshd(8) recommends, even when sshd would accept them
/// as they are (ssh-copy-id leaves such modes alone; sshauth tightens them and says so). Any other
/// directory may be shared with other uses, so only the group and other write bits sshd objects to
/// are removed from it, and from the home only with `fixHome`.
///
/// Paths are compared as written: sshd resolves symbolic links first (`realpath`), so the statuses
/// of directories should follow links, as SFTP `stat` does, while the file's should not (`lstat`).
public struct StrictModesAudit: Sendable {
    /// The mode sshd(8) recommends for `~/.ssh`, and the one sshauth creates directories with.
    public static let recommendedDirectoryMode: UInt32 = 0o700
    /// The mode sshd(8) recommends for authorized_keys, and the one sshauth creates it with.
    public static let recommendedFileMode: UInt32 = 0o600

    /// The account whose keys file is checked.
    public let user: String
    /// The home directory, normalised.
    public let home: String
    /// The keys file as an absolute, normalised path.
    public let authorizedKeysPath: String
    /// One per path of the walk, file first.
    public let findings: [Finding]
    /// The mode changes sshauth makes over SFTP, in walk order.
    public let repairs: [Repair]
    /// What sshauth cannot fix as the user.
    public let blockers: [Blocker]

    /// Checks the walk from `authorizedKeysPath` up to `home` (or `/`).
    ///
    /// - Parameters:
    ///   - user: the account name on the target.
    ///   - userUID: the account's uid on the target, when known; used where the server gave no owner names.
    ///   - home: the account's home directory on the target (absolute).
    ///   - authorizedKeysPath: absolute, `~/`-prefixed, or relative to `home` as in sshd's AuthorizedKeysFile.
    ///   - statuses: the status of each path from ``pathsToCheck(home:authorizedKeysPath:)``; others are ignored.
    ///   - fixHome: whether sshauth may remove group and other write permission from the home directory.
    ///   - keyLoginWorks: whether a key login to this account has just succeeded, so that this sshd
    ///     evidently accepts the modes and owners it found.
    public init(user: String, userUID: UInt32?, home: String, authorizedKeysPath: String,
                statuses: [RemotePathStatus], fixHome: Bool, keyLoginWorks: Bool = false) {
        let home = RemotePaths.normalised(home, home: "/")
        let file = RemotePaths.normalised(authorizedKeysPath, home: home)
        let byPath = Dictionary(statuses.map { (RemotePaths.normalised($0.path, home: home), $0) },
                                uniquingKeysWith: { first, _ in first })
        let context = Context(user: user, userUID: userUID, home: home, fixHome: fixHome, keyLoginWorks: keyLoginWorks)
        var findings: [Finding] = []
        var repairs: [Repair] = []
        var blockers: [Blocker] = []
        for path in Self.pathsToCheck(home: home, authorizedKeysPath: file) {
            let role = Self.role(of: path, file: file, home: home)
            let verdict = context.judge(path: path, role: role, status: byPath[path])
            findings.append(Finding(path: path, role: role, status: byPath[path], problem: verdict.problem,
                                    sentence: verdict.sentence))
            if let repair = verdict.repair { repairs.append(repair) }
            if let blocker = verdict.blocker { blockers.append(blocker) }
        }
        self.user = user
        self.home = home
        self.authorizedKeysPath = file
        self.findings = findings
        self.repairs = repairs
        self.blockers = blockers
    }

    /// The paths sshd checks for a keys file, file first, then each directory up to and including
    /// `home`, or up to `/` when the file is not under `home`.
    ///
    /// `authorizedKeysPath` may be absolute, start with `~/`, or be relative to `home`. `.` and `..`
    /// are resolved by name, as sshd cannot be asked to resolve links here.
    public static func pathsToCheck(home: String, authorizedKeysPath: String) -> [String] {
        let home = RemotePaths.normalised(home, home: "/")
        let file = RemotePaths.normalised(authorizedKeysPath, home: home)
        let underHome = RemotePaths.isUnder(file, home)
        var paths = [file]
        var current = file
        while current != "/" {
            current = RemotePaths.parent(of: current)
            paths.append(current)
            if underHome, current == home { break }
        }
        return paths
    }

    /// Whether sshd will accept the file once sshauth has made its repairs and created what is
    /// missing: no blockers, and every path that fails or could not be checked gets repaired.
    public var isAcceptableToSSHD: Bool { blockers.isEmpty && unsettled.isEmpty }

    /// The outcome in one line.
    public var summary: String {
        if isAcceptableToSSHD {
            let created = findings.filter { $0.problem == .missing }.count
            var actions: [String] = []
            if created > 0 { actions.append("creates \(Self.count(created, "missing path", "missing paths"))") }
            if !repairs.isEmpty { actions.append("makes \(Self.count(repairs.count, "permission change", "permission changes"))") }
            if actions.isEmpty { return "\(authorizedKeysPath) passes sshd's StrictModes checks as it is." }
            return "\(authorizedKeysPath) will pass sshd's StrictModes checks once sshauth \(actions.joined(separator: " and "))."
        }
        let open = blockers.count + unsettled.count
        return "sshauth cannot confirm that sshd will accept \(authorizedKeysPath): "
            + "\(Self.count(open, "problem needs", "problems need")) a fix or a check by hand; see the findings."
    }

    /// Findings that are neither accepted, repaired nor blocked: an unrepaired home, or unreadable facts.
    private var unsettled: [Finding] {
        let repaired = Set(repairs.map(\.path))
        let blocked = Set(blockers.map(\.path))
        return findings.filter { finding in
            guard let problem = finding.problem else { return false }
            if problem.isAcceptableAsIs { return false }
            return !repaired.contains(finding.path) && !blocked.contains(finding.path)
        }
    }

    private static func role(of path: String, file: String, home: String) -> Role {
        if path == file { return .keysFile }
        guard RemotePaths.isUnder(file, home) else { return .directory }
        if path == home { return .home }
        if path == RemotePaths.child(home, ".ssh") { return .sshDirectory }
        return .directory
    }

    private static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }
}

extension StrictModesAudit {
    /// What a path is to the walk, which decides how it may be repaired.
    public enum Role: Sendable, Equatable {
        /// The authorized_keys file itself; repaired to exactly 0600.
        case keysFile
        /// `~/.ssh`; repaired to exactly 0700.
        case sshDirectory
        /// The home directory; group and other write removed only with `fixHome`.
        case home
        /// Any other directory of the walk; group and other write removed.
        case directory
    }

    /// Who owns a path, as far as the server said.
    public enum Owner: Sendable, Equatable, CustomStringConvertible {
        case name(String)
        case uid(UInt32)

        /// The name, or "uid N".
        public var description: String {
            switch self {
            case .name(let name): name
            case .uid(let uid): "uid \(uid)"
            }
        }
    }

    /// What is wrong with a path, or will change about it; a fine path has none.
    public enum Problem: Sendable, Equatable {
        /// It does not exist; sshauth creates it with the recommended mode (the home is a blocker instead).
        case missing
        /// sshd accepts the mode, but it is not the recommended one, which sshauth sets.
        case notRecommendedMode(UInt32)
        /// Group or others can write to it, so sshd refuses the keys file.
        case groupOrWorldWritable(UInt32)
        /// Someone other than the user or root owns it, so sshd refuses the keys file.
        case ownedBy(Owner)
        /// The keys file is a directory, a symbolic link or a special file.
        case notRegularFile(RemotePathStatus.Kind)
        /// A directory of the walk is a file, a special file, or a link that could not be followed.
        case notDirectory(RemotePathStatus.Kind)
        /// The server named no owner sshauth can compare with the user (the uid, if it gave one).
        case ownerUnknown(uid: UInt32?)
        /// The server gave no permission bits.
        case modeUnknown
        /// The caller supplied no status for the path.
        case notInspected

        /// Whether sshd accepts the path as it stands or once created, so it needs no repair.
        var isAcceptableAsIs: Bool {
            switch self {
            case .missing, .notRecommendedMode: true
            default: false
            }
        }
    }

    /// The verdict on one path of the walk.
    public struct Finding: Sendable, Equatable {
        /// The absolute path checked.
        public let path: String
        /// What the path is to the walk.
        public let role: Role
        /// What the server reported; nil when no status was supplied.
        public let status: RemotePathStatus?
        /// Nil when sshd accepts the path as it is and sshauth leaves it alone.
        public let problem: Problem?
        /// One line naming the path, what sshd makes of it and the fix.
        public let sentence: String
    }

    /// A mode change sshauth makes over SFTP as the user.
    public struct Repair: Sendable, Equatable {
        /// The absolute path whose mode changes.
        public let path: String
        /// The mode the server reported.
        public let fromMode: UInt32
        /// The mode sshauth sets.
        public let toMode: UInt32
        /// True when sshd refuses the current mode; false when sshauth only tightens an accepted one.
        public let failsStrictModes: Bool
        /// The command the user would type on the target to do the same, in `~` form under the home.
        public let manualCommand: String

        /// The plan step that applies this repair by running `perform`.
        public func step(perform: @escaping @Sendable () throws -> Void, user: String, host: String, port: Int) -> Plan.Step {
            Plan.Step(change: .changeMode, summary: "Change \(path) from \(Plan.octal(fromMode)) to \(Plan.octal(toMode))",
                      location: .remote(user: user, host: host, port: port, path: path), mode: toMode,
                      manualCommand: manualCommand, perform: perform)
        }
    }

    /// A problem sshauth cannot fix over SFTP as the user.
    public struct Blocker: Sendable, Equatable {
        /// The absolute path that blocks.
        public let path: String
        /// What is wrong with it.
        public let problem: Problem
        /// The exact command that fixes it, with absolute paths; nil when no command should be run.
        public let command: String?
        /// Whether only an administrator (root or the owner) can run `command`.
        public let needsAdministrator: Bool
        /// One line naming the path, what is wrong, and who must run what.
        public let sentence: String
    }
}

/// The judgement of single paths, with what the audit needs to know about the account.
private struct Context {
    let user: String
    let userUID: UInt32?
    let home: String
    let fixHome: Bool
    let keyLoginWorks: Bool

    struct Verdict {
        var problem: StrictModesAudit.Problem?
        var sentence: String
        var repair: StrictModesAudit.Repair?
        var blocker: StrictModesAudit.Blocker?
    }

    /// Who owns a path, from sshd's point of view.
    enum Ownership {
        case user, root
        case other(StrictModesAudit.Owner)
        case unknown(uid: UInt32?)
    }

    func judge(path: String, role: StrictModesAudit.Role, status: RemotePathStatus?) -> Verdict {
        guard let status else {
            return Verdict(problem: .notInspected,
                           sentence: "sshauth has no status for \(path), so it cannot tell whether sshd accepts it; check with: \(lsCommand(path))")
        }
        switch status.kind {
        case .missing: return missing(path: path, role: role)
        case .regularFile where role == .keysFile, .directory where role != .keysFile: break
        default: return wrongKind(path: path, role: role, kind: status.kind)
        }
        let (ownerUID, ownerName) = Self.owner(of: status)
        switch ownership(uid: ownerUID, name: ownerName) {
        case .unknown(let uid):
            let owner = uid.map { "is owned by uid \($0), which sshauth cannot match to \(user) without a name" }
                ?? "has no owner sshauth could read"
            return Verdict(problem: .ownerUnknown(uid: uid),
                           sentence: "\(path) \(owner), so sshauth cannot tell whether sshd accepts it; check with: \(lsCommand(path))")
        case .other(let owner):
            return ownedByAnother(path: path, role: role, owner: owner, mode: status.mode)
        case .root:
            guard let mode = status.mode else { return modeUnknown(path) }
            let words = ownerWords(name: ownerName, uid: ownerUID, fallback: "root")
            return rootOwned(path: path, role: role, mode: mode, ownerWords: words)
        case .user:
            guard let mode = status.mode else { return modeUnknown(path) }
            let words = ownerWords(name: ownerName, uid: ownerUID, fallback: user)
            return userOwned(path: path, role: role, mode: mode, ownerWords: words)
        }
    }

    // MARK: Kinds

    private func missing(path: String, role: StrictModesAudit.Role) -> Verdict {
        if role == .home {
            let command = "mkdir -m 700 \(ShellQuoting.quote(path)) && chown \(ShellQuoting.quote(user)) \(ShellQuoting.quote(path))"
            let sentence = "\(path), the home directory of \(user), does not exist; an administrator must run: \(command)"
            return Verdict(problem: .missing, sentence: sentence,
                           blocker: .init(path: path, problem: .missing, command: command, needsAdministrator: true, sentence: sentence))
        }
        let mode = role == .keysFile ? StrictModesAudit.recommendedFileMode : StrictModesAudit.recommendedDirectoryMode
        return Verdict(problem: .missing, sentence: "\(path) does not exist; it will be created with mode \(Plan.octal(mode)).")
    }

    private func wrongKind(path: String, role: StrictModesAudit.Role, kind: RemotePathStatus.Kind) -> Verdict {
        let quoted = ShellQuoting.quote(path)
        if role != .keysFile {
            let problem = StrictModesAudit.Problem.notDirectory(kind)
            if kind == .symlink {
                // A directory link sshd would follow; the caller could not, so nothing is known about the target.
                return Verdict(problem: problem,
                               sentence: "\(path) is a symbolic link sshauth could not follow, so it cannot tell whether sshd accepts the directory it leads to; check with: ls -ldL \(quoted)")
            }
            let sentence = "\(path) is \(kind.phrase) where a directory must be, so sshd cannot reach the keys file; \(asideAdvice(path: path, kind: kind))"
            return Verdict(problem: problem, sentence: sentence,
                           blocker: .init(path: path, problem: problem, command: asideCommand(path: path, kind: kind),
                                          needsAdministrator: false, sentence: sentence))
        }
        let problem = StrictModesAudit.Problem.notRegularFile(kind)
        if kind == .symlink {
            // sshd follows the link; sshauth does not write through links, which may be managed elsewhere.
            let sentence = "\(path) is a symbolic link, which sshd follows to read the keys in the file it leads to; sshauth does not write through links, so to add a key give that file as --target-path (see it with: ls -l \(quoted))"
            return Verdict(problem: problem, sentence: sentence,
                           blocker: .init(path: path, problem: problem, command: nil, needsAdministrator: false, sentence: sentence))
        }
        let sentence = "\(path) is \(kind.phrase), not a regular file, so sshd cannot read keys from it; \(asideAdvice(path: path, kind: kind))"
        return Verdict(problem: problem, sentence: sentence,
                       blocker: .init(path: path, problem: problem, command: asideCommand(path: path, kind: kind),
                                      needsAdministrator: false, sentence: sentence))
    }

    /// The `mv` that moves a misplaced path aside, only where that cannot hurt: a plain file,
    /// directory or link below the home that is neither the home nor `~/.ssh` as a whole. Homes,
    /// `~/.ssh`, system paths and devices get no command, only the advice to look.
    private func asideCommand(path: String, kind: RemotePathStatus.Kind) -> String? {
        guard [.regularFile, .directory, .symlink].contains(kind), RemotePaths.isUnder(path, home),
              path != RemotePaths.child(home, ".ssh") else { return nil }
        return "mv \(ShellQuoting.quote(path)) \(ShellQuoting.quote(path + ".old"))"
    }

    private func asideAdvice(path: String, kind: RemotePathStatus.Kind) -> String {
        if let command = asideCommand(path: path, kind: kind) { return "move it aside by running: \(command)" }
        return "look at it with ls -ld \(ShellQuoting.quote(path)) and decide by hand (sshauth suggests no command that moves a home, ~/.ssh, a system path or a device)"
    }

    // MARK: Owners

    private func ownedByAnother(path: String, role: StrictModesAudit.Role, owner: StrictModesAudit.Owner, mode: UInt32?) -> Verdict {
        let quoted = ShellQuoting.quote(path)
        if let mode, Self.isSharedSticky(mode) { return sharedSticky(path: path, role: role, mode: mode) }
        var command = "chown \(ShellQuoting.quote(user)) \(quoted)"
        var modeWords = ""
        if let mode, mode & 0o022 != 0 {
            // After the chown the mode would still fail, so the administrator fixes both at once.
            command += " && chmod g-w,o-w \(quoted)"
            modeWords = " and is \(Plan.octal(mode))"
        }
        let problem = StrictModesAudit.Problem.ownedBy(owner)
        let sentence = "\(path) is owned by \(owner)\(modeWords), \(refusal(role, groupWriteOnly: false)); an administrator must run: \(command)"
        return Verdict(problem: problem, sentence: sentence,
                       blocker: .init(path: path, problem: problem, command: command, needsAdministrator: true, sentence: sentence))
    }

    private func rootOwned(path: String, role: StrictModesAudit.Role, mode: UInt32, ownerWords: String) -> Verdict {
        guard mode & 0o022 != 0 else {
            return Verdict(sentence: "\(path) is owned by \(ownerWords) with mode \(Plan.octal(mode)), which sshd accepts.")
        }
        if Self.isSharedSticky(mode) { return sharedSticky(path: path, role: role, mode: mode) }
        let problem = StrictModesAudit.Problem.groupOrWorldWritable(mode)
        let command = "chmod g-w,o-w \(ShellQuoting.quote(path))"
        let sentence = "\(path) is \(Plan.octal(mode)) and owned by \(ownerWords): \(writers(mode)) can write to it, \(refusal(role, mode: mode)), and sshauth cannot change it as \(user); an administrator must run: \(command)"
        return Verdict(problem: problem, sentence: sentence,
                       blocker: .init(path: path, problem: problem, command: command, needsAdministrator: true, sentence: sentence))
    }

    /// A directory such as /tmp: tightening it would break it for everyone, so the only fix is another path.
    private func sharedSticky(path: String, role: StrictModesAudit.Role, mode: UInt32) -> Verdict {
        let problem = StrictModesAudit.Problem.groupOrWorldWritable(mode)
        let sentence = "\(path) is \(Plan.octal(mode)), a world-writable directory with the sticky bit that all users share, \(refusal(role, groupWriteOnly: false)); \(user) cannot change it and an administrator should not, so choose a --target-path outside \(path)"
        return Verdict(problem: problem, sentence: sentence,
                       blocker: .init(path: path, problem: problem, command: nil, needsAdministrator: false, sentence: sentence))
    }

    private func userOwned(path: String, role: StrictModesAudit.Role, mode: UInt32, ownerWords: String) -> Verdict {
        let writable = mode & 0o022 != 0
        let exact: UInt32? = switch role {
        case .keysFile: StrictModesAudit.recommendedFileMode
        case .sshDirectory: StrictModesAudit.recommendedDirectoryMode
        case .home, .directory: nil
        }
        if let exact {
            if writable {
                let repair = repair(path: path, from: mode, to: exact, failing: true, role: role)
                return Verdict(problem: .groupOrWorldWritable(mode),
                               sentence: "\(writableWords(path, mode, role)); sshauth will set \(Plan.octal(exact)).", repair: repair)
            }
            // Set-id and sticky bits mean nothing to sshd here, so they alone do not call for a change.
            if mode & 0o777 != exact {
                let repair = repair(path: path, from: mode, to: exact, failing: false, role: role)
                return Verdict(problem: .notRecommendedMode(mode),
                               sentence: "\(path) is \(Plan.octal(mode)), which sshd accepts; sshauth will set \(Plan.octal(exact)), the mode sshd(8) recommends.",
                               repair: repair)
            }
        } else if writable {
            let tightened = mode & ~0o022
            if role == .home, !fixHome {
                return Verdict(problem: .groupOrWorldWritable(mode),
                               sentence: "\(writableWords(path, mode, role)); pass --fix-home-permissions or run: chmod g-w,o-w \(ShellQuoting.quote(path))")
            }
            let repair = repair(path: path, from: mode, to: tightened, failing: true, role: role)
            return Verdict(problem: .groupOrWorldWritable(mode),
                           sentence: "\(writableWords(path, mode, role)); sshauth will remove only that write permission, making it \(Plan.octal(tightened)).",
                           repair: repair)
        }
        return Verdict(sentence: "\(path) is owned by \(ownerWords) with mode \(Plan.octal(mode)), which sshd accepts.")
    }

    private func modeUnknown(_ path: String) -> Verdict {
        Verdict(problem: .modeUnknown,
                sentence: "sshauth could not read the mode of \(path), so it cannot tell whether sshd accepts it; check with: \(lsCommand(path))")
    }

    private func repair(path: String, from: UInt32, to: UInt32, failing: Bool, role: StrictModesAudit.Role) -> StrictModesAudit.Repair {
        // The exact modes are written as numbers; elsewhere only the write bits change, whatever the rest is.
        let change = (role == .keysFile || role == .sshDirectory) ? String(to, radix: 8) : "g-w,o-w"
        return .init(path: path, fromMode: from, toMode: to, failsStrictModes: failing,
                     manualCommand: "chmod \(change) \(RemotePaths.homeRelativeWord(path, home: home))")
    }

    // MARK: Words

    private func ownership(uid: UInt32?, name: String?) -> Ownership {
        // sshd compares uids; names stand in for them when the user's uid is unknown.
        if name == user || (uid != nil && uid == userUID) { return .user }
        if name == "root" || uid == 0 { return .root }
        if let name { return .other(.name(name)) }
        if let uid, userUID != nil { return .other(.uid(uid)) }
        return .unknown(uid: uid)
    }

    /// The owner with sftp-server's stand-in for an unmapped uid (the number as the name) taken as a uid.
    private static func owner(of status: RemotePathStatus) -> (uid: UInt32?, name: String?) {
        guard let name = status.ownerName, !name.isEmpty else { return (status.ownerUID, nil) }
        if name.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let number = UInt32(name) {
            return (status.ownerUID ?? number, nil)
        }
        return (status.ownerUID, name)
    }

    private func ownerWords(name: String?, uid: UInt32?, fallback: String) -> String {
        if let name { return name }
        return uid.map { "uid \($0) (\(fallback))" } ?? fallback
    }

    private static func isSharedSticky(_ mode: UInt32) -> Bool { mode & 0o1002 == 0o1002 }

    private func writableWords(_ path: String, _ mode: UInt32, _ role: StrictModesAudit.Role) -> String {
        "\(path) is \(Plan.octal(mode)): \(writers(mode)) can write to it, \(refusal(role, mode: mode))"
    }

    /// What sshd makes of a path that fails the upstream rule, as far as sshauth can know it.
    private func refusal(_ role: StrictModesAudit.Role, mode: UInt32) -> String {
        refusal(role, groupWriteOnly: mode & 0o022 == 0o020)
    }

    private func refusal(_ role: StrictModesAudit.Role, groupWriteOnly: Bool) -> String {
        if keyLoginWorks {
            return "which this sshd tolerates (the key login works), though upstream OpenSSH's StrictModes rule refuses it"
        }
        if groupWriteOnly {
            return "so sshd may ignore \(keysWords(role)) (upstream OpenSSH does; some builds, such as Debian's, allow it when the group is the user's own group with no other members)"
        }
        return "so sshd ignores \(keysWords(role))"
    }

    private func writers(_ mode: UInt32) -> String {
        switch (mode & 0o020 != 0, mode & 0o002 != 0) {
        case (true, true): "group and others"
        case (true, false): "its group"
        default: "others"
        }
    }

    private func keysWords(_ role: StrictModesAudit.Role) -> String {
        role == .keysFile ? "the keys in it" : "the keys below it"
    }

    private func lsCommand(_ path: String) -> String { "ls -ld \(ShellQuoting.quote(path))" }
}
