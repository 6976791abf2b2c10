import ArgumentParser
import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth fingerprint`: `ssh-keygen -l [-v]` for every kind of key file, fast.
struct FingerprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprint",
        abstract: "Show key fingerprints exactly as ssh-keygen -l (and randomart as -lv) does.",
        discussion: """
            Each FILE may be a .pub file, a private key (openssh-key-v1, PEM or PuTTY .ppk; an \
            encrypted openssh-key-v1 key shows its public half without the passphrase, an encrypted \
            .ppk its comment too), an authorized_keys file, a known_hosts file, or an RFC 4716 \
            public key (which ssh-keygen -l does not read; its Comment header is the comment). '-' \
            reads standard input. With no FILE, standard input is \
            read when it is not a terminal; otherwise every ~/.ssh/id_*.pub is listed.

            Lines that hold no valid key are reported on standard error as FILE:LINE: reason, and \
            the exit status is then non-zero, as it is when a file holds no key at all. Valid \
            @cert-authority and @revoked known_hosts lines are passed over, as ssh-keygen passes \
            over them.
            """
    )

    enum HashName: String, ExpressibleByArgument, CaseIterable {
        case sha256, md5
    }

    @Option(name: .customShort("E"), help: "Fingerprint hash: sha256 (default) or md5.")
    var hash: HashName = .sha256

    @Flag(name: .short, help: "Also draw each key's randomart.")
    var verbose = false

    @Argument(help: "Key files to read ('-' for standard input).")
    var files: [String] = []

    func run() throws {
        let hash: Fingerprint.Hash = self.hash == .md5 ? .md5 : .sha256
        var output = Output()
        var ok = true
        for path in try inputFiles() {
            ok = list(path, hash: hash, into: &output) && ok
        }
        output.flush()
        if !ok { throw ExitCode.failure }
    }

    private func inputFiles() throws -> [String] {
        if !files.isEmpty { return files }
        if !Console.stdinIsTerminal { return ["-"] }
        let account: UserAccount
        do { account = try UserAccount.current() } catch {
            Console.error(error.description)
            throw ExitCode.failure
        }
        let found = KeyFiles.defaultPublicKeys(in: account.sshDirectory)
        if found.isEmpty {
            Console.error("no FILE given and no ~/.ssh/id_*.pub in \(account.sshDirectory); name the key files to fingerprint.")
            throw ExitCode.failure
        }
        return found
    }

    /// Lists one file; false when the file or any of its lines was unusable.
    private func list(_ path: String, hash: Fingerprint.Hash, into output: inout Output) -> Bool {
        let name = path == "-" ? "(stdin)" : path
        var privateKeyText: [UInt8]?
        var rfc4716Text: [UInt8]?
        let listing: FingerprintListing.FileListing
        do {
            listing = try LocalFile.withContents(of: path, kind: .keyListing) { (text) -> FingerprintListing.FileListing in
                if path != "-", PrivateKeyFile.announcesPrivateKey(text) {
                    privateKeyText = Array(text)
                    return FingerprintListing.FileListing()
                }
                if RFC4716PublicKeyFile.looksLikeOne(text) {
                    rfc4716Text = Array(text)
                    return FingerprintListing.FileListing()
                }
                return FingerprintListing.list(text, hash: hash, visual: verbose)
            }
        } catch {
            output.flush()
            Console.error(error.description)
            return false
        }
        if let privateKeyText {
            return listPrivateKey(path, text: privateKeyText, hash: hash, into: &output)
        }
        if let rfc4716Text {
            // ssh-keygen -l refuses RFC 4716 files; sshauth lists the key with its Comment header.
            do {
                let (key, comment) = try RFC4716PublicKeyFile.read(rfc4716Text)
                output.append(key: key, comment: Array((comment ?? "").utf8), hash: hash, visual: verbose)
                return true
            } catch {
                output.flush()
                Console.error("\(name): \(error).")
                return false
            }
        }
        output.append(listing.output)
        if !listing.problems.isEmpty {
            output.flush()
            let report = listing.problems.map { "\(name):\($0.line): \($0.error)\n" }.joined()
            Console.write(Array(report.utf8), to: STDERR_FILENO)
        }
        if listing.keyCount == 0 {
            output.flush()
            let markers = listing.markerLineCount > 0
                ? ": its @cert-authority and @revoked lines name CA and revoked keys, which ssh-keygen does not list either" : ""
            Console.error("\(name) holds no public key\(markers).")
            return false
        }
        return listing.problems.isEmpty
    }

    /// A private key file is listed the way ssh-keygen lists it: the key and comment of the
    /// `.pub` next to it when there is one (its path standing in for a missing comment), else
    /// the public half of the file itself.
    private func listPrivateKey(_ path: String, text: [UInt8], hash: Fingerprint.Hash, into output: inout Output) -> Bool {
        if let companion = try? LocalFile.readAll(path + ".pub", kind: .key) {
            var first: (any FingerprintedKey, [UInt8])?
            companion.withUnsafeBufferPointer { buffer in
                PublicKeyScanner.scan(buffer) { _, outcome in
                    guard first == nil else { return }
                    switch outcome {
                    case .key(let key, let comment): first = (key, Array(comment))
                    case .securityKey(let key, let comment): first = (key, Array(comment))
                    case .dsa(let key, let comment): first = (key, Array(comment))
                    case .certificate(let certificate, let comment): first = (CertifiedKeyListing(certificate), Array(comment))
                    case .invalid: break
                    }
                }
            }
            if let (key, comment) = first {
                // ssh-keygen names the .pub file when its line has no comment.
                output.append(key: key, comment: comment.isEmpty ? Array((path + ".pub").utf8) : comment, hash: hash, visual: verbose)
                return true
            }
        }
        do {
            // A PEM key holds no comment ("no comment"); an openssh-key-v1 key holds one, perhaps empty,
            // which ssh-keygen prints as it is.
            let (key, comment) = try PrivateKeyListing.publicHalf(text)
            output.append(key: key, comment: comment ?? [], hash: hash, visual: verbose, emptyIsComment: comment != nil)
            return true
        } catch {
            output.flush()
            let reason = error.kind == .passphraseRequired
                ? "the PEM key is encrypted, so its public key cannot be read without the passphrase; keep \(path).pub next to it"
                : error.description
            Console.error("\(path): \(reason).")
            return false
        }
    }

    /// Collects listing text and writes it in large chunks.
    private struct Output {
        var buffer: [UInt8] = []

        mutating func append(key: any FingerprintedKey, comment: [UInt8], hash: Fingerprint.Hash, visual: Bool, emptyIsComment: Bool = false) {
            var text = FingerprintListing.line(for: key, comment: comment, hash: hash, emptyIsComment: emptyIsComment) + "\n"
            if visual { text += FingerprintListing.randomart(for: key, hash: hash) + "\n" }
            append(Array(text.utf8))
        }

        mutating func append(_ bytes: [UInt8]) {
            if buffer.isEmpty, bytes.count >= 1 << 16 {
                Console.write(bytes, to: STDOUT_FILENO)
                return
            }
            buffer += bytes
            if buffer.count >= 1 << 16 { flush() }
        }

        mutating func flush() {
            Console.write(buffer, to: STDOUT_FILENO)
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
