/// Which ring file and which certificate a command means: `RING:LABEL` as Co:Z writes it
/// (`cozsftp -k MY-RING:MY-CERT`, `saf-cert=MY-RING:MY-CERT`), or `--ring FILE --label LABEL`.
public struct RingReference: Sendable, Equatable {
    /// The ring (or certificate) file.
    public let path: String
    /// The certificate's label; nil when none was given.
    public let label: String?

    public init(path: String, label: String?) {
        self.path = path
        self.label = label
    }

    /// Resolves the positional argument and the `--ring`/`--label` options.
    ///
    /// `RING:LABEL` is split at the first colon, so labels may contain colons and ring paths may
    /// not; a ring whose path has a colon is named with `--ring`. An argument that names an
    /// existing file is taken whole (a certificate file, or a ring with `--label`).
    public static func resolve(argument: String?, ring: String?, label: String?,
                               fileExists: (String) -> Bool = LocalFile.exists) throws(RingReferenceError) -> RingReference {
        if let ring {
            guard argument == nil else { throw RingReferenceError(.twoRings, argument ?? "") }
            return RingReference(path: ring, label: label)
        }
        guard let argument, !argument.isEmpty else { throw RingReferenceError(.missing, "") }
        if fileExists(argument) { return RingReference(path: argument, label: label) }
        guard let colon = argument.firstIndex(of: ":") else { return RingReference(path: argument, label: label) }
        let path = String(argument[..<colon])
        let named = String(argument[argument.index(after: colon)...])
        guard !path.isEmpty else { throw RingReferenceError(.emptyRing, argument) }
        guard label == nil else { throw RingReferenceError(.twoLabels, argument) }
        guard !named.isEmpty else { throw RingReferenceError(.emptyLabel, argument) }
        return RingReference(path: path, label: named)
    }
}

/// Why the ring and label could not be made out of the command line.
public struct RingReferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case missing, twoRings, twoLabels, emptyRing, emptyLabel
    }

    public let kind: Kind
    public let argument: String

    public init(_ kind: Kind, _ argument: String) {
        self.kind = kind
        self.argument = argument
    }

    public var description: String {
        switch kind {
        case .missing: "no ring given; name it as RING:LABEL or with --ring FILE --label LABEL."
        case .twoRings: "'\(argument)' and --ring both name a ring; give one of them."
        case .twoLabels: "'\(argument)' and --label both name a label; give one of them."
        case .emptyRing: "'\(argument)' names no ring before the colon; write RING:LABEL, e.g. ring.p12:MY-CERT."
        case .emptyLabel: "'\(argument)' names no label after the colon; write RING:LABEL, e.g. ring.p12:MY-CERT."
        }
    }
}
