import CLibSSH2
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// One SSH connection to a target through libssh2: TCP, handshake, host key, authentication.
///
/// The session is used from one thread at a time (libssh2 sessions are not thread-safe); the
/// class frees the libssh2 session and closes the socket when released. Every wait on the server
/// runs under ``deadline``.
public final class SSHSession: @unchecked Sendable {
    public let host: String
    public let port: Int
    /// The host key the server proved it holds during the handshake.
    public let hostKey: SSHPublicKey
    /// The server's identification string, e.g. `SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u6`.
    public let serverBanner: String
    /// The time left for talking to this target (shared with any connection reopened for it).
    public let deadline: NetworkDeadline

    let session: OpaquePointer
    private let socket: Int32
    private let answers: KeyboardInteractiveAnswers
    /// The methods the server offered in answer to the first `none` request: asked once, because
    /// every further request counts against the server's MaxAuthTries.
    private var offeredMethods: [String]?
    /// The account the session logs in (or has logged in) as.
    private(set) var user: String?

    /// Connects and completes the key exchange. No credential is sent here: the caller checks
    /// ``hostKey`` first and only then authenticates.
    public init(host: String, port: Int, deadline: NetworkDeadline = NetworkDeadline(seconds: 10),
                preferredHostKeyAlgorithms: [SSHKeyAlgorithm] = []) throws(RemoteError) {
        try LibSSH2Library.ensureInitialised()
        self.host = host
        self.port = port
        self.deadline = deadline
        let place = "\(host) port \(port)"
        let socket = try deadline.run(.connect) { () throws(RemoteError) -> Int32 in
            try SocketConnector.connect(host: host, port: port, deadline: deadline)
        }
        self.socket = socket
        deadline.watch(socket: socket)
        func fail(_ error: RemoteError) -> RemoteError {
            deadline.stopWatching()
            close(socket)
            return error
        }
        do {
            try deadline.run(.greeting) { () throws(RemoteError) in
                try ServerGreeting.awaitIdentification(socket: socket, place: place, deadline: deadline)
            }
        } catch {
            throw fail(error)
        }
        answers = KeyboardInteractiveAnswers()
        // The wiping allocator clears every block libssh2 frees: its packets hold the password.
        guard let session = clibssh2_session_init_wiping(Unmanaged.passUnretained(answers).toOpaque()) else {
            throw fail(RemoteError(.library(code: -6), "libssh2 could not allocate a session."))
        }
        self.session = session
        libssh2_session_set_blocking(session, 1)
        let order = HostKeyAlgorithmPreference.methodList(for: session, known: preferredHostKeyAlgorithms)
        _ = libssh2_session_method_pref(session, LIBSSH2_METHOD_HOSTKEY, order)
        let handshake = deadline.run(.keyExchange) { () -> Int32 in
            libssh2_session_set_timeout(session, Int(max(deadline.remainingMilliseconds, 1)))
            return libssh2_session_handshake(session, libssh2_socket_t(socket))
        }
        guard handshake == 0 else {
            let reason = Self.lastError(session)
            libssh2_session_free(session)
            let expired = deadline.expiredPhase != nil || handshake == LIBSSH2_ERROR_TIMEOUT || handshake == LIBSSH2_ERROR_SOCKET_TIMEOUT
            if expired {
                throw fail(RemoteError(.timedOut, "\(place) sent its SSH greeting but did not finish the key exchange within the \(deadline.seconds) seconds allowed (--timeout); sshauth gave up."))
            }
            switch handshake {
            case LIBSSH2_ERROR_BANNER_RECV, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_DISCONNECT:
                throw fail(RemoteError(.notAnSSHServer, "\(place) did not answer as an SSH server (\(reason)); check the port."))
            default:
                throw fail(RemoteError(.handshakeFailed, "The SSH handshake with \(place) failed: \(reason)."))
            }
        }
        serverBanner = libssh2_session_banner_get(session).map { String(cString: $0) } ?? ""
        var length = 0
        var type: Int32 = 0
        guard let raw = libssh2_session_hostkey(session, &length, &type), length > 0 else {
            libssh2_session_free(session)
            throw fail(RemoteError(.handshakeFailed, "\(host) completed the handshake without a host key."))
        }
        let blob = raw.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
        do {
            hostKey = try SSHPublicKey(blob: blob)
        } catch {
            libssh2_session_free(session)
            throw fail(RemoteError(.handshakeFailed, "\(host) presented a host key sshauth cannot read: \(error)."))
        }
    }

