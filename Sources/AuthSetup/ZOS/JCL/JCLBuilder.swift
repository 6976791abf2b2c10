/// Assembles a job line by line and guarantees that no line passes column 71: column 72 marks
/// a continued JCL statement and columns 73-80 may hold sequence numbers, in JCL and in-stream
/// data alike. A line that cannot be made to fit is an error, never a long line.
public struct JCLBuilder: Sendable {
    /// The last column a generated line may use.
    public static let maximumColumns = 71

    /// The delimiter that ends in-stream data. `DD DATA,DLM=$$` rather than `DD *` means that
    /// `//` and `/*` inside the data (RACF comments, for one) cannot end it early.
    static let delimiter = "$$"

    public private(set) var lines: [String] = []

    /// A new job starting with `jobCard`.
    public init(jobCard: JobCard) {
        lines = jobCard.lines
    }

    /// A `//*` comment, wrapped at blanks to fit.
    public mutating func comment(_ text: String) {
        let width = Self.maximumColumns - 4
        for line in Self.wrap(text, width: width) {
            lines.append(line.isEmpty ? "//*" : "//* " + line)
        }
    }

    /// Several comment paragraphs, framed by empty `//*` lines.
    public mutating func commentBlock(_ paragraphs: [String]) {
        lines.append("//*")
        for paragraph in paragraphs { comment(paragraph) }
        lines.append("//*")
    }

    /// A JCL statement written out in full, such as `//SYSTSPRT DD SYSOUT=*`.
    public mutating func statement(_ text: String) throws(ZOSInputError) {
        try add(text)
    }

    /// A step running the batch TSO terminal monitor program with `commands` as its input.
    /// IKJEFT01 goes on after a failing command and ends with the last command's return code.
    public mutating func tsoStep(named name: String, _ items: [TSOItem]) throws(ZOSInputError) {
        try add("//\(Self.padded(name)) EXEC PGM=IKJEFT01,REGION=0M")
        try add("//SYSTSPRT DD SYSOUT=*")
        var data: [String] = []
        for item in items {
            switch item {
            case .command(let command):
                data += try command.rendered()
            case .comment(let text):
                // Only sshauth's own words go into TSO comments: a user's value could hold "*/".
                for line in Self.wrap(text, width: Self.maximumColumns - 7) { data.append(" /* " + line + " */") }
            case .blank:
                data.append("")
            }
        }
        try inStreamData(dd: "//SYSTSIN  DD DATA,DLM=\(Self.delimiter)", data)
    }

    /// A DD statement with in-stream data, ended by the delimiter line.
    public mutating func inStreamData(dd statement: String, _ data: [String]) throws(ZOSInputError) {
        try add(statement)
        for line in data {
            if line.hasPrefix(Self.delimiter) {
                throw ZOSInputError(.line, .unusable(reason: "a line starting with \(Self.delimiter) would end the in-stream data"), input: line)
            }
            try add(line)
        }
        lines.append(Self.delimiter)
    }

    /// The job as text, one line per record, ending in a newline.
    public var text: String {
        lines.joined(separator: "\n") + "\n"
    }

    private mutating func add(_ line: String) throws(ZOSInputError) {
        guard line.count <= Self.maximumColumns else { throw ZOSInputError(.line, .doesNotFit, input: line) }
        lines.append(line)
    }

    /// A name field padded to eight columns, so that operations line up in column 12.
    static func padded(_ name: String) -> String {
        name.count >= 8 ? name : name + String(repeating: " ", count: 8 - name.count)
    }

    /// Splits `text` into lines of at most `width` characters at blanks; a word longer than
    /// `width` is cut, which is harmless in a comment.
    static func wrap(_ text: String, width: Int) -> [String] {
        var result: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            var word = Substring(word)
            if !current.isEmpty, current.count + 1 + word.count <= width {
                current += " " + word
                continue
            }
            if !current.isEmpty { result.append(current) }
            while word.count > width {
                result.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            current = String(word)
        }
        if !current.isEmpty || result.isEmpty { result.append(current) }
        return result
    }
}

/// One entry of a batch TSO step's input.
public enum TSOItem: Sendable, Equatable {
    case command(TSOCommand)
    /// A `/* ... */` comment line (or several, wrapped).
    case comment(String)
    /// An empty line, to separate groups of commands.
    case blank
}
