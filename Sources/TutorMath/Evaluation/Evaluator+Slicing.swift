import TutorEngine

extension Evaluator {
  /// `X[:, 2]`, `X[2, :]`, `X[1:2, 2:3]`: a block by 1-based inclusive ranges. The
  /// result keeps the rank (a column, a row, a matrix); a vector takes one subscript.
  mutating func slice(_ base: Expr, _ subscripts: [Expr.Subscript], range: SourceRange)
    throws(MathError) -> Graph.NodeID
  {
    let a = try node(for: base)
    let shape = value(of: a).shape
    // The axes the subscripts address: every axis, or the long one of a vector.
    var axes = Array(shape.indices)
    if subscripts.count == 1, shape.count == 2, shape[0] == 1 || shape[1] == 1 {
      axes = [shape[0] == 1 ? 1 : 0]
    }
    guard !shape.isEmpty, subscripts.count == axes.count else {
      let want =
        shape.isEmpty
        ? "a scalar cannot be sliced"
        : shape.count == 2
          ? "a \(shape.shapeDescription) matrix takes two subscripts, rows then columns, like X[1:2, :]"
          : "a \(shape.shapeDescription) value takes \(shape.count) subscripts, one per axis"
      throw MathError(
        .evaluation,
        "\(subscripts.count == 1 ? "1 subscript" : "\(subscripts.count) subscripts") "
          + "for a \(shape.shapeDescription) value", at: range, note: want)
    }
    var ranges = shape.map { 1...$0 }
    for (item, axis) in zip(subscripts, axes) {
      ranges[axis] = try bounds(of: item, extent: shape[axis], axis: Self.axisName(axis, of: shape))
    }
    return try Self.engine(range, quoting: text(range)) { () throws(EngineError) in
      try graph.slice(a, ranges)
    }
  }

  /// "row", "column", or "axis k" (1-based) for messages.
  private static func axisName(_ axis: Int, of shape: [Int]) -> String {
    if shape.count == 2 {
      if shape[0] == 1, shape[1] != 1 { return "entry" }
      if shape[1] == 1, shape[0] != 1 { return "entry" }
      return axis == 0 ? "row" : "column"
    }
    return "index on axis \(axis + 1)"
  }

  /// The 1-based inclusive range a subscript selects on an axis of `extent` entries.
  private mutating func bounds(of item: Expr.Subscript, extent: Int, axis: String)
    throws(MathError) -> ClosedRange<Int>
  {
    func inside(_ expr: Expr?, default fallback: Int) throws(MathError) -> Int {
      guard let expr else { return fallback }
      let i = try integer(expr, what: "a \(axis)", minimum: 1)
      guard i <= extent else {
        throw MathError(
          .evaluation, "\(axis) \(i) is past the end: there are \(extent)", at: expr.range,
          note: "indices are 1-based and ranges inclusive: 1:\(extent) is the whole axis")
      }
      return i
    }
    switch item {
    case .index(let index):
      let i = try inside(index, default: 1)
      return i...i
    case .range(let lower, let upper, let range):
      let from = try inside(lower, default: 1)
      let to = try inside(upper, default: extent)
      guard from <= to else {
        throw MathError(
          .evaluation, "the range \(from):\(to) is empty", at: range,
          note: "ranges run upward and include both ends, like \(to):\(from)")
      }
      return from...to
    }
  }
}
