/// One function of the math language, declared by the op family that computes it, beside
/// the op's forward and backward: its name, the arguments it takes, its help line and how
/// a call of it becomes nodes of a graph.
///
/// ``Op/languageFunctions`` gathers every family's (``OpFamily/functions``); the
/// language's evaluator checks calls against that list and builds them through it, its
/// list of names and `bptutor eval --help` read it, and so does the drill generator. A new
/// op with a function of its own is therefore its case in ``Op``, its lines in its
/// family's file (forward, backward, rule, slips and this declaration, with a drill on
/// it), a test and docs.
public struct LanguageFunction: Sendable {
  /// The name it is called by.
  public let name: String
  /// How many unnamed arguments it takes.
  public let positional: ClosedRange<Int>
  /// The named arguments it accepts (`dim`, `stride`), in the order they are documented.
  public let labels: [String]
  /// How it is called, e.g. `sum(X), sum(X, dim = d)`.
  public let usage: String
  /// What it computes, in one line.
  public let summary: String
  /// A drill on it, for a function no row of the drill table uses yet: one row of that
  /// table, `level | name | required | skills | draws | graph | givens` (see
  /// `DrillTemplates.table` in TutorLessons), or nil.
  public let drill: String?
  /// Builds a call's node from its arguments, which the language has checked against the
  /// fields above (the count of unnamed ones; only known labels, each once).
  public let build: @Sendable (inout any FunctionArguments) throws -> Graph.NodeID

  public init(
    _ name: String, _ positional: ClosedRange<Int>, labels: [String] = [], usage: String,
    _ summary: String, drill: String? = nil,
    build: @escaping @Sendable (inout any FunctionArguments) throws -> Graph.NodeID
  ) {
    (self.name, self.positional, self.labels, self.usage, self.summary) =
      (name, positional, labels, usage, summary)
    (self.drill, self.build) = (drill, build)
  }
}

/// Where in a call an error points: the whole call, an unnamed argument (0-based) or a
/// named one.
public enum ArgumentPlace: Sendable, Equatable {
  case call
  case position(Int)
  case label(String)
}

/// A call's arguments as the language hands them to a ``LanguageFunction``'s builder:
/// each evaluated when the builder asks for it (so the order of the asks is the order
/// nodes are added), errors already placed in the source.
public protocol FunctionArguments {
  /// How many unnamed arguments the call has.
  var count: Int { get }
  /// Whether the named argument `label` was given.
  func has(_ label: String) -> Bool
  /// The node of the unnamed argument at `position` (0-based).
  mutating func node(_ position: Int) throws -> Graph.NodeID
  /// The node of the named argument `label`, or nil when it was not given.
  mutating func node(_ label: String) throws -> Graph.NodeID?
  /// The unnamed argument at `position` as a whole number ≥ `minimum`.
  mutating func integer(_ position: Int, what: String, minimum: Int) throws -> Int
  /// The named argument `label` as a whole number ≥ `minimum`, or nil when not given.
  mutating func integer(_ label: String, what: String, minimum: Int) throws -> Int?
  /// The `dim = d` of the call, 1 or 2, or nil when it is not given.
  mutating func dimension() throws -> Int?
  /// The unnamed arguments stacked as the bracket forms stack them: `dim` 1 one below
  /// the other (`[A; B]`), 2 side by side (`[A, B]`).
  mutating func stack(dim: Int) throws -> Graph.NodeID
  /// The value of a node built so far.
  func value(of node: Graph.NodeID) -> Tensor
  /// Runs graph work for the call, its engine errors placed at the call.
  mutating func build(_ body: (inout Graph) throws(EngineError) -> Graph.NodeID) throws
    -> Graph.NodeID
  /// A constant node for a value computed now (within the graph's limits).
  mutating func constant(_ make: (EngineLimits) throws(EngineError) -> Tensor) throws
    -> Graph.NodeID
  /// An error in how the function was called, with its usage as the note.
  func usageError(_ message: String, at place: ArgumentPlace) -> any Error
  /// An error about an argument's shape.
  func shapeError(_ message: String, at place: ArgumentPlace) -> any Error
}

extension LanguageFunction {
  /// `name(x)`: the element-wise `op`.
  static func elementwise(_ function: ElementwiseFunction) -> LanguageFunction {
    LanguageFunction(
      function.name, 1...1, usage: "\(function.name)(x)", function.summary,
      build: applying(function.op))
  }

  /// Builds `op` of the unnamed arguments, in order.
  static func applying(_ op: Op)
    -> @Sendable (inout any FunctionArguments) throws
    -> Graph.NodeID
  {
    { arguments in
      var parents: [Graph.NodeID] = []
      for position in 0..<arguments.count { parents.append(try arguments.node(position)) }
      return try arguments.build { (graph: inout Graph) throws(EngineError) in
        try graph.apply(op, parents)
      }
    }
  }
}

extension Op {
  /// Every function of the language that an op family declares, in help order.
  public static let languageFunctions: [LanguageFunction] = families.flatMap { $0.functions }
}
