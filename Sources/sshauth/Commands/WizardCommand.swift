import ArgumentParser
import AuthSetup
import TerminalUI
import Wizard
import WizardEffects
#if canImport(Glibc)
import Glibc
#endif

/// `sshauth wizard`: the guided setup on the terminal.
struct WizardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "Open the guided setup on the terminal (sshauth alone does the same).",
        discussion: """
            Choose a mechanism, the target, check its host key, log in, review the plan (the same \
            plan the commands print with --dry-run) and apply it. With --dry-run the review is the \
            end: nothing is written and nothing is sent beyond reading the target. Fields are edited \
            as on a shell's command line (arrows, Home/End, Ctrl-A/E/U/K/W); Esc goes back, and on \
            the first screen leaves. It needs a terminal that can move the cursor (not TERM=dumb).
            """
    )

    enum MechanismName: String, ExpressibleByArgument, CaseIterable {
        case password, keypair, askpass, certificate

        var mechanism: Mechanism {
            switch self {
            case .password: .password
            case .keypair: .keyPair
            case .askpass: .askpass
            case .certificate: .certificate
            }
        }
    }

    @Flag(name: .customLong("dry-run"), help: "Review only: nothing is written and no key is installed.")
    var dryRun = false

    @Option(help: "Start with this mechanism, past the menu (Esc goes back to the menu).")
    var mechanism: MechanismName?

    @Option(name: .customLong("known-hosts"), help: ArgumentHelp("Check and record host keys in this file instead of the user's known_hosts.", valueName: "file"))
    var knownHosts: String?

    @Argument(help: ArgumentHelp("The target, filled into the target screen: [user@]host[:port].", valueName: "[user@]host"))
    var target: String?

    func run() throws {
        let account: UserAccount
        do { account = try UserAccount.current() } catch {
            Console.error(error.description)
            throw ExitCode.failure
        }
        var form: TargetForm?
        if let target {
            do {
                let address = try TargetAddress(parsing: target)
                form = TargetForm(host: address.host, port: address.port.map(String.init) ?? "", user: address.user ?? "")
            } catch {
                Console.error(error.description)
                throw ExitCode.failure
            }
        }
        let environment = WizardEnvironment(sshDirectory: account.sshDirectory, existingKeys: ExistingKey.list(in: account.sshDirectory),
                                            defaultComment: KeygenCommand.defaultComment(account: account),
                                            takenPaths: Self.files(in: account.sshDirectory).union(Self.files(in: account.home)))
        let dryRun = self.dryRun
        let knownHosts = self.knownHosts.map { [$0] }
        let chosen = mechanism?.mechanism
        // Mechanism 3's wrappers run this binary as their askpass helper (the sh helper if it cannot be named).
        let helper: AskpassRequest.Helper = AskpassSetup.runningBinary().map { .sshauth(binary: $0) } ?? .standalone
        // The agent of the shell that started the wizard; the certificate flow loads its key there.
        let agent = getenv("SSH_AUTH_SOCK").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        let ending = MainActor.assumeIsolated {
            WizardLoop.run(worker: { deliver in
                WizardWorker(account: account, dryRun: dryRun, knownHostsFiles: knownHosts, askpassHelper: helper, agentSocket: agent,
                             commandLine: { SetupCommandLine.words(for: $0) }, deliver: deliver)
            }) { size in
                WizardState(size: size, dryRun: dryRun, environment: environment, mechanism: chosen, target: form)
            }
        }
        switch ending {
        case nil:
            Console.error(Self.noTerminalSentence())
            Console.write(Array(("\n" + SSHAuth.helpMessage() + "\n").utf8), to: STDERR_FILENO)
            throw ExitCode.failure
        case .quit?:
            return
        case .signal(let number)?:
            throw ExitCode(128 + number)
        }
    }

    /// Why the wizard could not start: no terminal at all, or one curses cannot draw on.
    static func noTerminalSentence() -> String {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            return "the wizard needs a terminal on its input and output; use the commands below instead."
        }
        let type = getenv("TERM").map { String(cString: $0) } ?? ""
        let named = type.isEmpty ? "this terminal (TERM is not set)" : "this terminal (TERM=\(type))"
        return "the wizard cannot draw on \(named): it needs one that can move the cursor, such as xterm; set TERM to match your terminal, or use the commands below."
    }

    /// The paths of the files in a directory (`~/.ssh`, home), so a new key's path is checked as it
    /// is typed and a suggested set-up file name is a free one.
    static func files(in directory: String) -> Set<String> {
        Set(KeyFiles.names(in: directory).map { directory + "/" + $0 })
    }
}
