#if canImport(Glibc)
import Glibc
#endif
import SSHKeys

/// Asks for a secret on the controlling terminal with echo off, restoring the terminal afterwards.
enum PassphrasePrompt {
    /// Reads one line from `/dev/tty` without echo. Returns nil when there is no terminal.
    static func ask(_ prompt: String) -> SecretBytes? {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
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
        defer { SecretBytes.wipe(&line) }
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0, errno == EINTR { continue }
            if count <= 0 || byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        byte = 0
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return SecretBytes(line)
    }

    /// Asks twice and insists the answers match. An empty answer means "no passphrase".
    static func askNewPassphrase() throws(CommandFailure) -> SecretBytes? {
        guard let first = ask("Enter passphrase (empty for no passphrase): ") else {
            throw CommandFailure("cannot read a passphrase: there is no terminal.")
        }
        guard let second = ask("Enter same passphrase again: ") else {
            throw CommandFailure("cannot read a passphrase: there is no terminal.")
        }
        guard first == second else { throw CommandFailure("the passphrases do not match; nothing was written.") }
        return first.isEmpty ? nil : first
    }
}
