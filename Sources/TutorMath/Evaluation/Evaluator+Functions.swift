import TutorEngine

extension Evaluator {
  /// The functions of the language, with how each is called (shown in errors and `--help`).
  public static let functionSignatures: [(name: String, usage: String)] = [
    ("exp", "exp(x)"), ("log", "log(x), natural; also ln(x)"), ("sqrt", "sqrt(x)"),
    ("abs", "abs(x)"), ("sign", "sign(x)"), ("relu", "relu(x)"),
    ("sigmoid", "sigmoid(x), also σ(x)"), ("tanh", "tanh(x)"),
    ("softmax", "softmax(v) or softmax(v, β)"), ("sum", "sum(x)"), ("mean", "mean(x)"),
    ("transpose", "transpose(A), also A' or Aᵀ"), ("diag", "diag(v)"), ("eye", "eye(n)"),
    ("zeros", "zeros(rows, columns)"), ("ones", "ones(rows, columns)"),
    ("norm", "norm(v) or norm(v, p)"),
    (
      "conv2d",
      "conv2d(I, K), conv2d(I, K, stride, padding), or with stride = s, padding = p, bias = b"
    ),
    ("crossentropy", "crossentropy(z, t) = -sum(t * log(z))"),
    ("reshape", "reshape(x, rows, columns)"), ("flatten", "flatten(x), a column"),
    ("grad", "grad(f, x): ∂f/∂x for a scalar f, shaped like x (lessons and eval only)"),
    ("jacobian", "jacobian(f, x): numerator layout (lessons and eval only)"),
  ]

  static let functionNames = Set(functionSignatures.map(\.name))

  private static let unaryOps: [String: Op] = [
    "exp": .exp, "log": .log, "sqrt": .sqrt, "abs": .abs, "sign": .sign, "relu": .relu,
    "sigmoid": .sigmoid, "tanh": .tanh, "sum": .sum, "mean": .mean, "transpose": .transpose,
    "diag": .diag,
  ]

  mutating func call(
    _ spelled: String, _ arguments: [Expr.Argument], nameRange: SourceRange, range: SourceRange
  ) throws(MathError) -> Graph.NodeID {
    var name = spelled
    if !Self.functionNames.contains(name) {
      if bindings[name] != nil
        || options.nameAliases.contains(where: { $0.key == name && bindings[$0.value] != nil })
      {
        throw MathError(
          .syntax, "`\(name)` is a value here, not a function", at: nameRange,
          note: "write `\(name)*(…)` for a product")
      }
      guard let aliased = options.functionAliases[name] else {
        throw MathError(
          .unknownName, "unknown function `\(name)`", at: nameRange,
          note: Suggestion.didYouMean(name, among: Array(Self.functionNames)))
      }
      name = aliased
    }
    let usage = Self.functionSignatures.first { $0.name == name }?.usage ?? name
    let quoted = text(range)

    if name == "grad" || name == "jacobian" {
      return try derivative(name, arguments, usage: usage, nameRange: nameRange, range: range)
    }
    // Named arguments only where they mean something.
    let labelled = arguments.filter { $0.label != nil }
    if name != "conv2d", let first = labelled.first {
      throw MathError(
        .syntax, "`\(name)` takes no named arguments", at: first.value.range,
        note: "usage: \(usage)")
    }
    let positional = arguments.filter { $0.label == nil }
    func arity(_ allowed: ClosedRange<Int>) throws(MathError) {
      guard allowed.contains(positional.count) else {
        let count = positional.count == 1 ? "1 argument" : "\(positional.count) arguments"
        throw MathError(
          .syntax, "`\(name)` does not take \(count)", at: range, note: "usage: \(usage)")
      }
    }

    if let op = Self.unaryOps[name] {
      try arity(1...1)
      let a = try node(for: positional[0].value)
      return try Self.engine(range, quoting: quoted) { () throws(EngineError) in
        try graph.unary(op, a)
      }
    }
    switch name {
    case "softmax":
      try arity(1...2)
      let v = try node(for: positional[0].value)
      let beta = positional.count == 2 ? try node(for: positional[1].value) : nil
      return try Self.engine(range, quoting: quoted) { () throws(EngineError) in
        try graph.softmax(v, beta: beta)
      }
    case "eye":
      try arity(1...1)
      let n = try integer(positional[0].value, what: "the size of eye(n)", minimum: 1)
      let limit = graph.limits.maxElements
      return try fixed(range) { () throws(EngineError) in
        let count = try Tensor.elementCount(of: [n, n], limit: limit)
        var scalars = [Double](repeating: 0, count: count)
        for i in 0..<n { scalars[i * n + i] = 1 }
        return try Tensor(shape: [n, n], scalars: scalars)
      }
    case "zeros", "ones":
      try arity(2...2)
      let rows = try integer(positional[0].value, what: "the number of rows", minimum: 1)
      let columns = try integer(positional[1].value, what: "the number of columns", minimum: 1)
      let limit = graph.limits.maxElements
      return try fixed(range) { () throws(EngineError) in
        try Tensor(repeating: name == "ones" ? 1 : 0, shape: [rows, columns], limit: limit)
      }
    case "norm":
      try arity(1...2)
      let v = try node(for: positional[0].value)
      let p =
        positional.count == 2
        ? try node(for: positional[1].value)
        : try Self.engine(range) { () throws(EngineError) in try graph.constant(Tensor(2)) }
      // ‖v‖ₚ = (Σ|vᵢ|ᵖ)^(1/p)
      return try Self.engine(range, quoting: quoted) { () throws(EngineError) in
        let powered = try graph.pNormPower(v, p: p)
        let one = try graph.constant(Tensor(1))
        return try graph.power(powered, graph.divide(one, p))
      }
    case "conv2d":
      return try convolution(positional, labelled, usage: usage, range: range)
    case "crossentropy":
      try arity(2...2)
      let z = try node(for: positional[0].value)
      let t = try node(for: positional[1].value)
      return try Self.engine(range, quoting: quoted) { () throws(EngineError) in
        try graph.crossEntropy(z, target: t)
      }
    case "reshape":
      try arity(3...3)
      let a = try node(for: positional[0].value)
      let rows = try integer(positional[1].value, what: "the number of rows", minimum: 1)
      let columns = try integer(positional[2].value, what: "the number of columns", minimum: 1)
      return try Self.engine(range, quoting: quoted) { () throws(EngineError) in
        try graph.reshape(a, to: [rows, columns])
      }
    case "flatten":
      try arity(1...1)
      let a = try node(for: positional[0].value)
      return try Self.engine(range, quoting: quoted) { () throws(EngineError) in
        try graph.reshape(a, to: [graph.nodes[a.index].value.count, 1])
      }
    default:
      throw MathError(.unknownName, "unknown function `\(name)`", at: nameRange)
    }
  }

