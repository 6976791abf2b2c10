/// The README.md of an export: what the files are, how to run the playbook with host key
/// checking on and the password given at run time, and what it does not do.
struct AnsibleExportReadme {
    let export: AnsibleExport

    var text: String {
        let count = export.hosts.count
        var text = """
            # Ansible export of an sshauth set-up

            Written by `sshauth export ansible` from the set-up file \(AnsibleQuoting.yamlString(export.setupFile)) \
            (\(export.mechanismName)), for \(count) target\(count == 1 ? "" : "s").

            - `inventory.ini`: the targets, in the group `\(AnsibleExport.group)`, as ssh reaches them.
            - `playbook.yml`: \(playbookSummary)
            - `known_hosts`: the host keys sshauth had pinned for these targets.
            - `ansible.cfg`: this inventory, and host key checking on: ssh checks every target against
              `known_hosts` here and stops on an unknown or changed host key. Do not turn it off.

            No file here holds a password. Run the playbook from this directory (Ansible reads
            `ansible.cfg` from the current directory only), giving the password when it runs:

                ansible-playbook --ask-pass playbook.yml

            `--ask-pass` needs `sshpass` on this machine. For unattended runs keep the password in a vault:

                ansible-vault create secrets.yml        # with the line: ansible_password: ...
                ansible-playbook --ask-vault-pass -e @secrets.yml playbook.yml

            \(loginNote)Check the files first without touching a target:

                ansible-inventory --list
                ansible-playbook --syntax-check playbook.yml

            """
        text += "\n## What it does\n\n" + doesText + "\n"
        let limitations = export.limitations
        text += "\n## What it does not do\n\n"
        text += (["It never turns host key checking off, and never writes a password to a file."] + limitations)
            .map { "- " + $0 }.joined(separator: "\n") + "\n"
        return text
    }

    private var playbookSummary: String {
        switch export.setup.mechanism {
        case .keyPair, .certificate:
            export.setup.install.verify
                ? "appends the public key to each target's authorized_keys, then proves that it logs in."
                : "appends the public key to each target's authorized_keys (the set-up asks for no login proof)."
        case .askpass:
            "logs in to each target with the password, checking its pinned host key."
        }
    }

    private var loginNote: String {
        guard case .identity(let path, _) = export.setup.login else { return "" }
        return "The set-up logs in with a key the targets already accept; give it instead of a password:\n\n" +
            "    ansible-playbook --private-key \(ShellQuoting.quote(path)) playbook.yml\n\n"
    }

    private var doesText: String {
        switch export.setup.mechanism {
        case .keyPair, .certificate:
            var lines = [
                "- `ansible.posix.authorized_key` with `state: present` adds the key to "
                    + (export.authorizedKeysPath.map { "\(AnsibleQuoting.yamlString($0))" } ?? "`~/.ssh/authorized_keys`")
                    + " when it is not there yet"
                    + (export.authorizedKeysPath == nil ? ", creating `~/.ssh` (0700) and the file (0600) when missing." : "."),
            ]
            if export.setup.install.verify {
                lines.append("- The proof runs `ssh` on this machine against each target with that key alone (`-i` "
                             + "\(AnsibleQuoting.yamlString(export.key?.identityFile ?? "")), `IdentitiesOnly`, `BatchMode`, no shared "
                             + "connection), checking the host key against `known_hosts` here: the task fails on a target "
                             + "where the key does not log in. A key with a passphrase must be in ssh-agent.")
            }
            return lines.joined(separator: "\n")
        case .askpass:
            return "- Each target is logged in to with the password (`ansible.builtin.raw: true`), its host key checked against `known_hosts` here."
        }
    }
}
