import AuthSetup
import RemoteAccess
import SSHKeys

/// Removes one key's lines from a target's authorized_keys (`sshauth remove`): reads the file,
/// plans the byte-exact removal, judges the lockout risk, and replaces the file in one step,
/// only while it still holds what the plan was made from.
public enum KeyRemoval {
    /// What the removal will do, read from the file as it is now.
    public struct Prepared: Sendable {
        /// The absolute path on the target.
        public let path: String
        /// `~/...` under the remote home.
        public let shownPath: String
        public let key: KeyToRemove
        public let removal: KeyLineRemoval
        /// Why removing these lines could lock the user out, or nil when it cannot.
        public let risk: KeyRemovalLockout.Risk?
        /// The key this run logged in with, and the login methods the server offers: what the risk
        /// is judged on, again if the file changes before it is replaced.
        public let loginKey: SSHPublicKey?
        public let offeredMethods: [String]
        /// The steps, for `--dry-run` and for applying.
        public let plan: Plan
    }

    /// What was done.
    public struct Outcome: Sendable {
        public let prepared: Prepared
        /// The lines removed from the file as it was when replaced (the file may have changed after
        /// it was first read, and the removal was planned again from its new content).
        public let removed: [KeyLineRemoval.RemovedLine]
        /// How the other way in was proven, when one had to be.
        public let proof: String?
    }

    /// Reads the file at `targetPath` (default `.ssh/authorized_keys`) and plans the removal of
    /// `key`'s lines. A missing file, or one without the key, is a failure: nothing is removed.
    /// `proof` is the second way in that `--force` names; it becomes the plan's first step.
    public static func prepare(session: SSHSession, target: Target, targetPath: String?, key: KeyToRemove,
                               loginKey: SSHPublicKey?, proof: KeyRemovalLockout.Proof?) throws(FlowFailure) -> (Prepared, SFTPFileSystem) {
        let files: SFTPFileSystem
        let home: String
        let methods: [String]
        do {
            methods = try session.authenticationMethods(user: target.user)
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
        let bytes: [UInt8]
        let mode: UInt32?
        do {
            let status = try files.status(of: path, followingLinks: false)
            switch status.kind {
            case .missing:
                throw FlowFailure("\(place) does not exist, so it holds no key \(key); nothing was changed.")
            case .regularFile:
                guard let read = try files.contents(of: path, limit: InstallInspection.maximumFileSize) else {
                    throw FlowFailure("\(place) does not exist, so it holds no key \(key); nothing was changed.")
                }
                bytes = read
                mode = status.mode
            case .symlink:
                throw FlowFailure("\(place) is a symbolic link; sshauth replaces only a plain file, so name the file it leads to with --target-path. Nothing was changed.")
            case .directory:
                throw FlowFailure("\(place) is a directory, not an authorized_keys file; name the file with --target-path. Nothing was changed.")
            case .other:
                throw FlowFailure("\(place) is a device, socket or pipe, not an authorized_keys file; name the file with --target-path. Nothing was changed.")
            }
        } catch let failure as FlowFailure {
            throw failure
        } catch where files.isPermissionDenied(error) {
            throw FlowFailure("\(place) cannot be read by \(target.user): permission denied. Log in as the account that owns it.")
        } catch {
            throw FlowFailure("cannot read \(place): \(error)")
        }
        let removal = KeyLineRemoval(bytes: bytes, removing: key)
        guard !removal.removed.isEmpty else {
            throw FlowFailure("no line of \(place) carries the key \(key); nothing was changed. 'sshauth keys' lists the keys it holds.")
        }
        let risk = KeyRemovalLockout.risk(removal, loginKey: loginKey, offeredMethods: methods)
        var plan = Plan(title: "Remove the key \(key) from \(place)")
        if let risk {
            plan.notes.append(proof == nil ? risk.refusal(place: place) : risk.sentence(place: place))
            if let proof {
                plan.steps.append(Plan.Step(change: .connect, summary: "Prove that another way in works: \(proof.summary) on a second connection",
                                            location: .remote(user: target.user, host: target.host, port: target.port, path: "")) {})
            }
        }
        let numbers = removal.removed.map { String($0.number) }.joined(separator: ", ")
        let lines = removal.removed.count == 1 ? "line \(numbers)" : "lines \(numbers)"
        plan.steps.append(Plan.Step(change: .replaceFile,
                                    summary: "Remove \(lines) of \(shown) (every other byte kept), written beside it and renamed over it in one step",
                                    location: .remote(user: target.user, host: target.host, port: target.port, path: path), mode: mode) {})
        return (Prepared(path: path, shownPath: shown, key: key, removal: removal, risk: risk, loginKey: loginKey,
                         offeredMethods: methods, plan: plan), files)
    }

    /// Carries out a prepared removal: the proof first when there is a lockout risk (without a
    /// proof that risk is refused), then the replacement, planned again if the file changed.
    public static func apply(_ prepared: Prepared, files: SFTPFileSystem, target: Target, connection: SSHSession,
                             proof: KeyRemovalLockout.Proof?, timeoutSeconds: Int) throws(FlowFailure) -> Outcome {
        let place = "\(prepared.shownPath) on \(target.displayName)"
        var proven: String?
        if let risk = prepared.risk {
            guard let proof else { throw FlowFailure(risk.refusal(place: place)) }
            try KeyRemovalLockout.prove(proof, target: target, hostKey: connection.hostKey, removed: prepared.removal,
                                        timeoutSeconds: timeoutSeconds)
            proven = proof.summary
        }
        var removed: [KeyLineRemoval.RemovedLine] = []
        do {
            let replaced = try files.replaceAfterComparing(prepared.path, limit: InstallInspection.maximumFileSize) { current in
                let again = current == prepared.removal.original ? prepared.removal : KeyLineRemoval(bytes: current, removing: prepared.key)
                guard !again.removed.isEmpty else { return nil }
                // A file changed meanwhile is judged again: the risk may be new.
                if prepared.risk == nil, let risk = KeyRemovalLockout.risk(again, loginKey: prepared.loginKey, offeredMethods: prepared.offeredMethods) {
                    throw FlowFailure("\(place) changed while sshauth was removing the key: " + risk.refusal(place: place))
                }
                removed = again.removed
                return again.result
            }
            guard replaced != nil else {
                throw FlowFailure("the key \(prepared.key) was removed from \(place) by someone else meanwhile; nothing more was changed.")
            }
        } catch let failure as FlowFailure {
            throw failure
        } catch {
            throw FlowFailure("\(error)")
        }
        return Outcome(prepared: prepared, removed: removed, proof: proven)
    }
}