  /// A constant node for a value computed at build time.
  private mutating func fixed(_ range: SourceRange, _ make: () throws(EngineError) -> Tensor)
    throws(MathError) -> Graph.NodeID
  {
    try Self.engine(range) { () throws(EngineError) in try graph.constant(make()) }
  }

  private mutating func convolution(
    _ positional: [Expr.Argument], _ labelled: [Expr.Argument], usage: String, range: SourceRange
  ) throws(MathError) -> Graph.NodeID {
    guard (2...4).contains(positional.count) else {
      throw MathError(
        .syntax, "`conv2d` takes an input and a kernel", at: range, note: "usage: \(usage)")
    }
    var stride = 1
    var padding = 0
    var bias: Graph.NodeID?
    if positional.count >= 3 {
      stride = try integer(positional[2].value, what: "the stride", minimum: 1)
    }
    if positional.count == 4 {
      padding = try integer(positional[3].value, what: "the padding", minimum: 0)
    }
    // Each setting once: `conv2d(I, K, 2, stride = 1)` is a slip, not a choice.
    var given: Set<String> = Set(["stride", "padding"].prefix(positional.count - 2))
    for argument in labelled {
      let label = argument.label ?? ""
      if given.contains(label) {
        throw MathError(
          .syntax, "`conv2d` was given the \(label) twice", at: argument.value.range,
          note: "usage: \(usage)")
      }
      given.insert(label)
      switch argument.label {
      case "stride": stride = try integer(argument.value, what: "the stride", minimum: 1)
      case "padding": padding = try integer(argument.value, what: "the padding", minimum: 0)
      case "bias": bias = try node(for: argument.value)
      default:
        throw MathError(
          .syntax, "`conv2d` has no argument named `\(argument.label ?? "")`",
          at: argument.value.range,
          note: Suggestion.didYouMean(argument.label ?? "", among: ["stride", "padding", "bias"])
            ?? "usage: \(usage)")
      }
    }
    let input = try node(for: positional[0].value)
    let kernel = try node(for: positional[1].value)
    return try Self.engine(range, quoting: text(range)) { () throws(EngineError) in
      try graph.conv2d(input, kernel: kernel, bias: bias, stride: stride, padding: padding)
    }
  }

  /// `grad(f, x)` and `jacobian(f, x)`: evaluated now, as a constant of the graph.
  private mutating func derivative(
    _ name: String, _ arguments: [Expr.Argument], usage: String, nameRange: SourceRange,
    range: SourceRange
  ) throws(MathError) -> Graph.NodeID {
    guard options.allowsLessonForms else {
      throw MathError(
        .notAllowed, "`\(name)(…)` is for lesson files and `bptutor eval`, not for answers",
        at: nameRange, note: "work the derivative out and type its value or formula")
    }
    guard arguments.count == 2, arguments.allSatisfy({ $0.label == nil }) else {
      throw MathError(.syntax, "`\(name)` takes two arguments", at: range, note: "usage: \(usage)")
    }
    // With respect to a quantity, not an expression: `grad(J, 2*x)` would differentiate
    // with respect to a fresh node nothing depends on, a silent zero.
    guard case .name = arguments[1].value.kind else {
      throw MathError(
        .evaluation,
        "the second argument of `\(name)` must be a name (a given or a quantity of the graph)",
        at: arguments[1].value.range,
        note: "name the quantity in the graph first, then write \(name)(f, thatName)")
    }
    let f = try node(for: arguments[0].value)
    let x = try node(for: arguments[1].value)
    let fExpr = arguments[0].value
    return try Self.engine(range, quoting: text(range)) { () throws(EngineError) in
      let result: Tensor
      if name == "grad" {
        let shape = graph.nodes[f.index].value.shape
        guard graph.nodes[f.index].value.isScalarLike else {
          throw EngineError.invalidArgument(
            op: "grad",
            message:
              "\(text(fExpr.range).map { "`\($0)`" } ?? "the function") is \(shape.shapeDescription), "
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
