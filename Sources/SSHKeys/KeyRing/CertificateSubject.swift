import COpenSSL

/// The distinguished name of a certificate as RACDCERT's SUBJECTSDN takes it: CN, T, OU, O, L, SP, C.
///
/// Validation follows the upper bounds of RFC 5280 Appendix A.1, which RACF applies too: CN, T, OU
/// and O at most 64 characters, L and SP at most 128, C exactly two letters. CN is required so that
/// `ring list` always has a name to show.
public struct CertificateSubject: Sendable, Hashable {
    public var commonName: String
    public var title: String?
    public var organizationalUnit: String?
    public var organization: String?
    public var locality: String?
    public var stateOrProvince: String?
    public var country: String?

    /// Checks every field and keeps the country in upper case (ISO 3166 codes are written so).
    public init(commonName: String, title: String? = nil, organizationalUnit: String? = nil, organization: String? = nil,
                locality: String? = nil, stateOrProvince: String? = nil, country: String? = nil) throws(KeyRingError) {
        try Self.check(commonName, field: "CN", limit: 64)
        try title.map { (value) throws(KeyRingError) in try Self.check(value, field: "T", limit: 64) }
        try organizationalUnit.map { (value) throws(KeyRingError) in try Self.check(value, field: "OU", limit: 64) }
        try organization.map { (value) throws(KeyRingError) in try Self.check(value, field: "O", limit: 64) }
        try locality.map { (value) throws(KeyRingError) in try Self.check(value, field: "L", limit: 128) }
        try stateOrProvince.map { (value) throws(KeyRingError) in try Self.check(value, field: "SP", limit: 128) }
        if let country {
            let letters = country.unicodeScalars
            guard letters.count == 2, letters.allSatisfy({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) }) else {
                throw KeyRingError(.invalidSubjectField(field: "C", rule: "must be exactly two letters (an ISO 3166 country code such as US)"), country)
            }
        }
        self.commonName = commonName
        self.title = title
        self.organizationalUnit = organizationalUnit
        self.organization = organization
        self.locality = locality
        self.stateOrProvince = stateOrProvince
        self.country = country?.uppercased()
    }

    private static func check(_ value: String, field: String, limit: Int) throws(KeyRingError) {
        let scalars = value.unicodeScalars
        guard !scalars.isEmpty else { throw KeyRingError(.invalidSubjectField(field: field, rule: "is empty; give a value or leave the option out"), value) }
        guard scalars.count <= limit else {
            throw KeyRingError(.invalidSubjectField(field: field, rule: "has \(scalars.count) characters, more than the \(limit) allowed"), value)
        }
        guard !scalars.contains(where: isControl) else {
            throw KeyRingError(.invalidSubjectField(field: field, rule: "contains a control character"), value)
        }
    }

    /// C0 and C1 control characters and DEL: a DN may not carry them and a terminal would act on them.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The fields in the order a DN is usually written from the root: C, SP, L, O, OU, T, CN.
    var entries: [(nid: Int32, value: String)] {
        var result: [(Int32, String)] = []
        if let country { result.append((NID_countryName, country)) }
        if let stateOrProvince { result.append((NID_stateOrProvinceName, stateOrProvince)) }
        if let locality { result.append((NID_localityName, locality)) }
        if let organization { result.append((NID_organizationName, organization)) }
        if let organizationalUnit { result.append((NID_organizationalUnitName, organizationalUnit)) }
        if let title { result.append((NID_title, title)) }
        result.append((NID_commonName, commonName))
        return result
    }

    /// Builds the OpenSSL name; the caller frees it.
    func makeName() throws(KeyRingError) -> OpaquePointer {
        guard let name = X509_NAME_new() else { throw .openSSL("creating a distinguished name") }
        for (nid, value) in entries {
            let added = value.withCString { text in
                text.withMemoryRebound(to: UInt8.self, capacity: value.utf8.count) {
                    X509_NAME_add_entry_by_NID(name, nid, MBSTRING_UTF8, $0, -1, -1, 0)
                }
            }
            guard added == 1 else {
                X509_NAME_free(name)
                throw .openSSL("adding \(String(cString: OBJ_nid2sn(nid))) to the distinguished name")
            }
        }
        return name
    }
}
