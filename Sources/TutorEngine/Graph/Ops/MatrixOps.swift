/// The matrix product `A @ B`, the transpose, `diag`, and the ops that move entries
/// without arithmetic: `pick` (one entry), `reshape` and `slice` (a block).
enum MatrixOps: OpFamily {
  static func forward(_ op: Op, _ inputs: [Tensor], limits: EngineLimits) throws(EngineError)
    -> Tensor
  {
    let a = inputs[0]
    switch op {
    case .matmul:
      let (m, k, n) = try Op.productShape(a.shape, inputs[1].shape, limits: limits)
      let c = MatrixKernels.product(a.scalars, inputs[1].scalars, m: m, k: k, n: n)
      return Tensor(unchecked: [m, n], c)
    case .transpose:
      switch a.rank {
      case 0: return a
      case 2:
        let t = MatrixKernels.transpose(a.scalars, rows: a.shape[0], columns: a.shape[1])
        return Tensor(unchecked: [a.shape[1], a.shape[0]], t)
      default:
        throw .unsupportedShape(op: "transpose", shape: a.shape, expected: "a matrix or vector")
      }
    case .diag:
      guard a.isVector || a.rank == 0 else {
        throw .unsupportedShape(op: "diag", shape: a.shape, expected: "a vector")
      }
      let n = a.count
      _ = try Tensor.elementCount(of: [n, n], limit: limits.maxElements)
      var out = [Double](repeating: 0, count: n * n)
      for i in 0..<n { out[i * n + i] = a.scalars[i] }
      return Tensor(unchecked: [n, n], out)
    case .pick(let index):
      guard let offset = Op.pickOffset(index, in: a.shape) else {
        throw .indexOutOfRange(index: index, shape: a.shape)
      }
      return Tensor(a.scalars[offset])
    case .reshape(let shape):
      _ = try Tensor.elementCount(of: shape, limit: limits.maxElements)
      return try a.reshaped(to: shape)
    case .slice(let ranges):
      return try Slicing.forward(a, ranges)
    default:
      throw .invalidArgument(op: op.name, message: "is not a matrix op")
    }
  }

  static func backward(
    _ op: Op, _ inputs: [Tensor], output: Tensor, upstream g: Tensor, needed: [Bool]
  ) -> [Tensor?] {
    let a = inputs[0]
    switch op {
    case .matmul:
      let b = inputs[1]
      let (m, k) = a.rank == 0 ? (1, 1) : (a.shape[0], a.shape[1])
      let n = b.rank == 0 ? 1 : b.shape[1]
      return [
        needed[0]
          ? Tensor(
            unchecked: a.shape,
            MatrixKernels.productTransposed(g.scalars, b.scalars, m: m, k: n, n: k))
          : nil,
        needed[1]
          ? Tensor(
            unchecked: b.shape,
            MatrixKernels.transposedProduct(a.scalars, g.scalars, k: m, m: k, n: n))
          : nil,
      ]
    case .transpose:
      if a.rank != 2 { return [g] }
      return [
        Tensor(
          unchecked: a.shape,
          MatrixKernels.transpose(g.scalars, rows: a.shape[1], columns: a.shape[0]))
      ]
    case .diag:
      let n = a.count
      return [Tensor(unchecked: a.shape, (0..<n).map { g.scalars[$0 * n + $0] })]
    case .pick(let index):
      var out = Tensor.zeros(like: a)
      if let offset = Op.pickOffset(index, in: a.shape) { out.scalars[offset] = g.scalars[0] }
      return [out]
    case .reshape:
      return [g.reshapedUnchecked(a.shape)]
    case .slice(let ranges):
      return [Slicing.backward(a, ranges, upstream: g)]
    default:
      return inputs.map { _ in nil }
    }
  }

  /// `*` for `@`; a transpose left out or added.
  static func wrongDerivations(_ op: Op) -> [Slip] {
    if op == .transpose { return [.transposeMissing] }
    return op == .matmul ? [.elementwiseForMatrixProduct, .transposeMissing, .transposeExtra] : []
  }

