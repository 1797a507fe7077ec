import TutorEngine

extension Evaluator {
  /// A bracket literal: rows of entries, each entry a scalar or a block (MATLAB's
  /// concatenation), or in the nested-list form `[[1, 2], [3, 4]]` rows stacked.
  mutating func matrix(_ rows: [[Expr]], nestedList: Bool, range: SourceRange)
    throws(MathError) -> Graph.NodeID
  {
    // The nested-list form stacks its one-row entries: `[[1, 2], [3, 4]]` = `[1, 2; 3, 4]`.
    var layout = rows
    if nestedList, let only = rows.first {
      layout = []
      for entry in only {
        if case .matrix(let inner, _) = entry.kind, let row = inner.first { layout.append(row) }
      }
    }
    var blocks: [[(id: Graph.NodeID, rows: Int, columns: Int, expr: Expr)]] = []
    for row in layout {
      var blockRow: [(id: Graph.NodeID, rows: Int, columns: Int, expr: Expr)] = []
      for entry in row {
        let id = try node(for: entry)
        let shape = value(of: id).shape
        guard shape.count <= 2 else {
          throw MathError(
            .shape,
            "a \(shape.shapeDescription) value cannot be an entry of a matrix; entries are "
              + "numbers, vectors or matrices", at: entry.range)
        }
        let height = shape.count == 2 ? shape[0] : 1
        let width = shape.count == 2 ? shape[1] : (shape.first ?? 1)
        blockRow.append((id, height, width, entry))
      }
      blocks.append(blockRow)
    }
    // Check the layout: equal heights within a row, equal widths across rows.
    var width: Int?
    var height = 0
    for (rowIndex, blockRow) in blocks.enumerated() {
      let rowHeight = blockRow[0].rows
      for block in blockRow where block.rows != rowHeight {
        throw MathError(
          .shape,
          "entries side by side need the same number of rows: this one has \(block.rows), "
            + "the first in its row has \(rowHeight)", at: block.expr.range)
      }
      let rowWidth = blockRow.reduce(0) { $0 + $1.columns }
      let rowRange = blockRow[0].expr.range.union(blockRow[blockRow.count - 1].expr.range)
      if let width, rowWidth != width {
        let scalarsOnly = blocks.allSatisfy { $0.allSatisfy { $0.rows == 1 && $0.columns == 1 } }
        let unit =
          scalarsOnly
          ? (rowWidth == 1 ? "entry" : "entries") : (rowWidth == 1 ? "column" : "columns")
        throw MathError(
          .shape,
          "row \(rowIndex + 1) has \(rowWidth) \(unit) but row 1 has \(width); "
            + "every row needs the same number", at: rowRange)
      }
      width = rowWidth
      height += rowHeight
    }
    let columns = width ?? 0
    let ids = blocks.flatMap { $0.map(\.id) }
    if !dependsOnInput(ids) {
      // Fixed entries: assemble the value directly.
      var scalars = [Double](repeating: 0, count: height * columns)
      var top = 0
      for blockRow in blocks {
        var left = 0
        for block in blockRow {
          let values = value(of: block.id).scalars
          for r in 0..<block.rows {
            for c in 0..<block.columns {
              scalars[(top + r) * columns + left + c] = values[r * block.columns + c]
            }
          }
          left += block.columns
        }
        top += blockRow[0].rows
      }
      return try Self.engine(range) { () throws(EngineError) in
        try graph.constant(
          Tensor(shape: [height, columns], scalars: scalars, limit: graph.limits.maxElements))
      }
    }
    // Entries that depend on givens: Σ L·B·R with 0/1 placement matrices, so gradients flow.
    var sum: Graph.NodeID?
    var top = 0
    for blockRow in blocks {
      var left = 0
      for block in blockRow {
        let placed = try place(
          block.id, block.rows, block.columns, at: (top, left),
          in: (height, columns), range: block.expr.range)
        if let previous = sum {
          sum = try Self.engine(range) { () throws(EngineError) in try graph.add(previous, placed) }
        } else {
          sum = placed
        }
        left += block.columns
      }
      top += blockRow[0].rows
    }
    guard let sum else { throw MathError(.syntax, "empty matrix", at: range) }
    return sum
  }

  /// `L @ B @ R`, putting the `rows×columns` block `id` at `origin` (0-based) of a
  /// `size.0 × size.1` zero matrix.
  private mutating func place(
    _ id: Graph.NodeID, _ rows: Int, _ columns: Int, at origin: (Int, Int), in size: (Int, Int),
    range: SourceRange
  ) throws(MathError) -> Graph.NodeID {
    try Self.engine(range) { () throws(EngineError) -> Graph.NodeID in
      var block = id
      if graph.nodes[id.index].value.rank < 2 {
        block = try graph.reshape(id, to: [rows, columns])
      }
      var left = [Double](repeating: 0, count: size.0 * rows)
      for r in 0..<rows { left[(origin.0 + r) * rows + r] = 1 }
      var right = [Double](repeating: 0, count: columns * size.1)
      for c in 0..<columns { right[c * size.1 + origin.1 + c] = 1 }
      let l = try graph.constant(Tensor(shape: [size.0, rows], scalars: left))
      let r = try graph.constant(Tensor(shape: [columns, size.1], scalars: right))
      return try graph.matmul(graph.matmul(l, block), r)
    }
  }
}
