import Wizard
import AuthSetup

extension KeySelection {
    /// The set-up that the wizard's key-pair answers amount to for a target: the existing key's
    /// .pub, or the new key's type, size, comment and file. A typed passphrase is never part of a
    /// set-up: a new key with one asks for it when the set-up runs (none stays none). The host key
    /// is asked about and the password typed, as in the wizard.
    public func setup(target: TargetAddress, knownHostsFile: String?) -> Setup {
        let key: Setup.KeyChoice
        switch self {
        case .existing(let existing):
            key = .existing(publicKey: existing.publicKeyPath)
        case .new(let form):
            key = .new(form.newKey)
        }
        return Setup(mechanism: .keyPair, targets: [target], knownHostsFile: knownHostsFile, unknownHostKey: .ask,
                     login: .password(.ask), key: key)
    }
}

extension NewKeyForm {
    /// The form as a set-up's new key (the passphrase only as "ask", when one was typed).
    var newKey: Setup.NewKey {
        let type: String, bits: Int?
        switch kind {
        case .ed25519: (type, bits) = ("ed25519", nil)
        case .ecdsa256: (type, bits) = ("ecdsa", 256)
        case .rsa3072, .rsa4096: (type, bits) = ("rsa", kind.bits)
        }
        return Setup.NewKey(type: type, bits: bits, comment: comment, file: path, passphrase: passphrase.isEmpty ? nil : .ask)
    }
}
