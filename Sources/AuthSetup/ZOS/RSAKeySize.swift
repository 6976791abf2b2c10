/// The RSA key sizes offered for a new certificate. z/OS OpenSSH takes 768 to 32768 bits, but
/// below 2048 is no longer safe and above 4096 makes every login slow for little gain.
public enum RSAKeySize: Int, CaseIterable, Sendable {
    case bits2048 = 2048
    case bits3072 = 3072
    case bits4096 = 4096

    public init(bits: Int) throws(ZOSInputError) {
        guard let size = RSAKeySize(rawValue: bits) else {
            throw ZOSInputError(.keySize, .unsupportedKeySize, input: String(bits))
        }
        self = size
    }
}
