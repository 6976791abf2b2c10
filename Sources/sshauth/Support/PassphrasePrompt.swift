#if canImport(Glibc)
import Glibc
#endif
import SSHKeys
import Synchronization

/// Asks for a secret on the controlling terminal with echo off, restoring the terminal afterwards,
/// also when Ctrl-C, SIGTERM or SIGHUP arrives while it waits.
enum PassphrasePrompt {
    /// The stop signal that arrived during a prompt, or 0.
    private static let interrupted = Atomic<Int32>(0)
    private static let stopSignals = [SIGINT, SIGTERM, SIGHUP]
    /// The most a secret typed here may be: room reserved up front, so the buffer never grows
    /// (a grown array leaves its old, unwiped buffer behind).
    private static let maximumLength = 4096

    /// Reads one line from `/dev/tty` without echo. Returns nil when there is no terminal.
    static func ask(_ prompt: String) -> SecretBytes? {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // While echo is off, a stop signal only interrupts the read (no SA_RESTART); the terminal is
        // restored first and the signal then delivered as it would have been.
        interrupted.store(0, ordering: .relaxed)
        var previous: [sigaction] = []
        for number in stopSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { PassphrasePrompt.interrupted.store($0, ordering: .relaxed) }
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(number, &action, &old)
            previous.append(old)
        }
        defer {
            for (index, number) in stopSignals.enumerated() { sigaction(number, &previous[index], nil) }
            let number = interrupted.load(ordering: .relaxed)
            if number != 0 { raise(number) }
        }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        quiet.c_lflag |= tcflag_t(ICANON)
        Console.write(Array(prompt.utf8), to: fd)
        guard tcsetattr(fd, TCSAFLUSH, &quiet) == 0 else { return nil }
        defer {
            tcsetattr(fd, TCSAFLUSH, &saved)
            Console.write([UInt8(ascii: "\n")], to: fd)
        }
        var line = [UInt8]()
        line.reserveCapacity(maximumLength)
        defer { SecretBytes.wipe(&line) }
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0, errno == EINTR {
                if interrupted.load(ordering: .relaxed) != 0 { return nil }
                continue
            }
            if count <= 0 || byte == UInt8(ascii: "\n") { break }
            if line.count < maximumLength { line.append(byte) }
        }
        byte = 0
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return SecretBytes(line)
    }

    /// Asks twice and insists the answers match. An empty answer means "no passphrase".
    static func askNewPassphrase() throws(CommandFailure) -> SecretBytes? {
        let typed = try askTwice("Enter passphrase (empty for no passphrase): ", again: "Enter same passphrase again: ", what: "passphrase")
        return typed.isEmpty ? nil : typed
    }

    /// Asks for a new secret twice; the two answers must match. `what` names it in the sentences.
    static func askTwice(_ prompt: String, again: String, what: String) throws(CommandFailure) -> SecretBytes {
        guard let first = ask(prompt), let second = ask(again) else {
            throw CommandFailure("cannot read a \(what): there is no terminal.")
        }
        guard first == second else { throw CommandFailure("the two \(what)s do not match; nothing was written.") }
        return first
    }
}
