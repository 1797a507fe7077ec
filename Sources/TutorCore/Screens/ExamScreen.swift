import TerminalText
import TutorLessons
import TutorMath

/// An exam: one step at a time with no feedback, then the report (saved when the last
/// step is answered).
public struct ExamScreen: ScreenModel {
  public var bound: BoundLesson
  /// The step being answered, 0-based.
  public var stepIndex = 0
  /// One answer per step answered so far (empty: skipped).
  public var answers: [String] = []
  public var editor = LineEditor()
  /// Set when every step is answered.
  public var report: ExamReport?
  /// Lines scrolled in the report.
  public var scroll = 0

  public init(bound: BoundLesson) {
    self.bound = bound
  }

  enum Command: Sendable { case answer, leave, edit, scroll(Int), menu }

  static let title = "Exam"
  static let bindings = questionBindings + reportBindings
  /// While answering.
  static let questionBindings: [KeyBinding<Command>] =
    [
      KeyBinding(
        [.enter], .answer, keyName: "Enter", bar: ("Enter", "answer (empty skips)"),
        help: "answer and go on (empty skips); the report follows the last step"),
      KeyBinding(
        [.escape], .leave, keyName: "Esc", bar: ("Esc", "leave"),
        help: "leave (an unfinished exam is not saved)"),
    ] + LineEditor.bindings(.edit)
  /// On the report.
  static let reportBindings: [KeyBinding<Command>] =
    SkillsScreen.scrollBindings(Command.scroll) + [
      .anyKey(.menu, bar: "menu", help: "from the report: back to the menu")
    ]

  var activeBindings: [KeyBinding<Command>] {
    report == nil ? Self.questionBindings : Self.reportBindings
  }

  /// Opens an exam of `bound`'s lesson at a variant the learner has not done (or at the
  /// bound one when it was chosen: `bptutor exam LESSON --variant N`); nil when it
  /// cannot be bound (the reason in the status line).
  static func open(_ bound: BoundLesson, fresh: Bool, _ app: inout AppState) -> ExamScreen? {
    var examBound = bound
    if fresh {
      let variant = app.progress.newVariant(of: bound.lesson.id)
      guard
        let rebound = TutorApp.tryBind(bound, variant: variant, overrides: [:], status: &app.status)
      else { return nil }
      examBound = rebound
    }
    app.status = "exam: no feedback until the end; an empty answer skips"
    return ExamScreen(bound: examBound)
  }

  /// Enter records the answer (empty skips) and moves on; after the last step the report
  /// is shown and saved, at the time of the message that finished it (``AppState/now``).
  mutating func run(_ command: Command, key: Key, _ app: inout AppState) -> Transition {
    switch command {
    case .scroll(let lines): scroll = max(0, scroll + lines)
    case .menu: return Transition(.toMenu(selecting: nil))
    case .leave:
      app.status = "exam left; nothing was saved"
      return Transition(.toMenu(selecting: nil))
    case .edit: editor.edit(key)
    case .answer:
      answers.append(editor.submit().trimmingWhitespace())
      stepIndex += 1
      guard stepIndex >= bound.lesson.steps.count else { return .stay }
      let report = ExamGrader.grade(bound, answers: answers)
      self.report = report
      stepIndex = bound.lesson.steps.count - 1
      app.status = nil
      let skills = Dictionary(
        bound.lesson.steps.map { ($0.id, $0.skills) }, uniquingKeysWith: { a, _ in a })
      return .effects([.save(.exam(report, skills: skills, time: app.now))])
    }
    return .stay
  }

  mutating func unbound(_ key: Key, _ app: inout AppState) -> Transition {
    editor.edit(key)
    return .stay
  }

  func draw(_ painter: inout Painter) { painter.draw(self) }
}

extension Painter {
  /// The exam: one step at a time with no feedback, then the report.
  mutating func draw(_ exam: ExamScreen) {
    let lesson = exam.bound.lesson
    let total = lesson.steps.count
    if let report = exam.report {
      header(
        "Exam · \(lesson.title)",
        right: "variant \(exam.bound.variant) · \(NumberFormat.string(report.score))/\(total)")
      // A line wider than the screen is wrapped under its "expected" column, "given" first
      // on a line of its own, so nothing is cut (there is no sideways scrolling).
      let indent = 2 + (report.items.map(\.id.count).max() ?? 0) + 2 + 9 + 2
      let lines = ExamText.lines(report, style: style).flatMap { line -> [(String, CellStyle)] in
        let grade = line.split(separator: " ").dropFirst().dropFirst().first.map(String.init)
        let lineStyle: CellStyle
        switch grade {
        case "correct": lineStyle = color(.green)
        case "follows": lineStyle = color(.cyan)
        case "incorrect": lineStyle = color(.red)
        default: lineStyle = .plain
        }
        return reportLine(line, width: width - 2, indent: indent).map { ($0, lineStyle) }
      }
      let more = block(lines, top: 2, rows: height - 4, scroll: exam.scroll)
      if more > 0 { buffer.write("↓ \(more) more", row: height - 2, column: width - 12) }
      statusLine()
      keyBar(ExamScreen.reportBindings.barItems())
      return
    }
    drawQuestion(exam)
  }

  /// One line of the exam report in lines at most `width` cells: as it is when it fits,
  /// else broken before "given" and wrapped, continuations at `indent`.
  func reportLine(_ line: String, width: Int, indent: Int) -> [String] {
    guard TextWidth.cells(of: line) > width else { return [line] }
    let pad = String(repeating: " ", count: indent)
    var parts = [line]
    if let given = line.range(of: "  given ") {
      parts = [String(line[..<given.lowerBound]), pad + "given " + line[given.upperBound...]]
    }
    return parts.flatMap { part in
      TextWidth.cells(of: part) <= width
        ? [part] : TextWidth.wrap(part, width: width, indent: min(indent, width / 2))
    }
  }

  /// An exam step: its question with every asked value hidden, and the answer line.
  mutating func drawQuestion(_ exam: ExamScreen) {
    let lesson = exam.bound.lesson
    let total = lesson.steps.count
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
    keyBar(ExamScreen.questionBindings.barItems())
  }
}
