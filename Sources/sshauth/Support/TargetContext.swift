import AuthSetup
import Flows
import RemoteAccess
import SSHKeys

/// A command's target: the account running it and the resolved target, with the flows' steps
/// to reach it asked on this process's terminal.
struct TargetContext {
    let account: UserAccount
    let target: Target

    var user: String { target.user }
    var host: String { target.host }
    var port: Int { target.port }
    var knownHostsFiles: [String] { target.knownHostsFiles }
    var knownHostsFile: String? { target.knownHostsFile }

    static func resolve(_ address: TargetAddress, portOption: Int?, knownHostsFile: String?) throws(CommandFailure) -> TargetContext {
        let account: UserAccount
        do { account = try UserAccount.current() } catch { throw CommandFailure(error.description) }
        do {
            let (target, warnings) = try Target.resolve(address, portOption: portOption, knownHostsFile: knownHostsFile, account: account)
            for warning in warnings { Console.warning(warning) }
            return TargetContext(account: account, target: target)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// Questions asked on the terminal, when standard input is one (and `quiet` is off).
    static func terminalQuestions(quiet: Bool = false) -> Questions {
        guard Console.stdinIsTerminal, !quiet else { return .nobody(warn: { Console.warning($0) }) }
        return Questions(canAsk: true, secret: { PassphrasePrompt.ask($0) },
                         confirm: { question in
                             Console.out(question)
                             return readLine()?.lowercased() == "yes"
                         },
                         warn: { Console.warning($0) })
    }

    /// Connects and settles the host key before anything else is sent.
    func connectAndTrust(rule: Setup.UnknownHostKeyRule, timeoutSeconds: Int, dryRun: Bool, quiet: Bool) throws(CommandFailure) -> SSHSession {
        do {
            let connection = try target.connect(timeoutSeconds: timeoutSeconds)
            let recorded = try HostKeyDecision.settle(connection, target: target, rule: rule, record: !dryRun,
                                                      questions: Self.terminalQuestions(quiet: quiet))
            if let recorded, !quiet { Console.out(recorded + "\n") }
            return connection.session
        } catch {
            throw CommandFailure(error.description)
        }
    }

    static func readCredentials(_ login: Setup.Login) throws(CommandFailure) -> LoginCredentials {
        do { return try LoginCredentials.read(login, questions: terminalQuestions()) } catch { throw CommandFailure(error.description) }
    }

    func authenticate(_ session: SSHSession, credentials: inout LoginCredentials, dryRun: Bool) throws(CommandFailure) -> Bool {
        do {
            return try TargetLogin.authenticate(session, target: target, credentials: &credentials, dryRun: dryRun,
                                                questions: Self.terminalQuestions())
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

extension CommandFailure {
    /// Runs a step of a flow; its failure becomes the command's, with the same sentence.
    static func flow<T>(_ body: () throws(FlowFailure) -> T) throws(CommandFailure) -> T {
        do { return try body() } catch { throw CommandFailure(error.description) }
    }
}
