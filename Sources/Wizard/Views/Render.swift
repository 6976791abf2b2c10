import AuthSetup

/// The commands that repeat an applied set-up, wrapped to `width` under their labels.
func repeatRows(_ state: WizardState, width: Int) -> [String] {
    state.repeatCommands.enumerated().flatMap { offset, command in
        WordWrap.lines((offset == 0 ? "Repeat with: " : "         or: ") + command, width: width, keeping: 13, hangingIndent: 13)
    }
}

/// Draws the current screen of the wizard into a buffer the terminal layer can paint.
///
/// Every screen shares a frame: a title line, a rule, the body, a rule, and a footer of key hints.
/// Below 80×24 only a notice is drawn; the flow continues once the window is large enough.
public func render(_ state: WizardState, glyphs: Glyphs = .unicode) -> ScreenBuffer {
    var buffer = ScreenBuffer(size: state.size)
    guard state.size.isLargeEnough else {
        TooSmallView.draw(into: &buffer, size: state.size)
        return buffer
    }
    var frame = Frame(buffer: buffer, glyphs: glyphs, step: state.stepLabel)
    switch state.screen {
    case .start(let highlighted):
        StartView.draw(highlighted: highlighted, dryRun: state.dryRun, into: &frame)
    case .keyChoice(let highlighted):
        KeyChoiceView.draw(highlighted: highlighted, environment: state.environment, into: &frame)
    case .newKey(let form):
        NewKeyView.draw(form, environment: state.environment, into: &frame)
    case .target(let mechanism, let form):
        TargetView.draw(mechanism: mechanism, form: form, into: &frame)
    case .working(let what):
        frame.header("Working")
        frame.paragraph(what, row: 3)
        frame.footer("Esc cancel")
    case .hostKey(_, let check):
        HostKeyView.draw(check, into: &frame)
    case .password(let mechanism, let check, let secret):
        PasswordView.draw(mechanism: mechanism, check: check, secret: secret, enterOnEmpty: state.enterOnEmptyPassword, into: &frame)
    case .ring(let form):
        RingView.draw(form, into: &frame)
    case .certificates(let choice):
        CertificateListView.draw(choice, into: &frame)
    case .newCertificate(let form):
        NewCertificateView.draw(form, into: &frame)
    case .certificateInstalled(let result):
        CertificateResultView.draw(result, reserving: repeatRows(state, width: state.size.columns - 4).count, into: &frame)
    case .zosForm(let result, let form):
        ZOSArtifactsView.drawForm(result, form, into: &frame)
    case .zosArtifacts(let screen):
        ZOSArtifactsView.drawArtifacts(screen, into: &frame)
    case .review(let review):
        ReviewView.draw(review, dryRun: state.dryRun, dryRunFixed: state.dryRunFixed, into: &frame)
    case .applying(let preview, let done, let stopping):
        ApplyView.drawProgress(preview, done: done, stopping: stopping, into: &frame)
    case .installed(let result):
        ApplyView.drawResult(result, reserving: repeatRows(state, width: state.size.columns - 4).count, into: &frame)
    case .passwordWorks(let check):
        frame.header("Interactive password: it works", detail: "done")
        var row = frame.paragraph("\(check.targetName) accepted the password. The server offers: \(check.methods.joined(separator: ", ")).", row: 3, style: .good)
        row = frame.paragraph("You can log in interactively with: \(check.sshCommand)", row: row + 1)
        row = frame.paragraph("This cannot serve batch jobs: a password typed at a terminal needs a person at that terminal every time, and a job has none. For unattended jobs choose the OpenSSH key pair (or, where a site insists on passwords, SSH_ASKPASS).", row: row + 1)
        frame.footer("k set up a key pair for this target   Enter or q quit   Esc back   F1 help")
    case .askpassStore(let form):
        AskpassView.drawStore(form, into: &frame)
    case .askpassReady(let result, let showingZOS, let scroll):
        AskpassView.drawReady(result, showingZOS: showingZOS, scroll: scroll, into: &frame)
    case .failure(let sentence):
        frame.header("That did not work")
        frame.paragraph(sentence, row: 3, style: .danger)
        frame.footer("Esc or Enter back")
    case .help(let browser):
        HelpView.draw(browser, area: state.helpTextArea, into: &frame)
    case .confirmQuit:
        frame.header("Quit sshauth?")
        frame.paragraph("The answers you typed will be lost. Nothing of the set-up has been written or sent; only a host key you accepted stays in known_hosts.", row: 3)
        frame.footer("y quit   any other key: stay")
    }
    if state.screen.isResult {
        // The last body rows are kept for the commands that repeat the set-up, whole.
        let rows = repeatRows(state, width: state.size.columns - 4)
        for (offset, text) in rows.enumerated() {
            frame.buffer.put(text, row: frame.bodyRows.upperBound - rows.count + 1 + offset, column: 2, style: .key, limit: state.size.columns - 4)
        }
    }
    // A screen without a field or a list has its title as the focus: the cursor is never left
    // wherever drawing ended.
    if frame.buffer.cursor == nil { frame.focus(row: 0, column: 10) }
    glyphs.standIns(in: &frame.buffer)
    return frame.buffer
}

/// Layout helpers shared by the screens.
struct Frame {
    var buffer: ScreenBuffer
    let glyphs: Glyphs
    /// "step n of N" for the screen's header, or empty.
    var step = ""

    var size: TerminalSize { buffer.size }
    /// The first and last rows the body may use.
    var bodyRows: ClosedRange<Int> { 2...(size.rows - 3) }

