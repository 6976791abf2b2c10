import CArgon2
import COpenSSL

extension PuTTYKeyFile {
    /// The Argon2 variant a version 3 file names on its `Key-Derivation:` line.
    public enum Argon2Flavour: String, Sendable, CaseIterable {
        case argon2id = "Argon2id"
        case argon2i = "Argon2i"
        case argon2d = "Argon2d"

        var libraryType: argon2_type {
            switch self {
            case .argon2id: Argon2_id
            case .argon2i: Argon2_i
            case .argon2d: Argon2_d
            }
        }
    }

    /// The Argon2 settings of an encrypted version 3 file (the salt is the file's own).
    public struct Argon2Parameters: Sendable, Equatable {
        public var flavour: Argon2Flavour
        /// Memory in KiB (`Argon2-Memory:`).
        public var memoryKiB: Int
        /// `Argon2-Passes:`.
        public var passes: Int
        /// Lanes (`Argon2-Parallelism:`).
        public var parallelism: Int

        public init(flavour: Argon2Flavour = .argon2id, memoryKiB: Int, passes: Int, parallelism: Int) {
            self.flavour = flavour
            self.memoryKiB = memoryKiB
            self.passes = passes
            self.parallelism = parallelism
        }

        /// What sshauth writes: PuTTYgen's defaults (Argon2id, 8 MiB, one lane) with a fixed 8 passes
        /// where PuTTYgen times its passes to last about a tenth of a second.
        public static let standard = Argon2Parameters(flavour: .argon2id, memoryKiB: 8192, passes: 8, parallelism: 1)

        /// The smallest settings Argon2 itself accepts: 8 KiB of memory per lane, one pass.
        func checkMinimum() throws(SSHKeyError) {
            guard passes >= 1 else { throw SSHKeyError(.malformed, "Argon2-Passes must be at least 1") }
            guard parallelism >= 1 else { throw SSHKeyError(.malformed, "Argon2-Parallelism must be at least 1") }
            guard memoryKiB >= 8 * parallelism else {
                throw SSHKeyError(.malformed, "Argon2-Memory must be at least 8 KiB per lane (\(8 * parallelism) KiB for \(parallelism) lanes)")
            }
        }
    }

    /// The most Argon2 work sshauth does for one .ppk file. The file names its own cost, so a
    /// hostile one could otherwise ask for gigabytes of memory or minutes of hashing.
    public struct Argon2Limits: Sendable {
        public var maximumMemoryKiB: Int
        public var maximumPasses: Int
        public var maximumParallelism: Int
        /// Memory (KiB) times passes, which is what the time taken grows with.
        public var maximumWork: Int

        public init(maximumMemoryKiB: Int, maximumPasses: Int, maximumParallelism: Int, maximumWork: Int) {
            self.maximumMemoryKiB = maximumMemoryKiB
            self.maximumPasses = maximumPasses
            self.maximumParallelism = maximumParallelism
            self.maximumWork = maximumWork
        }

        /// 256 MiB, 256 passes, 16 lanes, and at most 2 GiB of memory passes in all (8 MiB with 256
        /// passes, or 256 MiB with 8): a few seconds on a current machine. PuTTYgen's defaults need 8
        /// MiB and a pass count timed to a tenth of a second.
        public static let standard = Argon2Limits(maximumMemoryKiB: 262_144, maximumPasses: 256, maximumParallelism: 16, maximumWork: 2_097_152)

        /// Refuses settings above these limits, one sentence each, before any memory is taken.
        func check(_ parameters: Argon2Parameters) throws(SSHKeyError) {
            let advice = "save the key again in PuTTYgen with smaller key derivation parameters (Key > Parameters for saving key files)"
            guard parameters.memoryKiB <= maximumMemoryKiB else {
                throw SSHKeyError(.unsupportedFormat, "its Argon2-Memory of \(parameters.memoryKiB) KiB is more than the \(maximumMemoryKiB) KiB sshauth allows; \(advice)")
            }
            guard parameters.passes <= maximumPasses else {
                throw SSHKeyError(.unsupportedFormat, "its Argon2-Passes of \(parameters.passes) is more than the \(maximumPasses) sshauth allows; \(advice)")
            }
            guard parameters.parallelism <= maximumParallelism else {
                throw SSHKeyError(.unsupportedFormat, "its Argon2-Parallelism of \(parameters.parallelism) is more than the \(maximumParallelism) lanes sshauth allows; \(advice)")
            }
            guard parameters.memoryKiB * parameters.passes <= maximumWork else {
                throw SSHKeyError(.unsupportedFormat, "its Argon2-Memory times Argon2-Passes (\(parameters.memoryKiB) KiB x \(parameters.passes)) is more than the \(maximumWork) KiB sshauth allows; \(advice)")
            }
        }
    }
}