  static func rule(_ op: Op) -> String {
    switch op {
    case .matmul: return "∂L/∂A = G Bᵀ, ∂L/∂B = Aᵀ G for C = A B with G = ∂L/∂C"
    case .transpose: return "∂L/∂A = Gᵀ for C = Aᵀ"
    case .diag: return "∂L/∂vᵢ = Gᵢᵢ for C = diag(v)"
    case .pick: return "∂aᵢⱼ/∂a is 1 at entry (i, j) and 0 elsewhere"
    case .reshape: return "∂L/∂A is G read back in A's shape (row-major)"
    default: return "∂L/∂A is G in the block's place and 0 elsewhere"
    }
  }

  static func work(_ op: Op, _ inputs: [Tensor]) -> Double {
    guard op == .matmul, inputs.count == 2 else {
      return inputs.reduce(1.0) { $0 + Double($1.count) }
    }
    let a = inputs[0].shape.isEmpty ? [1, 1] : inputs[0].shape
    let b = inputs[1].shape.isEmpty ? [1, 1] : inputs[1].shape
    guard a.count == 2, b.count == 2 else { return 1 }
    return Double(a[0]) * Double(a[1]) * Double(b[1])
  }
}

extension Op {
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

extension Tensor {
  /// The same scalars under a shape known to have the same element count.
  func reshapedUnchecked(_ newShape: [Int]) -> Tensor {
    Tensor(unchecked: newShape, scalars)
  }
}

/// The language's functions that make matrices or move their entries.
extension MatrixOps {
  static var functions: [LanguageFunction] {
    [
      LanguageFunction(
        "transpose", 1...1, usage: "transpose(A)", "the transpose; also A' or Aᵀ",
        build: LanguageFunction.applying(.transpose)),
      LanguageFunction(
        "diag", 1...1, usage: "diag(v)", "the square matrix with the vector v on its diagonal",
        build: LanguageFunction.applying(.diag)),
      LanguageFunction("eye", 1...1, usage: "eye(n)", "the n×n identity matrix") { arguments in
        let n = try arguments.integer(0, what: "the size of eye(n)", minimum: 1)
        return try arguments.constant { (limits) throws(EngineError) in
          let count = try Tensor.elementCount(of: [n, n], limit: limits.maxElements)
          var scalars = [Double](repeating: 0, count: count)
          for i in 0..<n { scalars[i * n + i] = 1 }
          return try Tensor(shape: [n, n], scalars: scalars)
        }
      },
      filled("zeros", 0),
      filled("ones", 1),
      LanguageFunction(
        "concat", 2...64, labels: ["dim"], usage: "concat(A, B, …, dim = d)",
        "A, B, … stacked: dim = 1 (the default) one below the other, dim = 2 side by side; "
          + "the same as the bracket forms [A; B] and [A, B]"
      ) { arguments in try arguments.stack(dim: arguments.dimension() ?? 1) },
      LanguageFunction(
        "reshape", 3...3, usage: "reshape(x, r, c)", "the same entries, row by row, as r×c"
      ) { arguments in
        let a = try arguments.node(0)
        let rows = try arguments.integer(1, what: "the number of rows", minimum: 1)
        let columns = try arguments.integer(2, what: "the number of columns", minimum: 1)
        return try arguments.build { (graph: inout Graph) throws(EngineError) in
          try graph.reshape(a, to: [rows, columns])
        }
      },
      LanguageFunction(
        "flatten", 1...1, usage: "flatten(x)", "the entries, row by row, as a column"
      ) { arguments in
        let a = try arguments.node(0)
        return try arguments.build { (graph: inout Graph) throws(EngineError) in
          try graph.reshape(a, to: [graph.nodes[a.index].value.count, 1])
        }
      },
    ]
  }

  /// `name(r, c)`: the `r×c` matrix of `value`s.
  private static func filled(_ name: String, _ value: Double) -> LanguageFunction {
    LanguageFunction(
      name, 2...2, usage: "\(name)(r, c)",
      "the r×c matrix of \(value == 0 ? "zeros" : "ones")"
    ) { arguments in
      let rows = try arguments.integer(0, what: "the number of rows", minimum: 1)
      let columns = try arguments.integer(1, what: "the number of columns", minimum: 1)
      return try arguments.constant { (limits) throws(EngineError) in
        try Tensor(repeating: value, shape: [rows, columns], limit: limits.maxElements)
      }
    }
  }
}
