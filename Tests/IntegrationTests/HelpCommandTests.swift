import Foundation
import TestSupport
import Testing

/// `sshauth help`: the topic list, topics wrapped to the terminal width, commands' usage (the job
/// of ArgumentParser's built-in `help`, which ours replaces), and unknown topics.
@Suite struct HelpCommandTests {
    /// Each topic's id and title, read from the Markdown the binary's texts are generated from.
    static func topics() throws -> [(id: String, title: String)] {
        let directory = Repository.root + "/Resources/help"
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".md") }.map { name in
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            let heading = text.split(separator: "\n").first { $0.hasPrefix("# ") } ?? ""
            return (String(name.dropLast(3)), String(heading.dropFirst(2)))
        }
    }

    /// Runs sshauth with `COLUMNS` set (standard output is a pipe, so that is the width it sees).
    static func run(_ arguments: [String], columns: Int = 80) throws -> ExternalTool.Output {
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = String(columns)
        return try SSHAuthBinary.run(arguments, environment: environment)
    }

    @Test("sshauth help lists every topic with its title, and the commands")
    func listsTopics() throws {
        let result = try Self.run(["help"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        for topic in try Self.topics() {
            #expect(result.stdout.split(separator: "\n").contains { $0.contains(topic.id) && $0.hasSuffix(topic.title) },
                    "\(topic.id) is not listed with its title")
        }
        for command in ["keygen", "fingerprint", "install", "check"] {
            #expect(result.stdout.contains(command))
        }
        let listed = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }.map { $0.split(separator: " ")[0] }
        #expect(listed == ["overview", "password", "keypair", "askpass", "certificate", "hostkeys", "zos", "commands"])
    }

    @Test("a topic is wrapped to COLUMNS; code lines are printed whole", arguments: [60, 100])
    func wrapsTopic(_ columns: Int) throws {
        let result = try Self.run(["help", "keypair"], columns: columns)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first == "# Mechanism 2: OpenSSH key pair")
        let code = lines.filter { $0.hasPrefix("    ") }
        #expect(lines.filter { !$0.hasPrefix("    ") }.allSatisfy { $0.count <= columns }, "a line is wider than \(columns)")
        // Paragraphs are refilled to the width, not left at the source's line breaks.
        let prose = lines.filter { !$0.hasPrefix(" ") && !$0.hasPrefix("#") }
        #expect(prose.contains { $0.count > columns - 12 })
        // Code lines are neither joined nor cut: a command must be copied whole.
        #expect(code.contains("    sshauth keygen -f ~/.ssh/batch_target --no-passphrase --dry-run"))
        #expect(code.contains("    sshauth keygen"))
        let source = try String(contentsOfFile: Repository.root + "/Resources/help/keypair.md", encoding: .utf8)
        #expect(code.map(String.init) == source.split(separator: "\n").filter { $0.hasPrefix("    ") }.map(String.init))
    }

    @Test("widths beyond 100 are capped, absurd ones raised to 20")
    func widthLimits() throws {
        let wide = try Self.run(["help", "overview"], columns: 250)
        let wideProse = wide.stdout.split(separator: "\n").filter { !$0.hasPrefix("    ") }
        #expect(wideProse.allSatisfy { $0.count <= 100 })
        #expect(wideProse.contains { $0.count > 90 })
        let narrow = try Self.run(["help", "overview"], columns: 3)
        let narrowProse = narrow.stdout.split(separator: "\n").filter { !$0.hasPrefix("    ") }
        #expect(narrowProse.allSatisfy { $0.count <= 20 })
        #expect(narrowProse.contains { $0.count > 10 })
    }

    @Test("a prefix or a mechanism number names the same topic")
    func aliases() throws {
        let full = try Self.run(["help", "keypair"])
        #expect(try Self.run(["help", "2"]).stdout == full.stdout)
        #expect(try Self.run(["help", "key"]).stdout == full.stdout)
        #expect(try Self.run(["help", "KEYPAIR"]).stdout == full.stdout)
        #expect(try Self.run(["help", "4"]).stdout.hasPrefix("# Mechanism 4: "))
    }

    @Test("help COMMAND prints the command's options exactly as COMMAND --help", arguments: ["keygen", "fingerprint", "install", "check"])
    func commandUsage(_ command: String) throws {
        let viaHelp = try Self.run(["help", command])
        let viaFlag = try Self.run([command, "--help"])
        #expect(viaHelp.status == 0)
        #expect(viaFlag.status == 0)
        #expect(viaHelp.stdout.contains("USAGE: sshauth \(command)"))
        #expect(viaHelp.stdout == viaFlag.stdout)
    }

    @Test("a word that is a topic and a command (askpass, zos) shows the topic; a subcommand after it shows options", arguments: ["askpass", "zos"])
    func topicBeforeCommand(_ word: String) throws {
        let topic = try Self.run(["help", word])
        #expect(topic.status == 0)
        #expect(topic.stdout.hasPrefix("# "), "\(topic.stdout.prefix(200))")
        #expect(!topic.stdout.contains("USAGE:"))
        let options = try Self.run(["help", word, "zos"].prefix(word == "zos" ? 2 : 3) + (word == "zos" ? ["racdcert"] : []))
        #expect(options.status == 0)
        #expect(options.stdout.contains("USAGE: sshauth \(word) "))
    }

    @Test("the usual help entries still work")
    func builtInHelp() throws {
        let top = try Self.run(["--help"])
        #expect(top.status == 0)
        #expect(top.stdout.contains("USAGE: sshauth <subcommand>"))
        #expect(top.stdout.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("help ") })
        #expect(try Self.run(["-h"]).stdout == top.stdout)
        let helpHelp = try Self.run(["help", "help"])
        #expect(helpHelp.status == 0)
        #expect(helpHelp.stdout.contains("USAGE: sshauth help"))
        #expect(try Self.run(["help", "--help"]).stdout == helpHelp.stdout)
    }

    @Test("an unknown topic: one sentence naming the topics, exit status 1")
    func unknownTopic() throws {
        let result = try Self.run(["help", "nosuchtopic"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("sshauth: no help topic \"nosuchtopic\"; topics are: overview, password,") == true)
    }

    @Test("an ambiguous start or extra words: one sentence, exit status 1")
    func ambiguousTopic() throws {
        let ambiguous = try Self.run(["help", "c"])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.split(separator: "\n").count == 1)
        #expect(ambiguous.stderr.contains("certificate or commands"))
        let extra = try Self.run(["help", "keypair", "more"])
        #expect(extra.status == 1)
        #expect(extra.stderr.split(separator: "\n").count == 1)
        let badSub = try Self.run(["help", "install", "nothing"])
        #expect(badSub.status == 1)
        #expect(badSub.stderr.contains("'install' has no subcommands"))
        #expect(badSub.stderr.split(separator: "\n").count == 1)
    }
}
