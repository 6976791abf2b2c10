import ArgumentParser
import AuthSetup

/// `sshauth zos use`: the lines that export and use a key ring certificate's key.
struct ZOSUseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use",
        abstract: "Print the lines that export a key ring certificate's public key and log in with it.",
        discussion: """
            Three pieces to copy: the z/OS UNIX command that exports the public key in OpenSSH \
            format (_ZOS_SSH_KEY_RING_LABEL="RING LABEL" ssh-keygen -y), to be added to the \
            target's authorized_keys (sshauth install can do that once the file is here); the \
            cozsftp command with -k RING:LABEL; and the COZCFG DD with saf-cert=RING:LABEL for the \
            Co:Z Launcher. Use '*' as the ring for the user's virtual key ring.

            A COZCFG line longer than 71 columns is continued with a backslash, as Co:Z allows.
            """
    )

    @Option(help: ArgumentHelp("The key ring ('*' for the virtual key ring).", valueName: "ring"))
    var ring: String

    @Option(help: ArgumentHelp("The certificate's label.", valueName: "label"))
    var label: String

    @Option(name: .customLong("key-file"), help: ArgumentHelp("File name for the exported public key (default: the label plus .pub).", valueName: "name"))
    var keyFile: String?

    @Argument(help: ArgumentHelp("The target, as [user@]host[:port].", valueName: "[user@]host"))
    var target: String

    @OptionGroup var output: GeneratedTextOutput

    func run() throws {
        try output.deliver {
            if let keyFile, keyFile.isEmpty || keyFile.contains("\n") {
                throw CommandFailure("--key-file needs a file name on one line.")
            }
            let usage = try KeyRingUsage(ring: KeyRingName(ring), label: RACFLabel(label),
                                         target: TargetAddress(parsing: target), publicKeyFile: keyFile)
            return try usage.text()
        }
    }
}