    deinit {
        if deadline.expiredPhase == nil, !connectionLooksClosed {
            libssh2_session_disconnect_ex(session, SSH_DISCONNECT_BY_APPLICATION, "sshauth done", "")
        }
        libssh2_session_free(session)
        deadline.stopWatching()
        close(socket)
    }

    /// Runs a libssh2 call that waits on the server as `phase`, with libssh2's own wait limited to
    /// the time left.
    func waiting<Value>(_ phase: NetworkDeadline.Phase, _ body: () -> Value) -> Value {
        deadline.run(phase) { () -> Value in
            libssh2_session_set_timeout(session, Int(max(deadline.remainingMilliseconds, 1)))
            return body()
        }
    }

    /// The sentence for a call that failed because the time ran out, or nil when it did not.
    func timeoutFailure(_ code: Int32, during phase: NetworkDeadline.Phase) -> RemoteError? {
        // libssh2's own wait is cut to the time left, so it may report the timeout a moment before the watchdog does.
        guard let phase = deadline.expiredPhase ?? (code == LIBSSH2_ERROR_TIMEOUT ? phase : nil) else { return nil }
        return RemoteError(.timedOut, deadline.timeoutSentence(phase, place: "\(host) port \(port)"))
    }

    /// Whether the server has closed the connection (or sent something unasked, which while no
    /// request is outstanding can only be its goodbye).
    public var connectionLooksClosed: Bool {
        var waiting = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&waiting, 1, 0) != 0
    }

    /// The methods the server lets `user` try (`publickey`, `password`, `keyboard-interactive`, ...).
    /// Asked once per connection; later calls return the first answer.
    public func authenticationMethods(user: String) throws(RemoteError) -> [String] {
        if let offeredMethods { return offeredMethods }
        self.user = user
        let list = waiting(.authentication) { libssh2_userauth_list(session, user, UInt32(user.utf8.count)) }
        guard let list else {
            if libssh2_userauth_authenticated(session) != 0 { return [] }
            if let timedOut = timeoutFailure(libssh2_session_last_errno(session), during: .authentication) { throw timedOut }
            throw RemoteError(.connectionLost, "\(host) closed the connection while listing login methods: \(Self.lastError(session)).")
        }
        let methods = String(cString: list).split(separator: ",").map(String.init)
        offeredMethods = methods
        return methods
    }

    public var isAuthenticated: Bool { libssh2_userauth_authenticated(session) != 0 }

    /// The key exchange method this connection agreed on with the server, e.g. `curve25519-sha256`.
    public var keyExchangeMethod: String? {
        libssh2_session_methods(session, LIBSSH2_METHOD_KEX).map { String(cString: $0) }
    }

    /// The one method a password is sent with on this server: `password` when offered, else
    /// `keyboard-interactive`; nil when it takes neither.
    public static func passwordMethod(offered methods: [String]) -> String? {
        if methods.contains("password") { return "password" }
        if methods.contains("keyboard-interactive") { return "keyboard-interactive" }
        return nil
    }

    /// Password authentication with the one method ``passwordMethod(offered:)`` picks: exactly
    /// one attempt of the server's MaxAuthTries per call.
    public func authenticate(user: String, password: SecretBytes, methods: [String]) throws(RemoteError) {
        guard let method = Self.passwordMethod(offered: methods) else {
            throw RemoteError(.noUsableMethod, "\(host) does not accept passwords for \(user) (it offers: \(methods.joined(separator: ", "))); use --identity with a key it already accepts.")
        }
        let attempt = deadline.begin(.authentication)
        libssh2_session_set_timeout(session, Int(max(deadline.remainingMilliseconds, 1)))
        let result: Int32
        if method == "password" {
            result = password.withBytes { bytes in
                bytes.withMemoryRebound(to: CChar.self) {
                    libssh2_userauth_password_ex(session, user, UInt32(user.utf8.count), $0.baseAddress, UInt32($0.count), nil)
                }
            }
        } else {
            answers.password = password
            result = libssh2_userauth_keyboard_interactive_ex(session, user, UInt32(user.utf8.count), answerPrompts)
            answers.password = nil
        }
        // A refusal is the server's answer, however long it took (within the time left).
        deadline.end(attempt, charging: result != LIBSSH2_ERROR_AUTHENTICATION_FAILED)
        guard result == 0 else { throw authenticationFailure(result, user: user, what: "the password") }
        self.user = user
    }

    /// Public key authentication with a private key held in memory (it never touches the disk here).
    public func authenticate(user: String, key: SSHPrivateKey) throws(RemoteError) {
        let publicLine = PublicKeyLine(key: key.publicKey, comment: "").keyText
        let privateText: SecretBytes
        do { privateText = try OpenSSHPrivateKeyFile.encode(key, passphrase: nil) } catch {
            throw RemoteError(.authenticationFailed, "The identity key could not be prepared: \(error).")
        }
        let result = waiting(.authentication) {
            privateText.withBytes { privateBytes in
                privateBytes.withMemoryRebound(to: CChar.self) { privateChars in
                    libssh2_userauth_publickey_frommemory(session, user, user.utf8.count, publicLine, publicLine.utf8.count,
                                                          privateChars.baseAddress, privateChars.count, "")
                }
            }
        }
        guard result == 0 else {
            if key.algorithm == .rsa, result == LIBSSH2_ERROR_AUTHENTICATION_FAILED || result == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED,
               ServerVersion(banner: serverBanner).refusesSHA1RSASignatures {
                throw RemoteError(.rsaSHA1Refused, "\(host) runs \(ServerVersion(banner: serverBanner).description), which refuses the SHA-1 RSA signatures that this system's libssh2 (\(LibSSH2Library.version)) can make; the key may well be installed, but sshauth cannot log in with an RSA key here. Use an Ed25519 or ECDSA key with --identity, or a password.")
            }
            throw authenticationFailure(result, user: user, what: "the key \(Fingerprint(of: key.publicKey))")
        }
        self.user = user
    }

    /// Opens the SFTP subsystem on the authenticated session.
    public func openSFTP() throws(RemoteError) -> SFTPFileSystem {
        try deadline.run(.sftp, detail: "start the SFTP session") { () throws(RemoteError) in try SFTPFileSystem(session: self) }
    }

    private func authenticationFailure(_ code: Int32, user: String, what: String) -> RemoteError {
        if let timedOut = timeoutFailure(code, during: .authentication) { return timedOut }
        switch code {
        case LIBSSH2_ERROR_AUTHENTICATION_FAILED, LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED:
            return RemoteError(.authenticationFailed, "\(host) refused \(what) for \(user); nothing was changed on the target.")
        case LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_SEND:
            return RemoteError(.connectionLost, "\(host) closed the connection during login: \(Self.lastError(session)).")
        case LIBSSH2_ERROR_TIMEOUT:
            return RemoteError(.timedOut, "\(host) did not answer during login.")
        default:
            return RemoteError(.library(code: code), "Login to \(host) failed: \(Self.lastError(session)).")
        }
    }

    /// libssh2's message for the most recent error on `session`.
    static func lastError(_ session: OpaquePointer) -> String {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(session, &message, &length, 0)
        guard let message, length > 0 else { return "libssh2 error \(code)" }
        return String(cString: message)
    }
}

