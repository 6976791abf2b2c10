import AuthSetup
import RemoteAccess
import SSHKeys

/// Reads a target's authorized_keys over an authenticated session and lists it. Reads only:
/// nothing is created, changed or removed on the target. The command and the wizard call this.
public enum AuthorizedKeysReading {
    /// Lists the file at `targetPath` (default `.ssh/authorized_keys`, relative to the remote home
    /// unless absolute), following a symbolic link as sshd does. A missing file is a listing
    /// without entries; a directory, a device or a file that cannot be read is a failure.
    public static func list(session: SSHSession, target: Target, targetPath: String?, localKeys: LocalKeys) throws(FlowFailure) -> AuthorizedKeysListing {
        let files: SFTPFileSystem
        let home: String
        do {
            files = try session.openSFTP()
            home = try files.homeDirectory()
        } catch {
            throw FlowFailure("\(error)")
        }
        if let targetPath {
            do { try TargetPathError.check(targetPath, home: home) } catch { throw FlowFailure(error.description) }
        }
        let path = InstallRequest.authorizedKeysPath(targetPath, home: home)
        let shown = KeyInstallation.displayPath(path, home: home)
        let place = "\(shown) on \(target.displayName)"
        let bytes: [UInt8]?
        do {
            var status = try files.status(of: path, followingLinks: false)
            if status.kind == .symlink { status = try files.status(of: path, followingLinks: true) }
            switch status.kind {
            case .missing:
                bytes = nil
            case .regularFile:
                bytes = try files.contents(of: path, limit: InstallInspection.maximumFileSize)
            case .directory:
                throw FlowFailure("\(place) is a directory, not an authorized_keys file; name the file with --target-path. Nothing was read.")
            case .other, .symlink:
                throw FlowFailure("\(place) is a device, socket or pipe, not an authorized_keys file; name the file with --target-path. Nothing was read.")
            }
        } catch let failure as FlowFailure {
            throw failure
        } catch where files.isPermissionDenied(error) {
            throw FlowFailure("\(place) cannot be read by \(target.user): permission denied. Log in as the account that owns it.")
        } catch {
            throw FlowFailure("cannot read \(place): \(error)")
        }
        return AuthorizedKeysListing(path: path, shownPath: shown, bytes: bytes, localKeys: localKeys)
    }
}
