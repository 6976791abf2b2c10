/// Quoting for the "by hand" commands shown in plans.
public enum ShellQuoting {
    /// The word unchanged when it is safe in a POSIX shell, otherwise single-quoted.
    public static func quote(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "@%+=:,./_-~".unicodeScalars.contains($0)
        }
        if safe, !word.isEmpty { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
