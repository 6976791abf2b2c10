import SSHKeys

/// A set-up rendered as an Ansible project: an inventory of the targets, a playbook that does
/// what Ansible's standard modules can of the set-up, the host keys sshauth has pinned for the
/// targets (so that Ansible runs with host key checking on), an `ansible.cfg` that makes ssh use
/// them, and a README. Pure text: reading the inputs and writing the files is the caller's.
/// No file holds a secret; the password is given when the playbook runs.
public struct AnsibleExport: Sendable {
    /// One target as ssh reaches it (the list's entry with ~/.ssh/config applied).
    public struct Host: Sendable, Equatable {
        /// The name in the `--hosts` list; kept as the inventory name when it is a plain name.
        public var name: String
        public var user: String
        public var host: String
        public var port: Int

        public init(name: String, user: String, host: String, port: Int) {
            self.name = name
            self.user = user
            self.host = host
            self.port = port
        }
    }

    /// A host key pinned for a target, written to the exported known_hosts.
    public struct PinnedHostKey: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var key: SSHPublicKey

        public init(host: String, port: Int, key: SSHPublicKey) {
            self.host = host
            self.port = port
            self.key = key
        }
    }

    /// The public key to install, and what the login proof hands to `ssh -i`.
    public struct Key: Sendable, Equatable {
        /// The authorized_keys line: `type base64 [comment]`.
        public var line: String
        /// The private key file, or the `.pub` when the private key is only in ssh-agent.
        public var identityFile: String

        public init(line: String, identityFile: String) {
            self.line = line
            self.identityFile = identityFile
        }
    }

    /// One file of the export, named relative to the export directory.
    public struct File: Sendable, Equatable {
        public let name: String
        public let text: String
    }

    /// The inventory group every exported target is in, and that the playbook runs on.
    public static let group = "sshauth_targets"

    public let setup: Setup
    /// The set-up file, as named on the command line (for the comments and the README).
    public let setupFile: String
    public let hosts: [Host]
    public let hostKeys: [PinnedHostKey]
    public let key: Key?
    /// The inventory name of each host, in the order of `hosts`.
    let aliases: [String]

    /// Checks that every value can be written safely. A key-pair or certificate set-up needs `key`.
    public init(setup: Setup, setupFile: String, hosts: [Host], hostKeys: [PinnedHostKey], key: Key?) throws(AnsibleExportError) {
        guard !hosts.isEmpty else { throw AnsibleExportError(.noHosts) }
        if setup.mechanism != .askpass, key == nil { throw AnsibleExportError(.noKey) }
        for host in hosts {
            for value in [host.user, host.host] where !Self.isSafeTargetPart(value) {
                throw AnsibleExportError(.unsafeTarget(name: host.name, value: value))
            }
        }
        for pinned in hostKeys where !Self.isSafeTargetPart(pinned.host) {
            throw AnsibleExportError(.unsafeTarget(name: pinned.host, value: pinned.host))
        }
        if let key {
            // The module reads several keys from one value, one per line: a line break would add a key.
            guard !key.line.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw AnsibleExportError(.unsafeText(what: "the public key line", value: key.line))
            }
            guard !key.identityFile.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw AnsibleExportError(.unsafeText(what: "the key file", value: key.identityFile))
            }
        }
        self.setup = setup
        self.setupFile = setupFile
        self.hosts = hosts
        self.hostKeys = hostKeys
        self.key = key
        aliases = Self.aliases(for: hosts)
    }

    /// What a host or user may hold to go into the inventory, the playbook's templates and
    /// known_hosts unchanged: no quote (the inventory's quoting), no brace (Ansible's templates),
    /// no blank, control or invisible character, and none of known_hosts' `,*?!`.
    static func isSafeTargetPart(_ value: String) -> Bool {
        !value.isEmpty && !value.unicodeScalars.contains { scalar in
            TargetAddress.isInvisible(scalar) || "'\"`{}#,*?!".unicodeScalars.contains(scalar)
        }
    }

    /// The list's names where they are plain and distinct; `target-N` (its place in the list) otherwise.
    static func aliases(for hosts: [Host]) -> [String] {
        var used: Set<String> = []
        var aliases: [String] = []
        for (index, host) in hosts.enumerated() {
            var alias = AnsibleQuoting.isPlainHostAlias(host.name) ? host.name : "target-\(index + 1)"
            while used.contains(alias.lowercased()) { alias += "-\(index + 1)" }
            used.insert(alias.lowercased())
            aliases.append(alias)
        }
        return aliases
    }

    /// The files to write, in the order they are described in the README.
    public var files: [File] {
        [File(name: "inventory.ini", text: inventory),
         File(name: "playbook.yml", text: AnsiblePlaybook(export: self).text),
         File(name: "known_hosts", text: knownHosts),
         File(name: "ansible.cfg", text: configuration),
         File(name: "README.md", text: AnsibleExportReadme(export: self).text)]
    }

    /// What the set-up does that this export leaves out, one sentence each (for standard error
    /// and the README).
    public var limitations: [String] {
        var sentences: [String] = []
        switch setup.mechanism {
        case .keyPair:
            if case .new(let new)? = setup.key {
                sentences.append("The key pair is not made by the playbook: it installs the existing \(new.file).pub.")
            }
        case .askpass:
            sentences.append("The askpass set-up (the stored password file, the helper and the wrappers) lives on this machine, so Ansible has nothing to install for it on the targets: the playbook only proves that the password logs in with the pinned host keys; run 'sshauth apply' on this machine for the rest.")
        case .certificate:
            sentences.append("The key ring and its certificate stay on this machine: the playbook installs the certificate's public key, but does not create or renew the certificate, does not load its key into ssh-agent (the login proof needs it there), and does not run the z/OS RACDCERT jobs, which are JCL for z/OS and not something these modules can run.")
        }
        if setup.mechanism != .askpass {
            if setup.install.fixHomePermissions {
                sentences.append("The remote home's permissions are not checked or fixed (the set-up allows sshauth to fix them); ansible.posix.authorized_key does not look at the home directory, so sshd's StrictModes may still refuse the key.")
            }
            if setup.install.targetPath != nil {
                sentences.append("The authorized_keys directory of the set-up's target path is neither created nor given its permissions by the playbook (manage_dir is off there, as it would change a directory that may be shared).")
            }
        }
        return sentences
    }

    /// `[sshauth_targets]` and one line per host, every value quoted for Ansible's INI reader.
    var inventory: String {
        var text = """
            # Written by sshauth export ansible: the targets, as ssh reaches them (~/.ssh/config applied).
            # Each value is read by Ansible as text. No password belongs here: see README.md.
            [\(Self.group)]

            """
        for (host, alias) in zip(hosts, aliases) {
            text += "\(alias) ansible_host=\(AnsibleQuoting.inventoryValue(host.host)) ansible_port=\(host.port) ansible_user=\(AnsibleQuoting.inventoryValue(host.user))\n"
        }
        return text
    }

    /// The pinned keys, one line each as ssh writes them (`[host]:port` for ports other than 22).
    var knownHosts: String {
        var seen: Set<String> = []
        var text = ""
        for pinned in hostKeys {
            let line = KnownHostsFile.entryText(host: pinned.host, port: pinned.port, key: pinned.key, hashed: false)
            if seen.insert(line).inserted { text += line + "\n" }
        }
        return text
    }

    /// Ansible's settings: this inventory, host key checking on, and ssh told to check host keys
    /// against the exported known_hosts only, refusing an unknown or changed key.
    var configuration: String {
        """
        # Written by sshauth export ansible. Ansible reads this file only when it runs in this directory.
        [defaults]
        inventory = inventory.ini
        host_key_checking = True

        [ssh_connection]
        # ssh checks each target's host key against known_hosts in this directory, and stops on an
        # unknown or changed one. The first three options are Ansible's own defaults.
        ssh_args = -C -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=known_hosts -o StrictHostKeyChecking=yes

        """
    }

    /// The mechanism in words, for the comments and the README.
    var mechanismName: String {
        switch setup.mechanism {
        case .keyPair: "key pair"
        case .askpass: "askpass, a stored password"
        case .certificate: "certificate in a key ring"
        }
    }

    /// The authorized_keys file as the module takes it (nil: its default, `~/.ssh/authorized_keys`).
    /// sshauth reads a relative target path from the home directory, as sshd does; the module
    /// would read it from its working directory, so it gets `~/` in front.
    var authorizedKeysPath: String? {
        guard let path = setup.install.targetPath else { return nil }
        return path.hasPrefix("/") || path.hasPrefix("~/") ? path : "~/" + path
    }
}
