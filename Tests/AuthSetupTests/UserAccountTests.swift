import Foundation
import Testing
@testable import AuthSetup

/// The local account as OpenSSH sees it: the password database, not `$HOME`.
@Suite("UserAccount")
struct UserAccountTests {
    static func account(home: String, environmentHome: String?, others: [String] = [], name: String = "alice", uid: uid_t = 1001) -> UserAccount {
        UserAccount(name: name, uid: uid, home: home, otherNamesWithSameUID: others, environmentHome: environmentHome)
    }

    @Test("current() is the password database entry of the real uid")
    func currentMatchesGetpwuid() throws {
        let account = try UserAccount.current()
        let entry = try #require(getpwuid(getuid()))
        #expect(account.uid == getuid())
        #expect(account.name == String(cString: entry.pointee.pw_name))
        #expect(account.home == String(cString: entry.pointee.pw_dir))
        #expect(account.environmentHome == ProcessInfo.processInfo.environment["HOME"])
        #expect(!account.otherNamesWithSameUID.contains(account.name))
        #expect(account.sshDirectory == (account.home == "/" ? "/.ssh" : account.home + "/.ssh"))
    }

    @Test("a different $HOME gives one warning naming both paths")
    func differentEnvironmentHome() {
        let warnings = Self.account(home: "/home/alice", environmentHome: "/tmp/elsewhere").homeWarnings
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("/home/alice") == true)
        #expect(warnings.first?.contains("/tmp/elsewhere") == true)
    }

    @Test("$HOME equal to the home, modulo trailing slashes, gives no warning", arguments: [
        ("/home/alice", "/home/alice"), ("/home/alice", "/home/alice/"), ("/home/alice/", "/home/alice"),
        ("/home/alice", "/home/alice//"), ("/", "/"), ("/", "//"),
    ])
    func sameEnvironmentHome(home: String, environmentHome: String) {
        #expect(Self.account(home: home, environmentHome: environmentHome).homeWarnings == [])
    }

    @Test("an unset $HOME gives no warning")
    func unsetEnvironmentHome() {
        #expect(Self.account(home: "/home/alice", environmentHome: nil).homeWarnings == [])
    }

    @Test("a prefix is not the same home", arguments: [("/home/al", "/home/alice"), ("/home/alice", "/home/alice2"), ("/home/alice", "/")])
    func prefixIsDifferent(home: String, environmentHome: String) {
        #expect(Self.account(home: home, environmentHome: environmentHome).homeWarnings.count == 1)
    }

    @Test("other names with the same uid give one warning naming them and the uid")
    func sharedUID() {
        let account = Self.account(home: "/root", environmentHome: "/root", others: ["toor", "admin"], name: "root", uid: 0)
        let warnings = account.homeWarnings
        #expect(warnings.count == 1)
        let warning = warnings.first ?? ""
        #expect(warning.contains("root"))
        #expect(warning.contains("toor"))
        #expect(warning.contains("admin"))
        #expect(warning.contains("uid 0"))
        #expect(warning.contains("/root"))
    }

    @Test("both problems give two warnings, $HOME first")
    func bothWarnings() {
        let warnings = Self.account(home: "/home/alice", environmentHome: "/elsewhere", others: ["alias"], uid: 4242).homeWarnings
        #expect(warnings.count == 2)
        #expect(warnings.first?.contains("/elsewhere") == true)
        #expect(warnings.last?.contains("alias") == true)
        #expect(warnings.last?.contains("4242") == true)
    }

    @Test("sshDirectory", arguments: [("/", "/.ssh"), ("/home/x", "/home/x/.ssh"), ("/root", "/root/.ssh")])
    func sshDirectory(home: String, expected: String) {
        #expect(Self.account(home: home, environmentHome: nil).sshDirectory == expected)
    }
}
