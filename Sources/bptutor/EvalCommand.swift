import ArgumentParser
import Foundation
import TerminalText
import TutorEngine
import TutorMath

/// `bptutor eval`: a matrix-and-gradient calculator over the math language.
struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval", _superCommandName: "bptutor",
    abstract: "Evaluate an expression of the math language and print its value.",
    discussion: EvalCommand.discussion
  )

  /// The language in brief, then every function from the evaluator's own table.
  static let discussion = """
    The language lessons and answers are written in:
      numbers     3  -1.5  .5  1e-3  2.5E+2  (− is a minus too); 1/3 divides
      vectors     [1, 2, 3] is a 1×3 row; [1; 2; 3] a 3×1 column
      matrices    [1 2; 3 4] = [[1, 2], [3, 4]]; a bare 6 8; 9 8 reads the same;
                  [A, B] puts blocks side by side, [A; B] one below the other
      operators   + - * / ^ (or **), unary -, @ matrix product, ' or ᵀ
                  transpose; * · × ⊙ are element-wise with broadcasting;
                  -2^2 = -4 and 2^3^2 = 512
      indexing    1-based: W[1, 2], v[2]
      slicing     1-based, ranges inclusive, the result keeps its rank:
                  X[:, 2] (column 2, m×1), X[2, :] (row 2, 1×n),
                  X[1:2, 2:3], X[2:, :] (from row 2 on), v[2:3]
      dimensions  dim = 1 works down each column (an m×n matrix gives a 1×n
                  row), dim = 2 along each row (an m×1 column)
      names       letters, digits, _ and Greek; η α β λ mean eta alpha beta
                  lambda
      limits      4,096 characters, nesting 100 deep, 1,000,000 entries per
                  tensor, 10⁸ multiply-adds per product and 10⁹ in all;
                  results must be finite

    Functions:
    \(MathFunction.helpLines(Evaluator.functions).joined(separator: "\n"))

    --set NAME=EXPR defines a name before the expression; a definition that uses
    earlier ones stays part of the graph, so grad(J, W1) flows through it.

    Examples:
      bptutor eval '-2*(6 - 3)'
      bptutor eval 'softmax([1 2 3; 1 1 1], dim = 2)'
      bptutor eval 'grad(sum(relu(W @ x)), W)' \\
        --set 'W=[1 -1; 2 0]' --set 'x=[3; 1]'
      bptutor eval 'grad(J, W)' --set 'W=[1 -1; 2 0]' --set 'x=[3; 1]' \\
        --set 'h=relu(W @ x)' --set 'J=sum(h^2)'
    """

  @Argument(
    parsing: .allUnrecognized,
    help: ArgumentHelp(
      "The expression to evaluate (quote it for the shell; a leading - is fine).",
      valueName: "expression"))
  var words: [String] = []

  private var expression: String { words.joined(separator: " ") }

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Define a name before evaluating, as NAME=EXPR; repeatable, in order.",
      valueName: "NAME=EXPR"))
  var definitions: [String] = []

  @Flag(help: "Print the shape and the nested values as JSON.")
  var json = false

  @Flag(help: "Print ASCII only (the default when the locale is not UTF-8).")
  var ascii = false

  /// A malformed NAME=EXPR is a usage error (64), as `--set` is in every command.
  func validate() throws {
    _ = try VariantOptions.assignments(definitions)
  }

  func run() throws {
    let style: MathStyle = ascii || !TerminalStyle.localeIsUTF8 ? .ascii : .unicode
    guard !words.isEmpty else {
      throw ValidationError(
        "give an expression to evaluate, e.g. bptutor eval '[1 2; 3 4] @ [1; 1]'")
    }
    var calculator = Calculator()
    let result: Tensor
    do {
      for definition in definitions { try calculator.define(definition) }
      result = try calculator.evaluate(expression)
    } catch {
      Diagnostics.printError(
        error.error, source: error.source, context: error.context, style: style)
      throw ExitCode.failure
    }
    if json {
      Output.print(TensorJSON.string(result), style: style)
    } else {
      Output.print(TensorFormat.block(result, style: style), style: style)
    }
  }
}
