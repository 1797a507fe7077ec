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
  /// The last answer that could not be read, with its verdict (the caret under the
  /// problem): shown under the answer line, which keeps the text to fix. Never counted.
  public var unreadable: (answer: String, verdict: Verdict)?
  /// Esc was pressed with answers given: `y` leaves (discarding them), any other key stays.
  public var confirmingLeave = false

  public init(bound: BoundLesson) {
    self.bound = bound
  }

  enum Command: Sendable { case answer, leave, edit, scroll(Int), menu, discard, stay }

  static let title = "Exam"
  static let bindings = questionBindings + confirmBindings + reportBindings
  /// While answering.
  static let questionBindings: [KeyBinding<Command>] =
    [
      KeyBinding(
        [.enter], .answer, keyName: "Enter", bar: ("Enter", "answer (empty skips)"),
        help: "answer and go on (empty skips); the report follows the last step"),
      KeyBinding(
        [.escape], .leave, keyName: "Esc", bar: ("Esc", "leave"),
        help: "leave; with answers given, asks first (an unfinished exam is not saved)"),
    ] + LineEditor.bindings(.edit)
  /// While asking whether to leave and discard the answers given.
  static let confirmBindings: [KeyBinding<Command>] = [
    KeyBinding(
      [.character("y"), .character("Y")], .discard, keyName: "y", bar: ("y", "leave, discard"),
      help: "when asked: leave the exam and discard its answers"),
    .anyKey(.stay, bar: "go on", help: "when asked: stay in the exam"),
  ]
  /// On the report.
  static let reportBindings: [KeyBinding<Command>] =
    SkillsScreen.scrollBindings(Command.scroll) + [
      .anyKey(.menu, bar: "menu", help: "from the report: back to the menu")
    ]

  var activeBindings: [KeyBinding<Command>] {
    if report != nil { return Self.reportBindings }
    return confirmingLeave ? Self.confirmBindings : Self.questionBindings
  }

  /// How many answers leaving now would discard (a line being typed counts as one).
  var answersAtStake: Int {
    answers.filter { !$0.isEmpty }.count + (editor.text.trimmingWhitespace().isEmpty ? 0 : 1)
  }

  /// Opens an exam of `bound`'s lesson at a variant the learner has not done (or at the
  /// bound one when it was chosen: `bptutor exam LESSON --variant N`); nil when it
  /// cannot be bound (the reason in the status line).
  static func open(_ bound: BoundLesson, fresh: Bool, _ app: inout AppState) -> ExamScreen? {
    var examBound = bound
    if fresh {
      let variant = app.progress.newVariant(of: bound.lesson)
      guard
        let rebound = Givens.tryBind(bound, variant: variant, overrides: [:], status: &app.status)
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
      guard answersAtStake == 0 else {
        confirmingLeave = true
        let count = answersAtStake
        app.status =
          "leave the exam? \(count) answer\(count == 1 ? "" : "s") will be discarded — "
          + "y leaves, any other key goes on"
        return .stay
      }
      app.status = "exam left; nothing was saved"
      return Transition(.toMenu(selecting: nil))
    case .discard:
      app.status = "exam left; its answers were discarded and nothing was saved"
      return Transition(.toMenu(selecting: nil))
    case .stay:
      confirmingLeave = false
      app.status = "exam: no feedback until the end; an empty answer skips"
    case .edit: editor.edit(key)
    case .answer:
      let answer = editor.submit().trimmingWhitespace()
      // An answer that cannot be read is not an answer: shown with its caret, asked again.
      if !answer.isEmpty {
        let verdict = StepChecker(bound).check(answer, step: stepIndex)
        if verdict.kind == .malformed {
          _ = editor.insert(answer)
          unreadable = (answer, verdict)
          app.status = "not counted: fix the answer and press Enter (empty skips)"
          return .stay
        }
      }
      unreadable = nil
      app.status = nil
      answers.append(answer)
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
        let lineStyle: CellStyle
        switch line.first.map(String.init) {
        case ExamText.mark(.correct): lineStyle = color(.green)
        case ExamText.mark(.follows): lineStyle = color(.cyan)
        case ExamText.mark(.incorrect): lineStyle = color(.red)
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
    // An unreadable answer: what could not be read, the caret under it, under the line.
    var problem: [VerdictPresenter.Line] = []
    if let unreadable = exam.unreadable {
      problem = VerdictPresenter(style: style, width: width - 2)
        .lines(unreadable.verdict, answer: unreadable.answer)
      problem = Array(problem.prefix(max(0, height - 10)))
    }
    let answerRow = height - 4 - max(0, problem.count - 1)
    block(lines, top: 2, rows: answerRow - 3, scroll: 0)
    rule(row: answerRow - 1)
    answerLine(exam.editor, row: answerRow)
    for (offset, line) in problem.enumerated() {
      let lineStyle: CellStyle =
        line.role == .caret || line.role == .headline(.malformed) ? color(.red) : .plain
      buffer.write(line.text, row: answerRow + 1 + offset, column: 1, style: lineStyle)
    }
    statusLine()
    keyBar(
      (exam.confirmingLeave ? ExamScreen.confirmBindings : ExamScreen.questionBindings)
        .barItems())
  }
}
