import AuthSetup
import Flows
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What a run over many targets shows while it runs. On a terminal: one line per target with its
/// stage (waiting, connecting, installing, proving, done, failed: reason), redrawn in place with
/// plain ANSI cursor movement, and a count below them. Otherwise (a pipe, a file, `--json`): one
/// plain line per finished target, as the caller words it.
final class FleetDisplay: Sendable {
    private struct State {
        var stages: [FleetStage]
        var drawn = false
    }

    private let names: [String]
    private let live: Bool
    private let quiet: Bool
    private let columns: Int
    private let state: Mutex<State>

    /// `quiet`: print nothing while running (`--json`).
    init(names: [String], quiet: Bool) {
        self.names = names.map { TerminalText.printable($0) }
        self.quiet = quiet
        var size = winsize()
        let terminal = !quiet && isatty(STDOUT_FILENO) == 1 && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0
        // Lines that scrolled off the screen cannot be redrawn: the live view needs them all on it.
        live = terminal && names.count + 2 <= Int(size.ws_row)
        columns = terminal ? Int(size.ws_col) : 80
        state = Mutex(State(stages: Array(repeating: .waiting, count: names.count)))
    }

    /// A target's new stage, shown in the live mode only. The runner calls this and `finish`
    /// under its lock, so calls never overlap.
    func show(_ index: Int, _ stage: FleetStage) {
        guard live else { return }
        redraw(index, stage)
    }

    /// A target is finished: its last stage in the live mode, `line` in the plain mode.
    func finish(_ index: Int, _ stage: FleetStage, line: @autoclosure () -> String) {
        guard !quiet else { return }
        if live { redraw(index, stage) } else { Console.out(line()) }
    }

    private func redraw(_ index: Int, _ stage: FleetStage) {
        state.withLock { state in
            state.stages[index] = stage
            var text = ""
            if !state.drawn {
                state.drawn = true
                text = (0..<names.count).map { line($0, state.stages[$0]) + "\n" }.joined() + count(state.stages) + "\n"
            } else {
                // Up to the target's line, rewrite it, back down to the count, rewrite that.
                let up = names.count - index + 1
                text = "\u{1B}[\(up)A\r\u{1B}[2K" + line(index, stage) + "\u{1B}[\(up - 1)B\r\u{1B}[2K" + count(state.stages) + "\n"
            }
            Console.out(text)
        }
    }

    private func line(_ index: Int, _ stage: FleetStage) -> String {
        fitted("\(names[index])  \(TerminalText.printable(stage.text))")
    }

    private func count(_ stages: [FleetStage]) -> String {
        let finished = stages.count(where: \.isFinal)
        let failed = stages.count(where: { if case .failed = $0 { true } else { false } })
        return fitted("\(finished) of \(stages.count) finished, \(failed) failed")
    }

    /// Cut to the terminal's width, so that no line wraps and the cursor arithmetic holds.
    private func fitted(_ text: String) -> String {
        text.count < columns ? text : String(text.prefix(max(1, columns - 2))) + "…"
    }
}

/// The table and the last line a run over many targets ends with.
enum FleetSummary {
    /// Rows under a header, columns padded to their widest cell (the last one left as it is).
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows.map { $0.map { TerminalText.printable($0) } }
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == header.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// `All N targets VERB.`, or `K of N targets failed: names`.
    static func lastLine(total: Int, failed: [String], verb: String) -> String {
        failed.isEmpty
            ? "All \(total) targets \(verb).\n"
            : "\(failed.count) of \(total) targets failed: \(failed.map { TerminalText.printable($0) }.joined(separator: ", "))\n"
    }

    static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) s"
    }

    static func seconds(since started: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// The targets of a list, each resolved through ~/.ssh/config, refusing two names that reach the
/// same account (two runs at once would race on one authorized_keys).
enum FleetTargets {
    static func resolve(_ targets: [FleetTarget], list: String, knownHostsFile: String?) throws(CommandFailure) -> [TargetContext] {
        var contexts: [TargetContext] = []
        var reached: [String: Int] = [:]
        for target in targets {
            let context: TargetContext
            do {
                context = try TargetContext.resolve(target.address, portOption: nil, knownHostsFile: knownHostsFile)
            } catch {
                throw CommandFailure("\(list):\(target.line): \(error.sentence)", status: 2)
            }
            let address = address(context)
            if let first = reached[address.lowercased()] {
                throw CommandFailure("\(list):\(target.line): \(target.name) reaches \(address), as line \(first) does; remove one of the two.", status: 2)
            }
            reached[address.lowercased()] = target.line
            contexts.append(context)
        }
        return contexts
    }

    /// user@host:port after ~/.ssh/config.
    static func address(_ context: TargetContext) -> String {
        TargetAddress(user: context.user, host: context.host, port: context.port).displayName
    }
}
