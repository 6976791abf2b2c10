import ArgumentParser
import AuthSetup
import Flows
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth export`: a set-up written for another tool to carry out.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a set-up for another tool to run: an Ansible playbook for many targets.",
        subcommands: [ExportAnsibleCommand.self]
    )
}

/// `sshauth export ansible SETUP-FILE --hosts FILE -o DIR`: the set-up as an Ansible project
/// that runs with host key checking on, against the host keys sshauth has pinned.
struct ExportAnsibleCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "ansible",
        abstract: "Write a set-up as an Ansible inventory, playbook and known_hosts, for the targets of a list.",
        discussion: """
            Writes the new directory DIR (mode 0700; refused when it exists) with inventory.ini (the \
            targets of --hosts, ~/.ssh/config applied), playbook.yml (ansible.posix.authorized_key \
            with state: present, then a login proof: ssh from this machine with the key alone), \
            known_hosts (the host keys pinned for the targets), ansible.cfg (host key checking on, \
            against that known_hosts) and README.md (how to run it). No file holds a secret: the \
            password is given when the playbook runs (--ask-pass or a vault).

            The host keys come from your known_hosts (or --known-hosts F), hashed entries included. \
            A target with no pinned key is refused, naming it, unless --accept-new-host-key: then \
            every target is contacted (the key exchange only, no credential), the keys of targets \
            without one go into the export's known_hosts only, and a target whose key differs from \
            the pinned one stops the export.

            A key-pair set-up is exported whole (its key must exist: make it first). An askpass \
            set-up lives on this machine, so the playbook only proves that the password logs in; \
            a certificate set-up exports the installation of the certificate's public key (the .pub \
            that apply writes beside the ring), not the ring, the agent or the z/OS \
            jobs. What is left out is said on standard error and in the README.
            """
    )

    @Argument(help: ArgumentHelp("The set-up file to export (as written by --save-setup).", valueName: "setup-file"))
    var setupFile: String

    @Option(help: ArgumentHelp("The targets: one [user@]host[:port] per line, or an Ansible INI inventory.", valueName: "file"))
    var hosts: String

    @Option(help: ArgumentHelp("Only the targets of this inventory group (and its child groups).", valueName: "group"))
    var limit: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The directory to create for the export; it must not exist.", valueName: "dir"))
    var output: String

    @Option(name: .customLong("known-hosts"), help: ArgumentHelp("Take the pinned host keys from this file instead of ssh's.", valueName: "file"))
    var knownHosts: String?

    @Flag(name: .customLong("accept-new-host-key"), help: "Take the host key a target presents now when none is pinned (for the export only).")
    var acceptNewHostKey = false

    func execute() throws(CommandFailure) {
        let setup: Setup
        do { setup = try SetupFile.load(setupFile) } catch { throw CommandFailure(error.description) }
        let list: [FleetTarget]
        do { list = try TargetList.read(hosts, limit: limit) } catch { throw CommandFailure(error.description) }
        if anythingIsAt(output) {
            throw CommandFailure("\(output) already exists; give -o a new directory, so that no earlier file is mixed with the export.")
        }
        let account: UserAccount
        do { account = try UserAccount.current() } catch { throw CommandFailure(error.description) }

        var targets: [Target] = []
        for entry in list {
            do {
                let resolved = try Target.resolve(entry.address, knownHostsFile: knownHosts ?? setup.knownHostsFile, account: account)
                targets.append(resolved.target)
            } catch {
                throw CommandFailure("\(hosts):\(entry.line): \(error.description)")
            }
        }
        let key = try keyToExport(setup, account: account)
        let exportHosts = zip(list, targets).map { AnsibleExport.Host(name: $0.name, user: $1.user, host: $1.host, port: $1.port) }
        // Checked before any target is contacted: a value that cannot be exported stops the export first.
        do { _ = try AnsibleExport(setup: setup, setupFile: setupFile, hosts: exportHosts, hostKeys: [], key: key) } catch {
            throw CommandFailure(error.description)
        }
        let hostKeys: ExportHostKeys.Result
        do { hostKeys = try ExportHostKeys.collect(targets, acceptNew: acceptNewHostKey, timeoutSeconds: setup.timeoutSeconds) } catch {
            throw CommandFailure(error.description)
        }
        let export: AnsibleExport
        do { export = try AnsibleExport(setup: setup, setupFile: setupFile, hosts: exportHosts, hostKeys: hostKeys.keys, key: key) } catch {
            throw CommandFailure(error.description)
        }
        try write(export.files)
        for sentence in hostKeys.accepted { Console.warning(sentence) }
        for sentence in export.limitations { Console.error("not exported: " + sentence) }
        Console.out("""
            Wrote \(output): \(export.files.map(\.name).joined(separator: ", ")) for \(targets.count) target\(targets.count == 1 ? "" : "s").
            Run it from there: cd \(ShellQuoting.quote(output)) && ansible-playbook --ask-pass playbook.yml

            """)
    }

    /// The public key the set-up installs (nil for askpass), and the file its login proof uses.
    private func keyToExport(_ setup: Setup, account: UserAccount) throws(CommandFailure) -> AnsibleExport.Key? {
        let publicKey: String
        switch (setup.mechanism, setup.key) {
        case (.askpass, _):
            return nil
        case (.certificate, _):
            guard let certificate = setup.certificate else { throw CommandFailure(AnsibleExportError(.noKey).description) }
            publicKey = Self.certificatePublicKeyPath(ring: certificate.ring, label: certificate.label)
            guard LocalFile.exists(publicKey) else {
                throw CommandFailure("the certificate's public key is not at \(publicKey) yet; run 'sshauth apply \(ShellQuoting.quote(setupFile))' first (or 'sshauth ring export' with -o \(ShellQuoting.quote(publicKey))), then export.")
            }
        case (.keyPair, .existing(let path)?):
            publicKey = path
        case (.keyPair, .new(let new)?):
            publicKey = new.file + ".pub"
            guard LocalFile.exists(publicKey) else {
                throw CommandFailure("the set-up's key \(new.file) is not made yet, and the playbook does not make keys; run 'sshauth apply \(ShellQuoting.quote(setupFile))' or 'sshauth keygen -f \(ShellQuoting.quote(new.file))' first, then export.")
            }
        case (.keyPair, nil):
            throw CommandFailure("\(setupFile): " + AnsibleExportError(.noKey).description)
        }
        let key: KeyToInstall
        do { key = try KeyToInstall.load(publicKey, account: account) } catch { throw CommandFailure(error.description) }
        return AnsibleExport.Key(line: key.line.text, identityFile: key.privateKeyPath ?? key.publicKeyPath)
    }

    /// Where mechanism 4 writes a certificate's public key on its first export: beside the ring,
    /// named after the ring and the label.
    static func certificatePublicKeyPath(ring: String, label: String) -> String {
        let directory = ring.lastIndex(of: "/").map { String(ring[...$0]) } ?? ""
        let file = String(ring.dropFirst(directory.count))
        let stem = file.lastIndex(of: ".").map { String(file[..<$0]) } ?? file
        let safeLabel = String(label.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "_" })
        return directory + stem + "-" + safeLabel + ".pub"
    }

    /// Creates the directory (0700; it must be new) and writes the files (0644, none secret). On
    /// any failure what was written is removed again, so no half export is left.
    private func write(_ files: [AnsibleExport.File]) throws(CommandFailure) {
        do { _ = try DirectoryTrust.check(directoryOf: output) } catch { throw CommandFailure(error.description) }
        guard mkdir(output, 0o700) == 0 else {
            if errno == EEXIST { throw CommandFailure("\(output) already exists; give -o a new directory, so that no earlier file is mixed with the export.") }
            throw CommandFailure("could not create the directory \(output): \(String(cString: strerror(errno))); nothing was exported.")
        }
        // mkdir applies the umask; make the mode exact.
        chmod(output, 0o700)
        var written: [String] = []
        do throws(LocalFileError) {
            for file in files {
                let path = output + "/" + file.name
                try SafeFileWriter.write(Array(file.text.utf8), to: path, mode: 0o644, replace: false)
                written.append(path)
            }
        } catch {
            for path in written { unlink(path) }
            rmdir(output)
            throw CommandFailure("\(error.description) Nothing was exported.")
        }
    }

    /// Whether `path` names anything, a dangling symbolic link included.
    private func anythingIsAt(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
