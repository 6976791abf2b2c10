/// The certificate list: the ring's certificates, then "create a new certificate". An expired
/// certificate is only taken after a second, explicit yes.
public struct CertificateChoice: Sendable, Equatable {
    public let listing: RingListing
    public internal(set) var highlighted = 0
    /// The highlighted certificate is expired and Enter was pressed: y takes it anyway.
    public internal(set) var confirmingExpired = false
    /// Why the last Enter did nothing, shown under the list.
    public internal(set) var notice: String?

    public init(_ listing: RingListing, highlighted: Int = 0) {
        self.listing = listing
        self.highlighted = highlighted
    }

    /// The entries plus the "new certificate" row.
    var rowCount: Int { listing.entries.count + 1 }

    /// The highlighted certificate; nil on the "new certificate" row.
    public var highlightedEntry: RingListing.Entry? {
        highlighted < listing.entries.count ? listing.entries[highlighted] : nil
    }

    mutating func move(by step: Int) {
        highlighted = (highlighted + step + rowCount) % rowCount
        confirmingExpired = false
        notice = nil
    }
}

/// The certificate the certificate flow installs: one from the ring, or a new one to make.
public enum CertificateSelection: Sendable, Equatable {
    case existing(ring: String, label: String)
    case new(ring: String, NewCertificateForm)

    public var ring: String {
        switch self {
        case .existing(let ring, _), .new(let ring, _): ring
        }
    }
}
