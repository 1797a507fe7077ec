import TerminalText
import TutorLessons
import TutorMath

/// Explore the lesson below (learn's or replay's): set a given (`x = 2`) or draw a new
/// variant, and every value recomputes through the engine.
public struct ExploreScreen: AnswerLineScreen {
  /// The `set>` line.
  public var editor = LineEditor()
  /// Lines scrolled (PgUp/PgDn), for a window too short to show every given and quantity.
  public var scroll = 0

  public init() {}

  enum Command: Sendable { case apply, back, help, scrollDown, scrollUp, edit }

  static let title = "Explore"
  static let bindings: [KeyBinding<Command>] =
    [
      KeyBinding(
        [.enter], .apply, keyName: "Enter", bar: ("Enter", "apply"),
        help: "apply NAME = EXPR (x = 2), or `variant` for new numbers"),
      KeyBinding(
        [.escape], .back, keyName: "Esc", bar: ("Esc", "back"), help: "back to the lesson"),
      KeyBinding(
        [.pageDown], .scrollDown, keyName: "PgDn", bar: ("PgUp/PgDn", "scroll"), help: "scroll down"
      ),
      KeyBinding([.pageUp], .scrollUp, keyName: "PgUp", help: "scroll up"),
      KeyBinding([.function(1)], .help, keyName: "F1", bar: ("F1", "help"), help: "help"),
    ] + LineEditor.bindings(.edit)

  mutating func run(_ command: Command, key: Key, _ app: inout AppState) -> Transition {
    switch command {
    case .back: return .pop
    case .apply:
      let line = editor.submit()
      if line.trimmingWhitespace() == "variant" || line.trimmingWhitespace() == ":variant" {
        Givens.newVariant(&app)
      } else if !line.isEmpty {
        Givens.applySet(&app, line)
      }
    case .help: return .push(.help(HelpScreen(opener: .explore)))
    case .scrollDown: scroll += 5
    case .scrollUp: scroll = max(0, scroll - 5)
    case .edit: return unbound(key, &app)
    }
    return .stay
  }

  func draw(_ painter: inout Painter) { painter.draw(self) }
}

extension Painter {
  mutating func draw(_ explore: ExploreScreen) {
    guard let bound = state.activeBound else { return }
    let overrides = bound.overrides
    header(
      "Explore: " + bound.lesson.title, right: bound.variant > 0 ? "variant \(bound.variant)" : "")
    let textWidth = max(20, width - 3)
    var lines: [(String, CellStyle)] =
      TextWidth.wrap(
        "Change a given and every value recomputes through the engine.", width: textWidth
      )
      .map { ($0, .plain) }
      + TextWidth.wrap(
        "Type NAME = EXPR (x = 2, W1 = [0.5; -2]) or `variant` for new numbers.",
        width: textWidth
      ).map { ($0, color(.dim)) }
    lines += [("", .plain), ("Givens", .bold)]
    for given in bound.lesson.givens {
      guard let value = bound.value(of: given.name) else { continue }
      let changed = overrides[given.name] != nil ? "  (set)" : ""
      lines.append(
        (
          "  " + LessonPresenter(bound).label(of: given.name, style: style) + " = "
            + TensorFormat.value(value, style: style) + changed,
          overrides[given.name] != nil ? color(.yellow) : .plain
        ))
    }
    lines.append(("", .plain))
    lines.append(("Quantities", .bold))
    // A value a step still asks for shows as `?` until that step is solved or revealed.
    let concealment = state.concealment
    for definition in bound.lesson.graph {
      guard let value = bound.value(of: definition.name) else { continue }
      let shown =
        concealment.showsValue(of: definition.name, value)
        ? TensorFormat.value(value, style: style) : "?"
      lines.append(
        (
          "  " + LessonPresenter(bound).label(of: definition.name, style: style) + " = " + shown,
          .plain
        ))
    }
    let inputRow = height - 3
    let rows = inputRow - 3
    let scroll = min(explore.scroll, max(0, lines.count - rows))
    let hidden = block(lines, top: 2, rows: rows, scroll: scroll)
    scrollRule(row: inputRow - 1, hidden: hidden, scroll: scroll)
    let prompt = "set> "
    buffer.write(prompt, row: inputRow, column: 1, style: .bold)
    let start = 1 + TextWidth.cells(of: prompt)
    buffer.write(explore.editor.text, row: inputRow, column: start, limit: width - start - 2)
    let cursorColumn =
      start
      + TextWidth.cells(of: String(explore.editor.characters[..<explore.editor.cursor]))
    buffer.paint(row: inputRow, from: cursorColumn, to: cursorColumn + 1, style: .reverse)
    statusLine()
    let scrolls = hidden > 0 || scroll > 0
    keyBar(ExploreScreen.bindings.barItems { !scrolls && $0 == .scrollDown })
  }
}
