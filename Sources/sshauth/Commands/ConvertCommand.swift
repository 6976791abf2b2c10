import ArgumentParser
import AuthSetup
import Flows
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

extension KeyFileFormat: ExpressibleByArgument {}

/// `sshauth convert`: a key file from any format sshauth reads into one it writes.
struct ConvertCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a public or private key file between OpenSSH, RFC 4716, PKCS#8 and PuTTY .ppk formats.",
        discussion: """
            FILE may be an OpenSSH private key (openssh-key-v1) or .pub line, a PEM key (PKCS#8, \
            PKCS#1 or SEC1 private keys, encrypted or not; SubjectPublicKeyInfo or PKCS#1 public \
            keys), a PuTTY .ppk file (versions 2 and 3, encrypted or not), or an RFC 4716 public \
            key ('-' reads standard input). --to names the format to write: openssh \
            (openssh-key-v1, or a .pub line), rfc4716 (public keys only, as ssh-keygen -e writes \
            them), pkcs8 (PKCS#8 PEM, or for a public key a PEM SubjectPublicKeyInfo, as \
            ssh-keygen -e -m PKCS8 writes it), ppk (PuTTY's version 3 file, Argon2id and \
            AES-256-CBC when encrypted; private keys only, as PuTTYgen saves them).

            A private key gives a private key, unless --public asks for its public half or the \
            format holds public keys only (rfc4716). A private key goes only to the file -o names, \
            made new with mode 0600 (O_EXCL, synced, then moved into place); a public key goes to \
            -o (mode 0644) or, without -o, to standard output. An existing output file is never \
            replaced without --force.

            An encrypted input's passphrase comes from --old-passphrase-file or the terminal; a \
            private output's from --passphrase-file, or is asked twice on the terminal (empty for \
            none); --no-passphrase leaves it unencrypted. PKCS#8 output is encrypted with \
            AES-256-CBC under PBKDF2, as OpenSSL 3 does by default, and keeps no comment. OpenSSH \
            9.2 loads RSA and ECDSA keys in PKCS#8 but not Ed25519 ones.
            """
    )

    @Argument(help: ArgumentHelp("The key file to convert ('-' for standard input).", valueName: "file"))
    var file: String

    @Option(name: .customLong("to"), help: ArgumentHelp("The format to write.", valueName: "format"))
    var format: KeyFileFormat

    @Option(name: .customShort("o"), help: ArgumentHelp("Write to this file (required for a private key; a public key goes to standard output without it).", valueName: "file"))
    var output: String?

    @Flag(help: "Write the public half of a private key.")
    var `public` = false

    @Flag(help: "Replace an existing output file.")
    var force = false

    @Option(name: .customLong("old-passphrase-file"), help: ArgumentHelp("Read the input key's passphrase from this file (yours, mode 0600 or 0400).", valueName: "file"))
    var oldPassphraseFile: String?

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("Read the new private key's passphrase from this file (yours, mode 0600 or 0400).", valueName: "file"))
    var passphraseFile: String?

    @Flag(name: .customLong("no-passphrase"), help: "Leave the new private key unencrypted.")
    var noPassphrase = false

    func validate() throws {
        if passphraseFile != nil, noPassphrase {
            throw ValidationError("--passphrase-file and --no-passphrase contradict each other; give one of them.")
        }
    }

    func execute() throws(CommandFailure) {
        let name = file == "-" ? "(stdin)" : file
        var text = try local { () throws(LocalFileError) in try LocalFile.readAll(file, kind: .key) }
        // An unencrypted private key is in these bytes.
        defer { SecretBytes.wipe(&text) }
        let givesPrivateKey = KeyFileConversion.givesPrivateKey(text, to: format, publicHalf: `public`)
        if givesPrivateKey, output == nil {
            throw CommandFailure("\(name) holds a private key, which sshauth writes only to a file: give -o FILE, or --public for its public half. Nothing was written.")
        }
        // Before any question: the output's place must be one sshauth may write to.
        if let output {
            _ = try local { () throws(LocalFileError) in try DirectoryTrust.check(directoryOf: output) }
            if !force, LocalFile.exists(output) {
                throw CommandFailure("\(output) already exists; pass --force to replace it, or choose another file with -o. Nothing was written.")
            }
        }
        let outcome = try CommandFailure.flow { () throws(FlowFailure) in
            try KeyFileConversion.convert(text, name: name, to: format, publicHalf: `public`, oldPassphrase: { () throws(FlowFailure) in
                try PassphraseCommand.oldPassphrase(from: oldPassphraseFile, for: name, options: "--old-passphrase-file FILE", nothing: "Nothing was written.")
            }, newPassphrase: { () throws(FlowFailure) in
                try PassphraseCommand.newPassphrase(from: passphraseFile, none: noPassphrase,
                                                    options: "--passphrase-file FILE, or --no-passphrase for an unencrypted key", nothing: "Nothing was written.")
            })
        }
        if !givesPrivateKey, passphraseFile != nil || noPassphrase {
            Console.warning("the output is a public key, which has no passphrase; --passphrase-file and --no-passphrase are not used.")
        }
        for note in outcome.notes { Console.warning(note) }
        switch outcome.converted {
        case .privateKey(let encoded, let encrypted):
            guard let output else { return }
            try local { () throws(LocalFileError) in try SafeFileWriter.write(encoded, to: output, mode: 0o600, replace: force) }
            Console.out("Wrote the \(format.name) private key\(encrypted ? " (encrypted)" : "") to \(output).\n")
        case .publicKey(let encoded):
            guard let output else {
                Console.write(encoded, to: STDOUT_FILENO)
                return
            }
            try local { () throws(LocalFileError) in try SafeFileWriter.write(encoded, to: output, mode: 0o644, replace: force) }
            Console.out("Wrote the \(format.name) public key to \(output).\n")
        }
    }

    private func local<R>(_ body: () throws(LocalFileError) -> R) throws(CommandFailure) -> R {
        do { return try body() } catch { throw CommandFailure(error.description) }
    }
}
