/// Why a set-up cannot be exported to Ansible as asked.
public struct AnsibleExportError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// A host name or user holds a character that no exported file can carry safely.
        case unsafeTarget(name: String, value: String)
        /// A key line or key path holds a line break or another control character.
        case unsafeText(what: String, value: String)
        /// The set-up names no key to install.
        case noKey
        /// The list names no target.
        case noHosts
    }

    public let kind: Kind

    public init(_ kind: Kind) {
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .unsafeTarget(let name, let value):
            return "the target \(TargetError.quoted(name)) has \(TargetError.quoted(value)), with a quote, brace, blank, control or pattern character that Ansible's files cannot carry as plain text; give the host or user without it."
        case .unsafeText(let what, let value):
            return "\(what) \(TargetError.quoted(value)) holds a line break or control character; give one without it."
        case .noKey:
            return "the set-up names no key to install; add a key section (sshauth keygen or install with --save-setup writes one)."
        case .noHosts:
            return "no target to export; name at least one in the --hosts list."
        }
    }
}
