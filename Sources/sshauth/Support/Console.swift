import ArgumentParser
import AuthSetup
#if canImport(Glibc)
import Glibc
#endif

/// Writes to the standard streams with plain system calls (no buffering surprises, no C globals).
enum Console {
    /// Writes bytes to a descriptor, retrying partial writes.
    static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBufferPointer { write(buffer: $0, to: fd) }
    }

    /// Writes bytes that must not be copied into a Swift array (a secret), retrying partial writes.
    static func write(buffer: UnsafeBufferPointer<UInt8>, to fd: Int32) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    static func out(_ text: String) {
        write(Array(text.utf8), to: STDOUT_FILENO)
    }

    /// One line on standard error, prefixed with the program name.
    static func error(_ sentence: String) {
        write(Array("sshauth: \(TerminalText.printable(sentence, keepingLineBreaks: true))\n".utf8), to: STDERR_FILENO)
    }

    /// A warning line on standard error.
    static func warning(_ sentence: String) {
        write(Array("sshauth: warning: \(TerminalText.printable(sentence, keepingLineBreaks: true))\n".utf8), to: STDERR_FILENO)
    }

    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
}

/// A failure already explained to the user: print the sentence, exit non-zero.
struct CommandFailure: Error {
    let sentence: String
    let status: Int32

    init(_ sentence: String, status: Int32 = 1) {
        self.sentence = sentence
        self.status = status
    }
}

/// A command whose failures are already sentences: `execute()` does the work, and `run()` prints
/// a failure on standard error and exits with its status.
protocol FailureReportingCommand: ParsableCommand {
    func execute() throws(CommandFailure)
}

extension FailureReportingCommand {
    func run() throws {
        do {
            try execute()
        } catch {
            Console.error(error.sentence)
            throw ExitCode(error.status)
        }
    }
}
