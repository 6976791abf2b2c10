import ArgumentParser
import TerminalUI
import Wizard
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth help [TOPIC | COMMAND]`: the help reference on the command line.
///
/// ArgumentParser adds a built-in `help` subcommand of its own, but only after the declared ones,
/// and looks subcommands up by name in order, so this command takes over `help`. It therefore also
/// does the built-in's job: `sshauth help install` prints the options of `install`.
struct HelpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "help",
        abstract: "Show a help topic (the reference the wizard shows) or a command's options.",
        discussion: """
            Without an argument, lists the topics. A topic may be named by its id, by a start of \
            the id that fits only one topic, or for the mechanisms by the numbers 1 to 4. Topics \
            are wrapped to the terminal's width (or $COLUMNS), at most 100 columns. A command \
            name prints that command's options, as 'sshauth COMMAND --help' does.
            """
    )

    @Argument(help: ArgumentHelp("A help topic, or a command name (followed by its subcommands, if any).", valueName: "topic"))
    var words: [String] = []

    @Flag(help: "Browse the help on the terminal: scroll, / to search, n for the next match, t for the topics.")
    var browse = false

    func run() throws {
        if browse {
            try browseOnTerminal()
            return
        }
        guard let first = words.first else {
            Console.out(topicList())
            return
        }
        // A word that is both a topic and a command (askpass, zos) names the topic: the reference
        // explains the mechanism, and 'sshauth help zos racdcert' or '--help' still give options.
        let isTopic = words.count == 1 && HelpCatalog.topics.contains { $0.id == first.lowercased() }
        if !isTopic, let command = Self.subcommand(named: first, of: SSHAuth.self) {
            throw try usageRequest(of: command, path: words.dropFirst())
        }
        guard words.count == 1 else {
            throw Self.failure("no help topic or command \"\(words.joined(separator: " "))\"; 'sshauth help' lists the topics and commands.")
        }
        let candidates = HelpCatalog.candidates(first)
        switch candidates.count {
        case 1:
            let lines = HelpText.wrap(candidates[0].text, width: Self.outputWidth(), cuttingCode: false)
            Console.out(lines.joined(separator: "\n") + "\n")
        case 0:
            let ids = HelpCatalog.topics.map(\.id).joined(separator: ", ")
            throw Self.failure("no help topic \"\(first)\"; topics are: \(ids).")
        default:
            let ids = candidates.map(\.id).joined(separator: " or ")
            throw Self.failure("\"\(first)\" could be the help topic \(ids); give more of its name.")
        }
    }

    /// Opens the help browser; without a terminal, prints the topic instead.
    private func browseOnTerminal() throws {
        let topic = words.first.flatMap { HelpCatalog.topic($0)?.id } ?? "overview"
        if let first = words.first, HelpCatalog.topic(first) == nil {
            throw Self.failure("no help topic \"\(first)\"; topics are: \(HelpCatalog.topics.map(\.id).joined(separator: ", ")).")
        }
        let ending = MainActor.assumeIsolated { WizardLoop.run { WizardState(size: $0, helpTopic: topic) } }
        switch ending {
        case nil:
            let lines = HelpText.wrap(HelpCatalog.topic(topic)!.text, width: Self.outputWidth(), cuttingCode: false)
            Console.out(lines.joined(separator: "\n") + "\n")
        case .quit?:
            return
        case .signal(let number)?:
            throw ExitCode(128 + number)
        }
    }

    /// The topics with their titles, and how to reach the rest.
    private func topicList() -> String {
        let idWidth = HelpCatalog.topics.map { $0.id.count }.max() ?? 0
        var lines = ["Help topics; show one with 'sshauth help TOPIC':", ""]
        for topic in HelpCatalog.topics {
            lines.append("  " + topic.id + String(repeating: " ", count: idWidth - topic.id.count + 3) + topic.title)
        }
        let numbers = HelpCatalog.aliases.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        let commands = SSHAuth.configuration.subcommands.compactMap { $0.configuration.commandName }
        lines += [
            "",
            "The mechanisms also answer to their numbers: \(numbers.joined(separator: ", ")).",
            "A command's options: 'sshauth help COMMAND' (\(commands.joined(separator: ", "))).",
            "A word that is both a topic and a command (askpass, zos) shows the topic; its options: 'sshauth askpass --help'.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// ArgumentParser's request to print the usage of `command`, or of the subcommand `path` names
    /// below it. Thrown from `run()` (rather than printing `helpMessage(for:)`), it makes the output
    /// byte for byte what `sshauth COMMAND [SUBCOMMAND ...] --help` prints, final blank line included.
    private func usageRequest(of command: any ParsableCommand.Type, path: ArraySlice<String>) throws -> CleanExit {
        var target = command
        for name in path {
            guard let next = Self.subcommand(named: name, of: target) else {
                let parent = target.configuration.commandName ?? ""
                let known = target.configuration.subcommands.compactMap { $0.configuration.commandName }
                throw Self.failure(known.isEmpty
                    ? "'\(parent)' has no subcommands, so there is no \"\(name)\"; 'sshauth help \(parent)' shows its options."
                    : "'\(parent)' has no subcommand \"\(name)\"; its subcommands are \(known.joined(separator: ", ")).")
            }
            target = next
        }
        return CleanExit.helpRequest(target)
    }

    /// The declared subcommand of `parent` called `name` (or with `name` as an alias).
    private static func subcommand(named name: String, of parent: any ParsableCommand.Type) -> (any ParsableCommand.Type)? {
        parent.configuration.subcommands.first { command in
            command.configuration.commandName == name || command.configuration.aliases.contains(name)
        }
    }

    /// The width to wrap topics to: the terminal's on standard output, else $COLUMNS, else 80;
    /// never more than 100 (longer lines read badly) nor less than 20.
    private static func outputWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return clamped(Int(size.ws_col))
        }
        if let value = getenv("COLUMNS"), let columns = Int(String(cString: value)), columns > 0 {
            return clamped(columns)
        }
        return 80
    }

    private static func clamped(_ columns: Int) -> Int {
        min(max(columns, 20), 100)
    }

    /// Prints `sentence` on standard error and gives the exit status to throw.
    private static func failure(_ sentence: String) -> ExitCode {
        Console.error(sentence)
        return .failure
    }
}
