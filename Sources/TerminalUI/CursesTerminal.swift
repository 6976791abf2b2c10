import CNcursesw
import Wizard
#if canImport(Glibc)
import Glibc
#endif

/// The only place that talks to curses: starts it on a real terminal, paints screen buffers,
/// decodes keys into wizard events, and always puts the terminal back as it found it.
@MainActor
public final class CursesTerminal {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    /// Line drawing to use: Unicode in a UTF-8 locale, ASCII otherwise.
    public let glyphs: Glyphs
    private let colours: Bool
    private let output: UnsafeMutablePointer<FILE>
    private var ended = false
    private var cursorShown = false
    /// Keys decoded ahead of time (the characters of a paste), handed out one per call.
    private var pending: [WizardEvent] = []

    /// The codes curses returns for the start and end of a bracketed paste (codes above KEY_MAX
    /// are free for keys the program defines).
    private static let pasteStart = KEY_MAX + 1
    private static let pasteEnd = KEY_MAX + 2
    /// Pasted characters beyond this are dropped: a field holds one line, not a file.
    private static let pasteLimit = 4096

    /// Starts curses, or returns nil when stdin and stdout are not both terminals, or the terminal
    /// type is unknown or cannot move the cursor (TERM=dumb); then the caller says so instead.
    public init?() {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        glyphs = codeset == "UTF-8" ? .unicode : .ascii
        // Without cursor addressing every frame would come out as one line of junk; an unknown
        // TERM would make initscr exit the process. Both are refused before curses starts.
        guard cnc_terminal_can_address_cursor(STDOUT_FILENO) == 1,
              let output = fdopen(dup(STDOUT_FILENO), "w"), let input = fdopen(dup(STDIN_FILENO), "r"),
              let screen = newterm(nil, output, input), let window = cnc_stdscr() else { return nil }
        self.screen = screen
        self.window = window
        self.output = output
        raw()
        noecho()
        keypad(window, true)
        set_escdelay(25)
        curs_set(0)
        // Bracketed paste: the terminal marks pasted text, so a pasted line break is not Enter.
        // Terminals that do not know the mode ignore the request.
        define_key("\u{1b}[200~", Self.pasteStart)
        define_key("\u{1b}[201~", Self.pasteEnd)
        // Home and End as tmux, screen and the Linux console send them, whatever TERM says:
        // undecoded, their Esc would go back a screen and the rest be typed.
        for (sequence, key) in [("\u{1b}[1~", KEY_HOME), ("\u{1b}[4~", KEY_END), ("\u{1b}[7~", KEY_HOME), ("\u{1b}[8~", KEY_END),
                                ("\u{1b}[H", KEY_HOME), ("\u{1b}[F", KEY_END), ("\u{1b}OH", KEY_HOME), ("\u{1b}OF", KEY_END)] {
            define_key(sequence, key)
        }
        fputs("\u{1b}[?2004h", output)
        fflush(output)
        let wantsColour = getenv("NO_COLOR") == nil && has_colors()
        if wantsColour, start_color() == OK {
            use_default_colors()
            init_pair(1, Int16(COLOR_CYAN), -1)
            init_pair(2, Int16(COLOR_GREEN), -1)
            init_pair(3, Int16(COLOR_YELLOW), -1)
            init_pair(4, Int16(COLOR_RED), -1)
            colours = true
        } else {
            colours = false
        }
        TerminalRestore.install()
    }

    /// The terminal's size now.
    public var size: TerminalSize {
        TerminalSize(rows: Int(getmaxy(window)), columns: Int(getmaxx(window)))
    }

