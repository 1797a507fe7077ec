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
        nodes[a].value.scalars.withUnsafeBufferPointer { x in
          // `x > 0 ? x : 0` as a bit mask, so the loop vectorises without branches.
          for i in 0..<o.count { o[i] = Double(bitPattern: x[i].bitPattern & x[i].positiveMask) }
        }
      }
      nodes[index].value.scalars = out
    case .sum, .mean:
      let a = parents[0].index
      let count = nodes[a].value.scalars.count
      if count == 0 { fallthrough }
      let total = nodes[a].value.scalars.withUnsafeBufferPointer { x in
        var sum = 0.0
        for value in x { sum += value }
        return sum
      }
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

extension Broadcast {
  /// `o = body(x, y)` entry by entry with broadcasting, as ``apply(_:_:outShape:_:)`` but
  /// into an existing buffer of `outShape`'s count.
  @inline(__always)
  static func apply(
    into o: UnsafeMutableBufferPointer<Double>, outShape: [Int],
    _ a: UnsafeBufferPointer<Double>, _ aShape: [Int],
    _ b: UnsafeBufferPointer<Double>, _ bShape: [Int],
    _ body: (Double, Double) -> Double
  ) {
    let count = o.count
    if a.count == count && b.count == count {
      for i in 0..<count { o[i] = body(a[i], b[i]) }
    } else if b.count == 1 {
      let y = b[0]
      for i in 0..<count { o[i] = body(a[i], y) }
    } else if a.count == 1 {
      let x = a[0]
      for i in 0..<count { o[i] = body(x, b[i]) }
    } else if outShape.count == 2 && a.count == count && bShape.count == 2 && bShape[0] == 1
      && bShape[1] == outShape[1]
    {
      // A matrix and a row (a bias added to every row).
      let columns = outShape[1]
      for row in 0..<outShape[0] {
        // Row pointers keep index arithmetic (and its overflow checks) out of the loop.
        let x = a.baseAddress! + row * columns
        let z = o.baseAddress! + row * columns
        for j in 0..<columns { z[j] = body(x[j], b[j]) }
      }
    } else {
      let sa = strides(of: aShape, in: outShape)
      let sb = strides(of: bShape, in: outShape)
      let e = padded(outShape)
      var i = 0
      for i0 in 0..<e[0] {
        for i1 in 0..<e[1] {
          for i2 in 0..<e[2] {
            let pa = a.baseAddress! + (i0 * sa[0] + i1 * sa[1] + i2 * sa[2])
            let pb = b.baseAddress! + (i0 * sb[0] + i1 * sb[1] + i2 * sb[2])
            let po = o.baseAddress! + i
            switch (sa[3], sb[3]) {
            case (1, 1): for i3 in 0..<e[3] { po[i3] = body(pa[i3], pb[i3]) }
            case (1, 0): for i3 in 0..<e[3] { po[i3] = body(pa[i3], pb[0]) }
            case (0, 1): for i3 in 0..<e[3] { po[i3] = body(pa[0], pb[i3]) }
            default:
              for i3 in 0..<e[3] { po[i3] = body(pa[i3 * sa[3]], pb[i3 * sb[3]]) }
            }
            i += e[3]
          }
        }
      }
    }
  }

  /// Writes (or, when `accumulate`, adds) `sign` times the sum of `g` over the axes where
  /// `shape` was broadcast into `o`: the adjoint of broadcasting, as ``reduce(_:to:)`` but
  /// into an existing buffer of `shape`'s count. `sign` is 1 or −1.
  static func reduce(
    _ g: UnsafeBufferPointer<Double>, _ gShape: [Int], into o: UnsafeMutableBufferPointer<Double>,
    _ shape: [Int], sign: Double, accumulate: Bool
  ) {
    if o.count == g.count {
      if accumulate {
        for i in 0..<o.count { o[i] += sign * g[i] }
      } else {
        for i in 0..<o.count { o[i] = sign * g[i] }
      }
      return
    }
    if o.count == 1 {
      var total = 0.0
      for value in g { total += value }
      o[0] = accumulate ? o[0] + sign * total : sign * total
      return
    }
    // Sum into a zeroed buffer first, so the order of additions matches `reduce(_:to:)`.
    let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: o.count)
    defer { sums.deallocate() }
    sums.initialize(repeating: 0)
    if gShape.count == 2 && shape.count == 2 && shape[0] == 1 && shape[1] == gShape[1] {
      // Column sums (the gradient of a bias row), row after row.
      let columns = gShape[1]
      for row in 0..<gShape[0] {
        let x = g.baseAddress! + row * columns
        for j in 0..<columns { sums[j] += x[j] }
      }
    } else {
      reduceStrided(g, gShape, into: sums, shape)
    }
    if accumulate {
      for i in 0..<o.count { o[i] += sign * sums[i] }
    } else {
      for i in 0..<o.count { o[i] = sign * sums[i] }
    }
  }

  /// Adds each entry of `g` into the entry of `sums` it was broadcast from.
  private static func reduceStrided(
    _ g: UnsafeBufferPointer<Double>, _ gShape: [Int],
    into sums: UnsafeMutableBufferPointer<Double>,
    _ shape: [Int]
  ) {
    let s = strides(of: shape, in: gShape)
    let e = padded(gShape)
    var i = 0
    for i0 in 0..<e[0] {
      for i1 in 0..<e[1] {
        for i2 in 0..<e[2] {
          let po = sums.baseAddress! + (i0 * s[0] + i1 * s[1] + i2 * s[2])
          let pg = g.baseAddress! + i
          if s[3] == 1 {
            for i3 in 0..<e[3] { po[i3] += pg[i3] }
          } else {
            for i3 in 0..<e[3] { po[i3 * s[3]] += pg[i3] }
          }
          i += e[3]
        }
      }
    }
  }
}

extension Tensor {
  /// `(rows, columns)` of a matrix operand of `@`; a scalar acts as `1×1`.
  var matrixExtents: (rows: Int, columns: Int) {
    shape.count == 2 ? (shape[0], shape[1]) : (1, 1)
  }
}
