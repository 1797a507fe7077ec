/// What a cell looks like: a colour role and attributes. Colour is never the only
/// carrier of meaning: every coloured verdict also says it in words.
public struct CellStyle: Equatable, Hashable, Sendable {
  public enum Color: UInt8, Equatable, Hashable, Sendable {
    case normal, green, yellow, red, cyan, dim
  }

  public var color: Color = .normal
  public var bold = false
  public var reverse = false

  public init(color: Color = .normal, bold: Bool = false, reverse: Bool = false) {
    (self.color, self.bold, self.reverse) = (color, bold, reverse)
  }

  public static let plain = CellStyle()
  public static let bold = CellStyle(bold: true)
  public static let reverse = CellStyle(reverse: true)
  public static let dim = CellStyle(color: .dim)
}

/// One terminal cell: the text drawn there (a grapheme, possibly wide) and its style.
/// The cell after a wide character is a continuation (empty text).
public struct Cell: Equatable, Sendable {
  public var text: String
  public var style: CellStyle

  public static let blank = Cell(text: " ", style: .plain)
  static let continuation = Cell(text: "", style: .plain)

  public var isContinuation: Bool { text.isEmpty }
}

/// An in-memory screen of `width × height` cells that views render into and the
/// terminal layer diffs and draws (ratatui's Buffer).
public struct ScreenBuffer: Equatable, Sendable {
  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]
  /// Whether every text written is folded to ASCII first (``ASCIIFold``, the one
  /// Unicode → ASCII table every output shares), for terminals without UTF-8.
  public let asciiOnly: Bool

  public init(width: Int, height: Int, asciiOnly: Bool = false) {
    self.width = max(0, width)
    self.height = max(0, height)
    self.asciiOnly = asciiOnly
    cells = Array(repeating: .blank, count: self.width * self.height)
  }

  public subscript(row: Int, column: Int) -> Cell {
    guard row >= 0, row < height, column >= 0, column < width else { return .blank }
    return cells[row * width + column]
  }

  /// Writes `text` from (`row`, `column`), clipped at `limit` columns (default: the
  /// right edge); returns the column after the last cell written. Wide characters take
  /// two cells and are never split; control characters are dropped.
  @discardableResult
  public mutating func write(
    _ text: String, row: Int, column: Int, style: CellStyle = .plain, limit: Int? = nil
  ) -> Int {
    let text = asciiOnly ? ASCIIFold.fold(text) : text
    // Most text on screen is ASCII, Greek, math letters, operators and box drawing, whose
    // scalars are each a character of their own: written scalar by scalar, the grapheme
    // breaking that dominated a redraw's time is skipped, and the cells are the same.
    let byScalars = text.unicodeScalars.allSatisfy(TextWidth.standsAlone)
    return write(text, row: row, column: column, style: style, limit: limit, byScalars: byScalars)
  }

  /// ``write(_:row:column:style:limit:)``, a character at a time or (`byScalars`, only
  /// for text whose every scalar ``TextWidth/standsAlone(_:)``) a scalar at a time.
  mutating func write(
    _ text: String, row: Int, column: Int, style: CellStyle, limit: Int?, byScalars: Bool
  ) -> Int {
    guard row >= 0, row < height else { return column }
    let end = min(width, limit.map { column + max(0, $0) } ?? width)
    var x = column
    // Places one character; false once the line is full.
    func place(_ character: Character, cells: Int) -> Bool {
      if cells == 0 {
        // A combining mark joins the previous cell; a control character is dropped.
        if x > column, x - 1 < width,
          character.unicodeScalars.first.map({ $0.value >= 0x20 }) == true
        {
          let index = row * width + x - 1
          if index >= 0 { self.cells[index].text.append(character) }
        }
        return true
      }
      if x + cells > end { return false }
      if x >= 0 {
        self.cells[row * width + x] = Cell(text: String(character), style: style)
        if cells == 2 { self.cells[row * width + x + 1] = .continuation }
      }
      x += cells
      return true
    }
    if byScalars {
      for scalar in text.unicodeScalars
      where !place(Character(scalar), cells: TextWidth.cells(of: scalar)) { break }
    } else {
      for character in text where !place(character, cells: TextWidth.cells(of: character)) {
        break
      }
    }
    return x
  }

  /// Paints the style over a run of cells (a highlighted row) without changing text.
  public mutating func paint(row: Int, from column: Int, to end: Int, style: CellStyle) {
    guard row >= 0, row < height else { return }
    for x in max(0, column)..<min(width, max(end, column)) {
      cells[row * width + x].style = style
    }
  }

  /// The text of each row, trailing spaces removed (for golden screens).
  public var lines: [String] {
    (0..<height).map { row in
      var line = ""
      for x in 0..<width {
        let cell = cells[row * width + x]
        if !cell.isContinuation { line += cell.text }
      }
      while line.last == " " { line.removeLast() }
      return line
    }
  }

  /// The runs of cells that differ from `previous` (all cells if the size changed):
  /// what the terminal has to redraw.
  public func changes(since previous: ScreenBuffer?) -> [(row: Int, column: Int, cells: [Cell])] {
    var runs: [(row: Int, column: Int, cells: [Cell])] = []
    let before = previous.flatMap { $0.width == width && $0.height == height ? $0.cells : nil }
    let full = before == nil
    // Compared in place: a redraw compares every cell, and copying each out cost more than
    // the comparison.
    cells.withUnsafeBufferPointer { now in
      (before ?? []).withUnsafeBufferPointer { before in
        func changed(_ index: Int) -> Bool { full || before[index] != now[index] }
        for row in 0..<height {
          var x = 0
          while x < width {
            guard changed(row * width + x) else {
              x += 1
              continue
            }
            let start = x
            while x < width, changed(row * width + x) { x += 1 }
            // Never start a run on a continuation cell: back up to the wide character.
            let from = start > 0 && now[row * width + start].isContinuation ? start - 1 : start
            runs.append((row, from, Array(now[(row * width + from)..<(row * width + x)])))
          }
        }
      }
    }
    return runs
  }
}
