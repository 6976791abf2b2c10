import Foundation
import Testing
import TestSupport

/// The man page and the shell completions: `make install` installs man/sshauth.1 as committed and
/// completions the binary writes, so the page must say what the binary's declarations say.
@Suite struct ManPageTests {
    /// One command of the declaration tree, as `--experimental-dump-help` describes it.
    struct Declared {
        let path: String
        let abstract: String
        let longOptions: [String]
    }

    static func declarations() throws -> [Declared] {
        let dump = try SSHAuthBinary.run(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var found: [Declared] = []
        func walk(_ command: [String: Any], path: String) {
            let name = command["commandName"] as? String ?? ""
            let here = path.isEmpty ? name : path + " " + name
            let arguments = command["arguments"] as? [[String: Any]] ?? []
            let longs = arguments.flatMap { ($0["names"] as? [[String: Any]] ?? []) }
                .filter { $0["kind"] as? String == "long" }.compactMap { $0["name"] as? String }
            found.append(Declared(path: here, abstract: command["abstract"] as? String ?? "", longOptions: longs))
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, path: here) }
        }
        walk(root["command"] as? [String: Any] ?? [:], path: "")
        return found
    }

    static var page: String {
        get throws { try String(contentsOfFile: Repository.root + "/man/sshauth.1", encoding: .utf8) }
    }

    @Test("man/sshauth.1 names every command and option the binary declares (else run scripts/generate-man)")
    func pageMatchesDeclarations() throws {
        let page = try Self.page
        let declared = try Self.declarations()
        #expect(declared.count > 20, "the dump lists too few commands: \(declared.map(\.path))")
        var missing: [String] = []
        for command in declared.dropFirst() {
            let name = command.path.split(separator: " ").last.map(String.init) ?? ""
            if !page.contains(".It Em \(name)\n") { missing.append("the entry for \(command.path)") }
            // Abstracts are escaped for roff where they hold a backslash; compare a part without one.
            let words = String(command.abstract.prefix(40).filter { $0 != "\\" })
            if !page.contains(words) { missing.append("the text of \(command.path): \(words)") }
        }
        for option in Set(declared.flatMap(\.longOptions)).sorted() where !page.contains("Fl -\(option)") {
            missing.append("--\(option)")
        }
        #expect(missing.isEmpty, "man/sshauth.1 lacks \(missing.joined(separator: "; ")); run scripts/generate-man")
    }

    @Test("the page is valid mdoc: groff reports no warning")
    func pageRendersCleanly() throws {
        let check = try ExternalTool.run(["groff", "-mandoc", "-ww", "-z", Repository.root + "/man/sshauth.1"])
        #expect(check.status == 0)
        #expect(check.stderr.isEmpty, "\(check.stderr)")
    }

    @Test("install-sshauth puts the binary, the page and working completions under the prefix")
    func installUnderPrefix() throws {
        let scratch = try TemporaryDirectory()
        let prefix = scratch.file("prefix")
        let run = try ExternalTool.run([Repository.root + "/scripts/install-sshauth", "--binary", SSHAuthBinary.path, prefix])
        #expect(run.status == 0, "\(run.stderr)")
        let expected: [(String, mode_t)] = [
            ("bin/sshauth", 0o755), ("share/man/man1/sshauth.1", 0o644),
            ("share/bash-completion/completions/sshauth", 0o644), ("share/zsh/site-functions/_sshauth", 0o644),
            ("share/fish/vendor_completions.d/sshauth.fish", 0o644),
        ]
        for (path, mode) in expected {
            var status = stat()
            #expect(stat(prefix + "/" + path, &status) == 0, "\(path) was not installed")
            #expect(status.st_mode & 0o7777 == mode, "\(path) has mode \(String(status.st_mode & 0o7777, radix: 8))")
        }
        let installedPage = try String(contentsOfFile: prefix + "/share/man/man1/sshauth.1", encoding: .utf8)
        #expect(try installedPage == Self.page)
        // bash completes subcommands and options from the installed script, as a shell would.
        let script = """
            source "$1"
            complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
              COMPREPLY=(); _sshauth sshauth "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; echo "${COMPREPLY[*]}"; }
            complete_words sshauth ke
            complete_words sshauth install --kn
            complete_words sshauth ring cr
            """
        let completion = try ExternalTool.run(["bash", "-c", script, "bash", prefix + "/share/bash-completion/completions/sshauth"])
        #expect(completion.stdout == "keygen keys\n--known-hosts\ncreate\n", "\(completion.stdout)\(completion.stderr)")
        let zsh = try String(contentsOfFile: prefix + "/share/zsh/site-functions/_sshauth", encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef sshauth"))
        let fish = try String(contentsOfFile: prefix + "/share/fish/vendor_completions.d/sshauth.fish", encoding: .utf8)
        #expect(fish.contains("complete -c 'sshauth'"))
    }

    @Test("a relative prefix or a missing binary is refused with one sentence and installs nothing",
          arguments: [(["relative/prefix"], "PREFIX must be an absolute path"),
                      (["--binary", "/nonexistent/sshauth", "/tmp/never-made-by-sshauth-tests"], "no sshauth binary at /nonexistent/sshauth")])
    func badInstallArguments(arguments: [String], sentence: String) throws {
        let run = try ExternalTool.run([Repository.root + "/scripts/install-sshauth"] + arguments)
        #expect(run.status != 0)
        #expect(run.stderr.contains(sentence), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-made-by-sshauth-tests"))
    }
}
