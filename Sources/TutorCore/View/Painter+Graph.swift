import TutorEngine
import TutorLessons
import TutorMath

extension Painter {
  mutating func graph() {
    guard let bound = state.activeBound else { return }
    header("Graph: " + bound.lesson.title, right: "←/→ scroll")
    // Gradients appear once the learner has reached the backward steps (or in replay).
    var showGradients = state.returnScreen == .replay
    if let learn = state.learn, state.returnScreen != .replay {
      let firstBackward = learn.lesson.steps.indices.first { learn.lesson.asksDerivative(step: $0) }
      showGradients = firstBackward.map { learn.stepIndex >= $0 } ?? false
    }
    let layout = GraphLayout(
      bound, showGradients: showGradients, style: style, concealment: state.concealment)
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
      let lineStyle: CellStyle
      switch box.kinds[offset] {
      case .title: lineStyle = .bold
      case .gradient: lineStyle = color(.cyan)
      case .expression, .value: lineStyle = .plain
      }
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
