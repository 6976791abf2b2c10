import Foundation
import TestSupport
import Testing

/// `sshauth zos ...` and `sshauth askpass zos` through the built binary: bad input gets one
/// sentence and nothing on standard output; good input prints exactly the golden text the
/// generator tests check (`Tests/AuthSetupTests/__Golden__/zos`).
@Suite struct ZOSCommandTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let expected: String
        var testDescription: String { name }

        init(_ name: String, _ arguments: [String], expect expected: String) {
            self.name = name
            self.arguments = arguments
            self.expected = expected
        }
    }

    static let certificate = ["zos", "racdcert", "--userid", "COZUSER", "--ring", "MY-RING", "--label", "MY-CERT", "--cn", "First Lastname"]

    static func racdcert(replacing option: String, with value: String) -> [String] {
        var arguments = certificate
        if let index = arguments.firstIndex(of: option) { arguments[index + 1] = value } else { arguments += [option, value] }
        return arguments
    }

    static let cases: [Case] = [
        Case("33-character label", racdcert(replacing: "--label", with: String(repeating: "L", count: 33)), expect: "at most 32"),
        Case("9-character user ID", racdcert(replacing: "--userid", with: "COZUSER12"), expect: "at most 8"),
        Case("lower-case user ID", racdcert(replacing: "--userid", with: "cozuser"), expect: "lower-case"),
        Case("user ID starting with a digit", racdcert(replacing: "--userid", with: "1COZ"), expect: "first character"),
        Case("3-letter country", racdcert(replacing: "--c", with: "USA"), expect: "two-letter country"),
        Case("65-character common name", racdcert(replacing: "--cn", with: String(repeating: "c", count: 65)), expect: "at most 64"),
        Case("129-character locality", racdcert(replacing: "--l", with: String(repeating: "l", count: 129)), expect: "at most 128"),
        Case("past end date", racdcert(replacing: "--not-after", with: "2000-01-01"), expect: "not after today"),
        Case("February 30", racdcert(replacing: "--not-after", with: "2030-02-30"), expect: "not a day of the calendar"),
        Case("date in another format", racdcert(replacing: "--not-after", with: "31.12.2030"), expect: "YYYY-MM-DD"),
        Case("blank in ring name", racdcert(replacing: "--ring", with: "MY RING"), expect: "a blank"),
        Case("ring name too long", racdcert(replacing: "--ring", with: String(repeating: "R", count: 51)), expect: "at most 50"),
        Case("ring named * without --virtual-ring", racdcert(replacing: "--ring", with: "*"), expect: "virtual key ring"),
        Case("key size 1024", racdcert(replacing: "--size", with: "1024"), expect: "2048, 3072 or 4096"),
        Case("both ICSF and PCICC", certificate + ["--icsf", "--pcicc"], expect: "contradict"),
        Case("ring and virtual ring", certificate + ["--virtual-ring"], expect: "contradict"),
        Case("no ring at all", ["zos", "racdcert", "--userid", "U", "--label", "L", "--cn", "C"], expect: "--virtual-ring"),
        Case("common name too wide for a line", racdcert(replacing: "--cn", with: String(repeating: "'", count: 40)), expect: "71-column"),
        Case("job card without //", certificate + ["--jobcard", "MYJOB JOB (A)"], expect: "JOB statement"),
        Case("job card with a lower-case name", certificate + ["--jobcard", "//myjob JOB (A)"], expect: "job name"),
        Case("renewal without a date", ["zos", "renew", "--userid", "U", "--label", "L"], expect: "--not-after"),
        Case("renewal date in the past", ["zos", "renew", "--userid", "U", "--label", "L", "--not-after", "2001-09-09"], expect: "not after today"),
        Case("request dataset: qualifier too long", ["zos", "renew", "--userid", "U", "--label", "L", "--not-after", "2040-01-01", "--request-dsn", "U.CERTREQUEST"], expect: "1 to 8 characters"),
        Case("request dataset with a member", ["zos", "renew", "--userid", "U", "--label", "L", "--not-after", "2040-01-01", "--request-dsn", "U.CERT(REQ)"], expect: "sequential"),
        Case("permits: lower-case user ID", ["zos", "permits", "--userid", "batch", "--ring", "R"], expect: "lower-case"),
        Case("permits: generic ring profile", ["zos", "permits", "--userid", "U", "--ring", "R*", "--rdatalib"], expect: "generic"),
        Case("use: ring with a colon", ["zos", "use", "--ring", "A:B", "--label", "L", "u@h"], expect: "':'"),
        Case("use: bad target", ["zos", "use", "--ring", "R", "--label", "L", "u@"], expect: "names no host"),
        Case("askpass: dataset name too long", ["askpass", "zos", "--dsn", "ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH.ABCDEFGH.X", "u@h"], expect: "at most 44"),
        Case("askpass: bad member", ["askpass", "zos", "--dsn", "HLQ.PASSWD(1SITE)", "u@h"], expect: "first character"),
        Case("askpass: empty qualifier", ["askpass", "zos", "--dsn", "HLQ..PASSWD", "u@h"], expect: "empty qualifier"),
        Case("askpass: bad first character", ["askpass", "zos", "--dsn", "HLQ.9PASSWD", "u@h"], expect: "first character"),
        Case("askpass: first qualifier is no user ID", ["askpass", "zos", "--dsn", "SYS-1.PASSWD", "u@h"], expect: "user ID"),
        Case("askpass: relative Co:Z home", ["askpass", "zos", "--dsn", "HLQ.PASSWD", "--coz-home", "usr/lpp/coz", "u@h"], expect: "absolute"),
        Case("askpass: no target", ["askpass", "zos", "--dsn", "HLQ.PASSWD"], expect: "user@]host"),
    ]

    @Test("bad input: one sentence, non-zero exit, nothing on standard output", arguments: cases)
    func badInput(_ row: Case) throws {
        let result = try SSHAuthBinary.run(row.arguments)
        #expect(result.status != 0, "\(row.name): exit status 0")
        #expect(result.stdout.isEmpty, "\(row.name): printed \(result.stdout)")
        #expect(result.stderr.contains(row.expected), "\(row.name): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        if result.status == 64 {
            #expect(lines.first?.hasPrefix("Error: ") == true, "\(row.name): \(result.stderr)")
        } else {
            #expect(lines.count == 1 && lines[0].hasPrefix("sshauth: "), "\(row.name): \(result.stderr)")
        }
    }

    static func golden(_ name: String) throws -> String {
        try String(contentsOfFile: Repository.root + "/Tests/AuthSetupTests/__Golden__/zos/" + name, encoding: .utf8)
    }

    @Test("each subcommand prints its golden text", arguments: [
        (["zos", "racdcert", "--userid", "COZUSER", "--ring", "MY-RING", "--label", "MY-CERT", "--cn", "First Lastname",
          "--o", "My Company", "--ou", "Development", "--c", "US", "--not-after", "2040-12-31"], "racdcert-ring.jcl"),
        (["zos", "racdcert", "--userid", "BATCH#1", "--virtual-ring", "--label", "O'Brien's SSH key", "--cn", "Batch transfers",
          "--t", "Robot", "--ou", "Ops", "--o", "Example AG", "--l", "Zurich", "--sp", "ZH", "--c", "CH", "--size", "4096", "--icsf",
          "--jobcard", "//SSHCERT  JOB (ACCT1,DEPT22),'SECURITY ADMIN',CLASS=A,MSGCLASS=X,MSGLEVEL=(1,1),NOTIFY=&SYSUID"],
         "racdcert-virtual-icsf.jcl"),
        (["zos", "renew", "--userid", "COZUSER", "--label", "MY-CERT", "--not-after", "2040-12-31", "--request-dsn", "SYSADM.CERT.REQ"], "renew.jcl"),
        (["zos", "permits", "--userid", "COZUSER", "--ring", "MY-RING"], "permits.jcl"),
        (["zos", "permits", "--userid", "COZUSER", "--ring", "My-Ring", "--rdatalib", "--icsf"], "permits-rdatalib-icsf.jcl"),
        (["zos", "use", "--ring", "MY-RING", "--label", "MY-CERT", "cozuser@linux1.myco.com"], "use.txt"),
        (["askpass", "zos", "--dsn", "'HLQ.PASSWD(SITE1)'", "--userid", "COZUSER", "cozuser@linux1.myco.com"], "askpass.jcl"),
    ])
    func happyPath(_ arguments: [String], _ golden: String) throws {
        let result = try SSHAuthBinary.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == (try Self.golden(golden)))
    }

    @Test("--output writes the text to a new file and replaces it only with --force")
    func outputFile() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.file("permits.jcl")
        let arguments = ["zos", "permits", "--userid", "COZUSER", "--ring", "MY-RING", "--output", path]
        let first = try SSHAuthBinary.run(arguments)
        #expect(first.status == 0 && first.stdout.isEmpty, "\(first.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == (try Self.golden("permits.jcl")))

        try "keep me".write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try SSHAuthBinary.run(arguments)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--force"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")

        let forced = try SSHAuthBinary.run(arguments + ["--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == (try Self.golden("permits.jcl")))
    }

    @Test("the z/OS commands explain themselves", arguments: [["zos"], ["zos", "racdcert"], ["zos", "renew"], ["zos", "permits"], ["zos", "use"], ["askpass", "zos"]])
    func help(_ path: [String]) throws {
        let result = try SSHAuthBinary.run(path + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: sshauth \(path.joined(separator: " "))"))
        #expect(result.stdout.contains("OVERVIEW:"))
    }
}
