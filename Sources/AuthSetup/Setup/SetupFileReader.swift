import SSHKeys
import Yams

/// The set-up file's schema: the checked YAML nodes turned into a ``Setup``, key by key, each
/// mistake refused with its line.
struct SetupFileReader {
    let file: String

    static let topKeys = ["sshauth-setup", "mechanism", "target", "targets", "known-hosts", "unknown-host-key", "login", "timeout",
                          "key", "install", "askpass", "certificate"]
    static let mechanisms = Setup.Mechanism.allCases.map(\.rawValue)
    /// The sections each mechanism reads; the others are refused.
    static let sections: [String: [Setup.Mechanism]] = [
        "key": [.keyPair], "install": [.keyPair, .certificate], "askpass": [.askpass], "certificate": [.certificate],
    ]
    /// The range `--timeout` takes.
    static let timeoutRange = 1...600

    func read(_ root: Node) throws(SetupFileError) -> Setup {
        guard case .mapping(let mapping) = root else {
            let found = if case .sequence = root { "a list" } else { "a single value" }
            throw SetupFileError(.notMapping, file: file, line: root.mark?.line, input: found)
        }
        let top = SetupFileSection(mapping, path: "", file: file)
        // The version first: a newer format may have keys this build does not know.
        guard let version = top["sshauth-setup"] else { throw SetupFileError(.missingVersion, file: file, line: top.line) }
        let number = try version.number(in: 0...Int.max)
        if number > Setup.currentVersion { throw version.failure(.futureVersion(number)) }
        guard number == Setup.currentVersion else { throw version.failure(.unknownValue(allowed: ["\(Setup.currentVersion)"]), input: "\(number)") }
        try top.checkKeys(Self.topKeys)

        guard let mechanismEntry = top["mechanism"] else {
            throw top.missing("mechanism", advice: "write mechanism: followed by one of \(Self.mechanisms.joined(separator: ", "))")
        }
        let mechanism = Setup.Mechanism(rawValue: try mechanismEntry.word(Self.mechanisms))!
        for entry in top.entries {
            if let owners = Self.sections[entry.name], !owners.contains(mechanism) {
                throw SetupFileError(.notForMechanism(mechanism), file: file, line: entry.keyLine, key: entry.path)
            }
        }

        var setup = Setup(mechanism: mechanism, targets: try targets(top, mechanism: mechanism))
        if let entry = top["known-hosts"] { setup.knownHostsFile = try entry.localPath() }
        if let entry = top["unknown-host-key"] { setup.unknownHostKey = try unknownHostKey(entry) }
        if let entry = top["login"] { setup.login = try login(entry, mechanism: mechanism) }
        if let entry = top["timeout"] { setup.timeoutSeconds = try entry.number(in: Self.timeoutRange, unit: "seconds") }
        switch mechanism {
        case .keyPair:
            guard let entry = top["key"] else {
                throw top.missing("key", advice: "name the key to install as key: {public-key: PATH}, or a key to make as key: {new: {type: ed25519, file: PATH}}")
            }
            setup.key = try key(entry)
        case .askpass:
            setup.askpass = try top["askpass"].map { (entry) throws(SetupFileError) in try askpass(entry) } ?? Setup.AskpassChoice()
        case .certificate:
            guard let entry = top["certificate"] else {
                throw top.missing("certificate", advice: "name the key ring and the label, as certificate: {ring: PATH, label: LABEL}")
            }
            setup.certificate = try certificate(entry)
        }
        if let entry = top["install"] {
            if setup.targets.isEmpty {
                throw SetupFileError(.missing(advice: "'install' says how to install on a target, and none is named; add target: [user@]host[:port], or remove 'install'"),
                                     file: file, line: entry.keyLine, key: "target")
            }
            setup.install = try install(entry)
        }
        return setup
    }

    private func targets(_ top: SetupFileSection, mechanism: Setup.Mechanism) throws(SetupFileError) -> [TargetAddress] {
        let single = top["target"], list = top["targets"]
        if let single, let list { throw list.failure(.conflicting(other: single.path)) }
        var entries: [(SetupFileEntry, String)] = []
        if let single { entries.append((single, try single.text())) }
        if let list {
            guard case .sequence(let sequence) = list.value, !sequence.isEmpty else {
                throw list.failure(.wrongType(expected: "a list of one or more targets, such as [alice@host1, bob@host2:2222]"), input: list.shown)
            }
            for node in sequence {
                let item = SetupFileEntry(name: "targets", path: "targets", keyLine: list.keyLine, value: node, file: file)
                entries.append((item, try item.text()))
            }
        }
        if entries.isEmpty, mechanism != .keyPair {
            throw top.missing("target", advice: "write target: followed by [user@]host[:port]")
        }
        var addresses: [TargetAddress] = []
        for (entry, text) in entries {
            do {
                addresses.append(try TargetAddress(parsing: text))
            } catch {
                throw entry.failure(.invalid(reason: error.description), input: text)
            }
        }
        return addresses
    }

