#if canImport(Glibc)
import Glibc
#endif

/// The key files a user keeps in `~/.ssh`.
public enum KeyFiles {
    /// Every `id_*.pub` in `directory` (certificates excluded), newest first, as ssh-copy-id picks them.
    public static func defaultPublicKeys(in directory: String) -> [String] {
        var found: [(path: String, modified: Int)] = []
        for name in names(in: directory) {
            guard name.hasPrefix("id_"), name.hasSuffix(".pub"), !name.hasSuffix("-cert.pub") else { continue }
            let path = directory + "/" + name
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            found.append((path, Int(info.st_mtim.tv_sec)))
        }
        return found.sorted { $0.modified != $1.modified ? $0.modified > $1.modified : $0.path < $1.path }.map(\.path)
    }

    /// The names in a directory, without `.` and `..`; none when it cannot be read.
    public static func names(in directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }
}
