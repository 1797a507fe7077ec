import TutorEngine
import TutorLessons
import TutorMath

/// The lesson's computation graph laid out left to right: each quantity one column
/// right of the deepest name it uses, each given just left of its first consumer.
struct GraphLayout {
  /// What a line of a box shows (so the painter styles it without reading its text).
  enum LineKind {
    case title, expression, value, gradient
  }

  struct Box {
    var name: String
    var lines: [String]
    /// The kind of each line of ``lines``.
    var kinds: [LineKind]
    var column: Int
    var width: Int { lines.map(TextWidth.cells(of:)).max() ?? 0 }
    /// Whether it is computed from other boxes (an arrow points into it).
    var hasInputs: Bool
  }

  var columns: [[Box]]

  /// Boxes for every given and quantity: name (with notation) and expression, value,
  /// and the loss gradient when `showGradients`.
  /// Values `concealment` hides (asked by steps not yet solved or revealed) show as `?`.
  init(_ bound: BoundLesson, showGradients: Bool, style: MathStyle, concealment: Concealment) {
    let lesson = bound.lesson
    // Quantities: one column right of the deepest name they use (givens count as 0).
    var depth: [String: Int] = [:]
    for given in lesson.givens { depth[given.name] = 0 }
    var uses: [String: [String]] = [:]
    var quantityColumn: [String: Int] = [:]
    for definition in lesson.graph {
      let used = definition.expression.names
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
      let (lines, kinds) = Self.lines(
        bound, given.name, expression: nil, showGradients, style, concealment)
      boxes.append(
        Box(name: given.name, lines: lines, kinds: kinds, column: column, hasInputs: false))
    }
    for definition in lesson.graph {
      let (lines, kinds) = Self.lines(
        bound, definition.name, expression: definition.expression.text, showGradients, style,
        concealment)
      boxes.append(
        Box(
          name: definition.name, lines: lines, kinds: kinds,
          column: quantityColumn[definition.name] ?? 0,
          hasInputs: !(uses[definition.name] ?? []).isEmpty))
    }
    let count = (boxes.map(\.column).max() ?? 0) + 1
    columns = (0..<count).map { column in boxes.filter { $0.column == column } }
  }

  static func lines(
    _ bound: BoundLesson, _ name: String, expression: String?, _ showGradients: Bool,
    _ style: MathStyle, _ concealment: Concealment
  ) -> ([String], [LineKind]) {
    func shown(_ value: Tensor) -> String {
      concealment.shows(value) ? TensorFormat.value(value, style: style) : "?"
    }
    let label = bound.label(of: name, style: style)
    var lines: [(String, LineKind)] = [(label + (label == name ? "" : " (\(name))"), .title)]
    if let expression { lines.append((expression.trimmingWhitespace(), .expression)) }
    if let value = bound.value(of: name) {
      lines.append(("= " + shown(value), .value))
    }
    if showGradients, let gradient = bound.lossGradients[name],
      let tex = bound.gradientTeX(of: name)
    {
      lines.append(
        (
          MathRenderer.inline(tex, style: style) + " = " + shown(gradient), .gradient
        ))
    }
    return (lines.map { String($0.0.prefix(40)) }, lines.map(\.1))
  }
}
