import Foundation

/// The `sshauth` executable built next to the test bundle, run as a user would run it.
public enum SSHAuthBinary {
    /// `.build/<triple>/debug/sshauth`: the test bundle and the executable share a directory.
    public static var path: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        // swift-testing runs from inside the .xctest bundle on some setups; climb out of it.
        while directory.path.contains(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("sshauth").path
    }

    /// Runs `sshauth` with `arguments`, no terminal, stdin from /dev/null unless given.
    public static func run(_ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String]? = nil) throws -> ExternalTool.Output {
        try ExternalTool.run([path] + arguments, stdin: stdin, environment: environment)
    }

    /// Starts `sshauth` in the background with `directory` first on PATH (where a test puts a
    /// stand-in `ssh`), stdin from /dev/null, and standard output and error into the returned pipe.
    public static func start(_ arguments: [String], pathFirst directory: String) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = directory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return (process, output)
    }
}

/// The repository root, found from this file's location.
public enum Repository {
    public static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}
