import Foundation

/// The ops that end a network: `softmax(β v)` of a vector, cross-entropy, the squared
/// error, `Σ|w|ᵖ`, and the one-hot encoding of labels (data, so its derivative is 0).
enum Losses: OpFamily {
  static func forward(_ op: Op, _ inputs: [Tensor], limits: EngineLimits) throws(EngineError)
    -> Tensor
  {
    switch op {
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
    case .oneHot(let classes):
      return try Op.oneHot(inputs[0], classes: classes, limits: limits)
    default:
      throw .invalidArgument(op: op.name, message: "is not a loss op")
    }
  }

  static func backward(
    _ op: Op, _ inputs: [Tensor], output: Tensor, upstream g: Tensor, needed: [Bool]
  ) -> [Tensor?] {
    switch op {
    case .softmax:
      // With s = softmax(βv): ∂L/∂v = β s ⊙ (g − g·s), ∂L/∂β = Σ gᵢ sᵢ (vᵢ − s·v).
      let (v, beta) = (inputs[0], inputs[1].scalars[0])
      let s = output.scalars
      var gs = 0.0
      var sv = 0.0
      for i in s.indices {
        gs += g.scalars[i] * s[i]
        sv += s[i] * v.scalars[i]
      }
      var gradBeta = 0.0
      for i in s.indices { gradBeta += g.scalars[i] * s[i] * (v.scalars[i] - sv) }
      let gradV = (0..<s.count).map { beta * s[$0] * (g.scalars[$0] - gs) }
      return [
        needed[0] ? Tensor(unchecked: v.shape, gradV) : nil,
        needed[1] ? Tensor(unchecked: inputs[1].shape, [gradBeta]) : nil,
      ]
    case .crossEntropy:
      let (z, t, scale) = (inputs[0], inputs[1], g.scalars[0])
      return [
        // ∂/∂zᵢ = −tᵢ/zᵢ, and 0 where tᵢ = 0 (that term is absent), even at zᵢ = 0.
        needed[0]
          ? t.zipScalars(z) { $0 == 0 ? 0 : -scale * $0 / $1 }.reshapedUnchecked(z.shape) : nil,
        needed[1] ? z.mapScalars { -scale * Foundation.log($0) }.reshapedUnchecked(t.shape) : nil,
      ]
    case .squaredError:
      let (a, b, scale) = (inputs[0], inputs[1], g.scalars[0])
      let difference = a.zipScalars(b) { 2 * scale * ($0 - $1) }
      return [
        needed[0] ? difference : nil,
        needed[1] ? difference.mapScalars { -$0 }.reshapedUnchecked(b.shape) : nil,
      ]
    case .pNormPower:
      // ∂/∂wᵢ Σ|w|ᵖ = p |wᵢ|ᵖ⁻¹ sign(wᵢ) (0 at wᵢ = 0); ∂/∂p = Σ |wᵢ|ᵖ ln|wᵢ|.
      let (w, p, scale) = (inputs[0], inputs[1].scalars[0], g.scalars[0])
      var gradP = 0.0
      for value in w.scalars where value != 0 {
        let size = Swift.abs(value)
        gradP += Foundation.pow(size, p) * Foundation.log(size)
      }
      return [
        needed[0]
          ? w.mapScalars { value in
            value == 0
              ? 0 : scale * p * Foundation.pow(Swift.abs(value), p - 1) * (value > 0 ? 1 : -1)
          } : nil,
        needed[1] ? Tensor(unchecked: inputs[1].shape, [scale * gradP]) : nil,
      ]
    default:
      // One-hot: labels are data, the matrix does not change when they are nudged.
      return [Tensor.zeros(like: inputs[0])]
    }
  }

  /// log₁₀ for ln; 0-based labels; a repeated id's gradient overwritten, not added.
  static func wrongDerivations(_ op: Op) -> [Slip] {
    if op == .crossEntropy { return [.log10ForLn] }
    guard case .oneHot = op else { return [] }
    return [.zeroBasedIndex, .pathDropped]
  }

  static func rule(_ op: Op) -> String {
    switch op {
    case .softmax: return "∂sᵢ/∂vⱼ = β sᵢ (δᵢⱼ − sⱼ) for s = softmax(β v)"
    case .crossEntropy: return "∂(−Σ tᵢ ln zᵢ)/∂zᵢ = −tᵢ/zᵢ"
    case .squaredError: return "∂Σ(aᵢ − bᵢ)²/∂aᵢ = 2(aᵢ − bᵢ)"
    case .pNormPower: return "∂Σ|wᵢ|ᵖ/∂wᵢ = p |wᵢ|ᵖ⁻¹ sign wᵢ"
    default: return "∂onehot(y)/∂y = 0: labels are data"
    }
  }

  static func work(_ op: Op, _ inputs: [Tensor]) -> Double {
    guard case .oneHot(let classes) = op, inputs.count == 1 else {
      return inputs.reduce(1.0) { $0 + Double($1.count) }
    }
    return Double(inputs[0].count) * Double(Swift.max(classes, 1))
  }
}

extension Op {
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
}

/// The language's norm, cross-entropy, one-hot rows and the lookup built from them.
extension Losses {
  static var functions: [LanguageFunction] {
    [
      LanguageFunction(
        "norm", 1...2, usage: "norm(v), norm(v, p)",
        "the p-norm (Σ|vᵢ|ᵖ)^(1/p), p = 2 unless given"
      ) { arguments in
        let v = try arguments.node(0)
        let p =
          arguments.count == 2
          ? try arguments.node(1)
          : try arguments.constant { (_) throws(EngineError) in Tensor(2) }
        // ‖v‖ₚ = (Σ|vᵢ|ᵖ)^(1/p)
        return try arguments.build { (graph: inout Graph) throws(EngineError) in
          let powered = try graph.pNormPower(v, p: p)
          let one = try graph.constant(Tensor(1))
          return try graph.power(powered, graph.divide(one, p))
        }
      },
      LanguageFunction(
        "crossentropy", 2...2, usage: "crossentropy(z, t)",
        "−Σ t ⊙ log z for a prediction z and a target t (a scalar)",
        build: LanguageFunction.applying(.crossEntropy)),
      LanguageFunction(
        "onehot", 2...2, usage: "onehot(y, k)",
        "one row per label in y (whole numbers 1…k): an n×k matrix with a 1 at each label; "
          + "no gradient flows to y"
      ) { arguments in
        let labels = try arguments.node(0)
        let classes = try arguments.integer(1, what: "the number of classes", minimum: 1)
        return try arguments.build { (graph: inout Graph) throws(EngineError) in
          try graph.oneHot(labels, classes: classes)
        }
      },
      LanguageFunction(
        "lookup", 2...2, usage: "lookup(E, ids)",
        "the rows ids (1-based) of the embedding table E, stacked; the same as "
          + "onehot(ids, rows of E) @ E, so the backward pass adds each row's gradient "
          + "into E (scatter-add)"
      ) { arguments in
        let table = try arguments.node(0)
        let shape = arguments.value(of: table).shape
        guard shape.count == 2 else {
          throw arguments.shapeError(
            "lookup needs a matrix of rows (one per id), got a \(shape.shapeDescription) value",
            at: .position(0))
        }
        let ids = try arguments.node(1)
        // Gather as a product with one-hot rows: its backward pass is the scatter-add.
        return try arguments.build { (graph: inout Graph) throws(EngineError) in
          try graph.matmul(graph.oneHot(ids, classes: shape[0]), table)
        }
      },
    ]
  }
}
