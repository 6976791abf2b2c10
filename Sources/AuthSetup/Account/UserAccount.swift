#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The local account sshauth acts for, as OpenSSH sees it.
///
/// OpenSSH takes the home directory from the password database entry of the real uid, not from
/// `$HOME`; so does sshauth, and it says so when the two differ or when several account names
/// share the uid (then which name's home ssh uses is whichever the database returns first).
public struct UserAccount: Sendable, Equatable {
    public let name: String
    public let uid: uid_t
    /// The home directory from the password database.
    public let home: String
    /// Other account names with the same uid, in database order.
    public let otherNamesWithSameUID: [String]
    /// `$HOME`, when set.
    public let environmentHome: String?

    /// The account of the process's real uid.
    public static func current() throws(AccountError) -> UserAccount {
        let uid = getuid()
        guard let entry = getpwuid(uid) else { throw AccountError(uid: uid) }
        let name = String(cString: entry.pointee.pw_name)
        let home = String(cString: entry.pointee.pw_dir)
        return UserAccount(name: name, uid: uid, home: home,
                           otherNamesWithSameUID: namesSharing(uid: uid).filter { $0 != name },
                           environmentHome: getenv("HOME").map { String(cString: $0) })
    }

    public init(name: String, uid: uid_t, home: String, otherNamesWithSameUID: [String], environmentHome: String?) {
        self.name = name
        self.uid = uid
        self.home = home
        self.otherNamesWithSameUID = otherNamesWithSameUID
        self.environmentHome = environmentHome
    }

    /// `~/.ssh` as ssh resolves it.
    public var sshDirectory: String { home == "/" ? "/.ssh" : home + "/.ssh" }

    /// Sentences a person should read before keys are written under this home, if any.
    public var homeWarnings: [String] {
        var warnings: [String] = []
        if let environmentHome, normalised(environmentHome) != normalised(home) {
            warnings.append("$HOME is \(environmentHome), but ssh uses the home directory of the password database entry, \(home); sshauth uses \(home) too.")
        }
        if !otherNamesWithSameUID.isEmpty {
            let others = otherNamesWithSameUID.joined(separator: ", ")
            warnings.append("The accounts \(name) and \(others) share uid \(uid); ssh uses the home of whichever entry the system returns first for that uid, here \(home). Check that this is the home you mean.")
        }
        return warnings
    }

    private func normalised(_ path: String) -> String {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }

    private static func namesSharing(uid: uid_t) -> [String] {
        var names: [String] = []
        setpwent()
        defer { endpwent() }
        while let entry = getpwent() {
            if entry.pointee.pw_uid == uid { names.append(String(cString: entry.pointee.pw_name)) }
        }
        return names
    }
}

/// The process's uid has no password database entry, so there is no home to use.
public struct AccountError: Error, Equatable, CustomStringConvertible {
    public let uid: uid_t
    public var description: String {
        "uid \(uid) has no entry in the password database, so its home directory is unknown; run sshauth as a user that has one."
    }
}
