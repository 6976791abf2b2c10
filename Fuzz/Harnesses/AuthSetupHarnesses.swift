import AuthSetup

extension Harness {
    /// ssh_config: parsing and resolving an alias and a target never trap. The file is parsed as if it
    /// were in a directory that does not exist, so an `Include` reads nothing from this machine.
    static let sshClientConfig = Harness(name: "ssh-config") { input in
        let text = String(decoding: input, as: UTF8.self)
        guard let config = try? SSHClientConfig(text: text, path: "/nonexistent-sshauth-fuzz/config", home: "/nonexistent-sshauth-fuzz") else { return }
        _ = config.resolve(alias: "fuzz")
        _ = config.resolve(target: TargetAddress(user: nil, host: "host.example", port: nil), localUser: "alice", localHome: "/nonexistent-sshauth-fuzz")
    }

    /// Askpass prompts: a prompt is answered with the password only when it names the account the
    /// password belongs to. The first line of the input is the prompt kind (SSH_ASKPASS_PROMPT).
    static let askpassPrompt = Harness(name: "askpass-prompt") { input in
        let text = String(decoding: input, as: UTF8.self)
        let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let kind = parts.count == 2 ? String(parts[0]) : nil
        let prompt = String(parts.last ?? "")
        guard case .password = AskpassPrompt(prompt, promptKind: kind, user: "alice", host: "host.example") else { return }
        guard prompt.contains("alice@host.example") else { violated("a password is given only to a prompt naming its account", prompt) }
    }

    /// z/OS names and dates: each line is tried as every kind of name; an accepted one never traps.
    static let zosNames = Harness(name: "zos-names") { input in
        for line in String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let text = String(line)
            _ = try? DatasetName(text)
            _ = try? KeyRingName(text)
            _ = try? RACFLabel(text)
            _ = try? ZOSUserID(text)
            _ = try? RACFDate(text)
            _ = try? TargetAddress(parsing: text)
        }
    }
}
