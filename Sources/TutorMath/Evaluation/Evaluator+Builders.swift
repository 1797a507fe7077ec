import TutorEngine

/// How each function of ``Evaluator/functions`` builds its node. Arguments arrive
/// checked against the table: the count of unnamed ones, and only known labels, once.
extension Evaluator {
  typealias Builder = @Sendable (inout Evaluator, FunctionCall) throws(MathError) -> Graph.NodeID

  // MARK: - Table helpers

  static func elementwise(_ name: String, _ op: Op, _ summary: String) -> MathFunction {
    MathFunction(name, 1...1, usage: "\(name)(x)", summary, build: unary(op))
  }

  static func unary(_ op: Op) -> Builder {
    { (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
      let a = try evaluator.node(for: call.positional[0])
      return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
        try graph.unary(op, a)
      }
    }
  }

  static func reduction(_ name: String, _ reduction: Op.Reduction, _ summary: String)
    -> MathFunction
  {
    MathFunction(
      name, 1...1, labels: ["dim"], usage: "\(name)(X), \(name)(X, dim = d)", summary
    ) { (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
      try evaluator.reduce(call, reduction)
    }
  }

  /// `max`/`min`: of all entries, over a dimension, or of two operands entry by entry.
  static func extremum(_ name: String, _ reduction: Op.Reduction, _ pairwise: Op)
    -> MathFunction
  {
    let word = name == "max" ? "largest" : "smallest"
    return MathFunction(
      name, 1...2, labels: ["dim"], usage: "\(name)(X), \(name)(X, dim = d), \(name)(a, b)",
      "the \(word) entry, or over a dimension like sum (the gradient goes to the first on "
        + "ties); with two operands entry by entry, broadcasting"
    ) { (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
      guard call.positional.count == 2 else { return try evaluator.reduce(call, reduction) }
      if let dim = call.argument("dim") {
        throw call.error(
          "`\(name)(a, b)` compares two operands entry by entry and takes no dim", at: dim.range)
      }
      let a = try evaluator.node(for: call.positional[0])
      let b = try evaluator.node(for: call.positional[1])
      return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
        try graph.apply(pairwise, [a, b])
      }
    }
  }

  static func filled(_ value: Double) -> Builder {
    { (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
      let rows = try evaluator.integer(call.positional[0], what: "the number of rows", minimum: 1)
      let columns = try evaluator.integer(
        call.positional[1], what: "the number of columns", minimum: 1)
      let limit = evaluator.graph.limits.maxElements
      return try evaluator.fixed(call.range) { () throws(EngineError) in
        try Tensor(repeating: value, shape: [rows, columns], limit: limit)
      }
    }
  }

  // MARK: - Shared steps

  /// Runs graph work for `call`, turning engine errors into errors at the call.
  mutating func apply(
    _ call: FunctionCall, _ body: (inout Graph) throws(EngineError) -> Graph.NodeID
  )
    throws(MathError) -> Graph.NodeID
  {
    try Self.engine(call.range, quoting: text(call.range)) { () throws(EngineError) in
      try body(&graph)
    }
  }

  /// A constant node for a value computed at build time.
  mutating func fixed(_ range: SourceRange, _ make: () throws(EngineError) -> Tensor)
    throws(MathError) -> Graph.NodeID
  {
    try Self.engine(range) { () throws(EngineError) in try graph.constant(make()) }
  }

  /// The `dim = d` of a call, 1 or 2, or nil when it is not given.
  mutating func dimension(_ call: FunctionCall) throws(MathError) -> Int? {
    guard let expr = call.argument("dim") else { return nil }
    let dim = try integer(expr, what: "dim", minimum: Int.min)
    guard dim == 1 || dim == 2 else {
      throw MathError(
        .evaluation, "dim must be 1 or 2, not \(dim)", at: expr.range,
        note: "dim = 1 works down each column (giving a 1×n row), dim = 2 along each row "
          + "(an m×1 column); dimensions are 1-based")
    }
    return dim
  }

  /// A reduction over `dim = d`, or over all entries (a scalar) without it.
  mutating func reduce(_ call: FunctionCall, _ reduction: Op.Reduction) throws(MathError)
    -> Graph.NodeID
  {
    let a = try node(for: call.positional[0])
    let dim = try dimension(call)
    return try apply(call) { (graph: inout Graph) throws(EngineError) -> Graph.NodeID in
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

  // MARK: - Builders

  static let softmax: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let v = try evaluator.node(for: call.positional[0])
    if let dim = try evaluator.dimension(call) {
      guard call.positional.count == 1 else {
        throw call.error(
          "`softmax` takes β or dim, not both; scale first: softmax(β * X, dim = \(dim))")
      }
      return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
        try graph.softmax(v, dim: dim)
      }
    }
    let beta = call.positional.count == 2 ? try evaluator.node(for: call.positional[1]) : nil
    return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
      try graph.softmax(v, beta: beta)
    }
  }

  static let eye: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let n = try evaluator.integer(call.positional[0], what: "the size of eye(n)", minimum: 1)
    let limit = evaluator.graph.limits.maxElements
    return try evaluator.fixed(call.range) { () throws(EngineError) in
      let count = try Tensor.elementCount(of: [n, n], limit: limit)
      var scalars = [Double](repeating: 0, count: count)
      for i in 0..<n { scalars[i * n + i] = 1 }
      return try Tensor(shape: [n, n], scalars: scalars)
    }
  }

