import ArgumentParser
import AuthSetup
import Flows
import SSHKeys

/// `sshauth passphrase`: change, add or remove a private key's passphrase, as `ssh-keygen -p` does.
struct PassphraseCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "passphrase",
        abstract: "Change, add or remove the passphrase of a private key file, as ssh-keygen -p does.",
        discussion: """
            The key keeps its format, comment and file mode; an openssh-key-v1 key keeps its KDF \
            rounds. A key in an older PEM form (BEGIN RSA PRIVATE KEY, BEGIN EC PRIVATE KEY) is \
            written back as PKCS#8 PEM, which OpenSSH reads as well. The new file is made beside \
            the old one (O_EXCL, mode kept, synced) and renamed over it, only if the old one has not \
            changed meanwhile; when FILE is a symbolic link, the file it points to is replaced. A \
            wrong old passphrase changes nothing.

            The old passphrase (asked only when the key has one) comes from --old-passphrase-file \
            or the terminal; the new one from --new-passphrase-file, or is asked twice on the \
            terminal (empty for none). --no-passphrase removes it. Passphrase files must be yours, \
            mode 0600 or 0400; their first line is the passphrase.
            """
    )

    @Option(name: .customShort("f"), help: ArgumentHelp("The private key file.", valueName: "file"))
    var file: String

    @Option(name: .customLong("old-passphrase-file"), help: ArgumentHelp("Read the current passphrase from this file (yours, mode 0600 or 0400).", valueName: "file"))
    var oldPassphraseFile: String?

    @Option(name: .customLong("new-passphrase-file"), help: ArgumentHelp("Read the new passphrase from this file (yours, mode 0600 or 0400).", valueName: "file"))
    var newPassphraseFile: String?

    @Flag(name: .customLong("no-passphrase"), help: "Remove the passphrase: the file's permissions become the key's only protection.")
    var noPassphrase = false

    func validate() throws {
        if newPassphraseFile != nil, noPassphrase {
            throw ValidationError("--new-passphrase-file and --no-passphrase contradict each other; give one of them.")
        }
    }

    func execute() throws(CommandFailure) {
        let outcome = try CommandFailure.flow { () throws(FlowFailure) in
            try KeyPassphraseChange.change(file, oldPassphrase: { () throws(FlowFailure) in
                try Self.oldPassphrase(from: oldPassphraseFile, for: file, options: "--old-passphrase-file FILE", nothing: "Nothing was changed.")
            }, newPassphrase: { () throws(FlowFailure) in
                try Self.newPassphrase(from: newPassphraseFile, none: noPassphrase, options: "--new-passphrase-file FILE, or --no-passphrase to remove it",
                                       nothing: "Nothing was changed.")
            })
        }
        if outcome.formatChanged {
            Console.out("\(file) was in an older PEM form; it is now PKCS#8 PEM, which OpenSSH and OpenSSL read as well.\n")
        }
        Console.out(outcome.encrypted
            ? "Your identification has been saved with the new passphrase.\n"
            : "Your identification has been saved without a passphrase; its file mode is now its only protection.\n")
    }

    /// The passphrase of an existing key: from its file, or asked once on the terminal.
    static func oldPassphrase(from path: String?, for key: String, options: String, nothing: String) throws(FlowFailure) -> SecretBytes? {
        if let path { return try read(.file(path)) }
        guard Console.stdinIsTerminal else {
            throw FlowFailure("\(key) is protected by a passphrase and there is no terminal to ask on; pass \(options). \(nothing)")
        }
        guard let typed = PassphrasePrompt.ask("Enter passphrase for \(TerminalText.printable(key)): ") else {
            throw FlowFailure("cannot read the passphrase: there is no terminal. \(nothing)")
        }
        return typed
    }

    /// A new passphrase: none, from its file, or asked twice on the terminal (empty: none).
    static func newPassphrase(from path: String?, none: Bool, options: String, nothing: String) throws(FlowFailure) -> SecretBytes? {
        if none { return nil }
        if let path { return try read(.file(path)) }
        guard Console.stdinIsTerminal else {
            throw FlowFailure("no new passphrase given and no terminal to ask on; pass \(options). \(nothing)")
        }
        do {
            let typed = try PassphrasePrompt.askTwice("Enter new passphrase (empty for no passphrase): ", again: "Enter same passphrase again: ", what: "passphrase")
            return typed.isEmpty ? nil : typed
        } catch {
            throw FlowFailure(error.sentence)
        }
    }

    private static func read(_ source: SecretSource) throws(FlowFailure) -> SecretBytes {
        do { return try source.read() } catch { throw FlowFailure(error.description) }
    }
}
