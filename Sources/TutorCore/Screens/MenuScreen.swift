import TerminalText
import TutorLessons
import TutorMath

/// The lesson list: choose a lesson to learn, replay or be examined on; the skills; the
/// review of due cards.
public struct MenuScreen: ScreenModel {
  /// The selected lesson's index in ``AppState/lessons``.
  public var index = 0

  public init() {}

  enum Command: Sendable {
    case up, down, first, last, learn, replay, exam, skills, review, help, quit
  }

  static let title = "Menu"
  static let bindings: [KeyBinding<Command>] = [
    KeyBinding(
      [.up, .character("k")], .up, keyName: "↑ or k", bar: ("↑↓", "choose"),
      help: "the lesson above"),
    KeyBinding([.down, .character("j")], .down, keyName: "↓ or j", help: "the lesson below"),
    KeyBinding([.home], .first, keyName: "Home", help: "the first lesson"),
    KeyBinding([.end], .last, keyName: "End", help: "the last lesson"),
    KeyBinding(
      [.enter, .character("l")], .learn, keyName: "Enter", bar: ("Enter", "learn"),
      help: "learn it (resumes at the first unsolved step)"),
    KeyBinding(
      [.character("d")], .review, keyName: "d", bar: ("d", "review"),
      help: "review the due cards, one after another (Ctrl-N the next)"),
    KeyBinding(
      [.character("r")], .replay, keyName: "r", bar: ("r", "replay"),
      help: "replay its worked example"),
    KeyBinding(
      [.character("x")], .exam, keyName: "x", bar: ("x", "exam"),
      help: "an exam at fresh givens: no feedback until the report"),
    KeyBinding(
      [.character("s")], .skills, keyName: "s", bar: ("s", "skills"),
      help: "skills and how well you know each"),
    KeyBinding(
      [.character("?"), .function(1)], .help, keyName: "? or F1", bar: ("?", "help"), help: "help"),
    KeyBinding(
      [.character("q"), .escape], .quit, keyName: "q or Esc", bar: ("q", "quit"), help: "quit"),
  ]

  mutating func run(_ command: Command, key: Key, _ app: inout AppState) -> Transition {
    let count = app.lessons.count
    switch command {
    case .up: if count > 0 { index = (index + count - 1) % count }
    case .down: if count > 0 { index = (index + 1) % count }
    case .first: index = 0
    case .last: index = max(0, count - 1)
    case .learn:
      guard count > 0 else { return .stay }
      let entry = app.lessons[index]
      if let problem = entry.problem {
        app.status = "\(entry.id) cannot be opened: \(problem)"
        return .stay
      }
      app.status = "opening \(entry.id)…"
      return .effects([.openLesson(id: entry.id, mode: .learn)])
    case .replay:
      guard count > 0 else { return .stay }
      return .effects([.openLesson(id: app.lessons[index].id, mode: .replay)])
    case .exam:
      guard count > 0, app.lessons[index].problem == nil else { return .stay }
      return .effects([.openLesson(id: app.lessons[index].id, mode: .exam)])
    case .skills: return .push(.skills(SkillsScreen()))
    case .review: return .effects(ReviewScreen.startReview(&app))
    case .help: return .push(.help(HelpScreen(opener: .menu)))
    case .quit: return .effects([.quit])
    }
    return .stay
  }

  func draw(_ painter: inout Painter) { painter.draw(self) }
}

extension Painter {
  mutating func draw(_ menu: MenuScreen) {
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
    let selectedRow = rows.firstIndex { $0.lesson == menu.index } ?? 0
    let first = max(0, min(selectedRow - listRows + 1, rows.count - listRows))
    for (offset, item) in rows.dropFirst(first).prefix(listRows).enumerated() {
      let row = 2 + offset
      guard let index = item.lesson else {
        buffer.write(item.heading ?? "", row: row, column: 1, style: .bold, limit: width - 2)
        continue
      }
      let entry = state.lessons[index]
      let selected = index == menu.index
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
    if state.lessons.indices.contains(menu.index) {
      let entry = state.lessons[menu.index]
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
    keyBar(MenuScreen.bindings.barItems { due == 0 && $0 == .review })
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
