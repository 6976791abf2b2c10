import CLibSSH2

/// libssh2's process-wide state, initialised once before the first session.
enum LibSSH2Library {
    private static let initialised: Bool = libssh2_init(0) == 0

    static func ensureInitialised() throws(RemoteError) {
        guard initialised else { throw RemoteError(.library(code: -1), "libssh2 could not be initialised.") }
    }

    /// The library's version string, for reports.
    static var version: String { String(cString: libssh2_version(0)) }
}
