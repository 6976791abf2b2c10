/// The software version in an SSH server's identification string, as far as it matters here.
struct ServerVersion: CustomStringConvertible {
    let software: String
    let openSSH: (major: Int, minor: Int)?

    init(banner: String) {
        // "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u6": the software version is the third dash field.
        let fields = banner.split(separator: "-", maxSplits: 2)
        software = fields.count == 3 ? String(fields[2].split(separator: " ").first ?? "") : banner
        if software.hasPrefix("OpenSSH_") {
            // Microsoft's port names itself "OpenSSH_for_Windows_9.5" and follows upstream's defaults.
            var version = software.dropFirst("OpenSSH_".count)
            if version.hasPrefix("for_Windows_") { version = version.dropFirst("for_Windows_".count) }
            let digits = version.prefix { $0.isNumber || $0 == "." }
            let parts = digits.split(separator: ".").compactMap { Int($0) }
            openSSH = parts.count >= 2 ? (parts[0], parts[1]) : nil
        } else {
            openSSH = nil
        }
    }

    /// OpenSSH 8.8 turned off `ssh-rsa` (SHA-1) signatures for user authentication by default.
    var refusesSHA1RSASignatures: Bool {
        guard let version = openSSH else { return false }
        return version.major > 8 || (version.major == 8 && version.minor >= 8)
    }

    var description: String { software.isEmpty ? "an SSH server" : software }
}
