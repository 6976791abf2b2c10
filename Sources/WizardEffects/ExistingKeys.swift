import AuthSetup
import SSHKeys
import Wizard

extension ExistingKey {
    /// The `~/.ssh/id_*.pub` files with a private key next to them, newest first; unreadable ones are left out.
    public static func list(in sshDirectory: String) -> [ExistingKey] {
        KeyFiles.defaultPublicKeys(in: sshDirectory).compactMap { publicPath in
            let privatePath = String(publicPath.dropLast(4))
            guard LocalFile.exists(privatePath), let text = try? LocalFile.readAll(publicPath),
                  let line = try? PublicKeyLine(parsing: String(decoding: text, as: UTF8.self)) else { return nil }
            return ExistingKey(privateKeyPath: privatePath, publicKeyPath: publicPath, algorithm: line.key.algorithm,
                               bits: line.key.bits, fingerprint: Fingerprint(of: line.key).description, comment: line.comment)
        }
    }
}
