import AuthSetup
import Dispatch
import Foundation
import Synchronization
import TestSupport
import Testing
@testable import Wizard

/// The wizard's state machine and its worker together against the real sshd: the effects the
/// screens ask for really connect, judge host keys, record them (or not, in a dry run) and log in.
@Suite(.serialized) struct WizardWorkerTests {
    /// Runs effects through a worker and feeds the results back into the state, like the terminal loop.
    final class Driver: @unchecked Sendable {
        struct NoResult: Error {}

        /// Where the worker's results wait for the test thread.
        final class Inbox: Sendable {
            let events = Mutex<[WizardEvent]>([])
            let arrived = DispatchSemaphore(value: 0)
        }

        var state: WizardState
        let worker: WizardWorker
        private let inbox = Inbox()

        init(_ state: WizardState, knownHosts: String, dryRun: Bool = false) throws {
            self.state = state
            let inbox = self.inbox
            worker = WizardWorker(account: try UserAccount.current(), dryRun: dryRun, knownHostsFiles: [knownHosts]) { event in
                inbox.events.withLock { $0.append(event) }
                inbox.arrived.signal()
            }
        }

        /// Sends keys; performs the effects they cause and waits for each result (15 s at most).
        func press(_ keys: [WizardEvent.Key]) throws {
            for key in keys {
                for effect in state.handle(.key(key)) where effect != .quit {
                    worker.perform(effect)
                    switch effect {
                    case .resolveTarget, .logIn: try awaitResult()
                    default: break
                    }
                }
            }
            worker.drain()
        }

        private func awaitResult() throws {
            guard inbox.arrived.wait(timeout: .now() + 15) == .success else { throw NoResult() }
            for event in inbox.events.withLock({ events in defer { events.removeAll() }; return events }) {
                _ = state.handle(event)
            }
        }
    }

    private func targetForm(_ sandbox: LoopbackSandbox) -> TargetForm {
        TargetForm(host: sandbox.host, port: String(sandbox.port), user: sandbox.user)
    }

    @Test("mechanism 1: a known host, the password, and the result screen")
    func passwordFlow() throws {
        try SandboxAccount.exclusive { account in
            let sandbox = account.sandbox
            let password = try String(contentsOfFile: sandbox.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            let driver = try Driver(WizardState(size: .minimum, mechanism: .password, target: targetForm(sandbox)), knownHosts: sandbox.knownHosts)
            try driver.press([.enter])
            guard case .password(.password, let check, _) = driver.state.screen else {
                Issue.record("not asking for the password: \(driver.state.screen)"); return
            }
            #expect(check.verdict == .known)
            #expect(check.methods.contains("password"))
            try driver.press(password.map { .character($0) } + [.enter])
            guard case .passwordWorks = driver.state.screen else { Issue.record("no result: \(driver.state.screen)"); return }
            #expect(render(driver.state).lines.joined().contains("cannot serve batch jobs"))
        }
    }

    @Test("a wrong password ends on the failure screen")
    func wrongPassword() throws {
        try SandboxAccount.exclusive { account in
            let driver = try Driver(WizardState(size: .minimum, mechanism: .password, target: targetForm(account.sandbox)),
                                    knownHosts: account.sandbox.knownHosts)
            try driver.press([.enter] + "not-the-password".map { .character($0) } + [.enter])
            guard case .failure(let sentence) = driver.state.screen else { Issue.record("no failure: \(driver.state.screen)"); return }
            #expect(sentence.contains("refused"))
        }
    }

    @Test("an unknown host key is shown; accepting records it, but not in a dry run", arguments: [false, true])
    func unknownHostKey(dryRun: Bool) throws {
        try SandboxAccount.exclusive { account in
            let scratch = try TemporaryDirectory()
            let knownHosts = try scratch.write("known_hosts", "")
            let driver = try Driver(WizardState(size: .minimum, dryRun: dryRun, mechanism: .password, target: targetForm(account.sandbox)),
                                    knownHosts: knownHosts, dryRun: dryRun)
            try driver.press([.enter])
            guard case .hostKey(_, let check) = driver.state.screen else { Issue.record("no host key screen: \(driver.state.screen)"); return }
            #expect(check.verdict == .unknown)
            let listed = try ExternalTool.run(["ssh-keygen", "-lf", account.sandbox.knownHosts]).stdout
            #expect(listed.contains(check.fingerprint))
            #expect(check.randomart.hasPrefix("+--"))
            try driver.press([.character("a")])
            let recorded = try String(contentsOfFile: knownHosts, encoding: .utf8)
            #expect(recorded.isEmpty == dryRun, "dry run \(dryRun): \(recorded)")
            guard case .password = driver.state.screen else { Issue.record("not on the password screen"); return }
        }
    }
}
