import TutorLessons
import TutorMath

extension Painter {
  mutating func menu() {
    header(
      "bptutor — backpropagation by hand",
      right: state.lessons.count == 1 ? "1 lesson" : "\(state.lessons.count) lessons")
    if state.lessons.isEmpty {
      buffer.write(
        " No lessons found. Pass --lessons DIR or set BPTUTOR_LESSONS.", row: 3, column: 0)
    }
    let idWidth = min(26, state.lessons.map { $0.id.count }.max() ?? 0)
    let listRows = max(1, height - 10)
    let first = max(0, min(state.menuIndex - listRows + 1, state.lessons.count - listRows))
    for (offset, entry) in state.lessons.dropFirst(first).prefix(listRows).enumerated() {
      let index = first + offset
      let row = 2 + offset
      let selected = index == state.menuIndex
      let status =
        entry.problem == nil
        ? state.progress.status(of: entry.id, stepIDs: entry.stepIDs)
          .replacingDone(with: glyphs.done)
        : "broken"
      let statusStyle: CellStyle =
        status == glyphs.done ? color(.green) : (status == "new" ? .plain : color(.yellow))
      buffer.write(selected ? glyphs.pointer : " ", row: row, column: 1, style: .bold)
      buffer.write(status, row: row, column: 3, style: statusStyle, limit: 8)
      buffer.write(entry.id, row: row, column: 12, style: .bold, limit: idWidth)
      let steps = "\(entry.stepIDs.count) steps"
      let titleColumn = 12 + idWidth + 2
      let room = max(0, width - titleColumn - 11)
      buffer.write(
        TextWidth.truncated(entry.title, to: room, ellipsis: glyphs.ascii ? "..." : "…"),
        row: row, column: titleColumn, limit: room)
      buffer.write(steps, row: row, column: width - 10, style: color(.dim))
      if selected { buffer.paint(row: row, from: 0, to: width, style: .reverse) }
    }
    if state.lessons.indices.contains(state.menuIndex) {
      let entry = state.lessons[state.menuIndex]
      let top = 2 + min(listRows, state.lessons.count) + 1
      rule(row: top - 1)
      let text = entry.problem.map { "This lesson cannot be opened: \($0)" } ?? entry.summary
      let lines = MathRenderer.prose(text, width: width - 2, style: style).map {
        ($0, CellStyle.plain)
      }
      block(lines, top: top, rows: max(0, height - 3 - top), scroll: 0)
    }
    statusLine()
    keyBar(
      [("↑↓", "choose"), ("Enter", "learn"), ("r", "replay"), ("?", "help"), ("q", "quit")]
        .map(asciiKeys))
  }

  /// Arrow glyphs in key names, in ASCII when needed.
  func asciiKeys(_ item: (String, String)) -> (String, String) {
    guard glyphs.ascii else { return item }
    let key = item.0.replacingOccurrences(of: "↑↓", with: "Up/Dn")
      .replacingOccurrences(of: "←", with: "Left").replacingOccurrences(of: "→", with: "Right")
    return (key, item.1)
  }
}

extension String {
  func replacingDone(with text: String) -> String {
    hasPrefix("✓ done") ? text + dropFirst("✓ done".count) : self
  }

  func replacingOccurrences(of target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = Substring(self)
    while let range = rest.range(of: target) {
      result += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
