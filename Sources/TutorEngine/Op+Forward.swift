import Foundation

extension Op {
  /// Computes the op's value from its parents' values, checking shapes.
  func forward(_ inputs: [Tensor], limits: EngineLimits) throws(EngineError) -> Tensor {
    guard arity.contains(inputs.count) else {
      throw .invalidArgument(
        op: name, message: "takes \(arity.lowerBound) operands, got \(inputs.count)")
    }
    switch self {
    case .input, .constant:
      throw .invalidArgument(op: name, message: "a leaf has no forward computation")

    case .add: return try Op.elementwise(inputs, op: "+", limits: limits) { $0 + $1 }
    case .subtract: return try Op.elementwise(inputs, op: "−", limits: limits) { $0 - $1 }
    case .multiply: return try Op.elementwise(inputs, op: "⊙", limits: limits) { $0 * $1 }
    case .divide: return try Op.elementwise(inputs, op: "÷", limits: limits) { $0 / $1 }
    case .power:
      return try Op.elementwise(inputs, op: "^", limits: limits) { Foundation.pow($0, $1) }

    case .negate: return inputs[0].mapScalars { -$0 }
    case .exp: return inputs[0].mapScalars { Foundation.exp($0) }
    case .log: return inputs[0].mapScalars { Foundation.log($0) }
    case .sqrt: return inputs[0].mapScalars { $0.squareRoot() }
    case .abs: return inputs[0].mapScalars { Swift.abs($0) }
    case .sign: return inputs[0].mapScalars { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    case .relu: return inputs[0].mapScalars { $0 > 0 ? $0 : 0 }
    case .sigmoid: return inputs[0].mapScalars(Op.sigmoid)
    case .tanh: return inputs[0].mapScalars { Foundation.tanh($0) }

    case .matmul:
      let (m, k, n) = try Op.productShape(inputs[0].shape, inputs[1].shape, limits: limits)
      let c = MatrixKernels.product(inputs[0].scalars, inputs[1].scalars, m: m, k: k, n: n)
      return Tensor(unchecked: [m, n], c)

    case .transpose:
      let a = inputs[0]
      switch a.rank {
      case 0: return a
      case 2:
        let t = MatrixKernels.transpose(a.scalars, rows: a.shape[0], columns: a.shape[1])
        return Tensor(unchecked: [a.shape[1], a.shape[0]], t)
      default:
        throw .unsupportedShape(op: "transpose", shape: a.shape, expected: "a matrix or vector")
      }

    case .sum: return Tensor(Op.total(inputs[0].scalars))
    case .mean:
      let a = inputs[0]
      guard a.count > 0 else {
        throw .unsupportedShape(op: "mean", shape: a.shape, expected: "at least one entry")
      }
      return Tensor(Op.total(a.scalars) / Double(a.count))

    case .diag:
      let v = inputs[0]
      guard v.isVector || v.rank == 0 else {
        throw .unsupportedShape(op: "diag", shape: v.shape, expected: "a vector")
      }
      let n = v.count
      _ = try Tensor.elementCount(of: [n, n], limit: limits.maxElements)
      var out = [Double](repeating: 0, count: n * n)
      for i in 0..<n { out[i * n + i] = v.scalars[i] }
      return Tensor(unchecked: [n, n], out)

    case .softmax:
      let (v, beta) = try Op.softmaxOperands(inputs)
      return Tensor(unchecked: v.shape, Op.softmax(v.scalars, beta: beta))

    case .crossEntropy:
      let (z, t) = (inputs[0], inputs[1])
      try Op.requireSameCount(z, t, op: "cross-entropy")
      var total = 0.0
      // A term with tᵢ = 0 is 0 even where zᵢ = 0 (the limit of t log z), as in every
      // library's one-hot cross-entropy.
      for i in 0..<z.count where t.scalars[i] != 0 {
        total -= t.scalars[i] * Foundation.log(z.scalars[i])
      }
      return Tensor(total)

    case .squaredError:
      let (a, b) = (inputs[0], inputs[1])
      try Op.requireSameCount(a, b, op: "squared error")
      var total = 0.0
      for i in 0..<a.count {
        let d = a.scalars[i] - b.scalars[i]
        total += d * d
      }
      return Tensor(total)

    case .pNormPower:
      let (w, p) = try Op.pNormOperands(inputs)
      var total = 0.0
      for value in w.scalars { total += Foundation.pow(Swift.abs(value), p) }
      return Tensor(total)

    case .pick(let index):
      let a = inputs[0]
      guard let offset = Op.pickOffset(index, in: a.shape) else {
        throw .indexOutOfRange(index: index, shape: a.shape)
      }
      return Tensor(a.scalars[offset])

    case .reshape(let shape):
      _ = try Tensor.elementCount(of: shape, limit: limits.maxElements)
      return try inputs[0].reshaped(to: shape)

    case .conv2d(let stride, let padding):
      let geometry = try Convolution(
        input: inputs[0].shape, kernel: inputs[1].shape,
        bias: inputs.count > 2 ? inputs[2].shape : nil,
        stride: stride, padding: padding, limit: limits.maxElements,
        operationLimit: limits.maxOperations)
      let out = geometry.forward(
        input: inputs[0].scalars, kernel: inputs[1].scalars,
        bias: inputs.count > 2 ? inputs[2].scalars : nil)
      return Tensor(unchecked: geometry.outputShape, out)

    case .maximum:
      return try Op.elementwise(inputs, op: "max", limits: limits) { Swift.max($0, $1) }
    case .minimum:
      return try Op.elementwise(inputs, op: "min", limits: limits) { Swift.min($0, $1) }
    case .reduce(let reduction, let dim): return try Op.reduce(inputs[0], reduction, dim: dim)
    case .softmaxAlong(let dim): return try Op.softmax(inputs[0], dim: dim)
    case .slice(let ranges): return try Slicing.forward(inputs[0], ranges)
    case .maxPool2d(let size, let stride):
      let geometry = try MaxPooling(input: inputs[0].shape, size: size, stride: stride)
      return Tensor(unchecked: geometry.outputShape, geometry.forward(inputs[0].scalars))
    case .oneHot(let classes): return try Op.oneHot(inputs[0], classes: classes, limits: limits)
    }
  }

  /// One row per label, with a 1 in the label's column (labels are 1-based).
  static func oneHot(_ labels: Tensor, classes: Int, limits: EngineLimits) throws(EngineError)
    -> Tensor
  {
    guard classes >= 1 else {
      throw .invalidArgument(op: "onehot", message: "needs at least 1 class, got \(classes)")
    }
    let n = labels.count
    let count = try Tensor.elementCount(of: [n, classes], limit: limits.maxElements)
    var out = [Double](repeating: 0, count: count)
    for (row, label) in labels.scalars.enumerated() {
      // Within 0.001 of a whole number counts as it, so a finite-difference nudge of a
      // label (a gradient check over every given) reads the same class.
      let whole = label.rounded()
      guard Swift.abs(label - whole) <= 1e-3, whole >= 1, whole <= Double(classes) else {
        let shown =
          label == label.rounded() && Swift.abs(label) < 1e15 ? String(Int(label)) : "\(label)"
        throw .invalidArgument(
          op: "onehot",
          message: "label \(shown) (entry \(row + 1)) is not a class from 1 to \(classes)")
      }
      out[row * classes + Int(whole) - 1] = 1
    }
    return Tensor(unchecked: [n, classes], out)
  }

  // MARK: - Shared pieces of forward and backward

  static func elementwise(
    _ inputs: [Tensor], op: String, limits: EngineLimits, _ body: (Double, Double) -> Double
  ) throws(EngineError) -> Tensor {
    let shape = try Broadcast.shape(inputs[0].shape, inputs[1].shape, op: op)
    _ = try Tensor.elementCount(of: shape, limit: limits.maxElements)
    return Broadcast.apply(inputs[0], inputs[1], outShape: shape, body)
  }

  static func sigmoid(_ x: Double) -> Double {
    // Two branches keep e^x from overflowing for large |x|.
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
  }

  /// A left-to-right sum (a fixed order, so results are reproducible).
  static func total(_ values: [Double]) -> Double {
    var sum = 0.0
    for value in values { sum += value }
    return sum
  }

  /// An upper bound of the work `forward` does on `inputs`: multiply-adds for a matrix
  /// product or a convolution, otherwise the entries it reads. Cheap: shapes only.
  func estimatedWork(_ inputs: [Tensor]) -> Double {
    switch self {
    case .matmul where inputs.count == 2:
      let a = inputs[0].shape.isEmpty ? [1, 1] : inputs[0].shape
      let b = inputs[1].shape.isEmpty ? [1, 1] : inputs[1].shape
      guard a.count == 2, b.count == 2 else { return 1 }
      return Double(a[0]) * Double(a[1]) * Double(b[1])
    case .conv2d where inputs.count >= 2:
      return Double(inputs[0].count) * Double(inputs[1].count)
    case .maxPool2d(let size, let stride) where inputs.count == 1:
      let geometry = try? MaxPooling(input: inputs[0].shape, size: size, stride: stride)
      return Swift.max(geometry?.work ?? 1, 1)
    case .oneHot(let classes) where inputs.count == 1:
      return Double(inputs[0].count) * Double(Swift.max(classes, 1))
    default:
      return inputs.reduce(1.0) { $0 + Double($1.count) }
    }
  }

  /// The `(m, k, n)` of a matrix product; rank-0 operands act as `1×1`.
  static func productShape(_ lhs: [Int], _ rhs: [Int], limits: EngineLimits)
    throws(EngineError) -> (Int, Int, Int)
  {
    let a = lhs.isEmpty ? [1, 1] : lhs
    let b = rhs.isEmpty ? [1, 1] : rhs
    guard a.count == 2, b.count == 2, a[1] == b[0] else {
      throw .shapeMismatch(op: "matrix product @", lhs: lhs, rhs: rhs)
    }
    _ = try Tensor.elementCount(of: [a[0], b[1]], limit: limits.maxElements)
    let work = Double(a[0]) * Double(a[1]) * Double(b[1])
    guard work <= Double(limits.maxOperations) else {
      throw .tooMuchWork(op: "matrix product @", operations: work, limit: limits.maxOperations)
    }
    return (a[0], a[1], b[1])
  }

  static func softmaxOperands(_ inputs: [Tensor]) throws(EngineError) -> (Tensor, Double) {
    let v = inputs[0]
    guard v.isVector || v.rank == 0, v.count > 0 else {
      throw .unsupportedShape(op: "softmax", shape: v.shape, expected: "a vector")
    }
    guard let beta = inputs[1].scalarValue else {
      throw .unsupportedShape(op: "softmax β", shape: inputs[1].shape, expected: "a scalar")
    }
    return (v, beta)
  }

  /// `softmax(β v)`, shifted by the maximum so large entries cannot overflow.
  static func softmax(_ v: [Double], beta: Double) -> [Double] {
    var scaled = v.map { beta * $0 }
    let top = scaled.max() ?? 0
    var total = 0.0
    for i in scaled.indices {
      scaled[i] = Foundation.exp(scaled[i] - (top.isFinite ? top : 0))
      total += scaled[i]
    }
    return scaled.map { $0 / total }
  }

  static func pNormOperands(_ inputs: [Tensor]) throws(EngineError) -> (Tensor, Double) {
    guard let p = inputs[1].scalarValue else {
      throw .unsupportedShape(op: "Σ|w|ᵖ exponent", shape: inputs[1].shape, expected: "a scalar")
    }
    return (inputs[0], p)
  }

  static func requireSameCount(_ a: Tensor, _ b: Tensor, op: String) throws(EngineError) {
    guard a.count == b.count, a.shape == b.shape || a.isScalarLike else {
      throw .shapeMismatch(op: op, lhs: a.shape, rhs: b.shape)
    }
  }

  /// The row-major offset of a 1-based `index` in `shape`. A vector (`n×1`
  /// or `1×n`) may also be indexed by one number.
  static func pickOffset(_ index: [Int], in shape: [Int]) -> Int? {
    if index.count == 1, shape.count == 2, shape[0] == 1 || shape[1] == 1 {
      let n = shape[0] * shape[1]
      return index[0] >= 1 && index[0] <= n ? index[0] - 1 : nil
    }
    return Tensor.offset(of: index, in: shape)
  }
}
