import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

/// Replaying a lesson's worked example, step by step (or on a timer).
public struct ReplayScreen: ScreenModel {
  /// Milliseconds between steps when replay auto-advances.
  public static let autoAdvanceInterval = 2500

  public var bound: BoundLesson
  /// The step shown, 0-based.
  public var stepIndex = 0
  public var autoAdvance = false

  public init(bound: BoundLesson) {
    self.bound = bound
  }

  enum Command: Sendable {
    case next, previous, first, last, auto, graph, explore, variant, curve, help, menu
  }

  static let title = "Replay"
  static let bindings: [KeyBinding<Command>] = [
    KeyBinding(
      [.right, .character(" "), .enter, .character("l")], .next, keyName: "→/Space",
      bar: ("→/Space", "next"), help: "the next step"),
    KeyBinding(
      [.left, .backspace, .character("h")], .previous, keyName: "←", bar: ("←", "back"),
      help: "the previous step"),
    KeyBinding([.home], .first, keyName: "Home", bar: ("Home/End", "ends"), help: "the first step"),
    KeyBinding([.end], .last, keyName: "End", help: "the last step"),
    KeyBinding(
      [.character("a")], .auto, keyName: "a", bar: ("a", "auto"), help: "auto-advance on/off"),
    KeyBinding(
      [.character("g"), .function(2)], .graph, keyName: "g or F2", bar: ("g", "graph"),
      help: "the computation graph"),
    KeyBinding(
      [.character("e"), .function(3)], .explore, keyName: "e or F3", bar: ("e", "explore"),
      help: "explore: change a given"),
    KeyBinding(
      [.character("v")], .variant, keyName: "v", bar: ("v", "variant"),
      help: "new numbers (the next variant)"),
    KeyBinding(
      [.character("c"), .function(5)], .curve, keyName: "c or F5",
      help: "the loss curve (from the gradient-descent step on)"),
    KeyBinding([.character("?"), .function(1)], .help, keyName: "? or F1", help: "help"),
    KeyBinding(
      [.escape, .character("q")], .menu, keyName: "Esc or q", bar: ("Esc", "menu"),
      help: "back to the menu"),
  ]

  mutating func run(_ command: Command, key: Key, _ app: inout AppState) -> Transition {
    let last = bound.lesson.steps.count - 1
    switch command {
    case .next: stepIndex = min(last, stepIndex + 1)
    case .previous: stepIndex = max(0, stepIndex - 1)
    case .first: stepIndex = 0
    case .last: stepIndex = last
    case .auto:
      autoAdvance.toggle()
      app.status = autoAdvance ? "auto-advance on (a to stop)" : "auto-advance off"
      return .effects(
        autoAdvance ? [.startTimer(milliseconds: Self.autoAdvanceInterval)] : [.stopTimer])
    case .graph: return .push(.graph(GraphScreen()))
    case .explore: return .push(.explore(ExploreScreen()))
    case .variant:
      bound = Givens.nextVariant(of: bound, status: &app.status)
      let changes = ReplayRecord.changes(bound, progress: app.progress)
      if let message = ReplayRecord.message(changes, variant: bound.variant) {
        app.status = message
      }
      return .effects(changes.map { .save($0) })
    case .curve:
      return CurveScreen.open(bound: bound, reached: stepIndex, &app).map { .push(.curve($0)) }
        ?? .stay
    case .help: return .push(.help(HelpScreen(opener: .replay)))
    case .menu:
      autoAdvance = false
      return Transition(.pop, effects: [.stopTimer])
    }
    return .stay
  }

  /// The auto-advance timer: the next step, stopping at the last.
  mutating func tick(_ app: inout AppState) -> [Effect] {
    guard autoAdvance else { return [.stopTimer] }
    let last = bound.lesson.steps.count - 1
    if stepIndex < last { stepIndex += 1 }
    if stepIndex >= last {
      autoAdvance = false
      app.status = "end of the worked example"
      return [.stopTimer]
    }
    return []
  }

  func draw(_ painter: inout Painter) { painter.draw(self) }
}

extension Painter {
  mutating func draw(_ replay: ReplayScreen) {
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
      replay.bound, step: replay.stepIndex, concealment: .none, width: width - 3, into: &lines)
    lines += LessonPresenter(replay.bound).renderQuestion(
      step: replay.stepIndex, width: width - 3, style: style, matrixBlocks: marks.isEmpty
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
    keyBar(ReplayScreen.bindings.barItems())
  }
}
