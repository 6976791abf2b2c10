import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// A new key pair as a set-up describes it (`sshauth keygen`, the wizard's "make a new key",
/// a key-pair set-up file): checked, and turned into the plan that makes it.
public enum NewKeyPair {
    /// The key types a set-up may name, as `ssh-keygen -t` names them.
    public static let types = ["ed25519", "ecdsa", "rsa"]

    /// The algorithm (and RSA size) that a set-up's type and bits name; one sentence for a
    /// type or size OpenSSH would not make.
    public static func algorithm(_ key: Setup.NewKey) throws(FlowFailure) -> (algorithm: SSHKeyAlgorithm, rsaBits: Int) {
        switch key.type {
        case "ed25519":
            return (.ed25519, KeyGeneration.defaultRSABits)
        case "ecdsa":
            switch key.bits ?? 256 {
            case 256: return (.ecdsaP256, KeyGeneration.defaultRSABits)
            case 384: return (.ecdsaP384, KeyGeneration.defaultRSABits)
            case 521: return (.ecdsaP521, KeyGeneration.defaultRSABits)
            case let other: throw FlowFailure("ECDSA keys are 256, 384 or 521 bits, not \(other); pass -b with one of those.")
            }
        case "rsa":
            let bits = key.bits ?? KeyGeneration.defaultRSABits
            do { try KeyGeneration.checkRSABits(bits) } catch { throw FlowFailure(error.description + ".") }
            return (.rsa, bits)
        default:
            throw FlowFailure("'\(key.type)' is not a key type sshauth makes; give one of \(types.joined(separator: ", ")).")
        }
    }

    /// Refuses a key file in a directory others could change, before any passphrase is asked:
    /// a key written there is not worth one.
    public static func checkDirectory(of key: Setup.NewKey) throws(FlowFailure) {
        do { try DirectoryTrust.check(directoryOf: key.file) } catch { throw FlowFailure(error.description + " Nothing was written.") }
    }

    /// The key's files that exist already (the private key, its `.pub`).
    public static func existingFiles(of key: Setup.NewKey) -> [String] {
        [key.file, key.file + ".pub"].filter { access($0, F_OK) == 0 }
    }

    /// The plan that makes the key. With `generateNow` the key is made at once, in memory, so a
    /// plan that installs it can show (and install) its fingerprint before the files exist;
    /// applying writes that same key (`made`). `comment` is the set-up's comment with its default applied.
    public static func prepare(_ key: Setup.NewKey, comment: String, protection: KeyPairRequest.Protection, passphrase: SecretBytes?,
                               replace: Bool, generateNow: Bool) throws(FlowFailure) -> (setup: KeyPairSetup, made: SSHPrivateKey?) {
        let (algorithm, rsaBits) = try Self.algorithm(key)
        let request = KeyPairRequest(algorithm: algorithm, rsaBits: rsaBits, comment: comment, privateKeyPath: key.file,
                                     protection: protection, replaceExisting: replace)
        guard generateNow else { return (KeyPairSetup(request: request, passphrase: passphrase), nil) }
        do {
            let made = try KeyGeneration.generate(algorithm, rsaBits: rsaBits, comment: comment)
            return (KeyPairSetup(request: request, passphrase: passphrase, key: made), made)
        } catch {
            throw FlowFailure("the new \(algorithm.displayName) key could not be made: \(error).")
        }
    }
}
