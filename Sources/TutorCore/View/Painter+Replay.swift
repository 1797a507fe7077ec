import TutorEngine
import TutorLessons
import TutorMath

extension Painter {
  mutating func replay() {
    guard let replay = state.replay else { return }
    let lesson = replay.bound.lesson
    let total = lesson.steps.count
    let auto = replay.autoAdvance ? "auto · " : ""
    header(
      "Replay: " + lesson.title,
      right: "\(auto)step \(replay.stepIndex + 1)/\(total) "
        + progressBar(solved: replay.stepIndex + 1, total: total, cells: 10))
    var lines: [(String, CellStyle)] = []
    let step = lesson.steps[replay.stepIndex]
    lines.append(("Step \(replay.stepIndex + 1) · \(step.title)", .bold))
    // The window moves with the steps.
    let marks = receptiveField(
      replay.bound, step: replay.stepIndex, concealment: .none, into: &lines)
    lines += LessonPresenter(replay.bound).renderQuestion(
      step: replay.stepIndex, width: width - 3, style: style
    )
    .map { ($0, CellStyle.plain) }
    lines.append(("", .plain))
    let worked = LessonPresenter(replay.bound).renderWorked(
      step: replay.stepIndex, width: width - 6, style: style)
    for (k, line) in worked.enumerated() {
      lines.append(((k == 0 ? glyphs.arrow + " " : "   ") + line, color(.green)))
    }
    block(lines, top: 2, rows: height - 4, scroll: 0)
    paintMarks(marks, top: 2, rows: height - 4, scroll: 0, right: width - 1)
    statusLine()
    keyBar(
      [
        ("→/Space", "next"), ("←", "back"), ("Home/End", "ends"), ("a", "auto"), ("g", "graph"),
        ("e", "explore"), ("v", "variant"), ("Esc", "menu"),
      ].map(asciiKeys))
  }
}
