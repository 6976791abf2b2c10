/// A frame of the wizard as rows of styled cells: what the terminal layer draws, and what the
/// snapshot tests compare. One cell per terminal column.
public struct ScreenBuffer: Sendable, Equatable {
    public let size: TerminalSize
    public private(set) var cells: [Cell]
    /// Where the terminal's cursor goes (the focused field's insertion point, the selected line);
    /// nil hides it.
    public var cursor: ScreenPosition?

    public init(size: TerminalSize) {
        self.size = size
        cells = Array(repeating: Cell(" "), count: size.rows * size.columns)
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * size.columns + column] }
        set { cells[row * size.columns + column] = newValue }
    }

    /// Writes `text` from `column` on `row`, clipped at `limit` columns (default: the right edge).
    /// Returns the column after the last one written. Wide characters take two columns. Text
    /// that does not fit ends in ``cutMark`` in its last column, so a cut never looks whole.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: Style = .normal, limit: Int? = nil) -> Int {
        guard row >= 0, row < size.rows else { return column }
        let end = min(limit.map { column + $0 } ?? size.columns, size.columns)
        var at = max(column, 0)
        var written: [Int] = []
        for character in text {
            let width = DisplayWidth.of(character)
            if width == 0 { continue }
            guard at + width <= end else {
                if at < end {
                    self[row, at] = Cell(Self.cutMark, style: style)
                    at += 1
                } else if let last = written.last {
                    if at - last == 2 { self[row, last + 1] = Cell(" ", style: style) }
                    self[row, last] = Cell(Self.cutMark, style: style)
                }
                break
            }
            self[row, at] = Cell(character, style: style)
            if width == 2 { self[row, at + 1] = Cell.continuation(style) }
            written.append(at)
            at += width
        }
        return at
    }

    /// Stands in for the end of a text cut at the edge of its space.
    public static let cutMark: Character = "\u{2026}"

    /// Fills a row segment with a style (for highlight bars).
    public mutating func fill(row: Int, from column: Int, to end: Int, style: Style) {
        guard row >= 0, row < size.rows else { return }
        for at in max(column, 0)..<min(end, size.columns) where !self[row, at].isContinuation {
            self[row, at].style = style
        }
    }

    /// The rows as plain text, trailing spaces kept, for snapshots and tests.
    public var lines: [String] {
        (0..<size.rows).map { row in
            String((0..<size.columns).compactMap { column -> Character? in
                let cell = self[row, column]
                return cell.isContinuation ? nil : cell.character
            })
        }
    }
}

/// A cell's place on the screen, counted from 0 at the top left.
public struct ScreenPosition: Sendable, Equatable, Hashable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

/// Rows and columns of the terminal.
public struct TerminalSize: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var rows: Int
    public var columns: Int

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    /// The smallest size the wizard lays out for.
    public static let minimum = TerminalSize(rows: 24, columns: 80)

    public var isLargeEnough: Bool { rows >= Self.minimum.rows && columns >= Self.minimum.columns }

    public var description: String { "\(columns)x\(rows)" }
}

/// One terminal column: a character and how it looks.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var style: Style
    /// The right half of a double-width character drawn in the cell before.
    public var isContinuation: Bool

    public init(_ character: Character, style: Style = .normal) {
        self.character = character
        self.style = style
        isContinuation = false
    }

    static func continuation(_ style: Style) -> Cell {
        var cell = Cell(" ", style: style)
        cell.isContinuation = true
        return cell
    }
}

/// The few looks the wizard uses; the terminal layer maps them to colours or to bold/reverse.
public enum Style: Sendable, Equatable, Hashable, CaseIterable {
    case normal
    case title
    case highlight
    case dim
    case good
    case warning
    case danger
    case key
}
