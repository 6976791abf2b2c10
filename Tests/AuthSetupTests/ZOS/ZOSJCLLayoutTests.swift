import Testing
@testable import AuthSetup

/// Lines never pass column 71, TSO continuation never breaks a quoted value, and job cards are
/// checked and continued the JCL way.
@Suite("JCL layout")
struct ZOSJCLLayoutTests {
    @Test("a command that fits stays on one line")
    func shortCommand() throws {
        let command = TSOCommand(["SETROPTS", "RACLIST(DIGTCERT)", "REFRESH"])
        #expect(try command.rendered() == [" SETROPTS RACLIST(DIGTCERT) REFRESH"])
    }

    @Test("logical lines are continued with ' +' and indented by depth")
    func continuation() throws {
        var command = TSOCommand(["RACDCERT", "ID(U)", "GENCERT"])
        command.line(depth: 1, [.open("SUBJECTSDN")])
        command.line(depth: 2, TSOCommand.Token.keyword("CN", quoted: "Name"))
        command.append([.close])
        #expect(try command.rendered() == [
            " RACDCERT ID(U) GENCERT +",
            "     SUBJECTSDN( +",
            "         CN('Name'))",
        ])
    }

    @Test("a long line breaks between tokens, never inside a quoted value")
    func breakBetweenTokens() throws {
        let label = String(repeating: "'", count: 32)
        var command = TSOCommand(["RACDCERT", "ID(U)"])
        command.line(depth: 1, TSOCommand.Token.keyword("WITHLABEL", quoted: label))
        let lines = try command.rendered()
        #expect(lines.allSatisfy { $0.count <= 71 })
        let quoted = "'" + String(repeating: "''", count: 32) + "'"
        #expect(lines.contains { $0.contains(quoted) })
        #expect(lines == [" RACDCERT ID(U) +", "     WITHLABEL( +", " " + quoted + ")"])
    }

    @Test("a quoted value wider than a line is an error, not a long line")
    func tooWide() {
        let value = String(repeating: "'", count: 34)
        var command = TSOCommand(["RACDCERT"])
        command.line(depth: 1, TSOCommand.Token.keyword("CN", quoted: value))
        #expect(throws: ZOSInputError(.line, .doesNotFit, input: value)) { try command.rendered() }
    }

    @Test("the builder refuses a statement longer than 71 columns and data that would end the stream")
    func builderRefuses() {
        var job = JCLBuilder(jobCard: .standard)
        let long = "//STEP EXEC PGM=" + String(repeating: "X", count: 60)
        #expect(throws: ZOSInputError(.line, .doesNotFit, input: long)) { try job.statement(long) }
        #expect(throws: ZOSInputError.self) { try job.inStreamData(dd: "//IN DD DATA,DLM=$$", ["$$ early end"]) }
    }

    @Test("comments are wrapped within 71 columns")
    func comments() {
        var job = JCLBuilder(jobCard: .standard)
        job.comment(String(repeating: "word ", count: 40) + String(repeating: "X", count: 100))
        #expect(job.lines.dropFirst().allSatisfy { $0.hasPrefix("//*") && $0.count <= 71 })
        #expect(job.lines.count > 4)
    }

    @Test("job cards that fit are kept as typed", arguments: [
        "//MYJOB JOB (ACCT),'NAME',CLASS=A,MSGCLASS=X",
        "//A JOB",
        "//$JOB#1   JOB 1,'O''DONNELL'",
    ])
    func jobCardKept(_ text: String) throws {
        #expect(try JobCard(text).lines == [text])
    }

    @Test("a long job card is continued after commas, from column 16")
    func jobCardContinued() throws {
        let text = "//LONGJOB JOB (ACCT1,DEPT22,PROJ333),'A PROGRAMMER',CLASS=A,MSGCLASS=X,MSGLEVEL=(1,1),NOTIFY=&SYSUID,REGION=0M,TIME=1440"
        let card = try JobCard(text)
        #expect(card.lines.count > 1)
        #expect(card.lines.allSatisfy { $0.count <= 71 && $0.hasPrefix("//") })
        #expect(card.lines.dropLast().allSatisfy { $0.hasSuffix(",") })
        #expect(card.lines.dropFirst().allSatisfy { $0.hasPrefix("//" + String(repeating: " ", count: 13)) && $0.dropFirst(15).first != " " })
        let joined = card.lines.first! + card.lines.dropFirst().map { String($0.dropFirst(15)) }.joined()
        #expect(joined == text)
    }

    @Test("a job card of several lines is taken line by line")
    func jobCardLines() throws {
        let text = "//MYJOB JOB (ACCT),'NAME',\n//         CLASS=A\n/*JOBPARM S=ANY\n"
        #expect(try JobCard(text).lines == ["//MYJOB JOB (ACCT),'NAME',", "//         CLASS=A", "/*JOBPARM S=ANY"])
    }

    @Test("unusable job cards", arguments: [
        "",
        "MYJOB JOB (A)",
        "//* JOB",
        "//myjob JOB (A)",
        "//TOOLONGNAME JOB (A)",
        "//1JOB JOB (A)",
        "//MYJOB EXEC PGM=X",
        "//MYJOB JOBX",
        "//MYJOB JOB (A),'NAME",
        "//MYJOB JOB (A), CLASS=A",
        "//MYJOB JOB (A),'" + String(repeating: "N", count: 70) + "'",
        "//MYJOB JOB (A)\nCLASS=A",
        "//MYJOB JOB (A),\n//  " + String(repeating: "X", count: 70),
        "//MYJOB JOB (A),'NAMÉ'",
    ])
    func badJobCard(_ text: String) {
        #expect(throws: ZOSInputError.self) { try JobCard(text) }
    }

    @Test("the COZCFG property is continued with a backslash only between non-blank characters")
    func propertyContinuation() throws {
        let short = try KeyRingUsage.propertyLines("saf-cert=RING:LABEL")
        #expect(short == ["saf-cert=RING:LABEL"])
        let value = "saf-cert=" + String(repeating: "R", count: 50) + ":" + "A LABEL WITH BLANKS IN IT ABOUT"
        let lines = try KeyRingUsage.propertyLines(value)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.count <= 71 })
        #expect(lines[0].hasSuffix("\\"))
        #expect(lines[0].dropLast().last != " " && lines[1].first?.isLetter == true)
        #expect(String(lines[0].dropLast()) + lines[1] == value)
    }
}
