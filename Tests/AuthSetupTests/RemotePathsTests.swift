import Testing
@testable import AuthSetup

/// Name-only path arithmetic on the target's paths, as the StrictModes audit and the target-path check use it.
@Suite("RemotePaths")
struct RemotePathsTests {
    @Test("normalised: ~, relative paths, //, . and .. resolved against the home", arguments: [
        ("~", "/home/u", "/home/u"),
        ("~/.ssh/authorized_keys", "/home/u", "/home/u/.ssh/authorized_keys"),
        (".ssh/authorized_keys", "/home/u", "/home/u/.ssh/authorized_keys"),
        ("/etc//ssh/./keys", "/home/u", "/etc/ssh/keys"),
        ("~/../v/./x", "/home/u", "/home/v/x"),
        ("/../../x", "/home/u", "/x"),
        ("/", "/home/u", "/"),
        ("", "/home/u", "/home/u"),
        ("~/", "/", "/"),
        ("~user/x", "/home/u", "/home/u/~user/x"),
    ])
    func normalised(path: String, home: String, expected: String) {
        #expect(RemotePaths.normalised(path, home: home) == expected)
    }

    @Test("parent and child never double or lose the root slash", arguments: [
        ("/home/u/.ssh", "/home/u"),
        ("/home", "/"),
        ("/", "/"),
    ])
    func parent(path: String, expected: String) {
        #expect(RemotePaths.parent(of: path) == expected)
    }

    @Test("child")
    func child() {
        #expect(RemotePaths.child("/", "home") == "/home")
        #expect(RemotePaths.child("/home/u", ".ssh") == "/home/u/.ssh")
    }

    @Test("isUnder is strict and by whole components", arguments: [
        ("/home/u/.ssh", "/home/u", true),
        ("/home/u", "/home/u", false),
        ("/home/user2", "/home/u", false),
        ("/x", "/", true),
        ("/", "/", false),
    ])
    func isUnder(path: String, directory: String, expected: Bool) {
        #expect(RemotePaths.isUnder(path, directory) == expected)
    }

    @Test("homeRelativeWord keeps the tilde outside the quotes", arguments: [
        ("/home/u", "/home/u", "~"),
        ("/home/u/.ssh", "/home/u", "~/.ssh"),
        ("/home/u/my keys", "/home/u", "~/'my keys'"),
        ("/srv/it's", "/home/u", "'/srv/it'\\''s'"),
        ("/etc/x", "/", "~/etc/x"),
    ])
    func homeRelativeWord(path: String, home: String, expected: String) {
        #expect(RemotePaths.homeRelativeWord(path, home: home) == expected)
    }
}
