import SSHKeys

/// What the wizard shows of an opened key ring: the certificates' public facts, never a key.
public struct RingListing: Sendable, Equatable {
    /// One certificate as the list shows it.
    public struct Entry: Sendable, Equatable {
        public let label: String
        public let subject: String
        public let commonName: String?
        public let organization: String?
        public let organizationalUnit: String?
        public let country: String?
        /// The key's kind and size; nil when SSH cannot use the key.
        public let keyAlgorithm: SSHKeyAlgorithm?
        public let keyBits: Int?
        /// `RSA 2048`, `ECDSA 256`, as the list shows it; nil when SSH cannot use the key.
        public var key: String? { keyAlgorithm.map { "\($0.shortName) \(keyBits ?? 0)" } }
        public let fingerprint: String?
        /// The last day of validity, `YYYY-MM-DD`.
        public let notAfter: String
        public let expiry: RingCertificate.Expiry
        public let hasPrivateKey: Bool

        public init(label: String, subject: String, commonName: String?, organization: String?, organizationalUnit: String?,
                    country: String?, keyAlgorithm: SSHKeyAlgorithm?, keyBits: Int?, fingerprint: String?, notAfter: String, expiry: RingCertificate.Expiry,
                    hasPrivateKey: Bool) {
            self.label = label
            self.subject = subject
            self.commonName = commonName
            self.organization = organization
            self.organizationalUnit = organizationalUnit
            self.country = country
            self.keyAlgorithm = keyAlgorithm
            self.keyBits = keyAlgorithm == nil ? nil : keyBits
            self.fingerprint = fingerprint
            self.notAfter = notAfter
            self.expiry = expiry
            self.hasPrivateKey = hasPrivateKey
        }

        /// Why the certificate cannot log in at all (not even with a confirmation); nil when it can.
        public var unusableReason: String? {
            if key == nil { return "Its key is of a kind SSH cannot use." }
            if !hasPrivateKey { return "The ring holds only its certificate, not its private key, so it cannot log in." }
            return nil
        }

        public var isExpired: Bool {
            if case .expired = expiry { return true }
            return false
        }

        /// Days left, `EXPIRES SOON`, or `EXPIRED`, as the list shows it.
        public var validity: String {
            switch expiry {
            case .valid(let days): "\(days) days left"
            case .expiringSoon(let days): "\(days) day\(days == 1 ? "" : "s") left: EXPIRES SOON"
            case .expired(let days): "EXPIRED \(days == 0 ? "today" : "\(days) day\(days == 1 ? "" : "s") ago")"
            }
        }
    }

    /// The ring file.
    public let path: String
    /// The file does not exist yet: it will be made with the new certificate.
    public let isNew: Bool
    /// Labelled certificates in file order (unlabelled ones cannot be named and are left out).
    public let entries: [Entry]

    public init(path: String, isNew: Bool, entries: [Entry]) {
        self.path = path
        self.isNew = isNew
        self.entries = entries
    }
}
