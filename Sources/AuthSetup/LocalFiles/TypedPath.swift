/// A path as a person types it: `~` and `~/...` mean the home directory (as in a shell), and
/// trailing slashes are dropped. Nothing else is expanded.
public enum TypedPath {
    public static func expand(_ typed: String, home: String) -> String {
        var path = typed == "~" || typed.hasPrefix("~/") ? home + typed.dropFirst() : typed
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
