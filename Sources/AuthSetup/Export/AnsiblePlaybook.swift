/// The exported `playbook.yml`: what Ansible's standard modules can do of a set-up, then a proof
/// that the key logs in. Every value that comes from the user is a quoted YAML string tagged
/// `!unsafe`, so it is neither YAML nor an Ansible template.
struct AnsiblePlaybook {
    let export: AnsibleExport

    /// The proof's ssh options: no prompt, this key only, the pinned host keys only, and no shared
    /// connection, which could be the one Ansible opened with the password.
    static let proofOptions = ["BatchMode=yes", "IdentitiesOnly=yes", "PreferredAuthentications=publickey", "StrictHostKeyChecking=yes",
                               "UserKnownHostsFile=known_hosts", "ControlMaster=no", "ControlPath=none", "ConnectTimeout=10"]

    var text: String {
        var lines = [
            "# Written by sshauth export ansible from the set-up file \(AnsibleQuoting.yamlString(export.setupFile)) (\(export.mechanismName)).",
            "# Run it from this directory, so that ansible.cfg and known_hosts are used: see README.md.",
            "- name: \(AnsibleQuoting.yamlString(playName))",
            "  hosts: \(AnsibleExport.group)",
            "  gather_facts: false",
            "  tasks:",
        ]
        switch export.setup.mechanism {
        case .keyPair, .certificate:
            lines += installTask
            if export.setup.install.verify { lines += [""] + proofTask }
        case .askpass:
            lines += passwordLoginTask
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var playName: String {
        switch export.setup.mechanism {
        case .keyPair: "Install the public key of the sshauth set-up and prove that it logs in"
        case .certificate: "Install the certificate's public key of the sshauth set-up and prove that it logs in"
        case .askpass: "Prove that the stored password of the sshauth set-up logs in"
        }
    }

    private var installTask: [String] {
        guard let key = export.key else { return [] }
        var lines = [
            "    - name: Append the public key to authorized_keys (nothing changes where it is already there)",
            "      ansible.posix.authorized_key:",
            "        user: \"{{ ansible_user }}\"",
            "        key: \(AnsibleQuoting.unsafeYAML(key.line))",
            "        state: present",
        ]
        if let path = export.authorizedKeysPath {
            lines += ["        path: \(AnsibleQuoting.unsafeYAML(path))", "        manage_dir: false"]
        } else {
            lines += ["        manage_dir: true"]
        }
        return lines
    }

    /// A new ssh connection from this machine with the key alone: a module run over Ansible's own
    /// connection would prove nothing, as that connection logged in with the password.
    private var proofTask: [String] {
        guard let key = export.key else { return [] }
        var lines = [
            "    - name: Prove that the key logs in (a new ssh connection from this machine, with that key only)",
            "      ansible.builtin.command:",
            "        argv:",
            "          - ssh",
        ]
        for option in Self.proofOptions { lines += ["          - \"-o\"", "          - \(option)"] }
        lines += [
            "          - \"-i\"",
            "          - \(AnsibleQuoting.unsafeYAML(key.identityFile))",
            "          - \"-p\"",
            "          - \"{{ hostvars[inventory_hostname].ansible_port }}\"",
            "          - \"-l\"",
            "          - \"{{ hostvars[inventory_hostname].ansible_user }}\"",
            "          - \"{{ hostvars[inventory_hostname].ansible_host }}\"",
            "          - \"true\"",
            "        chdir: \"{{ playbook_dir }}\"",
            "      delegate_to: localhost",
            "      changed_when: false",
        ]
        return lines
    }

    /// Askpass keeps everything on this machine; what Ansible can check is that the password
    /// logs in with the pinned host key (raw: no Python needed on the target).
    private var passwordLoginTask: [String] {
        [
            "    - name: Log in with the password, checking the pinned host key",
            "      ansible.builtin.raw: \"true\"",
            "      changed_when: false",
        ]
    }
}
