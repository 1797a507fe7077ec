import TutorEngine

/// The steps every function's build shares, and the language's own `grad` and `jacobian`
/// (the op families' functions build through ``FunctionArguments``). Arguments arrive
/// checked against the table: the count of unnamed ones, and only known labels, once.
extension Evaluator {
  typealias Builder = @Sendable (inout Evaluator, FunctionCall) throws(MathError) -> Graph.NodeID

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

  // MARK: - Builders

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