    private func unknownHostKey(_ entry: SetupFileEntry) throws(SetupFileError) -> Setup.UnknownHostKeyRule {
        let written = try entry.text()
        switch written {
        case "ask": return .ask
        case "accept-new": return .acceptNew
        default:
            guard Self.isSHA256Fingerprint(written) else { throw entry.failure(.badFingerprint, input: written) }
            return .pin(written)
        }
    }

    /// `SHA256:` and 43 characters of unpadded base64, as ssh-keygen -l prints a fingerprint.
    static func isSHA256Fingerprint(_ text: String) -> Bool {
        guard text.hasPrefix("SHA256:") else { return false }
        let digest = text.utf8.dropFirst(7)
        return digest.count == 43 && digest.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
        }
    }

    private func login(_ entry: SetupFileEntry, mechanism: Setup.Mechanism) throws(SetupFileError) -> Setup.Login {
        let section = try entry.section()
        try section.checkKeys(["password", "identity"])
        let password = section["password"], identity = section["identity"]
        if let password, let identity { throw identity.failure(.conflicting(other: password.path)) }
        if let password { return .password(try password.secretOrigin(noneAllowed: false)!) }
        guard let identity else {
            throw section.missing("password", advice: "write password: ask, {file: PATH} or {fd: N}, or identity: {file: PATH}")
        }
        if mechanism == .askpass {
            throw identity.failure(.invalid(reason: "an askpass set-up stores the password it logs in with, so it cannot log in with a key; write password: ask, {file: PATH} or {fd: N}."))
        }
        let key = try identity.section()
        try key.checkKeys(["file", "passphrase"])
        guard let file = key["file"] else { throw key.missing("file", advice: "write file: followed by the full path of the private key") }
        let path = try file.localPath()
        let passphrase = try key["passphrase"].flatMap { (entry) throws(SetupFileError) in try entry.secretOrigin(noneAllowed: true) }
        return .identity(path: path, passphrase: passphrase)
    }

    private func key(_ entry: SetupFileEntry) throws(SetupFileError) -> Setup.KeyChoice {
        let section = try entry.section()
        try section.checkKeys(["public-key", "new"])
        let existing = section["public-key"], new = section["new"]
        if let existing, let new { throw new.failure(.conflicting(other: existing.path)) }
        if let existing { return .existing(publicKey: try existing.localPath()) }
        guard let new else { throw section.missing("public-key", advice: "write public-key: PATH, or new: {type: ed25519, file: PATH}") }
        return .new(try newKey(new))
    }

    private func newKey(_ entry: SetupFileEntry) throws(SetupFileError) -> Setup.NewKey {
        let section = try entry.section()
        try section.checkKeys(["type", "bits", "comment", "file", "passphrase", "replace"])
        guard let typeEntry = section["type"] else { throw section.missing("type", advice: "write type: ed25519, ecdsa or rsa") }
        let type = try typeEntry.word(["ed25519", "ecdsa", "rsa"])
        guard let fileEntry = section["file"] else { throw section.missing("file", advice: "write file: followed by the full path of the private key to make") }
        var key = Setup.NewKey(type: type, file: try fileEntry.localPath())
        if let bitsEntry = section["bits"] {
            switch type {
            case "rsa":
                key.bits = try bitsEntry.number(in: KeyGeneration.minimumRSABits...SSHPublicKey.maximumRSABits, unit: "bits")
            case "ecdsa":
                let bits = try bitsEntry.number(in: 256...521, unit: "bits")
                guard [256, 384, 521].contains(bits) else { throw bitsEntry.failure(.unknownValue(allowed: ["256", "384", "521"]), input: "\(bits)") }
                key.bits = bits
            default:
                throw bitsEntry.failure(.invalid(reason: "an ed25519 key has one size only; leave 'bits' out."))
            }
        }
        if let entry = section["comment"] { key.comment = try entry.text() }
        if let entry = section["passphrase"] { key.passphrase = try entry.secretOrigin(noneAllowed: true) }
        if let entry = section["replace"] { key.replace = try entry.flag() }
        return key
    }

    private func install(_ entry: SetupFileEntry) throws(SetupFileError) -> Setup.InstallChoice {
        let section = try entry.section()
        try section.checkKeys(["target-path", "fix-home-permissions", "verify"])
        var install = Setup.InstallChoice()
        if let entry = section["target-path"] {
            let path = try entry.text()
            // The target's home is not known here; a stand-in still catches directories and devices.
            do {
                try TargetPathError.check(path, home: "/nonexistent-sshauth-home")
            } catch {
                throw entry.failure(.invalid(reason: Self.targetPathReason(error.reason)), input: path)
            }
            install.targetPath = path
        }
        if let entry = section["fix-home-permissions"] { install.fixHomePermissions = try entry.flag() }
        if let entry = section["verify"] { install.verify = try entry.flag() }
        return install
    }

    private static func targetPathReason(_ reason: TargetPathError.Reason) -> String {
        let example = "give the keys file itself, such as .ssh/authorized_keys."
        switch reason {
        case .empty: return "it is empty; \(example)"
        case .directoryName: return "it names a directory, not a file; \(example)"
        case .home: return "it is the home directory itself; \(example)"
        case .sshDirectory: return "it is the ~/.ssh directory itself; \(example)"
        case .systemDirectory(let directory): return "it is under \(directory), which holds devices and kernel files, not keys; \(example)"
        }
    }

    private func askpass(_ entry: SetupFileEntry) throws(SetupFileError) -> Setup.AskpassChoice {
        let section = try entry.section()
        try section.checkKeys(["directory", "name", "helper", "replace"])
        var askpass = Setup.AskpassChoice()
        if let entry = section["directory"] { askpass.directory = try entry.localPath() }
        if let entry = section["name"] {
            let name = try entry.text()
            if let problem = AskpassRequest.checkName(name) { throw entry.failure(.invalid(reason: problem), input: name) }
            askpass.name = name
        }
        if let entry = section["helper"] { askpass.standaloneHelper = try entry.word(["sshauth", "standalone"]) == "standalone" }
        if let entry = section["replace"] { askpass.replace = try entry.flag() }
        return askpass
    }

    private func certificate(_ entry: SetupFileEntry) throws(SetupFileError) -> Setup.CertificateChoice {
        let section = try entry.section()
        try section.checkKeys(["ring", "label", "ring-password", "allow-expired", "new"])
        guard let ringEntry = section["ring"] else { throw section.missing("ring", advice: "write ring: followed by the full path of the key ring (a PKCS#12 file)") }
        let ring = try ringEntry.localPath()
        guard let labelEntry = section["label"] else { throw section.missing("label", advice: "write label: followed by the certificate's label in the ring") }
        let label = try labelEntry.text()
        do { _ = try RingLabel(label) } catch { throw labelEntry.failure(.invalid(reason: error.description + "; fix the label."), input: label) }
        var certificate = Setup.CertificateChoice(ring: ring, label: label)
        if let entry = section["ring-password"] { certificate.ringPassword = try entry.secretOrigin(noneAllowed: false)! }
        if let entry = section["allow-expired"] { certificate.allowExpired = try entry.flag() }
        if let entry = section["new"] { certificate.new = try newCertificate(entry) }
        return certificate
    }

    private func newCertificate(_ entry: SetupFileEntry) throws(SetupFileError) -> Setup.NewCertificate {
        let section = try entry.section()
        try section.checkKeys(["cn", "o", "ou", "c", "key", "not-after"])
        guard let nameEntry = section["cn"] else { throw section.missing("cn", advice: "write cn: followed by the certificate's common name") }
        guard let dateEntry = section["not-after"] else { throw section.missing("not-after", advice: "write not-after: followed by the last day of validity, YYYY-MM-DD") }
        var certificate = Setup.NewCertificate(commonName: try nameEntry.text(), notAfter: try dateEntry.text())
        do { _ = try CertificateDate(parsing: certificate.notAfter) } catch {
            throw dateEntry.failure(.invalid(reason: error.description + "; write the last day of validity like 2027-12-31."), input: certificate.notAfter)
        }
        if let entry = section["o"] { certificate.organization = try entry.text() }
        if let entry = section["ou"] { certificate.organizationalUnit = try entry.text() }
        if let entry = section["c"] { certificate.country = try entry.text() }
        do {
            _ = try CertificateSubject(commonName: certificate.commonName, organizationalUnit: certificate.organizationalUnit,
                                       organization: certificate.organization, country: certificate.country)
        } catch {
            let field = ["CN": "cn", "O": "o", "OU": "ou", "C": "c"]
            let culprit: SetupFileEntry
            if case .invalidSubjectField(let name, _) = error.kind, let key = field[name], let found = section[key] { culprit = found } else { culprit = nameEntry }
            throw culprit.failure(.invalid(reason: error.description + "; fix it."), input: error.detail)
        }
        if let entry = section["key"] {
            let spec = try entry.text()
            do { _ = try RingKeySpec(parsing: spec) } catch { throw entry.failure(.invalid(reason: error.description + "; write one of those."), input: spec) }
            certificate.key = spec
        }
        return certificate
    }
}
