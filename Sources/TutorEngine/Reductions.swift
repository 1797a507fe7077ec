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

extension Op.Reduction {
  /// The reduction of one lane's entries.
  func apply(_ x: [Double]) -> Double {
    switch self {
    case .sum: return Op.total(x)
    case .mean: return Op.total(x) / Double(x.count)
    case .variance:
      let mu = Op.total(x) / Double(x.count)
      var total = 0.0
      for value in x { total += (value - mu) * (value - mu) }
      return total / Double(x.count)
    case .logSumExp:
      let top = x.max() ?? 0
      guard top.isFinite else { return top }
      var total = 0.0
      for value in x { total += Foundation.exp(value - top) }
      return top + Foundation.log(total)
    case .max: return x.max() ?? 0
    case .min: return x.min() ?? 0
    }
  }

  /// `∂(reduction)/∂xₖ` for every k, given the lane's entries and the reduction's value.
  func derivative(_ x: [Double], value: Double) -> [Double] {
    let n = Double(x.count)
    switch self {
    case .sum: return Array(repeating: 1, count: x.count)
    case .mean: return Array(repeating: 1 / n, count: x.count)
    case .variance:
      // ∂/∂xₖ Σ(xᵢ − μ)²/n = 2(xₖ − μ)/n; the terms through μ sum to zero.
      let mu = Op.total(x) / n
      return x.map { 2 * ($0 - mu) / n }
    case .logSumExp:
      // The softmax of the lane.
      return x.map { Foundation.exp($0 - value) }
    case .max, .min:
      var local = Array(repeating: 0.0, count: x.count)
      if let first = x.firstIndex(of: value) { local[first] = 1 }
      return local
    }
  }
}

extension Op {
  /// `reduction` over dimension `dim` of `a`.
  static func reduce(_ a: Tensor, _ reduction: Reduction, dim: Int) throws(EngineError) -> Tensor {
    let lanes = try Lanes(shape: a.shape, dim: dim, op: reduction.rawValue)
    var out = [Double](repeating: 0, count: lanes.count)
    for lane in 0..<lanes.count {
      out[lane] = reduction.apply(lanes.values(of: a.scalars, lane: lane))
    }
    return Tensor(unchecked: lanes.reducedShape, out)
  }

  /// The gradient of a reduction: each lane's upstream entry times the lane's local derivative.
  static func reduceBackward(
    _ a: Tensor, _ reduction: Reduction, dim: Int, output: Tensor, upstream g: Tensor
  ) -> Tensor {
    guard let lanes = try? Lanes(shape: a.shape, dim: dim, op: reduction.rawValue) else {
      return Tensor.zeros(like: a)
    }
    var grad = [Double](repeating: 0, count: a.count)
    for lane in 0..<lanes.count {
      let x = lanes.values(of: a.scalars, lane: lane)
      let local = reduction.derivative(x, value: output.scalars[lane])
      for k in 0..<lanes.length { grad[lanes.offset(lane, k)] = g.scalars[lane] * local[k] }
    }
    return Tensor(unchecked: a.shape, grad)
  }

  /// Softmax of every lane of `a` along `dim`.
  static func softmax(_ a: Tensor, dim: Int) throws(EngineError) -> Tensor {
    let lanes = try Lanes(shape: a.shape, dim: dim, op: "softmax")
    var out = [Double](repeating: 0, count: a.count)
    for lane in 0..<lanes.count {
      let s = softmax(lanes.values(of: a.scalars, lane: lane), beta: 1)
      for k in 0..<lanes.length { out[lanes.offset(lane, k)] = s[k] }
    }
    return Tensor(unchecked: a.shape, out)
  }

  /// With `s` the softmax of a lane, `∂L/∂xₖ = sₖ (gₖ − Σᵢ gᵢ sᵢ)` within that lane.
  static func softmaxBackward(_ a: Tensor, dim: Int, output s: Tensor, upstream g: Tensor)
    -> Tensor
  {
    guard let lanes = try? Lanes(shape: a.shape, dim: dim, op: "softmax") else {
      return Tensor.zeros(like: a)
    }
    var grad = [Double](repeating: 0, count: a.count)
    for lane in 0..<lanes.count {
      var gs = 0.0
      for k in 0..<lanes.length {
        let i = lanes.offset(lane, k)
        gs += g.scalars[i] * s.scalars[i]
      }
      for k in 0..<lanes.length {
        let i = lanes.offset(lane, k)
        grad[i] = s.scalars[i] * (g.scalars[i] - gs)
      }
    }
    return Tensor(unchecked: a.shape, grad)
  }
}
