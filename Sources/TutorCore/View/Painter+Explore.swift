import TutorLessons
import TutorMath

extension Painter {
  mutating func explore() {
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
    let presenter = LessonPresenter(bound)
    for given in bound.lesson.givens {
      guard let value = bound.value(of: given.name) else { continue }
      let changed = overrides[given.name] != nil ? "  (set)" : ""
      lines.append(
        (
          "  " + presenter.label(of: given.name, style: style) + " = "
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
          "  " + presenter.label(of: definition.name, style: style) + " = " + shown,
          .plain
        ))
    }
    let inputRow = height - 3
    let rows = inputRow - 3
    let scroll = min(state.exploreScroll, max(0, lines.count - rows))
    let hidden = block(lines, top: 2, rows: rows, scroll: scroll)
    scrollRule(row: inputRow - 1, hidden: hidden, scroll: scroll)
    let prompt = "set> "
    buffer.write(prompt, row: inputRow, column: 1, style: .bold)
    let start = 1 + TextWidth.cells(of: prompt)
    buffer.write(state.exploreEditor.text, row: inputRow, column: start, limit: width - start - 2)
    let cursorColumn =
      start
      + TextWidth.cells(of: String(state.exploreEditor.characters[..<state.exploreEditor.cursor]))
    buffer.paint(row: inputRow, from: cursorColumn, to: cursorColumn + 1, style: .reverse)
    statusLine()
    let scrolls = hidden > 0 || scroll > 0
    keyBar(
      [("Enter", "apply"), ("Esc", "back")] + (scrolls ? [("PgUp/PgDn", "scroll")] : [])
        + [("F1", "help")])
  }
}
