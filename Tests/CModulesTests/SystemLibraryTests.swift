import CArgon2
import CLibSSH2
import CNcursesw
import COpenSSL
import Testing

/// The shim headers compile and link, and the libraries are the versions the code is written for.
@Suite struct SystemLibraryTests {
    @Test func openSSLIsVersion3() {
        #expect(OpenSSL_version_num() >= 0x3000_0000)
    }

    @Test func libssh2Initialises() {
        #expect(libssh2_init(0) == 0)
        let version = String(cString: libssh2_version(0))
        #expect(version.hasPrefix("1."))
        libssh2_exit()
    }

    @Test func ncursesIsWide() {
        let version = String(cString: curses_version())
        #expect(version.hasPrefix("ncurses 6"))
        #expect(setlocale(LC_CTYPE, "C.UTF-8") != nil)
        #expect(wcwidth(0x4E2D) == 2)
    }

    /// The reference implementation's own test vector (Argon2i, version 0x13, t=2, m=64 MiB, p=1).
    @Test func argon2MatchesItsReferenceVector() {
        var output = [UInt8](repeating: 0, count: 32)
        let password = Array("password".utf8), salt = Array("somesalt".utf8)
        let status = argon2i_hash_raw(2, 1 << 16, 1, password, password.count, salt, salt.count, &output, output.count)
        #expect(status == Int32(ARGON2_OK.rawValue))
        #expect(output.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() == "c1628832147d9720c5bd1cfd61367078729f6dfb6f8fea9ff98158e0d7816ed0")
    }
}
