import TutorEngine

/// `bptutor eval` without the command line: define names in order, then evaluate an
/// expression, with `grad` and `jacobian` allowed.
public struct Calculator {
  /// A `NAME=EXPR` definition that failed, or the expression itself.
  public struct Failure: Error, Equatable, Sendable {
    /// The text the error's range points into.
    public var source: String
    /// `--set W` for a definition, nil for the main expression.
    public var context: String?
    public var error: MathError
  }

  private var evaluator = Evaluator()

  public init() {}

  /// Defines `name` as the value of `expression`, which may use earlier names.
  ///
  /// A definition that uses earlier ones is part of the graph, not a frozen copy of
  /// its value: after `W=[1; -1]` and `h=relu(W @ x)`, `grad(sum(h), W)` flows through
  /// `h`. One that uses none (`x=3`, `W=[1 2; 3 4]`) is a given, a leaf to
  /// differentiate with respect to.
  public mutating func define(_ name: String, as expression: String) throws(Failure) {
    let context = "in --set \(name)"
    guard let first = name.first, !first.isNumber, name.allSatisfy(Lexer.continuesIdentifier)
    else {
      throw Failure(
        source: name, context: context,
        error: MathError(
          .syntax, "`\(name)` is not a name; names are letters, digits and _",
          at: SourceRange(0, name.count)))
    }
    do {
      let id = try evaluator.evaluate(expression)
      if evaluator.dependsOnInput([id]) {
        // Computed from earlier definitions: the node itself, so gradients flow through it.
        evaluator.bind(name, to: id)
      } else {
        // A value of its own (a literal, or arithmetic on literals): a given.
        try evaluator.bindInput(name, evaluator.value(of: id))
      }
    } catch {
      throw Failure(source: expression, context: context, error: error)
    }
  }

  /// Defines a name from `NAME=EXPR` text, read by the one NAME=EXPR reader
  /// (``Assignment``).
  public mutating func define(_ definition: String) throws(Failure) {
    let assignment: Assignment
    do {
      assignment = try Assignment.parse(definition)
    } catch {
      throw Failure(source: definition, context: "in --set", error: error)
    }
    try define(assignment.name, as: assignment.expression)
  }

  /// The value of `expression`.
  public mutating func evaluate(_ expression: String) throws(Failure) -> Tensor {
    do {
      let id = try evaluator.evaluate(expression)
      return evaluator.value(of: id)
    } catch {
      throw Failure(source: expression, context: nil, error: error)
    }
  }
}
