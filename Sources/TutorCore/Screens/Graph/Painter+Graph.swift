import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

extension Painter {
  /// Box lines are cut at this many cells (wider on a wide terminal).
  func graphBoxWidth() -> Int { width >= 100 ? 34 : 24 }

  /// The step whose node the graph highlights: replay's or learn's.
  var graphStep: Int? { state.activeStep }

  /// Whether gradients are shown: in replay, and in learn from the first backward step.
  var graphShowsGradients: Bool {
    if state.isReplaying { return true }
    guard let learn = state.learn else { return false }
    let firstBackward = learn.lesson.steps.indices.first { learn.lesson.asksDerivative(step: $0) }
    return firstBackward.map { learn.stepIndex >= $0 } ?? false
  }

  /// Where the graph's parts go on this screen: the drawing, the selection, the details
  /// under it and the window's top-left cell (the stored scroll, moved just enough to
  /// show the selection while it is followed).
  struct GraphGeometry {
    var topology: GraphLayout.Topology
    var layout: GraphLayout
    var selected: String?
    var details: [(String, CellStyle)]
    /// Rows of the drawing (the details take the rest).
    var rows: Int
    var scrollX: Int
    var scrollY: Int
    var maxX: Int { max(0, layout.width - scrollWidth) }
    var maxY: Int { max(0, layout.height - rows) }
    var scrollWidth: Int
  }

  func graphGeometry(_ graph: GraphScreen, _ bound: BoundLesson) -> GraphGeometry {
    let topology = GraphLayout.Topology(bound.lesson)
    let layout = GraphLayout(
      bound, topology: topology, showGradients: graphShowsGradients, style: style,
      concealment: state.concealment, boxWidth: graphBoxWidth())
    let selected = graph.selection(in: state, topology: topology)
    let details = graph.showsDetails ? graphDetails(bound, selected) : []
    let detailRows = details.isEmpty ? 0 : min(details.count + 1, (height - 4) / 2)
    let rows = height - 4 - detailRows
    let maxX = max(0, layout.width - width)
    let maxY = max(0, layout.height - rows)
    var scrollX = min(max(0, graph.scrollX), maxX)
    var scrollY = min(max(0, graph.scrollY), maxY)
    if graph.followsSelection, let box = selected.flatMap(layout.box(named:)) {
      if box.x + box.width + 1 > scrollX + width { scrollX = box.x + box.width + 1 - width }
      if box.x - 1 < scrollX { scrollX = max(0, box.x - 1) }
      if box.y + box.height > scrollY + rows { scrollY = box.y + box.height - rows }
      if box.y < scrollY { scrollY = box.y }
      scrollX = min(scrollX, maxX)
      scrollY = min(scrollY, maxY)
    }
    return GraphGeometry(
      topology: topology, layout: layout, selected: selected, details: details, rows: rows,
      scrollX: scrollX, scrollY: scrollY, scrollWidth: width)
  }

  mutating func draw(_ graph: GraphScreen) {
    guard let bound = state.activeBound else { return }
    let geometry = graphGeometry(graph, bound)
    let (topology, layout, selected, details) =
      (geometry.topology, geometry.layout, geometry.selected, geometry.details)
    let showGradients = graphShowsGradients
    let focus =
      graphStep.map { GraphFocus(bound.lesson, topology: topology, step: $0) }
      ?? GraphFocus()
    header("Graph: " + bound.lesson.title, right: "\(topology.names.count) nodes")
    let rows = geometry.rows
    let detailRows = height - 4 - rows
    let (scrollX, scrollY) = (geometry.scrollX, geometry.scrollY)
    let (maxX, maxY) = (geometry.maxX, geometry.maxY)
    let area = GraphArea(top: 2, rows: rows, width: width, scrollX: scrollX, scrollY: scrollY)
    drawEdges(layout, focus: focus, area: area)
    for box in layout.boxes {
      drawBox(box, area: area, focus: focus, selected: box.name == selected)
    }

    if !details.isEmpty {
      rule(row: 2 + rows)
      block(details, top: 3 + rows, rows: detailRows - 1, scroll: 0)
    }
    // Where the window is, when the drawing does not fit.
    var position = ""
    if maxX > 0 || maxY > 0 {
      let to = glyphs.ascii ? "-" : "–"
      position =
        "columns \(scrollX + 1)\(to)\(min(layout.width, scrollX + width)) of \(layout.width)"
        + ", rows \(scrollY + 1)\(to)\(min(layout.height, scrollY + rows)) of \(layout.height)"
      // With a status message below, on the rule under the title (as "PgDn: N more").
      let shown = state.status == nil ? position : " " + position + " "
      buffer.write(
        shown, row: state.status == nil ? height - 2 : 1,
        column: max(0, width - TextWidth.cells(of: shown) - 1), style: color(.dim))
    }
    let note = " gradients appear once you reach the backward steps"
    if state.status == nil, !showGradients, bound.lesson.loss != nil,
      TextWidth.cells(of: note) + TextWidth.cells(of: position) + 2 <= width
    {
      buffer.write(note, row: height - 2, column: 0, style: color(.dim))
    }
    statusLine()
    keyBar(GraphScreen.bindings.barItems())
  }

