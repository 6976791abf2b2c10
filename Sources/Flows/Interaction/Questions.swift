import AuthSetup
import SSHKeys

/// How a flow asks the person who runs it. A command asks on its terminal; a run with nobody to
/// answer (no terminal, JSON output, `apply` in a batch job) gets nil for every question, and the
/// flow stops with a sentence that names the option that would have answered it, instead of hanging.
public struct Questions: Sendable {
    /// Whether anyone can answer at all.
    public var canAsk: Bool
    /// Asks for a secret without echo.
    public var secret: @Sendable (_ prompt: String) -> SecretBytes?
    /// Shows `text` and asks for a yes (true) or anything else (false).
    public var confirm: @Sendable (_ text: String) -> Bool?
    /// A warning that does not stop the flow.
    public var warn: @Sendable (_ sentence: String) -> Void

    public init(canAsk: Bool, secret: @escaping @Sendable (String) -> SecretBytes?, confirm: @escaping @Sendable (String) -> Bool?,
                warn: @escaping @Sendable (String) -> Void) {
        self.canAsk = canAsk
        self.secret = secret
        self.confirm = confirm
        self.warn = warn
    }

    /// Nobody to ask; warnings go to `warn`.
    public static func nobody(warn: @escaping @Sendable (String) -> Void = { _ in }) -> Questions {
        Questions(canAsk: false, secret: { _ in nil }, confirm: { _ in nil }, warn: warn)
    }
}
