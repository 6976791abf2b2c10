import CLibSSH2

/// A second SFTP channel on an authenticated session, spoken to directly, for the one request
/// libssh2 1.10 lacks: `posix-rename@openssh.com`, which replaces an existing file in one
/// rename(2). (libssh2's own rename sends the version 3 RENAME, which OpenSSH refuses when the
/// new name exists.) Every wait runs under the session's network deadline, every reply is capped
/// in length, and extended data (the server's stderr) is discarded rather than queued.
public final class SFTPExtensionChannel: @unchecked Sendable {
    // Confined to the thread that owns the session, like the session itself.
    private let session: SSHSession
    private let channel: OpaquePointer
    /// The extensions the server's VERSION reply named.
    public let extensions: [String]
    private var nextID: UInt32 = 1
    /// Bytes received and not yet taken as a packet.
    private var pending: [UInt8] = []

    /// Opens the channel, starts the `sftp` subsystem and exchanges INIT and VERSION.
    init(session: SSHSession) throws(RemoteError) {
        self.session = session
        let opened = session.waiting(.sftp) {
            // libssh2's default window and packet sizes (its macros that name them are not importable).
            libssh2_channel_open_ex(session.session, "session", 7, 2 * 1024 * 1024, 32768, nil, 0)
        }
        guard let opened else { throw Self.failure(session, "open a second SFTP channel") }
        channel = opened
        libssh2_channel_handle_extended_data2(channel, LIBSSH2_CHANNEL_EXTENDED_DATA_IGNORE)
        let started = session.waiting(.sftp) { libssh2_channel_process_startup(opened, "subsystem", 9, "sftp", 4) }
        do throws(RemoteError) {
            guard started == 0 else { throw Self.failure(session, "start the sftp subsystem on a second channel") }
            extensions = try Self.handshake(session: session, channel: opened)
        } catch {
            libssh2_channel_free(opened)
            throw error
        }
    }

    deinit {
        _ = session.waiting(.sftp) { libssh2_channel_close(channel) }
        libssh2_channel_free(channel)
    }

    /// Whether the server offers `posix-rename@openssh.com`.
    public var offersPosixRename: Bool { extensions.contains(SFTPExtensionPackets.posixRename) }

    /// Renames `old` to `new` with `posix-rename@openssh.com`, replacing `new` in one step.
    public func posixRename(from old: String, to new: String) throws(RemoteError) {
        let id = nextID
        nextID += 1
        let result = session.waiting(.sftp) { () -> Result<(code: UInt32, message: String), SFTPExtensionPackets.Malformed>? in
            guard Self.send(channel, SFTPExtensionPackets.posixRenamePacket(id: id, from: old, to: new)) else { return nil }
            do throws(SFTPExtensionPackets.Malformed) {
                guard let body = try Self.receive(channel, pending: &pending) else { return nil }
                return .success(try SFTPExtensionPackets.status(body, id: id))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case nil:
            throw Self.failure(session, "rename \(old) to \(new)")
        case .failure(let malformed)?:
            throw RemoteError(.connectionLost, "\(session.host) answered the rename of \(old) with \(malformed); nothing was renamed as far as sshauth knows.")
        case .success(let status)?:
            guard status.code == SFTPExtensionPackets.statusOK else {
                let message = status.message.isEmpty ? "status \(status.code)" : "\(status.message) (status \(status.code))"
                throw RemoteError(.sftp(status: UInt(status.code)), "\(session.host) could not rename \(old) to \(new): \(message).")
            }
        }
    }

    /// INIT, then the VERSION reply's extension names.
    private static func handshake(session: SSHSession, channel: OpaquePointer) throws(RemoteError) -> [String] {
        var pending: [UInt8] = []
        let outcome = session.waiting(.sftp) { () -> Result<[String], SFTPExtensionPackets.Malformed>? in
            guard send(channel, SFTPExtensionPackets.initPacket()) else { return nil }
            do throws(SFTPExtensionPackets.Malformed) {
                guard let body = try receive(channel, pending: &pending) else { return nil }
                return .success(try SFTPExtensionPackets.extensions(inVersion: body))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case nil: throw failure(session, "start SFTP on a second channel")
        case .failure(let malformed)?: throw RemoteError(.sftpUnavailable, "\(session.host) answered SFTP INIT with \(malformed).")
        case .success(let names)?: return names
        }
    }

    /// Writes the whole packet; false when the channel fails.
    private static func send(_ channel: OpaquePointer, _ packet: [UInt8]) -> Bool {
        var offset = 0
        while offset < packet.count {
            let written = packet[offset...].withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { libssh2_channel_write_ex(channel, 0, $0.baseAddress, $0.count) }
            }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Reads until one whole packet is there; nil when the channel ends or fails first. What is
    /// read past the packet stays in `pending`. At most the length cap and one read are held.
    private static func receive(_ channel: OpaquePointer, pending: inout [UInt8]) throws(SFTPExtensionPackets.Malformed) -> [UInt8]? {
        var chunk = [CChar](repeating: 0, count: 4096)
        while true {
            if let (body, consumed) = try SFTPExtensionPackets.takePacket(pending) {
                pending.removeFirst(consumed)
                return body
            }
            let count = libssh2_channel_read_ex(channel, 0, &chunk, chunk.count)
            guard count > 0 else { return nil }
            pending += chunk[0..<count].map { UInt8(bitPattern: $0) }
        }
    }

    private static func failure(_ session: SSHSession, _ what: String) -> RemoteError {
        let code = libssh2_session_last_errno(session.session)
        if let timedOut = session.timeoutFailure(code, during: .sftp) { return timedOut }
        return RemoteError(.connectionLost, "sshauth could not \(what) on \(session.host): \(SSHSession.lastError(session.session)).")
    }
}
