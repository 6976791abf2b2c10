import AuthSetup
import SSHKeys
import Testing
@testable import WizardEffects
@testable import Wizard

/// The set-up the wizard's key-pair answers amount to (what the worker keeps beside its plan,
/// for saving): the key chosen or the new key's form, never a typed passphrase.
@Suite struct KeySelectionSetupTests {
    let target = TargetAddress(user: "alice", host: "build.example.org", port: 2222)

    @Test("an existing key: its .pub, the target, the known_hosts file; host key asked, password typed")
    func existingKey() {
        let key = ExistingKey(privateKeyPath: "/home/alice/.ssh/id_ed25519", publicKeyPath: "/home/alice/.ssh/id_ed25519.pub",
                              algorithm: .ed25519, bits: 256, fingerprint: "SHA256:x", comment: "alice@here")
        let setup = KeySelection.existing(key).setup(target: target, knownHostsFile: "/home/alice/kh")
        #expect(setup == Setup(mechanism: .keyPair, targets: [target], knownHostsFile: "/home/alice/kh", unknownHostKey: .ask,
                               login: .password(.ask), key: .existing(publicKey: "/home/alice/.ssh/id_ed25519.pub")))
    }

    @Test("a new key: each kind's type and size, the comment and file; a typed passphrase becomes 'ask', none stays none",
          arguments: [(NewKeyForm.Kind.ed25519, "ed25519", Int?.none), (.ecdsa256, "ecdsa", 256), (.rsa3072, "rsa", 3072), (.rsa4096, "rsa", 4096)])
    func newKey(_ row: (kind: NewKeyForm.Kind, type: String, bits: Int?)) {
        var form = NewKeyForm(sshDirectory: "/home/alice/.ssh", comment: "job@here")
        form.kind = row.kind
        form.path = "/home/alice/.ssh/id_job"
        var setup = KeySelection.new(form).setup(target: target, knownHostsFile: nil)
        #expect(setup.key == .new(Setup.NewKey(type: row.type, bits: row.bits, comment: "job@here", file: "/home/alice/.ssh/id_job", passphrase: nil)))
        #expect(setup.targets == [target] && setup.knownHostsFile == nil && setup.login == .password(.ask))

        for character in "correct horse" { _ = form.passphrase.edit(.character(character)) }
        #expect(!form.passphrase.isEmpty)
        setup = KeySelection.new(form).setup(target: target, knownHostsFile: nil)
        guard case .new(let key)? = setup.key else { Issue.record("no new key"); return }
        #expect(key.passphrase == .ask)
        #expect(!"\(setup)".contains("correct horse"))
    }
}
