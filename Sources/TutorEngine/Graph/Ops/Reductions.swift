import Foundation

/// `sum` and `mean` of all entries, a reduction over one dimension (sum, mean, variance,
/// logsumexp, max, min; see ``Op/Reduction``) and softmax along one dimension. Each
/// lane's gradient is the upstream entry times the lane's local derivative; `max` and
/// `min` send it to the first extreme, so a tie is a kink.
enum Reductions: OpFamily {
  static func forward(_ op: Op, _ inputs: [Tensor], limits: EngineLimits) throws(EngineError)
    -> Tensor
  {
    let a = inputs[0]
    switch op {
    case .sum: return Tensor(Op.total(a.scalars))
    case .mean:
      guard a.count > 0 else {
        throw .unsupportedShape(op: "mean", shape: a.shape, expected: "at least one entry")
      }
      return Tensor(Op.total(a.scalars) / Double(a.count))
    case .reduce(let reduction, let dim): return try Op.reduce(a, reduction, dim: dim)
    case .softmaxAlong(let dim): return try Op.softmax(a, dim: dim)
    default: throw .invalidArgument(op: op.name, message: "is not a reduction")
    }
  }

  static func backward(
    _ op: Op, _ inputs: [Tensor], output: Tensor, upstream g: Tensor, needed: [Bool]
  ) -> [Tensor?] {
    let a = inputs[0]
    switch op {
    case .sum, .mean:
      let share = Op.share(of: g.scalars[0], op, count: a.count)
      let out = [Double](unsafeUninitializedCapacity: a.count) { o, initialized in
        Op.spread(share, into: o, accumulate: false)
        initialized = a.count
      }
      return [Tensor(unchecked: a.shape, out)]
    case .reduce(let reduction, let dim):
      return [Op.reduceBackward(a, reduction, dim: dim, output: output, upstream: g)]
    case .softmaxAlong(let dim):
      return [Op.softmaxBackward(a, dim: dim, output: output, upstream: g)]
    default:
      return [nil]
    }
  }

  /// A sum for a mean and back, N − 1 for N, the other axis.
  static func wrongDerivations(_ op: Op) -> [Slip] {
    if case .softmaxAlong = op { return [.otherAxis] }
    guard case .reduce(let reduction, _) = op else {
      let whole: [Op: [Slip]] = [.sum: [.meanForSum], .mean: [.sumForMean, .besselCorrection]]
      return whole[op] ?? []
    }
    let along: [Op.Reduction: [Slip]] = [
      .sum: [.meanForSum], .mean: [.sumForMean, .besselCorrection], .variance: [.besselCorrection],
      .logSumExp: [.log10ForLn],
    ]
    return (along[reduction] ?? []) + [.otherAxis]
  }

  static func rule(_ op: Op) -> String {
    switch op {
    case .sum: return "∂(Σ aᵢ)/∂aᵢ = 1"
    case .mean: return "∂(Σ aᵢ / n)/∂aᵢ = 1/n"
    case .reduce(.sum, _): return "∂(Σₖ xₖ)/∂xₖ = 1 along the reduced dimension"
    case .reduce(.mean, _): return "∂(Σₖ xₖ / n)/∂xₖ = 1/n along the reduced dimension"
    case .reduce(.variance, _): return "∂ var(x)/∂xₖ = 2(xₖ − μ)/n"
    case .reduce(.logSumExp, _): return "∂ log Σ e^xᵢ/∂xₖ = softmax(x)ₖ"
    case .reduce(.max, _): return "∂ max(x)/∂xₖ = 1 at the first maximum, else 0"
    case .reduce(.min, _): return "∂ min(x)/∂xₖ = 1 at the first minimum, else 0"
    default: return "∂sᵢ/∂xⱼ = sᵢ (δᵢⱼ − sⱼ) within each row or column, s = softmax(x)"
    }
  }

  static func hasKinks(_ op: Op) -> Bool {
    guard case .reduce(let reduction, _) = op else { return false }
    return reduction == .max || reduction == .min
  }

  static func branches(_ op: Op, _ inputs: [Tensor]) -> [Int] {
    guard hasKinks(op), case .reduce(let reduction, let dim) = op,
      let lanes = try? Lanes(shape: inputs[0].shape, dim: dim, op: op.name)
    else { return [] }
    return (0..<lanes.count).map { lane in
      let x = lanes.values(of: inputs[0].scalars, lane: lane)
      let extreme = reduction == .max ? x.max() : x.min()
      return extreme.flatMap { x.firstIndex(of: $0) } ?? 0
    }
  }

