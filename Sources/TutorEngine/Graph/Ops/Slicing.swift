/// Blocks of a tensor by 1-based inclusive ranges, one per axis, and the
/// scatter that takes a block's gradient back to the whole.
enum Slicing {
  /// Checks `ranges` against `shape` and returns the block's shape (same rank).
  static func shape(of ranges: [ClosedRange<Int>], in shape: [Int]) throws(EngineError) -> [Int] {
    guard ranges.count == shape.count, !shape.isEmpty else {
      throw .invalidArgument(
        op: "slice",
        message:
          "a \(shape.shapeDescription) value needs \(shape.count) ranges, got \(ranges.count)"
      )
    }
    for (range, extent) in zip(ranges, shape)
    where range.lowerBound < 1 || range.upperBound > extent {
      throw .indexOutOfRange(index: [range.lowerBound, range.upperBound], shape: shape)
    }
    return ranges.map(\.count)
  }

  /// The row-major offsets in the whole tensor of the block's entries, in the block's order.
  static func offsets(of ranges: [ClosedRange<Int>], in shape: [Int]) -> [Int] {
    var offsets = [0]
    for (range, extent) in zip(ranges, shape) {
      var next: [Int] = []
      next.reserveCapacity(offsets.count * range.count)
      for base in offsets {
        for index in range { next.append(base * extent + index - 1) }
      }
      offsets = next
    }
    return offsets
  }

  /// The block of `a` in `ranges`.
  static func forward(_ a: Tensor, _ ranges: [ClosedRange<Int>]) throws(EngineError) -> Tensor {
    let blockShape = try shape(of: ranges, in: a.shape)
    return Tensor(unchecked: blockShape, offsets(of: ranges, in: a.shape).map { a.scalars[$0] })
  }

  /// The block's gradient placed in a zero tensor shaped like `a`.
  static func backward(_ a: Tensor, _ ranges: [ClosedRange<Int>], upstream g: Tensor) -> Tensor {
    var grad = Tensor.zeros(like: a)
    for (k, offset) in offsets(of: ranges, in: a.shape).enumerated() {
      grad.scalars[offset] = g.scalars[k]
    }
    return grad
  }
}
