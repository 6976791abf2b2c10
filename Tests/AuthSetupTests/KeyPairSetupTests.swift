import Foundation
import Synchronization
import TestSupport
import Testing
@testable import SSHKeys
@testable import AuthSetup

/// Applying a key pair plan: the directory, the two files, their modes, and never clobbering.
@Suite("KeyPairSetup")
struct KeyPairSetupTests {
    static func request(_ path: String, algorithm: SSHKeyAlgorithm = .ed25519, protection: KeyPairRequest.Protection = .none,
                        replace: Bool = false) -> KeyPairRequest {
        KeyPairRequest(algorithm: algorithm, comment: "setup@test", privateKeyPath: path, protection: protection, replaceExisting: replace)
    }

    /// Applies a plan, returning the progress events as "started 0", "finished 0", "failed 1", ...
    static func apply(_ plan: Plan) -> (events: [String], failure: PlanExecutor.StepFailure?) {
        var events: [String] = []
        do {
            try PlanExecutor.apply(plan) { progress in
                switch progress {
                case .started(let index, _): events.append("started \(index)")
                case .finished(let index, _): events.append("finished \(index)")
                case .failed(let index, _, _): events.append("failed \(index)")
                }
            }
            return (events, nil)
        } catch {
            return (events, error)
        }
    }

    @Test("applying creates the directory 0700 and both files with their modes", arguments: [SSHKeyAlgorithm.ed25519, .ecdsaP384])
    func applyCreatesEverything(algorithm: SSHKeyAlgorithm) throws {
        let scratch = try TemporaryDirectory()
        let directory = scratch.file("dot-ssh")
        let path = directory + "/id_test"
        let setup = KeyPairSetup(request: Self.request(path, algorithm: algorithm), passphrase: nil)
        let plan = setup.plan()
        #expect(plan.steps.count == 4)
        #expect(setup.key == nil)

        let (events, failure) = Self.apply(plan)
        #expect(failure == nil, "\(failure.map { "\($0)" } ?? "")")
        #expect(events == ["started 0", "finished 0", "started 1", "finished 1", "started 2", "finished 2", "started 3", "finished 3"])

        #expect(isDirectory(directory))
        #expect(permissions(directory) == 0o700)
        #expect(isRegularFile(path))
        #expect(permissions(path) == 0o600)
        #expect(isRegularFile(path + ".pub"))
        #expect(permissions(path + ".pub") == 0o644)
        #expect(try scratch.list("dot-ssh") == ["id_test", "id_test.pub"])

        let key = try #require(setup.key)
        #expect(key.algorithm == algorithm)
        #expect(key.comment == "setup@test")
        let privateText = try TemporaryDirectory.read(path: path)
        #expect(try !OpenSSHPrivateKeyFile(text: privateText).isEncrypted)
        let loaded = try PrivateKeyFile.read(privateText, passphrase: nil)
        #expect(loaded.publicKey == key.publicKey)
        #expect(loaded.comment == "setup@test")
        #expect(loaded.privateFields == key.privateFields)

        let publicText = String(decoding: try TemporaryDirectory.read(path: path + ".pub"), as: UTF8.self)
        #expect(publicText == PublicKeyLine(key: key.publicKey, comment: "setup@test").text + "\n")
        #expect(try PublicKeyLine(parsing: publicText).key == key.publicKey)
    }

    @Test("when the directory exists the plan has three steps and leaves the directory's mode alone")
    func existingDirectory() throws {
        let scratch = try TemporaryDirectory()
        #expect(chmod(scratch.path, 0o755) == 0)
        let setup = KeyPairSetup(request: Self.request(scratch.file("id")), passphrase: nil)
        let plan = setup.plan()
        #expect(plan.steps.map(\.change) == [.generateKey, .writeFile, .writeFile])
        let (_, failure) = Self.apply(plan)
        #expect(failure == nil)
        #expect(permissions(scratch.path) == 0o755)
        #expect(try scratch.list() == ["id", "id.pub"])
    }

    @Test("without replaceExisting, existing files make the write step fail and stay byte-identical")
    func existingFilesKept() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("id_ed25519")
        let oldPrivate = Array("-----BEGIN OPENSSH PRIVATE KEY-----\nold\n-----END OPENSSH PRIVATE KEY-----\n".utf8)
        let oldPublic = Array("ssh-ed25519 AAAA old@key\n".utf8)
        try scratch.write("id_ed25519", oldPrivate, mode: 0o600)
        try scratch.write("id_ed25519.pub", oldPublic, mode: 0o644)

