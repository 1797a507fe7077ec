import TutorLessons
import TutorMath

extension Painter {
  /// The exam: one step at a time with no feedback, then the report.
  mutating func exam() {
    guard let exam = state.exam else { return }
    let lesson = exam.bound.lesson
    let total = lesson.steps.count
    if let report = exam.report {
      header(
        "Exam · \(lesson.title)",
        right: "variant \(exam.bound.variant) · \(NumberFormat.string(report.score))/\(total)")
      let lines = ExamText.lines(report, style: style).map { line -> (String, CellStyle) in
        let grade = line.split(separator: " ").dropFirst().dropFirst().first.map(String.init)
        switch grade {
        case "correct": return (line, color(.green))
        case "follows": return (line, color(.cyan))
        case "incorrect": return (line, color(.red))
        default: return (line, .plain)
        }
      }
      let more = block(lines, top: 2, rows: height - 4, scroll: exam.scroll)
      if more > 0 { buffer.write("↓ \(more) more", row: height - 2, column: width - 12) }
      statusLine()
      keyBar([("↑↓", "scroll"), ("any key", "menu")].map(asciiKeys))
      return
    }
    header(
      "Exam · \(lesson.title)",
      right: "variant \(exam.bound.variant) · step \(exam.stepIndex + 1)/\(total)")
    let step = lesson.steps[exam.stepIndex]
    var lines: [(String, CellStyle)] = [("Step \(exam.stepIndex + 1) · \(step.title)", .bold)]
    // Nothing is earned in an exam: every value a step asks for stays `?`.
    lines += LessonPresenter(exam.bound).renderQuestion(
      step: exam.stepIndex, width: width - 3, style: style,
      concealment: Concealment(exam.bound, earned: [])
    ).map { ($0, CellStyle.plain) }
    let answerRow = height - 4
    block(lines, top: 2, rows: answerRow - 3, scroll: 0)
    rule(row: answerRow - 1)
    answerLine(exam.editor, row: answerRow)
    statusLine()
    keyBar([("Enter", "answer (empty skips)"), ("Esc", "leave")])
  }
}
