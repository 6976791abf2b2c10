/// The JOB statement a generated job starts with, in lines of at most 71 columns.
///
/// The default is a plain statement most sites accept. A site's own statement is given as text:
/// one line is checked and, if longer than 71 columns, continued after a comma onto lines
/// starting in column 16; several lines (separated by line breaks) are taken as written, after
/// checking that the first is a JOB statement and that each fits and is a JCL line.
public struct JobCard: Sendable, Equatable {
    public let lines: [String]

    /// `//SSHAUTH  JOB (),'SSHAUTH',MSGCLASS=H,NOTIFY=&SYSUID`
    public static let standard = JobCard(checkedLines: ["//SSHAUTH  JOB (),'SSHAUTH',MSGCLASS=H,NOTIFY=&SYSUID"])

    /// The column continuation lines start in; JCL allows 4 to 16.
    static let continuationColumn = 16

    public init(_ text: String) throws(ZOSInputError) {
        func failure(_ reason: String) -> ZOSInputError { ZOSInputError(.jobCard, .jobStatement(reason: reason), input: text) }

        var given = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if given.count > 1, given.last == "" { given.removeLast() }
        guard given.first?.isEmpty == false else { throw ZOSInputError(.jobCard, .empty, input: text) }
        for line in given {
            if let bad = line.first(where: { !ZOSCharacters.isPrintableASCII($0) }) {
                throw ZOSInputError(.jobCard, .badCharacter(bad, part: ""), input: text)
            }
        }
        let operands = try Self.checkJobStatement(given[0], failure: failure)
        if given.count > 1 {
            for line in given {
                guard line.hasPrefix("//") || line.hasPrefix("/*") else {
                    throw failure("every line must start with // or /*, and \(ZOSInputError.quoted(line)) does not")
                }
                guard line.count <= JCLBuilder.maximumColumns else {
                    throw failure("the line \(ZOSInputError.quoted(line)) is longer than 71 columns")
                }
            }
            lines = given
            return
        }
        let statement = given[0]
        if statement.count <= JCLBuilder.maximumColumns {
            lines = [statement]
            return
        }
        lines = try Self.continued(statement, operands: operands, failure: failure)
    }

    private init(checkedLines: [String]) {
        lines = checkedLines
    }

    /// Checks `//NAME JOB operands` and returns where the operands start.
    private static func checkJobStatement(_ line: String, failure: (String) -> ZOSInputError) throws(ZOSInputError) -> String.Index {
        guard line.hasPrefix("//"), !line.hasPrefix("//*") else { throw failure("it must start with //JOBNAME") }
        let afterSlashes = line.index(line.startIndex, offsetBy: 2)
        let nameEnd = line[afterSlashes...].firstIndex(of: " ") ?? line.endIndex
        let name = line[afterSlashes..<nameEnd]
        guard (1...8).contains(name.count), let first = name.first, ZOSCharacters.isNameStart(first),
              name.allSatisfy(ZOSCharacters.isNameCharacter) else {
            throw failure("the job name must be 1 to 8 capitals, digits or # @ $, not starting with a digit")
        }
        let rest = line[nameEnd...].drop(while: { $0 == " " })
        guard rest.hasPrefix("JOB"), rest.dropFirst(3).first.map({ $0 == " " }) ?? true else {
            throw failure("JOB must follow the job name")
        }
        let operands = rest.dropFirst(3).drop(while: { $0 == " " })
        var inQuotes = false
        for character in operands {
            if character == "'" { inQuotes.toggle() }
            if character == " ", !inQuotes {
                throw failure("a blank outside apostrophes ends the operands and turns the rest into a comment; remove it")
            }
        }
        guard !inQuotes else { throw failure("an apostrophe is not closed") }
        return operands.startIndex
    }

    /// The statement continued after commas outside apostrophes.
    private static func continued(_ statement: String, operands start: String.Index,
                                  failure: (String) -> ZOSInputError) throws(ZOSInputError) -> [String] {
        var pieces: [String] = []
        var piece = ""
        var inQuotes = false
        for character in statement[start...] {
            piece.append(character)
            if character == "'" { inQuotes.toggle() }
            if character == ",", !inQuotes {
                pieces.append(piece)
                piece = ""
            }
        }
        if !piece.isEmpty { pieces.append(piece) }

        let continuation = "//" + String(repeating: " ", count: continuationColumn - 3)
        var lines: [String] = []
        var current = String(statement[..<start])
        var currentHasOperand = false
        for piece in pieces {
            if current.count + piece.count <= JCLBuilder.maximumColumns {
                current += piece
                currentHasOperand = true
                continue
            }
            guard currentHasOperand, continuation.count + piece.count <= JCLBuilder.maximumColumns else {
                throw failure("the parameter \(ZOSInputError.quoted(piece)) is too long to continue onto a line of its own")
            }
            lines.append(current)
            current = continuation + piece
        }
        lines.append(current)
        return lines
    }
}