    mutating func header(_ title: String, detail: String = "") {
        buffer.put(" sshauth ", row: 0, column: 0, style: .title)
        // A long title gives way to the detail (the step, DRY RUN), which matters more.
        let room = size.columns - 11 - (detail.isEmpty ? 0 : DisplayWidth.of(detail) + 2)
        let shown = DisplayWidth.of(title) > room ? String(title.prefix(max(room - 3, 1))) + "..." : title
        let end = buffer.put(shown, row: 0, column: 10, style: .title)
        if !detail.isEmpty {
            let start = max(end + 2, size.columns - DisplayWidth.of(detail) - 1)
            buffer.put(detail, row: 0, column: start, style: .dim)
        }
        rule(row: 1)
    }

    mutating func footer(_ hints: String) {
        rule(row: size.rows - 2)
        buffer.put(glyphs.spell(hints), row: size.rows - 1, column: 1, style: .dim)
    }

    mutating func rule(row: Int) {
        buffer.put(String(repeating: glyphs.horizontal, count: size.columns), row: row, column: 0, style: .dim)
    }

    /// A labelled one-line field: the label at column 4, the value in a band from `column` to
    /// `end`, scrolled sideways around the cursor (`afterCursor` characters before the end), and
    /// the terminal's cursor at the insertion point when the field has the focus.
    mutating func field(_ label: String, value: String, afterCursor: Int = 0, focused: Bool, row: Int, column: Int = 16, end: Int? = nil) {
        let characters = Array(value)
        field(label, characters: characters, cursor: characters.count - min(afterCursor, characters.count), focused: focused,
              row: row, column: column, end: end)
    }

    /// A masked field: one bullet per character typed, the cursor among them.
    mutating func field(_ label: String, secret: TypedSecret, focused: Bool, row: Int, column: Int = 16, end: Int? = nil) {
        field(label, characters: Array(repeating: glyphs.bullet, count: secret.count), cursor: secret.cursor, focused: focused,
              row: row, column: column, end: end)
    }

    private mutating func field(_ label: String, characters: [Character], cursor: Int, focused: Bool, row: Int, column: Int, end: Int?) {
        let end = end ?? size.columns - 4
        buffer.put(label, row: row, column: 4, style: focused ? .title : .normal)
        buffer.fill(row: row, from: column, to: end, style: focused ? .highlight : .dim)
        let window = FieldWindow(characters, cursor: cursor, width: end - column)
        buffer.put(window.text, row: row, column: column, style: focused ? .highlight : .normal, limit: end - column)
        if focused { buffer.cursor = ScreenPosition(row: row, column: column + window.cursorColumn) }
    }

    /// A one-line prompt across the screen (`Save the set-up to: path`), for a path typed below text;
    /// it has the cursor.
    mutating func prompt(_ label: String, value: String, afterCursor: Int = 0, row: Int, column labelColumn: Int = 2, style: Style = .highlight) {
        buffer.put(label, row: row, column: labelColumn, style: style == .highlight ? .title : style)
        let column = labelColumn + DisplayWidth.of(label)
        let characters = Array(value)
        let window = FieldWindow(characters, cursor: characters.count - min(afterCursor, characters.count), width: size.columns - column - 2)
        buffer.put(window.text, row: row, column: column, style: style)
        buffer.cursor = ScreenPosition(row: row, column: column + window.cursorColumn)
    }

    /// Puts the terminal's cursor at the start of a selected line or choice, where a screen
    /// reader looks for the focus.
    mutating func focus(row: Int, column: Int) {
        buffer.cursor = ScreenPosition(row: row, column: column)
    }

    /// The scrolled-text view every text screen shares: `rows` of `lines` from line `scroll`,
    /// drawn from row `top`, each line in the style `style` gives it.
    mutating func viewport(_ lines: [String], scroll: Int, top: Int, rows: Int, style: (String) -> Style = { _ in .normal }) {
        for (offset, line) in lines.dropFirst(scroll).prefix(rows).enumerated() {
            buffer.put(line, row: top + offset, column: 2, style: style(line))
        }
    }

    /// "lines A-B of N" for text scrolled to `scroll` in `rows` rows.
    static func position(scroll: Int, rows: Int, total: Int) -> String {
        "lines \(scroll + 1)-\(min(scroll + rows, total)) of \(total)"
    }

    /// Word-wrapped text from `row`, `indent` columns in, down to row `last` at most (the body's
    /// last row when nil); returns the row after it.
    @discardableResult
    mutating func paragraph(_ text: String, row: Int, indent: Int = 2, style: Style = .normal, width: Int? = nil, last: Int? = nil) -> Int {
        var at = row
        for line in HelpText.wrap(text, width: width ?? (size.columns - indent - 2)) where at <= (last ?? bodyRows.upperBound) {
            buffer.put(line, row: at, column: indent, style: style)
            at += 1
        }
        return at
    }
}

/// The notice shown when the terminal is smaller than the wizard needs.
enum TooSmallView {
    static func draw(into buffer: inout ScreenBuffer, size: TerminalSize) {
        let lines = [
            "sshauth needs a window of at least \(TerminalSize.minimum.columns)x\(TerminalSize.minimum.rows).",
            "This one is \(size.columns)x\(size.rows): make it larger.",
            "Nothing is lost; q quits.",
        ]
        let top = max((size.rows - lines.count) / 2, 0)
        for (offset, line) in lines.enumerated() {
            buffer.put(line, row: top + offset, column: max((size.columns - DisplayWidth.of(line)) / 2, 0), style: offset == 0 ? .warning : .normal)
        }
    }
}
