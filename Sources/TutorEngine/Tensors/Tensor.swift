/// A dense tensor of `Double`s, rank 0 to 4, stored row-major.
///
/// Shapes follow the tutor's conventions: a scalar has shape `[]`, a column
/// vector `[n, 1]`, a row vector `[1, n]`, a matrix `[rows, columns]`, an image
/// `[C, H, W]` and a filter bank `[F, C, kh, kw]`. Rank 1 (`[n]`) is allowed for
/// convolution biases and plain lists.
///
/// Equality is exact (bit-for-bit on the scalars); approximate comparison is a
/// separate, non-transitive question and never backs `Equatable`.
public struct Tensor: Equatable, Sendable {
  /// The extent of each axis, outermost first.
  public let shape: [Int]
  /// The entries in row-major order; `scalars.count == shape.product`.
  public internal(set) var scalars: [Double]

  /// The largest rank a tensor may have.
  public static let maxRank = 4

  /// Creates a tensor, checking that the shape is valid, that it fits under
  /// `limit` elements, and that `scalars` has exactly that many entries.
  public init(shape: [Int], scalars: [Double], limit: Int = EngineLimits.default.maxElements)
    throws(EngineError)
  {
    let count = try Tensor.elementCount(of: shape, limit: limit)
    guard scalars.count == count else {
      throw .scalarCountMismatch(shape: shape, expected: count, got: scalars.count)
    }
    (self.shape, self.scalars) = (shape, scalars)
  }

  /// Creates a tensor without validation; for use inside the engine where the
  /// shape has already been checked.
  init(unchecked shape: [Int], _ scalars: [Double]) {
    (self.shape, self.scalars) = (shape, scalars)
  }

  /// A rank-0 tensor holding `value`.
  public init(_ value: Double) {
    self.shape = []
    self.scalars = [value]
  }

  /// A tensor of the given shape with every entry equal to `value`.
  public init(repeating value: Double, shape: [Int], limit: Int = EngineLimits.default.maxElements)
    throws(EngineError)
  {
    let count = try Tensor.elementCount(of: shape, limit: limit)
    self.shape = shape
    self.scalars = Array(repeating: value, count: count)
  }

  /// A matrix from its rows; every row must have the same length.
  public init(rows: [[Double]]) throws(EngineError) {
    guard let width = rows.first?.count else {
      throw .invalidShape([0], reason: "a matrix needs at least one row")
    }
    for (index, row) in rows.enumerated() where row.count != width {
      throw .raggedRows(row: index + 1, expected: width, got: row.count)
    }
    try self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
  }

  /// A column vector (`n×1`).
  public static func column(_ entries: [Double]) throws(EngineError) -> Tensor {
    try Tensor(shape: [entries.count, 1], scalars: entries)
  }

  /// A row vector (`1×n`).
  public static func row(_ entries: [Double]) throws(EngineError) -> Tensor {
    try Tensor(shape: [1, entries.count], scalars: entries)
  }

  /// A tensor of zeros with the same shape as `other`.
  public static func zeros(like other: Tensor) -> Tensor {
    Tensor(unchecked: other.shape, Array(repeating: 0, count: other.scalars.count))
  }

  /// The number of axes.
  public var rank: Int { shape.count }

  /// The number of entries.
  public var count: Int { scalars.count }

  /// True for a tensor with exactly one entry, whatever its rank (`[]`, `[1, 1]`, …).
  public var isScalarLike: Bool { scalars.count == 1 }

  /// The single entry of a scalar-like tensor, or `nil`.
  public var scalarValue: Double? { scalars.count == 1 ? scalars[0] : nil }

  /// True for `n×1` or `1×n` (including `1×1`) and rank-1 tensors.
  public var isVector: Bool {
    rank == 1 || (rank == 2 && (shape[0] == 1 || shape[1] == 1))
  }

  /// True when every entry is finite (no NaN, no infinity).
  public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }

  /// The entry at a 0-based row-major offset (`0..<count`); setting it keeps the shape.
  public subscript(offset offset: Int) -> Double {
    get { scalars[offset] }
    set { scalars[offset] = newValue }
  }

  /// The entry at a 1-based multi-index, or `nil` when it is out of range.
  public func entry(at oneBasedIndex: [Int]) -> Double? {
    guard let offset = Tensor.offset(of: oneBasedIndex, in: shape) else { return nil }
    return scalars[offset]
  }

  /// The row-major offset of a 1-based multi-index in `shape`, or `nil` when
  /// the index has the wrong rank or an entry out of range.
  static func offset(of oneBasedIndex: [Int], in shape: [Int]) -> Int? {
    guard oneBasedIndex.count == shape.count else { return nil }
    var offset = 0
    for (index, extent) in zip(oneBasedIndex, shape) {
      guard index >= 1, index <= extent else { return nil }
      offset = offset * extent + (index - 1)
    }
    return offset
  }

  /// The same entries under a new shape with the same element count.
  public func reshaped(to newShape: [Int]) throws(EngineError) -> Tensor {
    let count = try Tensor.elementCount(of: newShape, limit: Int.max)
    guard count == scalars.count else {
      throw .shapeMismatch(op: "reshape", lhs: shape, rhs: newShape)
    }
    return Tensor(unchecked: newShape, scalars)
  }

  /// The element count of `shape`, refusing negative extents, ranks above
  /// ``maxRank``, overflow, and counts above `limit`.
  public static func elementCount(of shape: [Int], limit: Int) throws(EngineError) -> Int {
    guard shape.count <= maxRank else {
      throw .invalidShape(shape, reason: "rank \(shape.count) is above the maximum of \(maxRank)")
    }
    var count = 1
    for extent in shape {
      guard extent >= 0 else {
        throw .invalidShape(shape, reason: "extents must not be negative")
      }
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      guard !overflow else { throw .tooLarge(elements: nil, limit: limit) }
      count = product
    }
    guard count <= limit else { throw .tooLarge(elements: count, limit: limit) }
    return count
  }
}

extension Tensor: CustomStringConvertible {
  /// A compact, unformatted rendering for debugging and error messages,
  /// e.g. `[[1.0, 2.0], [3.0, 4.0]]` or `3.0`.
  public var description: String {
    func render(_ axis: Int, _ start: Int) -> (String, Int) {
      if axis == shape.count { return (String(scalars[start]), start + 1) }
      var parts: [String] = []
      var next = start
      for _ in 0..<shape[axis] {
        let (text, after) = render(axis + 1, next)
        parts.append(text)
        next = after
      }
      return ("[" + parts.joined(separator: ", ") + "]", next)
    }
    return render(0, 0).0
  }
}

extension Array where Element == Int {
  /// Renders a shape the way the tutor writes it: `2×1`, `3×3×3`, `scalar`.
  public var shapeDescription: String {
    isEmpty ? "scalar" : map(String.init).joined(separator: "×")
  }
}
