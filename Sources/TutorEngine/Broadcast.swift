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
  /// the operand that was broadcast (the adjoint of broadcasting).
  static func reduce(_ gradient: Tensor, to shape: [Int]) -> Tensor {
    if gradient.shape == shape { return gradient }
    let count = shape.reduce(1, *)
    if count == 1 {
      var total = 0.0
      for value in gradient.scalars { total += value }
      return Tensor(unchecked: shape, [total])
    }
    if count == gradient.count { return Tensor(unchecked: shape, gradient.scalars) }
    var out = [Double](repeating: 0, count: count)
    let s = strides(of: shape, in: gradient.shape)
    let e = padded(gradient.shape)
    gradient.scalars.withUnsafeBufferPointer { g in
      out.withUnsafeMutableBufferPointer { o in
        var i = 0
        for i0 in 0..<e[0] {
          for i1 in 0..<e[1] {
            for i2 in 0..<e[2] {
              let base = i0 * s[0] + i1 * s[1] + i2 * s[2]
              let po = o.baseAddress! + base
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
    return Tensor(unchecked: shape, out)
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
