import TutorLessons
import TutorMath

extension Painter {
  mutating func explore() {
    guard let bound = state.activeBound else { return }
    let overrides = bound.overrides
    header(
      "Explore: " + bound.lesson.title, right: bound.variant > 0 ? "variant \(bound.variant)" : "")
    var lines: [(String, CellStyle)] = [
      ("Change a given and every value recomputes through the engine.", .plain),
      ("Type NAME = EXPR (x = 2, W1 = [0.5; -2]) or `variant` for new numbers.", color(.dim)),
      ("", .plain),
      ("Givens", .bold),
    ]
    for given in bound.lesson.givens {
      guard let value = bound.value(of: given.name) else { continue }
      let changed = overrides[given.name] != nil ? "  (set)" : ""
      lines.append(
        (
          "  " + bound.label(of: given.name, style: style) + " = "
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
      lines.append(("  " + bound.label(of: definition.name, style: style) + " = " + shown, .plain))
    }
    let inputRow = height - 3
    block(lines, top: 2, rows: inputRow - 3, scroll: 0)
    rule(row: inputRow - 1)
    let prompt = "set> "
    buffer.write(prompt, row: inputRow, column: 1, style: .bold)
    let start = 1 + TextWidth.cells(of: prompt)
    buffer.write(state.exploreEditor.text, row: inputRow, column: start, limit: width - start - 2)
    let cursorColumn =
      start
      + TextWidth.cells(of: String(state.exploreEditor.characters[..<state.exploreEditor.cursor]))
    buffer.paint(row: inputRow, from: cursorColumn, to: cursorColumn + 1, style: .reverse)
    statusLine()
    keyBar([("Enter", "apply"), ("Esc", "back"), ("F1", "help")])
  }
}
