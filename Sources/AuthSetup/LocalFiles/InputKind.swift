/// What an input file is meant to hold, and so the largest size it may have: a file far larger than
/// anything of its kind is a mistake (or `/dev/zero`), and reading it whole would exhaust memory.
public enum InputKind: Sendable, Equatable {
    /// One public key (`-i KEY.pub`) or one private key; the largest RSA key is a few KiB.
    case key
    /// A file of key lines to list (`fingerprint`): authorized_keys files with many thousand keys.
    case keyListing
    /// A known_hosts file.
    case knownHosts
    /// A PKCS#12 key ring.
    case keyRing
    /// A set-up file (`sshauth apply FILE`); a set-up takes a few hundred bytes.
    case setupFile
    /// A list of targets or an Ansible inventory (`--hosts FILE`); thousands of hosts fit in 4 MiB.
    case targetList
    /// Anything else read whole.
    case other

    /// The largest size accepted, in bytes.
    public var limit: Int {
        switch self {
        case .key: return 1 << 20
        case .keyListing: return 256 << 20
        case .knownHosts: return 64 << 20
        case .keyRing: return 64 << 20
        case .setupFile: return 64 << 10
        case .targetList: return 4 << 20
        case .other: return 256 << 20
        }
    }

    /// The kind in words, for the sentence that refuses a file too large for it.
    var noun: String {
        switch self {
        case .key: return "a key file"
        case .keyListing: return "a file of key lines"
        case .knownHosts: return "a known_hosts file"
        case .keyRing: return "a key ring"
        case .setupFile: return "a set-up file"
        case .targetList: return "a list of targets"
        case .other: return "an input file"
        }
    }
}