/// The keys a passphrase gives one .ppk file: the aes256-cbc key and IV (empty for an unencrypted
/// file) and the MAC key.
struct PuTTYKeyMaterial {
    static let cipherKeyLength = 32
    static let ivLength = 16
    static let version3MACKeyLength = 32

    /// The cipher key followed by the IV, as `PrivateKeyCipher.apply` takes them.
    let cipherKeyAndIV: SecretBytes
    let macKey: SecretBytes

    /// Version 3: one Argon2 run gives cipher key, IV and MAC key in that order; an unencrypted file
    /// runs no Argon2 and has an empty MAC key.
    static func version3(passphrase: SecretBytes?, argon2: (parameters: PuTTYKeyFile.Argon2Parameters, salt: [UInt8])?) throws(SSHKeyError) -> PuTTYKeyMaterial {
        guard let passphrase, let argon2 else {
            return PuTTYKeyMaterial(cipherKeyAndIV: SecretBytes([]), macKey: SecretBytes([]))
        }
        let (parameters, salt) = argon2
        let length = cipherKeyLength + ivLength + version3MACKeyLength
        var output = [UInt8](repeating: 0, count: length)
        defer { wipe(&output) }
        let status = passphrase.withBytes { pass in
            salt.withUnsafeBytes { salt in
                output.withUnsafeMutableBytes { out in
                    argon2_hash(UInt32(parameters.passes), UInt32(parameters.memoryKiB), UInt32(parameters.parallelism),
                                pass.baseAddress, pass.count, salt.baseAddress, salt.count, out.baseAddress, out.count,
                                nil, 0, parameters.flavour.libraryType, ARGON2_VERSION_13.rawValue)
                }
            }
        }
        guard status == ARGON2_OK.rawValue else {
            let reason = String(cString: argon2_error_message(status))
            throw SSHKeyError(.malformed, "Argon2 refused the file's parameters (\(reason))")
        }
        return PuTTYKeyMaterial(cipherKeyAndIV: SecretBytes(output[0..<(cipherKeyLength + ivLength)]),
                                macKey: SecretBytes(output[(cipherKeyLength + ivLength)...]))
    }

    /// Version 2: the cipher key is the first 32 bytes of SHA-1(0 || passphrase) || SHA-1(1 ||
    /// passphrase) (each number a uint32), the IV is zero, and the MAC key is SHA-1 of a fixed text
    /// and the passphrase (empty for an unencrypted file).
    static func version2(passphrase: SecretBytes?) -> PuTTYKeyMaterial {
        var pass = passphrase?.withBytes { Array($0) } ?? []
        defer { wipe(&pass) }
        var macInput = Array("putty-private-key-file-mac-key".utf8) + pass
        var macKey = DigestAlgorithm.sha1.hash(macInput)
        wipe(&macInput)
        let material = PuTTYKeyMaterial(cipherKeyAndIV: SecretBytes([]), macKey: SecretBytes(consuming: &macKey))
        guard passphrase != nil else { return material }
        var keyAndIV = [UInt8]()
        for sequence: UInt8 in [0, 1] {
            var input = [0, 0, 0, sequence] + pass
            var digest = DigestAlgorithm.sha1.hash(input)
            keyAndIV += digest
            wipe(&input)
            wipe(&digest)
        }
        var cipherKeyAndIV = Array(keyAndIV.prefix(cipherKeyLength)) + [UInt8](repeating: 0, count: ivLength)
        wipe(&keyAndIV)
        return PuTTYKeyMaterial(cipherKeyAndIV: SecretBytes(consuming: &cipherKeyAndIV), macKey: material.macKey)
    }

    /// The file's MAC: HMAC-SHA-256 (version 3) or HMAC-SHA-1 (version 2) over the algorithm name,
    /// the encryption name, the comment, the public blob and the private blob in the clear with its
    /// padding, each as an SSH string.
    func authenticationCode(version: PuTTYKeyFile.Version, algorithm: [UInt8], encryption: String, comment: [UInt8],
                            publicBlob: [UInt8], privatePlain: [UInt8]) throws(SSHKeyError) -> [UInt8] {
        var message = SSHWireWriter(capacity: algorithm.count + comment.count + publicBlob.count + privatePlain.count + 64)
        message.writeString(algorithm)
        message.writeString(encryption)
        message.writeString(comment)
        message.writeString(publicBlob)
        message.writeString(privatePlain)
        defer { message.wipe() }
        let digest = version == .v3 ? "SHA256" : "SHA1"
        var out = [UInt8](repeating: 0, count: version == .v3 ? 32 : 20)
        var written = 0
        let made = macKey.withBytes { key in
            message.bytes.withUnsafeBufferPointer { data in
                EVP_Q_mac(nil, "HMAC", nil, digest, nil, key.baseAddress, key.count, data.baseAddress, data.count, &out, out.count, &written)
            }
        }
        guard made != nil, written == out.count else { throw .openSSL("computing the .ppk file's HMAC-\(digest)") }
        return out
    }
}
