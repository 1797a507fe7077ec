/// Shape rules and loops for element-wise ops that broadcast.
///
/// Two shapes broadcast when they are equal, when one has a single entry
/// (whatever its rank), or when they have the same rank and every pair of
/// extents is equal or contains a 1. The result takes the larger extent on
/// every axis.
enum Broadcast {
  /// The shape of `lhs ∘ rhs`, or a shape-mismatch error naming `op`.
  static func shape(_ lhs: [Int], _ rhs: [Int], op: String) throws(EngineError) -> [Int] {
    if lhs == rhs { return lhs }
    let lhsCount = lhs.reduce(1, *)
    let rhsCount = rhs.reduce(1, *)
    if lhsCount == 1 && rhsCount == 1 { return lhs.count >= rhs.count ? lhs : rhs }
    if rhsCount == 1 { return lhs }
    if lhsCount == 1 { return rhs }
    guard lhs.count == rhs.count else { throw .shapeMismatch(op: op, lhs: lhs, rhs: rhs) }
    var result: [Int] = []
    for (l, r) in zip(lhs, rhs) {
      guard l == r || l == 1 || r == 1 else { throw .shapeMismatch(op: op, lhs: lhs, rhs: rhs) }
      result.append(Swift.max(l, r))
    }
    return result
  }

