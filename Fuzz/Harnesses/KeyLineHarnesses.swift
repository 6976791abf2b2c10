import SSHKeys

/// A rendered line as a file would hold it. The parsers take one CR before the line end as part
/// of a CRLF ending, so a comment that itself ends in CR is written with a CRLF ending to survive.
func asWritten(_ rendered: String, comment: String) -> String {
    comment.hasSuffix("\r") ? rendered + "\r" : rendered
}

extension Harness {
    /// A `.pub` line: anything accepted has a fingerprint, and its rendering parses to the same key and comment.
    static let publicKeyLine = Harness(name: "public-key-line") { input in
        let text = String(decoding: input, as: UTF8.self)
        guard let line = try? PublicKeyLine(parsing: text) else { return }
        guard FingerprintListing.line(for: line.key, comment: Array(line.comment.utf8), hash: .sha256).hasPrefix("\(line.key.bits) SHA256:") else {
            violated("an accepted key has a SHA256 fingerprint line")
        }
        let again: PublicKeyLine
        do { again = try PublicKeyLine(parsing: asWritten(line.text, comment: line.comment)) } catch { violated("a rendered line parses again", "\(error): \(line.text)") }
        guard again.key == line.key, again.comment == line.comment else {
            violated("a rendered line parses to the same key and comment", line.text)
        }
    }

    /// authorized_keys: each key line, rendered from its options, key and comment, parses to the same content.
    static let authorizedKeys = Harness(name: "authorized-keys") { input in
        let file = AuthorizedKeysFile(bytes: Array(input))
        for line in file.lines {
            guard case let .key(options, key, comment) = line.content else { continue }
            _ = FingerprintListing.line(for: key, comment: Array(comment.utf8), hash: .sha256)
            var rendered = options.map(\.text).joined(separator: ",")
            if !rendered.isEmpty { rendered += " " }
            rendered += PublicKeyLine(key: key, comment: comment).text
            let again = AuthorizedKeysFile(text: asWritten(rendered, comment: comment))
            guard again.lines.count == 1, again.lines[0].content == line.content else {
                violated("a rendered authorized_keys line parses to the same options, key and comment", "\(line.text) -> \(rendered)")
            }
        }
    }

    /// known_hosts: each entry, rendered from marker, hosts, key and comment, parses to the same content,
    /// and looking a host up never traps.
    static let knownHosts = Harness(name: "known-hosts") { input in
        let file = KnownHostsFile(bytes: Array(input))
        for line in file.lines {
            guard case let .entry(marker, hosts, key, comment) = line.content else { continue }
            _ = file.verdict(host: "host.example", port: 2222, key: key)
            let rendered = (marker.map { $0.rawValue + " " } ?? "") + hosts.text + " " + PublicKeyLine(key: key, comment: comment).text
            let again = KnownHostsFile(text: asWritten(rendered, comment: comment))
            guard again.lines.count == 1, again.lines[0].content == line.content else {
                violated("a rendered known_hosts line parses to the same entry", "\(line.text) -> \(rendered)")
            }
        }
    }

    /// What `sshauth fingerprint` does with a file: any mix of lines, in both hashes, with randomart.
    static let fingerprintListing = Harness(name: "fingerprint-listing") { input in
        let listing = FingerprintListing.list(input, hash: .sha256, visual: true)
        let md5 = FingerprintListing.list(input, hash: .md5, visual: false)
        guard listing.keyCount == md5.keyCount, listing.problems.count == md5.problems.count else {
            violated("the hash does not change which lines are keys")
        }
    }
}
