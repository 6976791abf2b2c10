import AuthSetup
import SSHKeys

/// The answers for a new certificate: label, subject (CN, O, OU, C), key type and last day of
/// validity, checked as typed by the RACF rules, so that the z/OS artifacts can carry the same values.
public struct NewCertificateForm: Sendable, Equatable {
    public enum Field: Int, Sendable, CaseIterable {
        case label, commonName, organization, organizationalUnit, country, key, notAfter
    }

    public var label = ""
    public var commonName = ""
    public var organization = ""
    public var organizationalUnit = ""
    public var country = ""
    /// An index into `RingKeySpec.offered`; RSA 2048 first, as RACF's usual size.
    public var keyIndex = 0
    public var notAfter: String
    public var focus: Field = .label {
        didSet { afterCursor = 0 }
    }
    /// Characters between the cursor and the end of the focused field.
    public internal(set) var afterCursor = 0
    /// Labels already in the ring: a new certificate needs one of its own.
    public let takenLabels: Set<String>
    /// The day the form is filled in (UTC): the last day of validity must come after it.
    public let today: CertificateDate

    public init(takenLabels: Set<String>, today: CertificateDate, commonName: String = "") {
        self.takenLabels = takenLabels
        self.today = today
        self.commonName = commonName
        notAfter = today.adding(years: 1).description
    }

    public var keySpec: RingKeySpec { RingKeySpec.offered[keyIndex] }

    /// The key type as a person reads it.
    public var keyDescription: String {
        let spec = keySpec
        return spec.algorithm == .rsa ? "RSA \(spec.bits)" : "ECDSA P-\(spec.bits)"
    }

    /// Optional fields: empty means "leave it out of the subject".
    private func given(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// What stops the form from being used, as one sentence; nil when it can be.
    public var problem: String? {
        if label.isEmpty { return "Give the certificate a label (1 to 32 characters; RACF's WITHLABEL)." }
        do {
            _ = try RACFLabel(label)
            _ = try RACFSubject(commonName: commonName, organizationalUnit: given(organizationalUnit), organization: given(organization),
                                country: given(country))
        } catch {
            return error.description
        }
        if takenLabels.contains(label) { return "The ring already has a certificate labelled '\(label)'; choose another label." }
        do {
            _ = try CertificateDate(parsing: notAfter).requireFuture(now: today.endOfDay)
        } catch {
            return "The last day of validity: \(error.description); write it as YYYY-MM-DD, after today (\(today))."
        }
        return nil
    }

    /// The validated answers; nil while `problem` is not nil.
    public var values: (label: RingLabel, subject: CertificateSubject, key: RingKeySpec, notAfter: CertificateDate)? {
        guard problem == nil,
              let ringLabel = try? RingLabel(label),
              let subject = try? CertificateSubject(commonName: commonName, organizationalUnit: given(organizationalUnit),
                                                    organization: given(organization), country: given(country)),
              let date = try? CertificateDate(parsing: notAfter) else { return nil }
        return (ringLabel, subject, keySpec, date)
    }

    /// Whether anything was typed into the form.
    public var isEdited: Bool {
        !label.isEmpty || !organization.isEmpty || !organizationalUnit.isEmpty || !country.isEmpty
    }

    /// The text of a text field.
    subscript(field: Field) -> String {
        get {
            switch field {
            case .label: label
            case .commonName: commonName
            case .organization: organization
            case .organizationalUnit: organizationalUnit
            case .country: country
            case .notAfter: notAfter
            case .key: keyDescription
            }
        }
        set {
            switch field {
            case .label: label = newValue
            case .commonName: commonName = newValue
            case .organization: organization = newValue
            case .organizationalUnit: organizationalUnit = newValue
            case .country: country = newValue
            case .notAfter: notAfter = newValue
            case .key: break
            }
        }
    }

    /// Applies a typed key to the focused field; false when the key is not for the form.
    mutating func edit(_ key: WizardEvent.Key) -> Bool {
        switch key {
        case .tab, .down:
            focus = focus.next
        case .backTab, .up:
            focus = focus.previous
        case .left where focus == .key, .right where focus == .key, .character(" ") where focus == .key:
            let count = RingKeySpec.offered.count
            keyIndex = (keyIndex + (key == .left ? count - 1 : 1)) % count
        case _ where focus != .key:
            var text = self[focus]
            guard TextEntry.apply(key, to: &text, afterCursor: &afterCursor) else { return false }
            self[focus] = text
        default:
            return false
        }
        return true
    }
}
