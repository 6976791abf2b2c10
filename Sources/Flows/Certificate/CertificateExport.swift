import AuthSetup
#if canImport(Glibc)
import Glibc
#endif

/// Where mechanism 4 writes a certificate's public key: next to the ring, named after ring and label.
public enum CertificateExport {
    /// The path for `line`, and whether a file there already holds exactly this line (then it is
    /// used as it is). A file holding something else is never replaced: the next free name is taken.
    public static func path(ring: String, label: String, line: String) -> (path: String, exists: Bool) {
        let directory = ring.lastIndex(of: "/").map { String(ring[...$0]) } ?? ""
        let file = String(ring.dropFirst(directory.count))
        let stem = file.lastIndex(of: ".").map { String(file[..<$0]) } ?? file
        let safeLabel = String(label.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "_" })
        for attempt in 1...100 {
            let path = directory + stem + "-" + safeLabel + (attempt == 1 ? "" : "-\(attempt)") + ".pub"
            guard let existing = try? LocalFile.readAll(path) else {
                if LocalFile.exists(path) { continue }
                return (path, false)
            }
            if existing == Array(line.utf8) { return (path, true) }
        }
        return (directory + stem + "-" + safeLabel + "-\(getpid()).pub", false)
    }
}
