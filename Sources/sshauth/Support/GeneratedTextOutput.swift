import ArgumentParser
import AuthSetup

/// Where a command that writes text (JCL, commands to copy) puts it: standard output, or a file
/// that is never replaced without --force.
struct GeneratedTextOutput: ParsableArguments {
    @Option(name: .customLong("output"), help: ArgumentHelp("Write the text to this file instead of standard output.", valueName: "file"))
    var file: String?

    @Flag(help: "Replace the --output file if it exists.")
    var force = false

    /// Makes the text and delivers it; any failure becomes one sentence on standard error and a
    /// non-zero exit, with nothing written.
    func deliver(_ make: () throws -> String) throws {
        do {
            let text = try make()
            guard let file else {
                Console.out(text)
                return
            }
            do throws(LocalFileError) {
                try SafeFileWriter.write(Array(text.utf8), to: file, mode: 0o644, replace: force)
            } catch where error.kind == .exists {
                throw CommandFailure("\(file) already exists; pass --force to replace it, or choose another file with --output. Nothing was written.")
            } catch {
                throw CommandFailure(error.description)
            }
        } catch let failure as CommandFailure {
            Console.error(failure.sentence)
            throw ExitCode(failure.status)
        } catch let error as CustomStringConvertible & Error {
            Console.error(error.description)
            throw ExitCode.failure
        }
    }
}
