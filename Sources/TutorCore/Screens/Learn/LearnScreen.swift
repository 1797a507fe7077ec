import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

/// Working through one lesson: the session, the answer line and the prose's scroll (a
/// review serves its cards on one: ``ReviewScreen``). Letters always go into the answer:
/// its commands are Ctrl and function keys, and `:` commands typed in the answer line.
public struct LearnScreen: AnswerLineScreen {
  /// The learner's walk through the lesson (steps, verdicts, hints, reveals).
  public var session: TutorSession
  public var editor = LineEditor()
  /// Lines scrolled in the prose area.
  public var scroll = 0

  public init(session: TutorSession) {
    self.session = session
  }

  public var bound: BoundLesson { session.bound }
  public var stepIndex: Int { session.stepIndex }
  public var feedback: Feedback? { session.feedback }
  public var lesson: Lesson { session.lesson }
  public var step: Step { session.step }

  enum Command: Sendable {
    case submit, scrollDown, scrollUp, edit
    /// A command of the session's vocabulary (also typed as `:hint`, `:next`…).
    case session(SessionCommand)
  }

  static let title = "Learn"
  /// In key-bar order; the `:` commands are the bindings' ``KeyBinding/names``.
  static let bindings: [KeyBinding<Command>] =
    [
      KeyBinding(
        [.enter], .submit, keyName: "Enter", bar: ("Enter", "submit"),
        help: "submit; after ✓, Enter again goes to the next step"),
      KeyBinding(
        [.tab], .session(.hint), keyName: "Tab", bar: ("Tab", "hint"), help: "the next hint",
        names: ["hint", "h"]),
      KeyBinding(
        [.control("r")], .session(.reveal), keyName: "Ctrl-R", bar: ("^R", "reveal"),
        help: "reveal the worked line (counts as revealed, not solved)", names: ["reveal"]),
      KeyBinding(
        [.control("n")], .session(.next), keyName: "Ctrl-N", bar: ("^N/^P", "step"),
        help: "the next step", names: ["next", "n", "skip"]),
      KeyBinding(
        [.control("p")], .session(.previous), keyName: "Ctrl-P", help: "the previous step",
        names: ["prev", "previous", "p"]),
      KeyBinding(
        [.function(4)], .session(.values), keyName: "F4", bar: ("F4", "values"),
        help: "the known values: givens and every value you have earned", names: ["values"]),
      KeyBinding(
        [.function(1)], .session(.help), keyName: "F1", bar: ("F1", "help"), help: "this help",
        names: ["help", "?"]),
      KeyBinding(
        [.function(2)], .session(.graph), keyName: "F2", bar: ("F2", "graph"),
        help: "the computation graph", names: ["graph", "g"]),
      KeyBinding(
        [.function(3)], .session(.set("")), keyName: "F3", bar: ("F3", "explore"),
        help: "explore; with a given: set it and recompute everything", names: ["set"],
        argument: " x = 2"),
      KeyBinding(
        [.escape], .session(.menu), keyName: "Esc", bar: ("Esc", "menu"),
        help: "back to the menu; progress is saved after every step", names: ["menu"]),
      KeyBinding(
        [.function(5)], .session(.curve), keyName: "F5",
        help: "the loss curve, once the gradient-descent step is earned", names: ["curve"]),
      KeyBinding(
        [.control("o")], .session(.another), keyName: "Ctrl-O",
        help: "when the lesson is complete: a new variant to earn again", names: ["another"]),
      KeyBinding(
        [], .session(.variant), keyName: "", help: "draw new numbers", names: ["variant"]),
      KeyBinding([], .session(.quit), keyName: "", help: "quit", names: ["quit", "q"]),
      KeyBinding([.pageDown], .scrollDown, keyName: "PgDn", help: "scroll long prose down"),
      KeyBinding([.pageUp], .scrollUp, keyName: "PgUp", help: "scroll long prose up"),
    ] + LineEditor.bindings(.edit)

  /// The key bar, made once from the bindings (drawn on every key).
  static let barItems = bindings.barItems()

  /// The `:` command a word names (with its argument), or nil.
  static func command(named text: String) -> SessionCommand? {
    let words = text.trimmingWhitespace().split(separator: " ", maxSplits: 1).map(String.init)
    let name = words.first?.lowercased() ?? ""
    guard case .session(let command)? = bindings.binding(named: name)?.command else { return nil }
    if case .set = command { return .set(words.count > 1 ? words[1] : "") }
    return command
  }

  /// The `:` commands' names, for "did you mean".
  static let commandNames = bindings.compactMap(\.names.first)

  mutating func run(_ command: Command, key: Key, _ app: inout AppState) -> Transition {
    switch command {
    case .submit: return submit(&app)
    case .session(let command): return perform(command, &app)
    case .scrollDown: scroll += 5
    case .scrollUp: scroll = max(0, scroll - 5)
    case .edit: return unbound(key, &app)
    }
    return .stay
  }

  func draw(_ painter: inout Painter) { painter.draw(self) }
}