/// Holds the password while keyboard-interactive authentication runs; libssh2 hands the callback
/// the session's abstract pointer, which points here.
final class KeyboardInteractiveAnswers: @unchecked Sendable {
    // Set and cleared around one libssh2 call on the session's thread.
    var password: SecretBytes?
}

/// libssh2's keyboard-interactive callback: answers prompts that ask for a password (echo off)
/// with the password, and every other prompt with nothing.
private func answerPrompts(_ name: UnsafePointer<CChar>?, _ nameLength: Int32, _ instruction: UnsafePointer<CChar>?,
                           _ instructionLength: Int32, _ count: Int32,
                           _ prompts: UnsafePointer<LIBSSH2_USERAUTH_KBDINT_PROMPT>?,
                           _ responses: UnsafeMutablePointer<LIBSSH2_USERAUTH_KBDINT_RESPONSE>?,
                           _ abstract: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) {
    guard count > 0, let prompts, let responses, let context = abstract?.pointee else { return }
    let answers = Unmanaged<KeyboardInteractiveAnswers>.fromOpaque(context).takeUnretainedValue()
    for index in 0..<Int(count) {
        let prompt = prompts[index]
        let text = prompt.text.map { String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: Int(prompt.length)), as: UTF8.self) } ?? ""
        guard prompt.echo == 0, text.lowercased().contains("password"), let password = answers.password else {
            responses[index].text = nil
            responses[index].length = 0
            continue
        }
        // libssh2 frees the response with the session's (wiping) allocator, so it must come from it.
        password.withBytes { bytes in
            let copy = clibssh2_response_alloc(max(bytes.count, 1))!
            bytes.withMemoryRebound(to: CChar.self) { copy.update(from: $0.baseAddress!, count: $0.count) }
            responses[index].text = copy
            responses[index].length = UInt32(bytes.count)
        }
    }
}