  static let norm: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let v = try evaluator.node(for: call.positional[0])
    let p =
      call.positional.count == 2
      ? try evaluator.node(for: call.positional[1])
      : try evaluator.fixed(call.range) { () throws(EngineError) in Tensor(2) }
    // ‖v‖ₚ = (Σ|vᵢ|ᵖ)^(1/p)
    return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
      let powered = try graph.pNormPower(v, p: p)
      let one = try graph.constant(Tensor(1))
      return try graph.power(powered, graph.divide(one, p))
    }
  }

  static let crossEntropy: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let z = try evaluator.node(for: call.positional[0])
    let t = try evaluator.node(for: call.positional[1])
    return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
      try graph.crossEntropy(z, target: t)
    }
  }

  static let oneHot: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let labels = try evaluator.node(for: call.positional[0])
    let classes = try evaluator.integer(
      call.positional[1], what: "the number of classes", minimum: 1)
    return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
      try graph.oneHot(labels, classes: classes)
    }
  }

  static let lookup: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let table = try evaluator.node(for: call.positional[0])
    let shape = evaluator.value(of: table).shape
    guard shape.count == 2 else {
      throw MathError(
        .shape, "lookup needs a matrix of rows (one per id), got a \(shape.shapeDescription) value",
        at: call.positional[0].range)
    }
    let ids = try evaluator.node(for: call.positional[1])
    // Gather as a product with one-hot rows: its backward pass is the scatter-add.
    return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
      try graph.matmul(graph.oneHot(ids, classes: shape[0]), table)
    }
  }

  static let concat: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let dim = try evaluator.dimension(call) ?? 1
    let entries = call.positional
    return try evaluator.matrix(
      dim == 1 ? entries.map { [$0] } : [entries], nestedList: false, range: call.range)
  }

  static let reshape: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let a = try evaluator.node(for: call.positional[0])
    let rows = try evaluator.integer(call.positional[1], what: "the number of rows", minimum: 1)
    let columns = try evaluator.integer(
      call.positional[2], what: "the number of columns", minimum: 1)
    return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
      try graph.reshape(a, to: [rows, columns])
    }
  }

  static let flatten: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let a = try evaluator.node(for: call.positional[0])
    return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
      try graph.reshape(a, to: [graph.nodes[a.index].value.count, 1])
    }
  }

  static let convolution: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let positional = call.positional
    // Each setting once: `conv2d(I, K, 2, stride = 1)` is a slip, not a choice.
    for (label, position) in [("stride", 2), ("padding", 3)] where positional.count > position {
      if let twice = call.argument(label) {
        throw call.error("`conv2d` was given the \(label) twice", at: twice.range)
      }
    }
    var stride = 1
    var padding = 0
    if let expr = positional.count > 2 ? positional[2] : call.argument("stride") {
      stride = try evaluator.integer(expr, what: "the stride", minimum: 1)
    }
    if let expr = positional.count > 3 ? positional[3] : call.argument("padding") {
      padding = try evaluator.integer(expr, what: "the padding", minimum: 0)
    }
    let bias = try call.argument("bias").map { (expr) throws(MathError) in
      try evaluator.node(for: expr)
    }
    let input = try evaluator.node(for: positional[0])
    let kernel = try evaluator.node(for: positional[1])
    return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
      try graph.conv2d(input, kernel: kernel, bias: bias, stride: stride, padding: padding)
    }
  }

  static let maxPool: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let input = try evaluator.node(for: call.positional[0])
    let size = try evaluator.integer(call.positional[1], what: "the window size", minimum: 1)
    var stride = size
    if let expr = call.argument("stride") {
      stride = try evaluator.integer(expr, what: "the stride", minimum: 1)
    }
    return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
      try graph.maxPool2d(input, size: size, stride: stride)
    }
  }

  /// `grad(f, x)` and `jacobian(f, x)`: evaluated now, as a constant of the graph.
  static let derivative: Builder = {
    (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
    let name = call.function.name
    // With respect to a quantity, not an expression: `grad(J, 2*x)` would differentiate
    // with respect to a fresh node nothing depends on, a silent zero.
    guard case .name = call.positional[1].kind else {
      throw MathError(
        .evaluation,
        "the second argument of `\(name)` must be a name (a given or a quantity of the graph)",
        at: call.positional[1].range,
        note: "name the quantity in the graph first, then write \(name)(f, thatName)")
    }
    let fExpr = call.positional[0]
    let f = try evaluator.node(for: fExpr)
    let x = try evaluator.node(for: call.positional[1])
    let quoted = evaluator.text(fExpr.range).map { "`\($0)`" } ?? "the function"
    return try evaluator.apply(call) { (graph: inout Graph) throws(EngineError) in
      let result: Tensor
      if name == "grad" {
        let value = graph.nodes[f.index].value
        guard value.isScalarLike else {
          throw EngineError.invalidArgument(
            op: "grad",
            message: "\(quoted) is \(value.shape.shapeDescription), "
              + "not a scalar; take its sum or use jacobian(f, x)")
        }
        result = try graph.gradient(of: f, withRespectTo: x)
      } else {
        result = try graph.jacobian(of: f, withRespectTo: x)
      }
      return try graph.constant(result)
    }
  }
}