  /// Row-major strides of `shape` seen from an `outShape` of the same rank,
  /// padded to rank 4 with a zero stride wherever `shape` is broadcast.
  static func strides(of shape: [Int], in outShape: [Int]) -> [Int] {
    if shape.reduce(1, *) == 1 { return [0, 0, 0, 0] }
    var strides = Array(repeating: 0, count: shape.count)
    var step = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[axis] = shape[axis] == 1 && outShape[axis] != 1 ? 0 : step
      step *= shape[axis]
    }
    return Array(repeating: 0, count: 4 - strides.count) + strides
  }

  static func padded(_ shape: [Int]) -> [Int] {
    Array(repeating: 1, count: 4 - shape.count) + shape
  }

  /// Applies `body` to every pair of broadcast entries, writing `outShape` (the loops
  /// are ``apply(into:outShape:_:_:_:_:_:)``'s, shared with in-place evaluation).
  @inline(__always)
  static func apply(
    _ lhs: Tensor, _ rhs: Tensor, outShape: [Int], _ body: (Double, Double) -> Double
  ) -> Tensor {
    let count = outShape.reduce(1, *)
    var out = [Double](repeating: 0, count: count)
    lhs.scalars.withUnsafeBufferPointer { a in
      rhs.scalars.withUnsafeBufferPointer { b in
        out.withUnsafeMutableBufferPointer { o in
          apply(into: o, outShape: outShape, a, lhs.shape, b, rhs.shape, body)
        }
      }
    }
    return Tensor(unchecked: outShape, out)
  }

  /// Sums a gradient of the broadcast shape back down to `shape`, the shape of
  /// the operand that was broadcast (the adjoint of broadcasting). The loops are
  /// ``reduce(_:_:into:_:sign:accumulate:)``'s, shared with the in-place backward walk.
  static func reduce(_ gradient: Tensor, to shape: [Int]) -> Tensor {
    if gradient.shape == shape { return gradient }
    let count = shape.reduce(1, *)
    let out = gradient.scalars.withUnsafeBufferPointer { g in
      [Double](unsafeUninitializedCapacity: count) { o, initialized in
        reduce(g, gradient.shape, into: o, shape, sign: 1, accumulate: false)
        initialized = count
      }
    }
    return Tensor(unchecked: shape, out)
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
    if o.count == 0 { return }
    if let pattern = Pattern(outShape: outShape, aShape, bShape) {
      apply(
        pattern, into: o.baseAddress!, count: o.count, columns: outShape.last ?? 1,
        a.baseAddress!, b.baseAddress!, body)
    } else {
      let sa = strides(of: aShape, in: outShape)
      let sb = strides(of: bShape, in: outShape)
      let length = padded(outShape)[3]
      forEachRun(of: outShape, sa, sb) { i, ia, ib in
        let (pa, pb, po) = (a.baseAddress! + ia, b.baseAddress! + ib, o.baseAddress! + i)
        switch (sa[3], sb[3]) {
        case (1, 1): for i3 in 0..<length { po[i3] = body(pa[i3], pb[i3]) }
        case (1, 0): for i3 in 0..<length { po[i3] = body(pa[i3], pb[0]) }
        case (0, 1): for i3 in 0..<length { po[i3] = body(pa[0], pb[i3]) }
        default:
          for i3 in 0..<length { po[i3] = body(pa[i3 * sa[3]], pb[i3 * sb[3]]) }
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
    if o.count == 0 { return }
    if o.count == g.count {
      store(
        g.baseAddress!, into: o.baseAddress!, count: o.count, sign: sign, accumulate: accumulate)
      return
    }
    if o.count == 1 {
      let total = g.baseAddress.map { orderedSum($0, count: g.count) } ?? 0
      o[0] = accumulate ? o[0] + sign * total : sign * total
      return
    }
    // Sum into a zeroed buffer first, so the order of additions matches `reduce(_:to:)`.
    let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: o.count)
    defer { sums.deallocate() }
    sums.initialize(repeating: 0)
    if gShape.count == 2 && shape.count == 2 && shape[0] == 1 && shape[1] == gShape[1] {
      // Column sums (the gradient of a bias row), row after row.
      addRows(g.baseAddress!, rows: gShape[0], columns: gShape[1], into: sums.baseAddress!)
    } else {
      reduceStrided(g, gShape, into: sums, shape)
    }
    store(
      sums.baseAddress!, into: o.baseAddress!, count: o.count, sign: sign, accumulate: accumulate)
  }

  /// Adds each entry of `g` into the entry of `sums` it was broadcast from.
  private static func reduceStrided(
    _ g: UnsafeBufferPointer<Double>, _ gShape: [Int],
    into sums: UnsafeMutableBufferPointer<Double>,
    _ shape: [Int]
  ) {
    let s = strides(of: shape, in: gShape)
    let length = padded(gShape)[3]
    forEachRun(of: gShape, s, s) { i, io, _ in
      let (po, pg) = (sums.baseAddress! + io, g.baseAddress! + i)
      if s[3] == 1 {
        for i3 in 0..<length { po[i3] += pg[i3] }
      } else {
        for i3 in 0..<length { po[i3 * s[3]] += pg[i3] }
      }
    }
  }

  /// The one walk of the general broadcast: calls `body(i, ia, ib)` for every run of
  /// `shape`'s last axis (padded to rank 4), in row-major order: `i` the offset of the
  /// run's first entry in `shape`, `ia` and `ib` the offsets it comes from in two
  /// operands seen through the strides `sa` and `sb` (from ``strides(of:in:)``).
  @inline(__always)
  private static func forEachRun(
    of shape: [Int], _ sa: [Int], _ sb: [Int], _ body: (_ i: Int, _ ia: Int, _ ib: Int) -> Void
  ) {
    let e = padded(shape)
    var i = 0
    for i0 in 0..<e[0] {
      for i1 in 0..<e[1] {
        for i2 in 0..<e[2] {
          body(i, i0 * sa[0] + i1 * sa[1] + i2 * sa[2], i0 * sb[0] + i1 * sb[1] + i2 * sb[2])
          i += e[3]
        }
      }
    }
  }
}

extension Broadcast {
  /// The common ways two operands meet, each with a plain loop: the shapes are read once
  /// (by in-place evaluation at every call, by a ``TrainingPlan`` once when it is compiled).
  enum Pattern: Equatable, Sendable {
    /// Both operands have the result's entry count.
    case same
    /// The right operand is one entry, used against every entry of the left.
    case scalarRight
    /// The left operand is one entry, used against every entry of the right.
    case scalarLeft
    /// A matrix and a `1×n` row added to every row (a bias).
    case row

    /// The pattern of `a ∘ b` giving `outShape`, or nil for the general strided case.
    init?(outShape: [Int], _ aShape: [Int], _ bShape: [Int]) {
      let count = outShape.reduce(1, *)
      let (aCount, bCount) = (aShape.reduce(1, *), bShape.reduce(1, *))
      if aCount == count && bCount == count {
        self = .same
      } else if bCount == 1 {
        self = .scalarRight
      } else if aCount == 1 {
        self = .scalarLeft
      } else if outShape.count == 2 && aCount == count && bShape.count == 2 && bShape[0] == 1
        && bShape[1] == outShape[1]
      {
        self = .row
      } else {
        return nil
      }
    }
  }

  /// `o = body(x, y)` over `count` entries met as `pattern` says (`columns`: the row length
  /// for ``Pattern/row``). The one set of loops for the patterns, shared by
  /// ``apply(into:outShape:_:_:_:_:_:)`` and a compiled plan.
  @inline(__always)
  static func apply(
    _ pattern: Pattern, into o: UnsafeMutablePointer<Double>, count: Int, columns: Int,
    _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ body: (Double, Double) -> Double
  ) {
    switch pattern {
    case .same:
      for i in 0..<count { o[i] = body(a[i], b[i]) }
    case .scalarRight:
      let y = b[0]
      for i in 0..<count { o[i] = body(a[i], y) }
    case .scalarLeft:
      let x = a[0]
      for i in 0..<count { o[i] = body(x, b[i]) }
    case .row:
      // A matrix and a row (a bias added to every row). Row pointers keep index
      // arithmetic (and its overflow checks) out of the loop.
      for row in 0..<(count / columns) {
        let x = a + row * columns
        let z = o + row * columns
        for j in 0..<columns { z[j] = body(x[j], b[j]) }
      }
    }
  }

  /// Adds the rows of the `rows×columns` matrix `g` into `sums` (`columns` entries), row
  /// after row: the adjoint of broadcasting a row, in the one order every path uses.
  @inline(__always)
  static func addRows(
    _ g: UnsafePointer<Double>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Double>
  ) {
    for row in 0..<rows {
      let x = g + row * columns
      for j in 0..<columns { sums[j] += x[j] }
    }
  }

  /// `o = sign · s` over `count` entries, or `o += sign · s` when `accumulate`.
  @inline(__always)
  static func store(
    _ s: UnsafePointer<Double>, into o: UnsafeMutablePointer<Double>, count: Int,
    sign: Double, accumulate: Bool
  ) {
    if accumulate {
      for i in 0..<count { o[i] += sign * s[i] }
    } else {
      for i in 0..<count { o[i] = sign * s[i] }
    }
  }
}

extension Tensor {
  /// Applies `body` to every entry.
  @inline(__always)
  func mapScalars(_ body: (Double) -> Double) -> Tensor {
    let out = scalars.withUnsafeBufferPointer { a in
      [Double](unsafeUninitializedCapacity: a.count) { o, initialized in
        for i in 0..<a.count { (o.baseAddress! + i).initialize(to: body(a[i])) }
        initialized = a.count
      }
    }
    return Tensor(unchecked: shape, out)
  }

  /// Combines two tensors of the same element count entry by entry, keeping `self`'s shape.
  @inline(__always)
  func zipScalars(_ other: Tensor, _ body: (Double, Double) -> Double) -> Tensor {
    let out = scalars.withUnsafeBufferPointer { a in
      other.scalars.withUnsafeBufferPointer { b in
        [Double](unsafeUninitializedCapacity: a.count) { o, initialized in
          for i in 0..<a.count { (o.baseAddress! + i).initialize(to: body(a[i], b[i])) }
          initialized = a.count
        }
      }
    }
    return Tensor(unchecked: shape, out)
  }
}
