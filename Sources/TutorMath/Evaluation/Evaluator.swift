import TutorEngine

/// Evaluates expressions of the math language into nodes of an engine ``Graph``,
/// so every value a lesson or an answer computes is the engine's, and gradients flow
/// through it.
///
/// Names resolve to bound nodes (givens and earlier quantities); `η α β λ` are
/// aliases of `eta alpha beta lambda` (either spelling finds the other) and `σ`, `ln`
/// of the functions `sigmoid`, `log`, unless a binding of that name says otherwise.
/// Indices are 1-based; `grad` and `jacobian` (numerator layout) are lesson-only.
public struct Evaluator: Sendable {
  /// What the evaluator accepts.
  public struct Options: Sendable {
    /// Whether `grad(f, x)` and `jacobian(f, x)` are allowed (lesson files, `bptutor eval`),
    /// or refused (learners' answers).
    public var allowsLessonForms = true
    /// Whether a value that is infinite or not a number is an error, reported at the
    /// innermost subexpression that produced it.
    public var requiresFinite = true
    /// Names that must not be used, with the reason shown (the quantity being asked for).
    public var forbiddenNames: [String: String] = [:]
    /// Alternative spellings of names: each pair is found from either side.
    public var nameAliases: [String: String] = Evaluator.defaultNameAliases
    /// Alternative spellings of function names.
    public var functionAliases: [String: String] = ["σ": "sigmoid", "ln": "log"]
    public var parserLimits = Parser.Limits()

    public init() {}
  }

  /// `η α β λ` → `eta alpha beta lambda`.
  public static let defaultNameAliases = [
    "η": "eta", "α": "alpha", "β": "beta", "λ": "lambda",
  ]

  public var graph: Graph
  public var options: Options
  /// The names expressions may use, each bound to a node of ``graph``.
  public private(set) var bindings: [String: Graph.NodeID] = [:]
  /// The characters of the expression being evaluated, to quote it in errors.
  var source: [Character] = []

  public init(graph: Graph = Graph(), options: Options = Options()) {
    (self.graph, self.options) = (graph, options)
    for name in graph.names {
      if let id = graph.node(named: name) { bindings[name] = id }
    }
  }

  // MARK: - Binding names

  /// Makes `name` refer to an existing node.
  public mutating func bind(_ name: String, to id: Graph.NodeID) {
    bindings[name] = id
  }

  /// Adds a given (a leaf whose value can change later) named `name`.
  @discardableResult
  public mutating func bindInput(_ name: String, _ value: Tensor) throws(MathError) -> Graph.NodeID
  {
    let id = try Self.engine(nil) { () throws(EngineError) in try graph.input(value) }
    bindings[name] = id
    return id
  }

  /// Adds a fixed value named `name`.
  @discardableResult
  public mutating func bindConstant(_ name: String, _ value: Tensor) throws(MathError)
    -> Graph.NodeID
  {
    let id = try Self.engine(nil) { () throws(EngineError) in try graph.constant(value) }
    bindings[name] = id
    return id
  }

  /// The current value of a node.
  public func value(of id: Graph.NodeID) -> Tensor {
    graph.nodes[id.index].value
  }

  // MARK: - Evaluating

  /// Parses and evaluates `text`; the returned node's value is the result.
  public mutating func evaluate(_ text: String) throws(MathError) -> Graph.NodeID {
    let expr = try Parser.parse(text, limits: options.parserLimits)
    return try evaluate(expr, source: text)
  }

  /// Evaluates a parsed expression; `source` (its text) lets errors quote it.
  public mutating func evaluate(_ expr: Expr, source text: String? = nil) throws(MathError)
    -> Graph.NodeID
  {
    source = text.map(Array.init) ?? []
    return try node(for: expr)
  }

  /// Evaluates `expr` and binds the result to `name` (named in the graph too, so
  /// ``Graph/value(named:)`` finds it).
  @discardableResult
  public mutating func define(_ name: String, as expr: Expr, source text: String? = nil)
    throws(MathError) -> Graph.NodeID
  {
    var id = try evaluate(expr, source: text)
    if graph.nodes[id.index].name != nil || graph.nodes[id.index].op.isLeaf {
      // Already named (an alias such as `b = a`) or a bare literal: give it a node of its own.
      id = try Self.engine(expr.range) { () throws(EngineError) in
        try graph.apply(.reshape(graph.nodes[id.index].value.shape), [id])
      }
    }
    try Self.engine(expr.range) { () throws(EngineError) in try graph.setName(name, of: id) }
    bindings[name] = id
    return id
  }
}