        let setup = KeyPairSetup(request: Self.request(path), passphrase: nil)
        let plan = setup.plan()
        #expect(plan.steps.map(\.change) == [.generateKey, .writeFile, .writeFile])
        let (events, failure) = Self.apply(plan)
        let stepFailure = try #require(failure)
        #expect(stepFailure.index == 1)
        #expect(stepFailure.underlying as? LocalFileError == LocalFileError(.exists, path: path))
        #expect(stepFailure.completed.count == 1)
        #expect(events == ["started 0", "finished 0", "started 1", "failed 1"])

        #expect(try scratch.read("id_ed25519") == oldPrivate)
        #expect(try scratch.read("id_ed25519.pub") == oldPublic)
        #expect(permissions(path) == 0o600)
        #expect(permissions(path + ".pub") == 0o644)
        #expect(try scratch.list() == ["id_ed25519", "id_ed25519.pub"])
    }

    @Test("a key whose ~/.ssh is still to be made in a 0777 directory: the first step refuses, nothing is created")
    func untrustedDirectoryRefusedBeforeMkdir() throws {
        let scratch = try TemporaryDirectory()
        #expect(mkdir(scratch.file("home"), 0o700) == 0 && chmod(scratch.file("home"), 0o777) == 0)
        let path = scratch.file("home/.ssh/id_ed25519")
        let plan = KeyPairSetup(request: Self.request(path), passphrase: nil).plan()
        #expect(plan.steps.map(\.change) == [.createDirectory, .generateKey, .writeFile, .writeFile])
        let (events, failure) = Self.apply(plan)
        let stepFailure = try #require(failure)
        #expect(stepFailure.index == 0)
        guard case .untrustedDirectory(let directory) = (stepFailure.underlying as? LocalFileError)?.kind else {
            Issue.record("expected an untrusted directory, got \(stepFailure.underlying)")
            return
        }
        #expect(directory.directory == scratch.file("home") && directory.problem == .writableByOthers)
        #expect(events == ["started 0", "failed 0"])
        #expect(try scratch.list("home") == [])
    }

    @Test("when only the .pub exists, the new private key is taken back out and the .pub kept")
    func onlyPublicExists() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("id_ed25519")
        let oldPublic = Array("ssh-ed25519 AAAA old@key\n".utf8)
        try scratch.write("id_ed25519.pub", oldPublic, mode: 0o644)
        let (events, failure) = Self.apply(KeyPairSetup(request: Self.request(path), passphrase: nil).plan())
        let stepFailure = try #require(failure)
        #expect(stepFailure.index == 2)
        #expect(stepFailure.underlying as? LocalFileError == LocalFileError(.exists, path: path + ".pub"))
        #expect(events.last == "failed 2")
        #expect(try scratch.list() == ["id_ed25519.pub"])
        #expect(try scratch.read("id_ed25519.pub") == oldPublic)
    }

    @Test("with replaceExisting, existing files are replaced and the plan says so")
    func replaceExisting() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("id_ed25519")
        try scratch.write("id_ed25519", "old private\n", mode: 0o644)
        try scratch.write("id_ed25519.pub", "old public\n", mode: 0o600)
        let setup = KeyPairSetup(request: Self.request(path, replace: true), passphrase: nil)
        let plan = setup.plan()
        #expect(plan.steps.map(\.change) == [.generateKey, .replaceFile, .replaceFile])
        #expect(plan.renderedText().contains("3. Replace the public key \(path).pub, mode 0644"))
        let (_, failure) = Self.apply(plan)
        #expect(failure == nil)
        let key = try #require(setup.key)
        #expect(try PrivateKeyFile.read(try scratch.read("id_ed25519"), passphrase: nil).publicKey == key.publicKey)
        #expect(permissions(path) == 0o600)
        #expect(permissions(path + ".pub") == 0o644)
        #expect(try scratch.list() == ["id_ed25519", "id_ed25519.pub"])
    }

    @Test("with a passphrase the private key file is encrypted and decrypts with it")
    func passphraseProtection() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("id_ed25519")
        let passphrase = "Zebra-Quokka-7781-never-print-me"
        let setup = KeyPairSetup(request: Self.request(path, protection: .passphrase(from: "the terminal")),
                                 passphrase: SecretBytes(Array(passphrase.utf8)))
        let plan = setup.plan()
        #expect(!plan.renderedJSON().contains(passphrase))
        let (_, failure) = Self.apply(plan)
        #expect(failure == nil, "\(failure.map { "\($0)" } ?? "")")
        let key = try #require(setup.key)

        let text = try scratch.read("id_ed25519")
        #expect(!String(decoding: text, as: UTF8.self).contains(passphrase))
        let file = try OpenSSHPrivateKeyFile(text: text)
        #expect(file.isEncrypted)
        #expect(file.rounds == OpenSSHPrivateKeyFile.defaultRounds)
        #expect(try PrivateKeyFile.isEncrypted(text))
        let decrypted = try file.decrypt(passphrase: SecretBytes(Array(passphrase.utf8)))
        #expect(decrypted.publicKey == key.publicKey)
        #expect(decrypted.privateFields == key.privateFields)
        #expect(decrypted.comment == "setup@test")
        #expect(throws: SSHKeyError(.passphraseRequired)) { try file.decrypt(passphrase: nil) }
        #expect(permissions(path) == 0o600)
        #expect(try scratch.read("id_ed25519.pub") == Array((PublicKeyLine(key: key.publicKey, comment: "setup@test").text + "\n").utf8))
    }

    @Test("a planned passphrase that was not supplied stops the write and writes nothing")
    func passphraseMissing() throws {
        let scratch = try TemporaryDirectory()
        let setup = KeyPairSetup(request: Self.request(scratch.file("id"), protection: .passphrase(from: "the terminal")), passphrase: nil)
        let (_, failure) = Self.apply(setup.plan())
        let stepFailure = try #require(failure)
        #expect(stepFailure.index == 1)
        #expect(stepFailure.underlying is KeyPairSetupError)
        #expect("\(stepFailure)" == "A passphrase was planned but none was supplied.")
        #expect(try scratch.list() == [])
    }

    @Test("write steps run without the generate step fail with noKeyGenerated")
    func writeBeforeGenerate() throws {
        let scratch = try TemporaryDirectory()
        let setup = KeyPairSetup(request: Self.request(scratch.file("id")), passphrase: nil)
        var plan = setup.plan()
        plan.steps.removeAll { $0.change == .generateKey }
        let (_, failure) = Self.apply(plan)
        let stepFailure = try #require(failure)
        #expect(stepFailure.index == 0)
        #expect("\(stepFailure)" == KeyPairSetupError.noKeyGenerated.description)
        #expect(try scratch.list() == [])
    }

    @Test("the executor stops at the first failure and reports completed steps")
    func executorStopsAtFirstFailure() throws {
        struct Boom: Error {}
        let ran = Mutex<[Int]>([])
        let plan = Plan(title: "t", steps: [
            Plan.Step(change: .run, summary: "one") { ran.withLock { $0.append(1) } },
            Plan.Step(change: .run, summary: "two") { ran.withLock { $0.append(2) } },
            Plan.Step(change: .run, summary: "three") { throw Boom() },
            Plan.Step(change: .run, summary: "four") { ran.withLock { $0.append(4) } },
        ])
        let (events, failure) = Self.apply(plan)
        let stepFailure = try #require(failure)
        #expect(stepFailure.index == 2)
        #expect(stepFailure.summary == "three")
        #expect(stepFailure.completed == ["one", "two"])
        #expect(stepFailure.underlying is Boom)
        #expect(ran.withLock { $0 } == [1, 2])
        #expect(events == ["started 0", "finished 0", "started 1", "finished 1", "started 2", "failed 2"])
    }

    @Test("RSA plans name the size and the manual command matches", arguments: [2048, 3072])
    func rsaPlanWords(bits: Int) throws {
        let scratch = try TemporaryDirectory()
        let request = KeyPairRequest(algorithm: .rsa, rsaBits: bits, comment: "it's mine", privateKeyPath: scratch.file("id rsa"),
                                     protection: .none, replaceExisting: false)
        let plan = KeyPairSetup(request: request, passphrase: nil).plan()
        #expect(plan.steps[0].summary == "Generate a new RSA key pair of \(bits) bits, comment \"it's mine\"")
        #expect(plan.steps[0].manualCommand == "ssh-keygen -t rsa -b \(bits) -C 'it'\\''s mine' -f '\(scratch.path)/id rsa' -N ''")
    }
}
