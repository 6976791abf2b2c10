import Foundation
import TestSupport
import Testing

/// `Fuzz/run` (behind `make fuzz`) refuses bad input with one sentence before it builds anything.
@Suite struct FuzzRunnerTests {
    struct BadRun: CustomTestStringConvertible, Sendable {
        let testDescription: String
        let seconds: String
        let harnesses: [String]
        let message: String
    }

    static let badRuns: [BadRun] = [
        BadRun(testDescription: "zero seconds", seconds: "0", harnesses: [], message: "FUZZ_SECONDS must be a whole number of seconds above 0, not '0'."),
        BadRun(testDescription: "negative seconds", seconds: "-5", harnesses: [], message: "not '-5'"),
        BadRun(testDescription: "a fraction", seconds: "1.5", harnesses: [], message: "not '1.5'"),
        BadRun(testDescription: "words", seconds: "ten", harnesses: [], message: "not 'ten'"),
        BadRun(testDescription: "an unknown harness", seconds: "1", harnesses: ["pubkey"], message: "There is no harness 'pubkey'; name one of: "),
        BadRun(testDescription: "a path for a harness", seconds: "1", harnesses: ["../Corpus"], message: "There is no harness '../Corpus'"),
        BadRun(testDescription: "a good harness, then a bad one", seconds: "1", harnesses: ["known-hosts", "nope"], message: "There is no harness 'nope'"),
    ]

    @Test("bad FUZZ_SECONDS or harness names: one sentence, exit 2, nothing built", arguments: badRuns)
    func badInput(_ run: BadRun) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["FUZZ_SECONDS"] = run.seconds
        let started = Date()
        let result = try ExternalTool.run([Repository.root + "/Fuzz/run"] + run.harnesses, environment: environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains(run.message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
        // Refused before the sanitizer build, which takes a minute or more.
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
