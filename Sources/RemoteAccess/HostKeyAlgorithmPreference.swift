import CLibSSH2
import SSHKeys

/// Which host key algorithms a connection asks the server for, and in what order.
///
/// ssh puts the algorithms of the key types that known_hosts already holds for the host first, so
/// that the server proves a key the user trusts rather than a second, unknown one; the rest follow
/// in ssh's own default order. An RSA host key is proved with `rsa-sha2-512` or `rsa-sha2-256`
/// signatures; the SHA-1 `ssh-rsa` method comes after them, for servers that still offer it.
struct HostKeyAlgorithmPreference: Sendable, Equatable {
    /// Key types known for the host, in any order.
    let known: [SSHKeyAlgorithm]
    /// The host key method names the local libssh2 can verify.
    let supported: [String]

    /// OpenSSH 9.2's default HostKeyAlgorithms without certificates and security keys, then `ssh-rsa`.
    static let defaultOrder = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
                               "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]

    /// The host key method names that prove a key of `algorithm`.
    static func methods(for algorithm: SSHKeyAlgorithm) -> [String] {
        algorithm == .rsa ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [algorithm.name]
    }

    /// The methods to offer, best first: those for known key types, then the others; only the ones
    /// libssh2 can verify.
    var methods: [String] {
        let usable = Self.defaultOrder.filter(supported.contains)
        let wanted = Set(known.flatMap(Self.methods(for:)))
        return usable.filter(wanted.contains) + usable.filter { !wanted.contains($0) }
    }

    /// Known key types that this libssh2 cannot have the server prove as ssh would: an RSA key
    /// when neither `rsa-sha2-512` nor `rsa-sha2-256` is available (libssh2 before 1.11).
    var unprovableKnownTypes: [SSHKeyAlgorithm] {
        known.filter { algorithm in
            algorithm == .rsa && !supported.contains("rsa-sha2-512") && !supported.contains("rsa-sha2-256")
        }
    }

    /// The sentence that stops a connection whose server proved a key of another type than the
    /// ones known_hosts holds for the host, when a known type could not be asked for properly;
    /// nil when the presented key may be judged as usual.
    func refusal(presented key: SSHPublicKey, name: String, libraryVersion: String) -> String? {
        let unprovable = unprovableKnownTypes
        guard !unprovable.isEmpty, !known.contains(key.algorithm) else { return nil }
        let knownTypes = known.map(\.shortName).joined(separator: " and ")
        let types = unprovable.map(\.shortName).joined(separator: " and ")
        return """
            known_hosts holds only the \(knownTypes) host key of \(name), and this system's libssh2 \(libraryVersion) \
            can check an \(types) host key only through the SHA-1 ssh-rsa method, which the server does not offer \
            (OpenSSH 8.8 and later prove \(types) host keys with rsa-sha2-256/512). sshauth will not ask you to trust \
            the \(key.algorithm.shortName) key \(Fingerprint(of: key)) the server showed instead; nothing was sent to it. \
            Log in once with ssh -o UpdateHostKeys=yes, which checks the \(types) key and adds the server's other \
            host keys to known_hosts, then run sshauth again.
            """
    }

    /// The host key method names the libssh2 of `session` can verify.
    static func supportedMethods(_ session: OpaquePointer) -> [String] {
        var names: UnsafeMutablePointer<UnsafePointer<CChar>?>?
        let count = libssh2_session_supported_algs(session, LIBSSH2_METHOD_HOSTKEY, &names)
        guard count > 0, let names else { return [] }
        defer { libssh2_free(session, names) }
        return (0..<Int(count)).compactMap { names[$0].map { String(cString: $0) } }
    }

    /// The comma-separated list for `libssh2_session_method_pref(LIBSSH2_METHOD_HOSTKEY)`.
    static func methodList(for session: OpaquePointer, known: [SSHKeyAlgorithm]) -> String {
        HostKeyAlgorithmPreference(known: known, supported: supportedMethods(session)).methods.joined(separator: ",")
    }
}
