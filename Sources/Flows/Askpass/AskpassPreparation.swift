import AuthSetup
import SSHKeys
#if canImport(Glibc)
import Glibc
#endif

/// Mechanism 3 prepared from a set-up: the files, their plan ending in the proof run, and what
/// the dry run and the result show. The command and the wizard both build it here, so the
/// wizard's review and `askpass setup --dry-run` show the same plan.
public struct AskpassPreparation: Sendable {
    /// Where the files go and for which target, with the pinned host key.
    public let request: AskpassRequest
    /// The directory, the six files and, last, the run of `NAME-ssh true` with no terminal.
    public let plan: Plan
    /// Every file with its mode and content, the password shown as bullets.
    public let renderedFiles: [String]
    /// The pinned host key's SHA256 fingerprint.
    public let hostKeyFingerprint: String
    /// `user@host`, with the port when it is not 22.
    public let targetName: String

    /// The directory a set-up's files go to: the default under `home`, `~` expanded, a relative
    /// path taken from the current directory.
    public static func directory(_ choice: Setup.AskpassChoice, home: String) throws(AskpassPreparationError) -> String {
        var path = TypedPath.expand(choice.directory ?? home + "/" + defaultDirectory, home: home)
        if !path.hasPrefix("/") {
            guard let cwd = getcwd(nil, 0) else { throw .noCurrentDirectory(path) }
            defer { free(cwd) }
            path = String(cString: cwd) + "/" + path
        }
        // ssh splits UserKnownHostsFile at blanks and takes quotes and backslashes in it as quoting,
        // so a directory with one of them cannot hold the pinned file.
        if path.contains(where: { $0.isWhitespace }) { throw .blankInDirectory(path) }
        if let quote = path.first(where: { "'\"\\".contains($0) }) { throw .quoteInDirectory(path, quote) }
        return path
    }

    /// The default directory, relative to the home.
    public static let defaultDirectory = ".config/sshauth/askpass"

    /// Prepares the set-up for `target`, whose host key `hostKey` the files pin. `password` may be
    /// nil only for a plan that is shown and not applied. An earlier set-up with the same name is
    /// refused unless the choice says to replace it; `proofSeconds` bounds the proof run.
    public static func prepare(_ choice: Setup.AskpassChoice, target: Target, hostKey: SSHPublicKey, password: SecretBytes?,
                               helper: AskpassRequest.Helper, home: String, proofSeconds: Int) throws(AskpassPreparationError) -> AskpassPreparation {
        let directory = try directory(choice, home: home)
        let name = choice.name ?? AskpassRequest.defaultName(host: target.host)
        if let problem = AskpassRequest.checkName(name) { throw .unfitName(problem) }
        let request = AskpassRequest(directory: directory, name: name, user: target.user, host: target.host, port: target.port,
                                     hostKey: PublicKeyLine(key: hostKey, comment: "").keyText, helper: helper, replace: choice.replace)
        let files = AskpassSetup(request: request, password: password)
        if !choice.replace, case let existing = files.existingFiles(), !existing.isEmpty {
            throw .existingSetUp(name: name, directory: directory, files: existing)
        }
        var plan = files.plan()
        plan.steps.append(files.proofStep(seconds: proofSeconds))
        return AskpassPreparation(request: request, plan: plan, renderedFiles: files.renderedFiles(),
                                  hostKeyFingerprint: Fingerprint(of: hostKey).description, targetName: target.displayName)
    }

    /// What a dry run prints: the numbered plan, then every file.
    public var dryRunText: String {
        plan.renderedText() + "\n" + renderedFiles.joined(separator: "\n") + "\n"
    }
}

/// Why an askpass set-up cannot be prepared. The description is the command's sentence; the
/// wizard words `existingSetUp` for its own screens.
public enum AskpassPreparationError: Error, Equatable, CustomStringConvertible {
    case noCurrentDirectory(String)
    case blankInDirectory(String)
    case quoteInDirectory(String, Character)
    case unfitName(String)
    case existingSetUp(name: String, directory: String, files: [String])

    public var description: String {
        switch self {
        case .noCurrentDirectory(let path):
            "cannot tell the current directory to place \(path) in."
        case .blankInDirectory(let path):
            "the directory \(path) has a blank in its name, which ssh's UserKnownHostsFile option cannot take; choose another --dir."
        case .quoteInDirectory(let path, let quote):
            "the directory \(path) has a \(quote == "\\" ? "backslash" : "quote") (\(quote)) in its name, which ssh's UserKnownHostsFile option takes as quoting; choose another --dir."
        case .unfitName(let problem):
            problem
        case .existingSetUp(let name, let directory, let files):
            "an askpass set-up named \(name) exists in \(directory) (\(files.joined(separator: ", "))); give --force to replace it, or --name for another."
        }
    }
}