    /// Paints a frame, changing only what differs from the last one (curses keeps the comparison).
    public func draw(_ buffer: ScreenBuffer) {
        werase(window)
        var characters: [wchar_t] = []
        for row in 0..<buffer.size.rows {
            var column = 0
            while column < buffer.size.columns {
                let style = buffer[row, column].style
                let start = column
                characters.removeAll(keepingCapacity: true)
                while column < buffer.size.columns, buffer[row, column].style == style {
                    let cell = buffer[row, column]
                    if !cell.isContinuation, let scalar = cell.character.unicodeScalars.first {
                        characters.append(wchar_t(bitPattern: scalar.value))
                    }
                    column += 1
                }
                wattrset(window, Int32(bitPattern: attributes(for: style)))
                characters.append(0)
                mvwaddwstr(window, Int32(row), Int32(start), characters)
            }
        }
        wattrset(window, 0)
        // The cursor stands where a screen reader should look: the insertion point or the selected line.
        if let cursor = buffer.cursor, cursor.row < buffer.size.rows, cursor.column < buffer.size.columns {
            wmove(window, Int32(cursor.row), Int32(cursor.column))
            if !cursorShown { curs_set(1) }
            cursorShown = true
        } else {
            if cursorShown { curs_set(0) }
            cursorShown = false
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Waits up to `milliseconds` for a key or a resize; nil when none came.
    public func nextEvent(waitingAtMost milliseconds: Int32) -> WizardEvent? {
        if !pending.isEmpty { return pending.removeFirst() }
        wtimeout(window, milliseconds)
        var character: wint_t = 0
        let kind = wget_wch(window, &character)
        if kind == ERR { return nil }
        if kind == KEY_CODE_YES {
            switch Int32(character) {
            case Self.pasteStart:
                pending = pastedKeys()
                return pending.isEmpty ? nil : pending.removeFirst()
            case KEY_DC: return .key(.delete)
            case KEY_RESIZE: return .resized(size)
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_BTAB: return .key(.backTab)
            case KEY_ENTER: return .key(.enter)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_F0 + 1: return .key(.help)
            default: return nil
            }
        }
        switch character {
        case 3: return .key(.interrupt)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26:
            return .key(.control(Character(Unicode.Scalar(UInt8(character) + 0x60))))
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)), character >= 32 else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// Reads a bracketed paste up to its end mark as typed keys: the first line only (a field
    /// holds one), control characters dropped. Keys, not one string, so that a pasted password
    /// goes into the masked field character by character like a typed one.
    private func pastedKeys() -> [WizardEvent] {
        var keys: [WizardEvent] = []
        var lineEnded = false
        wtimeout(window, 200)
        while true {
            var character: wint_t = 0
            let kind = wget_wch(window, &character)
            if kind == ERR || (kind == KEY_CODE_YES && Int32(character) == Self.pasteEnd) { break }
            guard kind != KEY_CODE_YES else { continue }
            if character == 10 || character == 13 { lineEnded = true }
            guard !lineEnded, keys.count < Self.pasteLimit, character >= 32, character != 127,
                  let scalar = Unicode.Scalar(UInt32(character)) else { continue }
            keys.append(.key(.character(Character(scalar))))
        }
        return keys
    }

    /// Ctrl-Z: gives the terminal back as it was, stops the process group as the terminal's own
    /// suspend key would (raw mode turns that key into a character), and on `fg` takes the
    /// terminal again; the caller redraws the whole screen.
    public func suspend() {
        fputs("\u{1b}[?2004l", output)
        fflush(output)
        endwin()
        var standard = sigaction()
        standard.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&standard.sa_mask)
        var previous = sigaction()
        sigaction(SIGTSTP, &standard, &previous)
        kill(0, SIGTSTP)
        // Here again after fg (SIGCONT).
        sigaction(SIGTSTP, &previous, nil)
        fputs("\u{1b}[?2004h", output)
        fflush(output)
        clearok(window, true)
        curs_set(cursorShown ? 1 : 0)
    }

    /// Ends curses and restores the terminal; safe to call more than once.
    public func end() {
        guard !ended else { return }
        ended = true
        fputs("\u{1b}[?2004l", output)
        fflush(output)
        endwin()
        delscreen(screen)
    }

    private func attributes(for style: Style) -> attr_t {
        switch style {
        case .normal: return cnc_a_normal()
        case .title: return cnc_a_bold() | (colours ? attr_t(COLOR_PAIR(1)) : 0)
        case .highlight: return cnc_a_reverse()
        case .dim: return colours ? cnc_a_dim() : cnc_a_normal()
        case .good: return colours ? attr_t(COLOR_PAIR(2)) : cnc_a_normal()
        case .warning: return colours ? attr_t(COLOR_PAIR(3)) | cnc_a_bold() : cnc_a_bold()
        case .danger: return colours ? attr_t(COLOR_PAIR(4)) | cnc_a_bold() : cnc_a_bold() | cnc_a_underline()
        case .key: return cnc_a_bold() | cnc_a_underline()
        }
    }
}
