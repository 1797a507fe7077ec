import TutorEngine
import TutorLessons
import TutorMath

/// The lesson's computation graph laid out left to right: each quantity one column
/// right of the deepest name it uses, each given just left of its first consumer.
struct GraphLayout {
  struct Box {
    var name: String
    var lines: [String]
    var column: Int
    var width: Int { lines.map(TextWidth.cells(of:)).max() ?? 0 }
    /// Whether it is computed from other boxes (an arrow points into it).
    var hasInputs: Bool
  }

  var columns: [[Box]]

  /// Boxes for every given and quantity: name (with notation) and expression, value,
  /// and the loss gradient when `showGradients`.
  init(_ bound: BoundLesson, showGradients: Bool, style: MathStyle) {
    let lesson = bound.lesson
    // Quantities: one column right of the deepest name they use (givens count as 0).
    var depth: [String: Int] = [:]
    for given in lesson.givens { depth[given.name] = 0 }
    var uses: [String: [String]] = [:]
    var quantityColumn: [String: Int] = [:]
    for definition in lesson.graph {
      let used = (try? Parser.parse(definition.expression.text))?.names ?? []
      uses[definition.name] = used
      let column = 1 + (used.compactMap { depth[$0] }.max() ?? -1)
      depth[definition.name] = column
      quantityColumn[definition.name] = column
    }
    // Givens: just left of their first consumer, so every arrow reads left to right
    // from what feeds it (a given nothing in the graph uses stays in column 0).
    var boxes: [Box] = []
    for given in lesson.givens {
      let consumers = lesson.graph.filter { uses[$0.name]?.contains(given.name) == true }
      let column = max(0, (consumers.compactMap { quantityColumn[$0.name] }.min() ?? 1) - 1)
      boxes.append(
        Box(
          name: given.name,
          lines: Self.lines(bound, given.name, expression: nil, showGradients, style),
          column: column, hasInputs: false))
    }
    for definition in lesson.graph {
      boxes.append(
        Box(
          name: definition.name,
          lines: Self.lines(
            bound, definition.name, expression: definition.expression.text, showGradients, style),
          column: quantityColumn[definition.name] ?? 0,
          hasInputs: !(uses[definition.name] ?? []).isEmpty))
    }
    let count = (boxes.map(\.column).max() ?? 0) + 1
    columns = (0..<count).map { column in boxes.filter { $0.column == column } }
  }

  static func lines(
    _ bound: BoundLesson, _ name: String, expression: String?, _ showGradients: Bool,
    _ style: MathStyle
  ) -> [String] {
    let label = bound.label(of: name, style: style)
    var lines = [label + (label == name ? "" : " (\(name))")]
    if let expression { lines.append(expression.trimmingWhitespace()) }
    if let value = bound.value(of: name) {
      lines.append("= " + TensorFormat.value(value, style: style))
    }
    if showGradients, let gradient = bound.lossGradients[name], let loss = bound.lesson.loss {
      let symbol = style == .ascii ? "d" : "∂"
      lines.append(
        "\(symbol)\(loss.text)/\(symbol)\(name) = " + TensorFormat.value(gradient, style: style))
    }
    return lines.map { String($0.prefix(40)) }
  }
}

extension Painter {
  mutating func graph() {
    guard let bound = state.activeBound else { return }
    header("Graph: " + bound.lesson.title, right: "←/→ scroll")
    // Gradients appear once the learner has reached the backward steps (or in replay).
    var showGradients = state.returnScreen == .replay
    if let learn = state.learn, state.returnScreen != .replay {
      let firstBackward = learn.lesson.steps.firstIndex { step in
        if case .value(let ask) = step.question { return ask.text.contains("grad(") }
        return false
      }
      showGradients = firstBackward.map { learn.stepIndex >= $0 } ?? false
    }
    let layout = GraphLayout(bound, showGradients: showGradients, style: style)
    // Draw into a wide canvas, then copy the visible window.
    let columnWidths = layout.columns.map { column in (column.map(\.width).max() ?? 0) + 4 }
    let gap = 5
    var canvasWidth = columnWidths.reduce(0, +) + gap * layout.columns.count + 2
    let rows = height - 4
    var canvas = ScreenBuffer(width: max(canvasWidth, width), height: rows)
    var x = 1
    for (index, column) in layout.columns.enumerated() {
      var y = 0
      for box in column {
        let boxHeight = box.lines.count + 2
        if y + boxHeight > rows, y > 0 {
          // A tall column continues beside itself.
          x += columnWidths[index] + 1
          canvasWidth += columnWidths[index] + 1
          y = 0
        }
        if canvas.width < x + columnWidths[index] + gap {
          var wider = ScreenBuffer(width: x + columnWidths[index] + gap + 40, height: rows)
          for row in 0..<rows {
            for c in 0..<canvas.width where !canvas[row, c].isContinuation {
              wider.write(canvas[row, c].text, row: row, column: c, style: canvas[row, c].style)
            }
          }
          canvas = wider
        }
        drawBox(&canvas, box, row: y, column: x, width: columnWidths[index])
        if box.hasInputs {
          canvas.write(
            glyphs.edge, row: y + 1, column: x - TextWidth.cells(of: glyphs.edge) - 1,
            style: color(.dim))
        }
        y += boxHeight
      }
      x += columnWidths[index] + gap
    }
    let scroll = min(state.graphScroll, max(0, canvasWidth - width))
    for row in 0..<rows {
      for column in 0..<width {
        let cell = canvas[row, column + scroll]
        if cell.isContinuation { continue }
        buffer.write(cell.text, row: 2 + row, column: column, style: cell.style)
      }
    }
    if !showGradients, bound.lesson.loss != nil {
      buffer.write(
        " gradients appear once you reach the backward steps", row: height - 2, column: 0,
        style: color(.dim))
    }
    statusLine()
    keyBar([("←/→", "scroll"), ("Home", "start"), ("any key", "back")].map(asciiKeys))
  }

  func drawBox(
    _ canvas: inout ScreenBuffer, _ box: GraphLayout.Box, row: Int, column: Int, width: Int
  ) {
    let inner = width - 2
    let (tl, horizontal, tr) = glyphs.boxTop
    let (bl, _, br) = glyphs.boxBottom
    canvas.write(
      tl + String(repeating: horizontal, count: inner) + tr, row: row, column: column,
      style: color(.dim))
    for (offset, line) in box.lines.enumerated() {
      canvas.write(glyphs.boxSide, row: row + 1 + offset, column: column, style: color(.dim))
      let isGradient = line.hasPrefix("∂") || line.hasPrefix("d")
      let lineStyle: CellStyle =
        offset == 0 ? .bold : (isGradient && offset > 0 ? color(.cyan) : .plain)
      canvas.write(
        " " + line, row: row + 1 + offset, column: column + 1, style: lineStyle, limit: inner)
      canvas.write(
        glyphs.boxSide, row: row + 1 + offset, column: column + width - 1, style: color(.dim))
    }
    canvas.write(
      bl + String(repeating: horizontal, count: inner) + br, row: row + box.lines.count + 1,
      column: column,
      style: color(.dim))
  }
}