  /// The visible part of the drawing: screen rows `top..<top+rows`, all columns.
  struct GraphArea {
    var top: Int
    var rows: Int
    var width: Int
    var scrollX: Int
    var scrollY: Int

    /// The screen cell of a drawing cell, or nil when it is outside the window.
    func screen(_ x: Int, _ y: Int) -> (row: Int, column: Int)? {
      let (row, column) = (y - scrollY, x - scrollX)
      guard row >= 0, row < rows, column >= 0, column < width else { return nil }
      return (top + row, column)
    }
  }

  /// Every edge as box-drawing lines (joins and crossings merged per cell), then one
  /// arrowhead per edge at its consumer.
  mutating func drawEdges(_ layout: GraphLayout, focus: GraphFocus, area: GraphArea) {
    // Directions per visible cell: up 1, down 2, left 4, right 8.
    var bits = [UInt8](repeating: 0, count: area.rows * area.width)
    var onPath = [Bool](repeating: false, count: area.rows * area.width)
    func mark(_ x: Int, _ y: Int, _ bit: UInt8, _ path: Bool) {
      guard let cell = area.screen(x, y) else { return }
      let index = (cell.row - area.top) * area.width + cell.column
      bits[index] |= bit
      if path { onPath[index] = true }
    }
    for edge in layout.edges {
      let path = focus.onPath(edge.from, edge.to)
      for (a, b) in zip(edge.points, edge.points.dropFirst()) {
        if a.y == b.y {
          let (low, high) = (min(a.x, b.x), max(a.x, b.x))
          guard high >= area.scrollX, low < area.scrollX + area.width else { continue }
          for x in max(low, area.scrollX - 1)...min(high, area.scrollX + area.width) {
            mark(x, a.y, (x > low ? 4 : 0) | (x < high ? 8 : 0), path)
          }
        } else {
          let (low, high) = (min(a.y, b.y), max(a.y, b.y))
          guard high >= area.scrollY, low < area.scrollY + area.rows else { continue }
          for y in max(low, area.scrollY - 1)...min(high, area.scrollY + area.rows) {
            mark(a.x, y, (y > low ? 1 : 0) | (y < high ? 2 : 0), path)
          }
        }
      }
    }
    let plain = color(.dim)
    let highlighted = color(.yellow, bold: true)
    for row in 0..<area.rows {
      for column in 0..<area.width where bits[row * area.width + column] != 0 {
        let index = row * area.width + column
        buffer.write(
          glyphs.line(bits[index]), row: area.top + row, column: column,
          style: onPath[index] ? highlighted : plain)
      }
    }
    for edge in layout.edges {
      guard let end = edge.points.last, let cell = area.screen(end.x, end.y) else { continue }
      buffer.write(
        glyphs.arrowhead, row: cell.row, column: cell.column,
        style: focus.onPath(edge.from, edge.to) ? highlighted : plain)
    }
  }

