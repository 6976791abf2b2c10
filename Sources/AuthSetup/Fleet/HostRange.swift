/// Ansible's host ranges: `web[01:03]` is web01, web02, web03 (the start's width keeps leading
/// zeros), `db-[a:c]` is db-a to db-c, `[1:9:2]` takes every second number; several ranges in
/// one name multiply.
enum HostRange {
    struct Failure: Error {
        /// Completes "the host range in 'PATTERN' ...".
        let reason: String
    }

    /// The names `pattern` stands for; a pattern without `[` is itself. Refuses more than `limit` names.
    static func expand(_ pattern: String, limit: Int) throws(Failure) -> [String] {
        guard let open = pattern.firstIndex(of: "[") else {
            guard !pattern.contains("]") else { throw Failure(reason: "has a ']' without its '['") }
            return [pattern]
        }
        guard let close = pattern[open...].firstIndex(of: "]") else { throw Failure(reason: "has a '[' without its ']'") }
        let head = String(pattern[..<open])
        let inside = pattern[pattern.index(after: open)..<close]
        let members = try values(inside, limit: limit)
        let tails = try expand(String(pattern[pattern.index(after: close)...]), limit: limit)
        guard members.count.multipliedReportingOverflow(by: tails.count).partialValue <= limit,
              !members.count.multipliedReportingOverflow(by: tails.count).overflow else {
            throw Failure(reason: "stands for more than \(limit) hosts")
        }
        var names: [String] = []
        names.reserveCapacity(members.count * tails.count)
        for member in members {
            for tail in tails { names.append(head + member + tail) }
        }
        return names
    }

    private static func values(_ inside: Substring, limit: Int) throws(Failure) -> [String] {
        let parts = inside.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw Failure(reason: "is not [start:end] or [start:end:step]")
        }
        var step = 1
        if parts.count == 3 {
            guard parts[2].allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(parts[2]), value > 0 else {
                throw Failure(reason: "has a step that is not a positive number")
            }
            step = value
        }
        let start = parts[0], end = parts[1]
        if start.allSatisfy({ $0.isASCII && $0.isNumber }), end.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let first = Int(start), let last = Int(end) else { throw Failure(reason: "has a number too large") }
            guard first <= last else { throw Failure(reason: "ends before it starts") }
            guard (last - first) / step < limit else { throw Failure(reason: "stands for more than \(limit) hosts") }
            return stride(from: first, through: last, by: step).map { number in
                let digits = String(number)
                return String(repeating: "0", count: max(0, start.count - digits.count)) + digits
            }
        }
        guard start.count == 1, end.count == 1, let first = start.unicodeScalars.first, let last = end.unicodeScalars.first,
              first.properties.isLowercase || first.properties.isUppercase, first.isASCII, last.isASCII,
              first.properties.isLowercase == last.properties.isLowercase else {
            throw Failure(reason: "mixes numbers and letters, or has more than one letter at an end")
        }
        guard first.value <= last.value else { throw Failure(reason: "ends before it starts") }
        return stride(from: first.value, through: last.value, by: step).map { String(Character(Unicode.Scalar($0)!)) }
    }
}
