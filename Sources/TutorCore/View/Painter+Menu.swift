import TerminalText
import TutorLessons
import TutorMath

extension Painter {
  mutating func menu() {
    let due = state.progress.dueCards(at: state.now).count
    header(
      "bptutor — backpropagation by hand",
      right: (state.lessons.count == 1 ? "1 lesson" : "\(state.lessons.count) lessons")
        + (due > 0 ? " · \(due) due" : ""))
    if state.lessons.isEmpty {
      buffer.write(
        " No lessons found. Pass --lessons DIR or set BPTUTOR_LESSONS.", row: 3, column: 0)
    }
    let idWidth = min(26, state.lessons.map { $0.id.count }.max() ?? 0)
    // The status column fits the longest status ("✓ done · 2 revealed"), never cut.
    func status(of entry: LessonEntry) -> String {
      entry.problem == nil
        ? state.progress.status(of: entry.id, stepIDs: entry.stepIDs)
          .replacingDone(with: glyphs.done)
        : "broken"
    }
    let statusWidth = min(
      24, max(8, (state.lessons.map { TextWidth.cells(of: status(of: $0)) }.max() ?? 0) + 1))
    let idColumn = 3 + statusWidth + 1
    let titleColumn = idColumn + idWidth + 2
    // Too narrow for titles worth reading (60×16 with a long status): the selected
    // lesson's title goes above its summary instead.
    let titleRoom = max(0, width - titleColumn - 11)
    let showsTitles = titleRoom >= 12
    let listRows = max(1, height - 10)
    let rows = Self.menuRows(state.lessons)
    let selectedRow = rows.firstIndex { $0.lesson == state.menuIndex } ?? 0
    let first = max(0, min(selectedRow - listRows + 1, rows.count - listRows))
    for (offset, item) in rows.dropFirst(first).prefix(listRows).enumerated() {
      let row = 2 + offset
      guard let index = item.lesson else {
        buffer.write(item.heading ?? "", row: row, column: 1, style: .bold, limit: width - 2)
        continue
      }
      let entry = state.lessons[index]
      let selected = index == state.menuIndex
      let status = status(of: entry)
      let statusStyle: CellStyle =
        status.hasPrefix(glyphs.done) ? color(.green) : (status == "new" ? .plain : color(.yellow))
      buffer.write(selected ? glyphs.pointer : " ", row: row, column: 1, style: .bold)
      buffer.write(status, row: row, column: 3, style: statusStyle, limit: statusWidth)
      buffer.write(entry.id, row: row, column: idColumn, style: .bold, limit: idWidth)
      let steps = "\(entry.stepIDs.count) steps"
      if showsTitles {
        buffer.write(
          TextWidth.truncated(entry.title, to: titleRoom, ellipsis: glyphs.ascii ? "..." : "…"),
          row: row, column: titleColumn, limit: titleRoom)
      }
      buffer.write(steps, row: row, column: width - 10, style: color(.dim))
      if selected { buffer.paint(row: row, from: 0, to: width, style: .reverse) }
    }
    if state.lessons.indices.contains(state.menuIndex) {
      let entry = state.lessons[state.menuIndex]
      let top = 2 + min(listRows, rows.count) + 1
      rule(row: top - 1)
      let text = entry.problem.map { "This lesson cannot be opened: \($0)" } ?? entry.summary
      // What to do next comes first: the rows under the list are few at 80×24.
      let next = NextStep.suggest(lessons: state.lessons, progress: state.progress, now: state.now)
      var lines = [(next.text, color(.cyan))]
      if !showsTitles {
        lines += TextWidth.wrap(entry.title, width: width - 2).map { ($0, CellStyle.bold) }
      }
      lines += MathRenderer.prose(text, width: width - 2, style: style).map {
        ($0, CellStyle.plain)
      }
      if !entry.prerequisites.isEmpty {
        lines.append(
          ("Do first: " + entry.prerequisites.joined(separator: ", "), color(.dim)))
      }
      block(lines, top: top, rows: max(0, height - 3 - top), scroll: 0)
    }
    statusLine()
    keyBar(
      ([("↑↓", "choose"), ("Enter", "learn")] + (due > 0 ? [("d", "review")] : [])
        + [("r", "replay"), ("x", "exam"), ("s", "skills"), ("?", "help"), ("q", "quit")])
        .map(asciiKeys))
  }

  /// The rows of the lesson list: with a course, a heading before each section (and
  /// before the lessons it does not name), then its lessons; without one, the lessons.
  static func menuRows(_ lessons: [LessonEntry]) -> [(heading: String?, lesson: Int?)] {
    let headed = lessons.contains { $0.section != nil }
    var rows: [(heading: String?, lesson: Int?)] = []
    var section: String?? = .none
    for (index, entry) in lessons.enumerated() {
      if headed, section != .some(entry.section) {
        rows.append((entry.section ?? LessonEntry.otherLessonsHeading, nil))
        section = .some(entry.section)
      }
      rows.append((nil, index))
    }
    return rows
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
