import TutorEngine

/// One function of the math language: its name, the arguments it takes, a
/// one-line summary, and how the evaluator builds it into the graph.
///
/// ``Evaluator/functions`` is the one table of them: the evaluator checks every
/// call against it and dispatches from it, and `bptutor eval --help` prints it.
public struct MathFunction: Sendable {
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
  /// Whether only lesson files and `bptutor eval` may call it (not learners' answers).
  public let lessonOnly: Bool
  /// Builds the call's node; the arguments have been checked against the fields above.
  let build: @Sendable (inout Evaluator, FunctionCall) throws(MathError) -> Graph.NodeID

  init(
    _ name: String, _ positional: ClosedRange<Int>, labels: [String] = [], usage: String,
    _ summary: String, lessonOnly: Bool = false,
    build: @escaping @Sendable (inout Evaluator, FunctionCall) throws(MathError) -> Graph.NodeID
  ) {
    (
      self.name, self.positional, self.labels, self.usage, self.summary, self.lessonOnly, self.build
    ) = (name, positional, labels, usage, summary, lessonOnly, build)
  }

  /// The table as help lines: each usage, then its summary indented below it,
  /// wrapped to `width` columns.
  public static func helpLines(_ functions: [MathFunction], indent: Int = 2, width: Int = 78)
    -> [String]
  {
    var lines: [String] = []
    let pad = String(repeating: " ", count: indent)
    for function in functions {
      lines.append(pad + function.usage)
      var line = pad + "    "
      for word in function.summary.split(separator: " ") {
        if line.count + word.count + 1 > width, line.count > indent + 4 {
          lines.append(line)
          line = pad + "    "
        }
        line += (line.count > indent + 4 ? " " : "") + word
      }
      lines.append(line)
    }
    return lines
  }
}

/// One call being built: the function, its arguments split into unnamed and named.
struct FunctionCall {
  let function: MathFunction
  /// The unnamed arguments, in order.
  let positional: [Expr]
  /// The named arguments, in order (each label once, and one the function accepts).
  let labelled: [(label: String, value: Expr)]
  /// The whole call, `name(…)`.
  let range: SourceRange
  /// The function's name.
  let nameRange: SourceRange

  /// The named argument `label`, if given.
  func argument(_ label: String) -> Expr? {
    labelled.first { $0.label == label }?.value
  }

  /// An error about this call with its usage as the note.
  func error(_ message: String, at range: SourceRange? = nil) -> MathError {
    MathError(.syntax, message, at: range ?? self.range, note: "usage: \(function.usage)")
  }
}