  /// One node: a frame (double for the current step's node), its name in the lesson's
  /// notation, expression, value and gradient; the selection in reverse video with `›`.
  mutating func drawBox(
    _ box: GraphLayout.Box, area: GraphArea, focus: GraphFocus, selected: Bool
  ) {
    let isCurrent = focus.current.contains(box.name)
    let onPath = focus.path.contains(box.name)
    let frame =
      isCurrent ? color(.yellow, bold: true) : onPath ? color(.yellow) : color(.dim)
    let (tl, horizontal, tr) = isCurrent ? glyphs.doubleTop : glyphs.boxTop
    let (bl, bottom, br) = isCurrent ? glyphs.doubleBottom : glyphs.boxBottom
    let side = isCurrent ? glyphs.doubleSide : glyphs.boxSide
    let inner = box.width - 2
    func put(_ text: String, _ dx: Int, _ dy: Int, _ style: CellStyle, limit: Int? = nil) {
      let y = box.y + dy - area.scrollY
      guard y >= 0, y < area.rows else { return }
      let column = box.x + dx - area.scrollX
      guard column < area.width, column + (limit ?? TextWidth.cells(of: text)) > 0 else {
        return
      }
      buffer.write(text, row: area.top + y, column: column, style: style, limit: limit)
    }
    put(tl + String(repeating: horizontal, count: inner) + tr, 0, 0, frame)
    for dy in 1..<(box.height - 1) {
      put(side, 0, dy, frame)
      put(String(repeating: " ", count: inner), 1, dy, .plain)
      put(side, box.width - 1, dy, frame)
    }
    for (offset, line) in box.lines.enumerated() {
      let lineStyle: CellStyle
      switch box.kinds[offset] {
      case .title: lineStyle = selected ? CellStyle(bold: true, reverse: true) : .bold
      case .gradient: lineStyle = color(.cyan)
      case .expression: lineStyle = color(.dim)
      case .value: lineStyle = .plain
      }
      let lead = offset == 0 && selected ? glyphs.pointer : " "
      put(lead, 1, 1 + offset, lineStyle)
      put(line, 2, 1 + offset, lineStyle, limit: inner - 1)
    }
    put(bl + String(repeating: bottom, count: inner) + br, 0, box.height - 1, frame)
  }

  /// The selected node in full: name, expression, value and gradient as blocks (`?`
  /// while unearned).
  func graphDetails(_ bound: BoundLesson, _ name: String?) -> [(String, CellStyle)] {
    guard let name else { return [] }
    let concealment = state.concealment
    var lines: [(String, CellStyle)] = []
    let expression =
      bound.lesson.graph.first { $0.name == name }.map { " = " + $0.expression.text } ?? " (given)"
    lines.append(
      (LessonPresenter(bound).label(of: name, style: style) + " (\(name))" + expression, .bold))
    func add(_ label: String, _ value: Tensor, _ style: CellStyle, visible: Bool) {
      guard visible else {
        lines.append((label + " = ?", style))
        return
      }
      let block = TensorFormat.block(value, style: self.style)
      let pad = String(repeating: " ", count: TextWidth.cells(of: label) + 3)
      for (k, line) in block.enumerated() {
        let middle = k == block.count / 2
        lines.append(((middle ? label + " = " : pad) + line, style))
      }
    }
    if let value = bound.value(of: name) {
      add("value", value, .plain, visible: concealment.showsValue(of: name, value))
    }
    if graphShowsGradients, let gradient = bound.lossGradients[name],
      let tex = bound.gradientTeX(of: name)
    {
      add(
        MathRenderer.inline(tex, style: style), gradient, color(.cyan),
        visible: concealment.showsGradient(of: name, gradient))
    }
    return lines
  }
}

extension Glyphs {
  var doubleTop: (String, String, String) { (glyph("╔"), glyph("═"), glyph("╗")) }
  var doubleSide: String { glyph("║") }
  var doubleBottom: (String, String, String) { (glyph("╚"), glyph("═"), glyph("╝")) }
  var arrowhead: String { glyph("▶") }

  /// The box-drawing character joining the directions in `bits` (up 1, down 2, left 4,
  /// right 8).
  func line(_ bits: UInt8) -> String {
    let character: String
    switch bits {
    case 1, 2, 3: character = "│"
    case 4, 8, 12: character = "─"
    case 10: character = "┌"
    case 6: character = "┐"
    case 9: character = "└"
    case 5: character = "┘"
    case 11: character = "├"
    case 7: character = "┤"
    case 14: character = "┬"
    case 13: character = "┴"
    default: character = "┼"
    }
    return glyph(character)
  }
}
