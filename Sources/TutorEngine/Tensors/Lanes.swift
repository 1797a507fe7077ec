import Foundation

/// The rows or columns of a matrix that a reduction or a softmax along one
/// dimension walks: `count` lanes of `length` entries each.
///
/// Dimensions are 1-based, as in the language: along dimension 1 every lane is a
/// column (the rows collapse, an `m×n` matrix gives `1×n`), along dimension 2
/// every lane is a row (`m×1`). A scalar acts as `1×1`.
struct Lanes {
  /// How many lanes (the entries of the reduced result).
  let count: Int
  /// Entries per lane.
  let length: Int
  /// The offset between the first entries of neighbouring lanes.
  let laneStep: Int
  /// The offset between neighbouring entries of one lane.
  let step: Int
  /// The shape of a reduction's result: `1×n` or `m×1`.
  let reducedShape: [Int]

  /// The lanes of `shape` along `dim`, refusing other ranks and dimensions.
  init(shape: [Int], dim: Int, op: String) throws(EngineError) {
    guard dim == 1 || dim == 2 else {
      throw .invalidArgument(
        op: op, message: "dim must be 1 (down the rows) or 2 (along each row), got \(dim)")
    }
    let (m, n): (Int, Int)
    switch shape.count {
    case 0: (m, n) = (1, 1)
    case 2: (m, n) = (shape[0], shape[1])
    default:
      throw .unsupportedShape(op: op, shape: shape, expected: "a matrix (or a vector)")
    }
    guard m >= 1, n >= 1 else {
      throw .unsupportedShape(op: op, shape: shape, expected: "at least one entry")
    }
    if dim == 1 {
      (count, length, laneStep, step, reducedShape) = (n, m, 1, n, [1, n])
    } else {
      (count, length, laneStep, step, reducedShape) = (m, n, n, 1, [m, 1])
    }
  }

  /// The row-major offset of entry `k` (0-based) of lane `lane` (0-based).
  @inline(__always)
  func offset(_ lane: Int, _ k: Int) -> Int { lane * laneStep + k * step }

  /// The entries of one lane, in order.
  func values(of scalars: [Double], lane: Int) -> [Double] {
    (0..<length).map { scalars[offset(lane, $0)] }
  }
}
