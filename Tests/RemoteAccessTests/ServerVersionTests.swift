@testable import RemoteAccess
import Testing

/// What sshauth reads from a server's identification line: the software, and the OpenSSH version
/// that decides whether SHA-1 RSA signatures are refused.
@Suite struct ServerVersionTests {
    @Test("software and OpenSSH version from the identification line", arguments: [
        ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u6", "OpenSSH_9.2p1", 9, 2, true),
        ("SSH-2.0-OpenSSH_8.8", "OpenSSH_8.8", 8, 8, true),
        ("SSH-2.0-OpenSSH_8.7p1", "OpenSSH_8.7p1", 8, 7, false),
        ("SSH-2.0-OpenSSH_7.4", "OpenSSH_7.4", 7, 4, false),
        ("SSH-2.0-OpenSSH_10.0p2", "OpenSSH_10.0p2", 10, 0, true),
        ("SSH-1.99-OpenSSH_3.9p1", "OpenSSH_3.9p1", 3, 9, false),
        ("SSH-2.0-dropbear_2022.83", "dropbear_2022.83", nil, nil, false),
        ("SSH-2.0-OpenSSH_9", "OpenSSH_9", nil, nil, false),
        ("SSH-2.0-OpenSSH_for_Windows_9.5", "OpenSSH_for_Windows_9.5", 9, 5, true),
        ("SSH-2.0-OpenSSH_for_Windows_8.1", "OpenSSH_for_Windows_8.1", 8, 1, false),
        ("not a greeting", "not a greeting", nil, nil, false),
    ] as [(String, String, Int?, Int?, Bool)])
    func parsed(banner: String, software: String, major: Int?, minor: Int?, refuses: Bool) {
        let version = ServerVersion(banner: banner)
        #expect(version.software == software)
        #expect(version.openSSH?.major == major)
        #expect(version.openSSH?.minor == minor)
        #expect(version.refusesSHA1RSASignatures == refuses)
        #expect(version.description == software)
    }

    @Test("an empty banner is described as an SSH server, not as nothing")
    func empty() {
        #expect(ServerVersion(banner: "").description == "an SSH server")
    }
}
