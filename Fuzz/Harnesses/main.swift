// One binary holds every harness; the first argument names the one to run and the rest goes to
// libFuzzer. SwiftPM renames an executable's `main`, so libFuzzer's own `main` never runs and we
// hand control to its driver ourselves.

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's entry for programs that keep their own `main`. Its three pointer arguments and
/// int result are passed the same way by the Swift and C conventions on the platforms we fuzz on.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The harness chosen on the command line; set once before the driver starts.
nonisolated(unsafe) var selectedHarness: Harness?

/// The callback libFuzzer calls for each input (its archive also links against this name).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedHarness?.run(UnsafeBufferPointer(start: size == 0 ? nil : data, count: size))
    return 0
}

// libFuzzer runs itself again for some jobs (-minimize_crash, -fork) with the arguments it was
// given, which no longer name the harness: the environment carries the choice to those runs.
let arguments = CommandLine.arguments
let namedOnCommandLine = arguments.count >= 2 ? Harness.all.first(where: { $0.name == arguments[1] }) : nil
let inherited = getenv("SSHAUTH_FUZZ_HARNESS").map { String(cString: $0) }
guard let harness = namedOnCommandLine ?? Harness.all.first(where: { $0.name == inherited }) else {
    let names = Harness.all.map(\.name).joined(separator: ", ")
    let usage = "usage: sshauth-fuzz HARNESS [libFuzzer options] [corpus ...]\nharnesses: \(names)\n"
    _ = usage.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
selectedHarness = harness
setenv("SSHAUTH_FUZZ_HARNESS", harness.name, 1)

// libFuzzer sees the program name followed by everything after the harness name.
var driverArguments: [UnsafeMutablePointer<CChar>?] = [strdup(arguments[0])] + arguments.dropFirst(namedOnCommandLine == nil ? 1 : 2).map { strdup($0) } + [nil]
var driverCount = CInt(driverArguments.count - 1)
let status = driverArguments.withUnsafeMutableBufferPointer { buffer in
    var base: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
    return runFuzzerDriver(&driverCount, &base, fuzzOneInput)
}
exit(status)