  static func sitsOnKink(_ op: Op, _ inputs: [Tensor], tolerance: Double) -> Bool {
    guard case .reduce(let reduction, let dim) = op,
      let lanes = try? Lanes(shape: inputs[0].shape, dim: dim, op: op.name)
    else { return false }
    return (0..<lanes.count).contains { lane in
      let x = lanes.values(of: inputs[0].scalars, lane: lane)
      guard let extreme = reduction == .max ? x.max() : x.min() else { return false }
      return x.filter { Op.ties($0, extreme, tolerance: tolerance) }.count > 1
    }
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
  /// A left-to-right sum (a fixed order, so results are reproducible).
  static func total(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { $0.baseAddress.map { total($0, count: values.count) } ?? 0 }
  }

  /// The sum of `count` entries from `values`, added in order (``orderedSum(_:count:)``).
  @inline(__always)
  static func total(_ values: UnsafePointer<Double>, count: Int) -> Double {
    orderedSum(values, count: count)
  }

  /// What each entry of a `sum` (or `mean`) of `count` entries receives of the upstream `g`.
  @inline(__always)
  static func share(of g: Double, _ op: Op, count: Int) -> Double {
    op == .mean ? g / Double(count) : g
  }

  /// `o = share` in every entry, or `o += share` when `accumulate`: the backward of `sum`
  /// and `mean`, for the allocating backward and the in-place walk.
  @inline(__always)
  static func spread(_ share: Double, into o: UnsafeMutableBufferPointer<Double>, accumulate: Bool)
  {
    if accumulate {
      for i in 0..<o.count { o[i] += share }
    } else {
      for i in 0..<o.count { o[i] = share }
    }
  }

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

/// The language's reductions and softmax.
extension Reductions {
  static var functions: [LanguageFunction] {
    [
      reduction(
        "sum", .sum,
        "the sum of all entries (a scalar); with dim = 1 down each column (a 1×n row), "
          + "with dim = 2 along each row (an m×1 column)"),
      reduction("mean", .mean, "the mean of all entries, or over a dimension like sum"),
      reduction(
        "var", .variance,
        "the population variance (dividing by n, as batch normalisation does in training) of "
          + "all entries, or over a dimension like sum"),
      reduction(
        "logsumexp", .logSumExp,
        "log Σ eˣ of all entries, or over a dimension like sum; "
          + "shifted by the maximum, so it does not overflow"),
      extremum("max", .max, .maximum),
      extremum("min", .min, .minimum),
      LanguageFunction(
        "softmax", 1...2, labels: ["dim"],
        usage: "softmax(v), softmax(v, β), softmax(X, dim = d)",
        "e^(βv) / Σ e^(βv) of a vector (β = 1 unless given); with dim = 2 every row of a "
          + "matrix, with dim = 1 every column"
      ) { arguments in
        let v = try arguments.node(0)
        if let dim = try arguments.dimension() {
          guard arguments.count == 1 else {
            throw arguments.usageError(
              "`softmax` takes β or dim, not both; scale first: softmax(β * X, dim = \(dim))",
              at: .call)
          }
          return try arguments.build { (graph: inout Graph) throws(EngineError) in
            try graph.softmax(v, dim: dim)
          }
        }
        let beta = arguments.count == 2 ? try arguments.node(1) : nil
        return try arguments.build { (graph: inout Graph) throws(EngineError) in
          try graph.softmax(v, beta: beta)
        }
      },
    ]
  }

  /// `name(X)` of all entries (a scalar) or `name(X, dim = d)` over one dimension.
  private static func reduction(_ name: String, _ reduction: Op.Reduction, _ summary: String)
    -> LanguageFunction
  {
    LanguageFunction(
      name, 1...1, labels: ["dim"], usage: "\(name)(X), \(name)(X, dim = d)", summary
    ) { arguments in try reduce(&arguments, reduction) }
  }

  /// `max`/`min`: of all entries, over a dimension, or of two operands entry by entry.
  private static func extremum(_ name: String, _ reduction: Op.Reduction, _ pairwise: Op)
    -> LanguageFunction
  {
    let word = name == "max" ? "largest" : "smallest"
    return LanguageFunction(
      name, 1...2, labels: ["dim"], usage: "\(name)(X), \(name)(X, dim = d), \(name)(a, b)",
      "the \(word) entry, or over a dimension like sum (the gradient goes to the first on "
        + "ties); with two operands entry by entry, broadcasting"
    ) { arguments in
      guard arguments.count == 2 else { return try reduce(&arguments, reduction) }
      if arguments.has("dim") {
        throw arguments.usageError(
          "`\(name)(a, b)` compares two operands entry by entry and takes no dim",
          at: .label("dim"))
      }
      let a = try arguments.node(0)
      let b = try arguments.node(1)
      return try arguments.build { (graph: inout Graph) throws(EngineError) in
        try graph.apply(pairwise, [a, b])
      }
    }
  }

  /// A reduction over `dim = d`, or over all entries (a scalar) without it.
  private static func reduce(_ arguments: inout any FunctionArguments, _ reduction: Op.Reduction)
    throws -> Graph.NodeID
  {
    let a = try arguments.node(0)
    let dim = try arguments.dimension()
    return try arguments.build { (graph: inout Graph) throws(EngineError) -> Graph.NodeID in
      if let dim { return try graph.reduce(a, reduction, dim: dim) }
      switch reduction {
      case .sum: return try graph.unary(.sum, a)
      case .mean: return try graph.unary(.mean, a)
      default:
        // All entries as one column, reduced down it, as a scalar.
        let count = graph.nodes[a.index].value.count
        let column = try graph.reshape(a, to: [count, 1])
        return try graph.reshape(graph.reduce(column, reduction, dim: 1), to: [])
      }
    }
  }
}
