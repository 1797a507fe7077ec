import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

/// Draws one screen; holds the buffer and the state's style choices.
struct Painter {
  var buffer: ScreenBuffer
  let state: AppState
  let glyphs: Glyphs

  init(buffer: ScreenBuffer, state: AppState) {
    (self.buffer, self.state) = (buffer, state)
    glyphs = Glyphs(ascii: state.mathStyle == .ascii)
  }

  var width: Int { buffer.width }
  var height: Int { buffer.height }
  var style: MathStyle { state.mathStyle }

  /// A style with colour dropped when colours are off (`NO_COLOR`).
  func color(_ color: CellStyle.Color, bold: Bool = false) -> CellStyle {
    CellStyle(color: state.colors ? color : .normal, bold: bold)
  }

  // MARK: - Shared chrome

  /// Row 0: a title on the left and `right` on the right; row 1: a rule.
  mutating func header(_ title: String, right: String = "") {
    let rightWidth = TextWidth.cells(of: right)
    let room = max(0, width - rightWidth - 3)
    buffer.write(
      " " + TextWidth.truncated(title, to: room, ellipsis: glyphs.ascii ? "..." : "…"), row: 0,
      column: 0, style: .bold, limit: room + 1)
    if !right.isEmpty { buffer.write(right, row: 0, column: width - rightWidth - 1) }
    rule(row: 1)
  }

  mutating func rule(row: Int) {
    buffer.write(
      String(repeating: glyphs.rule, count: width), row: row, column: 0, style: color(.dim))
  }

  /// The rule under a scrolling block, saying at its right end how to see the rest:
  /// `PgDn: N more` while `hidden` lines are below, `PgUp: back to the top` once scrolled
  /// to the end (`hidden` as ``block(_:top:rows:scroll:indent:width:)`` returns it).
  mutating func scrollRule(row: Int, hidden: Int, scroll: Int) {
    rule(row: row)
    guard hidden > 0 || scroll > 0 else { return }
    let more = hidden > 0 ? " PgDn: \(hidden) more " : " PgUp: back to the top "
    buffer.write(more, row: row, column: width - TextWidth.cells(of: more) - 1, style: color(.dim))
  }

  /// The last row: the main keys of this screen (from its key list: ``KeyBinding/bar``).
  mutating func keyBar(_ items: [(String, String)]) {
    var column = 1
    for (key, action) in glyphs.ascii ? items.map(asciiKeys) : items {
      let keyWidth = TextWidth.cells(of: key)
      let itemWidth = keyWidth + 1 + TextWidth.cells(of: action)
      if column + itemWidth > width - 1 { break }
      buffer.write(key, row: height - 1, column: column, style: .reverse)
      buffer.write(action, row: height - 1, column: column + keyWidth + 1)
      column += itemWidth + 2
    }
  }

  /// Arrow glyphs in key names, in ASCII when needed.
  func asciiKeys(_ item: (String, String)) -> (String, String) {
    guard glyphs.ascii else { return item }
    let key = item.0.replacingOccurrences(of: "←↑↓→", with: "arrows")
      .replacingOccurrences(of: "↑↓", with: "Up/Dn")
      .replacingOccurrences(of: "←", with: "Left").replacingOccurrences(of: "→", with: "Right")
    return (key, item.1)
  }

  /// The row above the key bar: the status message.
  mutating func statusLine() {
    guard let status = state.status else { return }
    buffer.write(" " + status, row: height - 2, column: 0, style: color(.cyan))
  }

  /// `lines` from row `top` for `rows` rows, starting at line `scroll`; returns how
  /// many lines did not fit below (to show "more").
  @discardableResult
  mutating func block(
    _ lines: [(String, CellStyle)], top: Int, rows: Int, scroll: Int, indent: Int = 1,
    width area: Int? = nil
  ) -> Int {
    let start = min(max(0, scroll), max(0, lines.count - 1))
    let right = area ?? width
    for (offset, line) in lines.dropFirst(start).prefix(rows).enumerated() {
      buffer.write(
        line.0, row: top + offset, column: indent, style: line.1, limit: right - indent - 1)
    }
    return max(0, lines.count - start - rows)
  }

  /// `k/n ████░░░░` for solved of total.
  func progressBar(solved: Int, total: Int, cells: Int = 12) -> String {
    let filled =
      total == 0 ? 0 : Int((Double(solved) / Double(total) * Double(cells)).rounded(.down))
    return String(repeating: glyphs.filled, count: filled)
      + String(repeating: glyphs.empty, count: cells - filled)
  }
}
