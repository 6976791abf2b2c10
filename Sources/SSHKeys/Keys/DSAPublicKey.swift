/// A DSA public key (`ssh-dss`). OpenSSH stopped accepting DSA for logins in 7.0 and removed it in
/// 9.8, but old authorized_keys and known_hosts files still hold such lines, and an admin auditing
/// them needs to see them: sshauth lists and fingerprints them as `ssh-keygen -l` does. It never
/// makes or installs one.
public struct DSAPublicKey: Sendable, Hashable {
    public static let typeName = "ssh-dss"

    /// The wire blob, re-encoded with canonical integers when the input had superfluous zero
    /// bytes, as ssh-keygen re-encodes it before hashing.
    public let blob: [UInt8]
    /// The size of the prime p, in bits.
    public let bits: Int

    /// Parses a wire blob: the type, then p, q, g and y as non-negative mpints of at most 16384 bits
    /// each (the limit of OpenSSH's reader), and nothing after them.
    public init(blob: [UInt8]) throws(SSHKeyError) {
        var reader = SSHWireReader(blob)
        // OpenSSH reads the name as a C string, which may end in one NUL byte (see SSHPublicKey).
        let (typeName, typeNameHadNUL) = SSHPublicKey.withoutFinalNUL(try reader.readString())
        guard typeName.elementsEqual(Self.typeName.utf8) else {
            throw SSHKeyError(.unknownKeyType, String(decoding: typeName.prefix(64), as: UTF8.self))
        }
        var parts: [ArraySlice<UInt8>] = []
        var canonical = !typeNameHadNUL
        for _ in 0..<4 {
            let (magnitude, isCanonical) = try SSHPublicKey.readInteger(&reader, limitBits: SSHPublicKey.maximumRSABits, what: "DSA")
            parts.append(magnitude)
            canonical = canonical && isCanonical
        }
        guard reader.isAtEnd else { throw SSHKeyError(.trailingData) }
        if canonical {
            self.blob = blob
        } else {
            var writer = SSHWireWriter(capacity: blob.count)
            writer.writeString(Self.typeName)
            for part in parts { writer.writePositiveMPInt(part) }
            self.blob = writer.bytes
        }
        bits = SSHPublicKey.bitLength(parts[0])
    }
}

extension DSAPublicKey: FingerprintedKey {
    public var listingName: String { "DSA" }
    public var listingNameBytes: [UInt8] { Array("DSA".utf8) }
}
