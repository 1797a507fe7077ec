/// Forward evaluation in place: the ops a training loop runs most write into the
/// node's existing buffer instead of allocating a new one, and read their parents'
/// values where they are, without copying nodes or building an `inputs` array.
///
/// Every result equals ``Op/forward(_:limits:)``'s, entry for entry.
extension Graph {
  /// Recomputes node `index` from its parents' current values.
  mutating func evaluate(_ index: Int) throws(EngineError) {
    let parents = nodes[index].parents
    switch nodes[index].op {
    case .matmul:
      let (a, b) = (parents[0].index, parents[1].index)
      let (m, k) = nodes[a].value.matrixExtents
      let n = nodes[b].value.matrixExtents.columns
      var out = takeValueBuffer(index)
      out.withUnsafeMutableBufferPointer { o in
        nodes[a].value.scalars.withUnsafeBufferPointer { pa in
          nodes[b].value.scalars.withUnsafeBufferPointer { pb in
            MatrixKernels.gemm(
              pa.baseAddress!, transposeA: false, pb.baseAddress!, transposeB: false,
              into: o.baseAddress!, m: m, k: k, n: n, accumulate: false)
          }
        }
      }
      nodes[index].value.scalars = out
    case .add: evaluateBinary(index, parents) { $0 + $1 }
    case .subtract: evaluateBinary(index, parents) { $0 - $1 }
    case .multiply: evaluateBinary(index, parents) { $0 * $1 }
    case .relu:
      let a = parents[0].index
      var out = takeValueBuffer(index)
      out.withUnsafeMutableBufferPointer { o in
        nodes[a].value.scalars.withUnsafeBufferPointer { x in Op.relu(x, into: o) }
      }
      nodes[index].value.scalars = out
    case .sum, .mean:
      let a = parents[0].index
      let count = nodes[a].value.scalars.count
      if count == 0 { fallthrough }
      let total = Op.total(nodes[a].value.scalars)
      let isMean = nodes[index].op == .mean
      nodes[index].value.scalars[0] = isMean ? total / Double(count) : total
    default:
      let inputs = parents.map { nodes[$0.index].value }
      nodes[index].value = try nodes[index].op.forward(inputs, limits: limits)
    }
  }

  /// The node's value buffer, moved out so it can be written without a copy (put it back
  /// with `nodes[index].value.scalars = buffer`). Its entries are stale; its count is right.
  @inline(__always)
  mutating func takeValueBuffer(_ index: Int) -> [Double] {
    var buffer: [Double] = []
    swap(&buffer, &nodes[index].value.scalars)
    return buffer
  }

  /// An element-wise binary op with broadcasting, written into node `index`'s buffer.
  @inline(__always)
  private mutating func evaluateBinary(
    _ index: Int, _ parents: [NodeID], _ body: (Double, Double) -> Double
  ) {
    let (a, b) = (parents[0].index, parents[1].index)
    var out = takeValueBuffer(index)
    let outShape = nodes[index].value.shape
    out.withUnsafeMutableBufferPointer { o in
      nodes[a].value.scalars.withUnsafeBufferPointer { x in
        nodes[b].value.scalars.withUnsafeBufferPointer { y in
          Broadcast.apply(
            into: o, outShape: outShape, x, nodes[a].value.shape, y, nodes[b].value.shape, body)
        }
      }
    }
    nodes[index].value.scalars = out
  }
}

extension Tensor {
  /// `(rows, columns)` of a matrix operand of `@`; a scalar acts as `1×1`.
  var matrixExtents: (rows: Int, columns: Int) {
    shape.count == 2 ? (shape[0], shape[1]) : (1, 1)
  }
}
