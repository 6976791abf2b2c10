import Testing
@testable import AuthSetup

/// render -> parse gives back the very set-up, over many generated ones with awkward text in every
/// field (quotes, colons, hashes, YAML words, non-ASCII).
@Suite("SetupFile properties")
struct SetupFilePropertyTests {
    @Test("render then parse is the identity on 3000 generated set-ups", arguments: [1, 2, 3])
    func roundTrip(seed: UInt64) throws {
        var generator = SetupGenerator(seed: seed)
        for _ in 0..<1000 {
            let setup = generator.setup()
            let text = SetupFile.render(setup)
            let read: Setup
            do {
                read = try SetupFile.parse(text, file: "generated")
            } catch {
                Issue.record("\(error)\n\(text)")
                return
            }
            #expect(read == setup, "\(text)")
            #expect(SetupFile.render(read) == text)
        }
    }
}

/// Valid set-ups from a seeded generator (SplitMix64), so that a failure can be run again.
struct SetupGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance() -> Bool { next() % 2 == 0 }

    mutating func pick<T>(_ options: [T]) -> T { options[int(0...options.count - 1)] }

    mutating func maybe<T>(_ make: (inout SetupGenerator) -> T) -> T? { chance() ? make(&self) : nil }

    /// Characters that stress the quoting: YAML indicators, quotes, spaces, words, non-ASCII.
    static let awkward: [String] = ["a", "Z", "0", "9", " ", "-", "_", ".", "/", ":", "#", "'", "\"", "@", "!", "&", "*", "[", "]", "{", "}",
                                    ",", "%", "`", "|", ">", "?", "~", "\\", "=", "+", "é", "漢", "😀", "\u{A0}", "\u{FFFD}", "\u{10FFFD}", "\u{E000}"]
    static let words = ["no", "yes", "true", "null", "~", "0755", "1e3", "ask", "none", "-", "---", "- x", "a: b", "#c", "", "  "]

    mutating func text(maximum: Int = 12) -> String {
        var text = ""
        for _ in 0..<int(1...maximum) { text += chance() ? pick(Self.awkward) : pick(Self.words) }
        return text.isEmpty ? "x" : text
    }

    mutating func path() -> String { "/" + text() }

    mutating func target() -> TargetAddress {
        let hosts = ["host.example.org", "h", "10.0.0.1", "::1", "fe80::1%eth0", "build-01", "ZOS", "xn--bcher-kva.example"]
        let users = ["alice", "o.brien-2", "DOMAIN\\bob", "a@b", "batch$", "x,y", "ünïcode"]
        return TargetAddress(user: maybe { $0.pick(users) }, host: pick(hosts), port: maybe { $0.int(1...65535) })
    }

    mutating func origin() -> Setup.SecretOrigin {
        switch int(0...2) {
        case 0: return .ask
        case 1: return .file(path())
        default: return .descriptor(Int32(int(0...Int(Int32.max))))
        }
    }

    mutating func fingerprint() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        return "SHA256:" + String((0..<43).map { _ in pick(alphabet) })
    }

    mutating func setup() -> Setup {
        let mechanism = pick(Setup.Mechanism.allCases)
        let targetCount = mechanism == .keyPair ? int(0...3) : int(1...3)
        var setup = Setup(mechanism: mechanism, targets: (0..<targetCount).map { _ in target() })
        setup.knownHostsFile = maybe { $0.path() }
        setup.unknownHostKey = pick([.ask, .acceptNew, .pin(fingerprint())])
        setup.login = mechanism == .askpass || chance()
            ? .password(origin())
            : .identity(path: path(), passphrase: maybe { $0.origin() })
        setup.timeoutSeconds = chance() ? 10 : int(1...600)
        switch mechanism {
        case .keyPair:
            if chance() {
                setup.key = .existing(publicKey: path())
            } else {
                let type = pick(["ed25519", "ecdsa", "rsa"])
                let bits: Int? = switch type {
                case "rsa": maybe { $0.int(2048...16384) }
                case "ecdsa": maybe { $0.pick([256, 384, 521]) }
                default: nil
                }
                setup.key = .new(Setup.NewKey(type: type, bits: bits, comment: maybe { $0.text() }, file: path(),
                                              passphrase: maybe { $0.origin() }, replace: chance()))
            }
        case .askpass:
            let nameCharacters = Array("abcXYZ019._-")
            setup.askpass = Setup.AskpassChoice(directory: maybe { $0.path() },
                                                name: maybe { generator in "n" + String((0..<generator.int(0...20)).map { _ in generator.pick(nameCharacters) }) },
                                                standaloneHelper: chance(), replace: chance())
        case .certificate:
            let printable = (0x20...0x7E).map { Character(Unicode.Scalar($0)!) }
            var label = String((0..<int(1...32)).map { _ in pick(printable) })
            if label.first == " " || label.last == " " { label = "L" + label.trimmingBlanks() + "L" }
            setup.certificate = Setup.CertificateChoice(
                ring: path(), label: String(label.prefix(32)), ringPassword: origin(),
                new: maybe { generator in
                    Setup.NewCertificate(commonName: generator.text(maximum: 6), organization: generator.maybe { $0.text(maximum: 6) },
                                         organizationalUnit: generator.maybe { $0.text(maximum: 6) }, country: generator.maybe { $0.pick(["US", "de", "Gb"]) },
                                         key: generator.pick(["rsa:2048", "RSA:3072", "rsa:4096", "ecdsa:256", "ecdsa:384", "Ecdsa:521"]),
                                         notAfter: generator.pick(["2027-12-31", "2030-02-28", "2032-02-29", "1999-01-01"]))
                },
                allowExpired: chance())
        }
        if !setup.targets.isEmpty, mechanism != .askpass {
            setup.install = Setup.InstallChoice(targetPath: maybe { $0.pick([".ssh/authorized_keys2", "/u/x/keys", "keys #1", "a: b"]) },
                                                fixHomePermissions: chance(), verify: chance())
        }
        return setup
    }
}

private extension String {
    func trimmingBlanks() -> String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
