/// Path arithmetic on the target's absolute paths, by name only.
enum RemotePaths {
    /// `path` made absolute (relative paths and `~/` are taken from `home`), with `//`, `.` and `..` resolved.
    static func normalised(_ path: String, home: String) -> String {
        var full = path
        if full == "~" {
            full = home
        } else if full.hasPrefix("~/") {
            full = home + "/" + full.dropFirst(2)
        } else if !full.hasPrefix("/") {
            full = home + "/" + full
        }
        var components: [Substring] = []
        for component in full.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// The directory holding `path` (`/` for `/` itself and for top-level names).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// `name` inside `directory`, without a doubled slash at the root.
    static func child(_ directory: String, _ name: String) -> String {
        directory == "/" ? "/" + name : directory + "/" + name
    }

    /// Whether `path` lies strictly below `directory`.
    static func isUnder(_ path: String, _ directory: String) -> Bool {
        directory == "/" ? path != "/" : path.hasPrefix(directory + "/")
    }

    /// The path as one shell word for the user's own shell: `~`-relative under the home, quoted as needed.
    static func homeRelativeWord(_ path: String, home: String) -> String {
        if path == home { return "~" }
        if isUnder(path, home) {
            let relative = home == "/" ? String(path.dropFirst()) : String(path.dropFirst(home.count + 1))
            // The tilde must stay outside the quotes for the shell to expand it.
            return "~/" + ShellQuoting.quote(relative)
        }
        return ShellQuoting.quote(path)
    }
}
