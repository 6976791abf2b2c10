import CLibSSH2
import CNcursesw
import COpenSSL
import Testing

/// The three shim headers compile and link, and the libraries are the versions the code is written for.
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
}
