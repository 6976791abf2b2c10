import ArgumentParser
import AuthSetup
import SSHKeys

/// `sshauth ring agent`: the certificate's private key into the running ssh-agent, never into a file.
struct RingAgentCommand: FailureReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Add a ring certificate's private key to the running ssh-agent, without writing it to any file.",
        discussion: """
            The key is sent to the agent at SSH_AUTH_SOCK over its socket (as ssh-add does), with \
            the label as its comment; ssh then logs in with it through the agent. With no agent \
            running, start one first: eval "$(ssh-agent)". --lifetime makes the agent forget the \
            key after that many seconds.
            """
    )

    @OptionGroup var selection: RingSelection
    @OptionGroup var password: RingPasswordOptions

    @Option(name: .customLong("lifetime"), help: ArgumentHelp("Seconds the agent keeps the key (default: until the agent ends).", valueName: "seconds"))
    var lifetime: UInt32?

    @Flag(name: .customLong("allow-expired"), help: "Add the key of an expired certificate too.")
    var allowExpired = false

    func validate() throws {
        if lifetime == 0 { throw ValidationError("--lifetime 0 would remove the key at once; give at least 1 second.") }
    }

    func execute() throws(CommandFailure) {
        let reference = try selection.resolve(needsLabel: true)
        let label = reference.label ?? ""
        // Without an agent there is nothing to do, so say so before asking for the password.
        let agent: SSHAgentClient
        do { agent = try SSHAgentClient.fromEnvironment() } catch { throw CommandFailure(error.description) }
        let bytes: [UInt8]
        do { bytes = try LocalFile.readAll(reference.path) } catch { throw CommandFailure(error.description) }
        let secret = try password.read(for: reference.path, newRing: false)
        let ring: KeyRing
        do { ring = try RingFile.open(bytes, path: reference.path, password: secret) } catch {
            throw RingFailure.sentence(error, path: reference.path, nothingWritten: false)
        }
        let certificate: RingCertificate
        do { certificate = try ring.certificate(labelled: label) } catch {
            throw RingFailure.sentence(error, path: reference.path, nothingWritten: false)
        }
        if !allowExpired, certificate.isExpired() {
            throw RingFailure.expired(certificate, name: label, path: reference.path)
        }
        let key: SSHPrivateKey
        do { key = try certificate.sshPrivateKey() } catch { throw RingFailure.sentence(error, path: reference.path, nothingWritten: false) }
        do { try agent.add(key, lifetime: lifetime) } catch { throw CommandFailure(error.description) }
        let fingerprint = Fingerprint(of: key.publicKey)
        Console.out("Identity added to the agent: \(key.publicKey.bits) \(fingerprint) \(key.comment) (\(key.algorithm.shortName))\n")
        if let lifetime { Console.out("Lifetime set to \(lifetime) seconds.\n") }
    }
}
