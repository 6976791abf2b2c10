/// A fuzz target: a name for the command line and a function that feeds one input to a parser
/// and traps when a property the parser promises does not hold.
struct Harness: Sendable {
    let name: String
    let run: @Sendable (UnsafeBufferPointer<UInt8>) -> Void

    static let all: [Harness] = [
        publicKeyLine, authorizedKeys, knownHosts, fingerprintListing, openSSHPrivateKey, pemKey,
        puttyKeyFile,
        keyRing, certificate, sshClientConfig, askpassPrompt, zosNames, setupFile, targetList, rfc4716PublicKey,
    ]
}

/// Stops the run with a message libFuzzer records next to the crashing input.
func violated(_ property: String, _ details: @autoclosure () -> String = "") -> Never {
    fatalError("property violated: \(property) \(details())")
}
