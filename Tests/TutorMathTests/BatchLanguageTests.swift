import Foundation
import TestSupport
import Testing
import TutorEngine

@testable import TutorMath

/// The batch-shaped language: slicing, reductions over one dimension, row-wise
/// softmax, element-wise max/min, pooling, one-hot rows, lookups and concatenation.
@Suite("Math language: batch-shaped math")
struct BatchLanguageTests {
  /// `X = [1 2 3; 4 5 9]`, `E = [1 2; 3 4; 5 6]`.
  static let bindings: [String: Tensor] = [
    "X": try! Tensor(rows: [[1, 2, 3], [4, 5, 9]]),
    "E": try! Tensor(rows: [[1, 2], [3, 4], [5, 6]]),
  ]

  static let values: [(String, [Int], [Double])] = [
    ("X[:, 2]", [2, 1], [2, 5]),
    ("X[2, :]", [1, 3], [4, 5, 9]),
    ("X[1:2, 2:3]", [2, 2], [2, 3, 5, 9]),
    ("X[2:, :2]", [1, 2], [4, 5]),
    ("X[:, :]", [2, 3], [1, 2, 3, 4, 5, 9]),
    ("X[2, 2:2]", [1, 1], [5]),
    ("[5; 6; 7][2:3]", [2, 1], [6, 7]),
    ("[5, 6, 7][:2]", [1, 2], [5, 6]),
    ("sum(X, dim = 1)", [1, 3], [5, 7, 12]),
    ("sum(X, dim = 2)", [2, 1], [6, 18]),
    ("mean(X, dim = 1)", [1, 3], [2.5, 3.5, 6]),
    ("var(X, dim = 2)", [2, 1], [2.0 / 3, 14.0 / 3]),
    ("var([1, 2, 3, 4])", [], [1.25]),
    ("logsumexp([0, 0])", [], [log(2)]),
    (
      "logsumexp(X, dim = 1)", [1, 3],
      [log(exp(1) + exp(4)), log(exp(2) + exp(5)), 9 + log(1 + exp(-6))]
    ),
    ("max(X)", [], [9]),
    ("min(X)", [], [1]),
    ("max(X, dim = 2)", [2, 1], [3, 9]),
    ("min(X, dim = 1)", [1, 3], [1, 2, 3]),
    ("max([1 -2; 3 -4], 0)", [2, 2], [1, 0, 3, 0]),
    ("min(X, [2, 2, 2])", [2, 3], [1, 2, 2, 2, 2, 2]),
    ("softmax([0 0; 0 log(3)], dim = 2)", [2, 2], [0.5, 0.5, 0.25, 0.75]),
    ("softmax([0 0; 0 log(3)], dim = 1)", [2, 2], [0.5, 0.25, 0.5, 0.75]),
    ("maxpool2d([1 3 2 2; 3 0 1 2; 0 0 5 4; 1 1 4 5], 2)", [2, 2], [3, 2, 1, 5]),
    ("maxpool2d([1 3 2 2; 3 0 1 2; 0 0 5 4; 1 1 4 5], 3, stride = 1)", [2, 2], [5, 5, 5, 5]),
    ("onehot([2; 1], 3)", [2, 3], [0, 1, 0, 1, 0, 0]),
    ("lookup(E, [3; 1; 3])", [3, 2], [5, 6, 1, 2, 5, 6]),
    ("lookup(E, 2)", [1, 2], [3, 4]),
    ("concat([1 2], [3 4])", [2, 2], [1, 2, 3, 4]),
    ("concat([1; 2], [3; 4], [5; 6], dim = 2)", [2, 3], [1, 3, 5, 2, 4, 6]),
    ("concat(X, X[1, :], dim = 1)", [3, 3], [1, 2, 3, 4, 5, 9, 1, 2, 3]),
  ]

  @Test("values and shapes", arguments: values)
  func value(text: String, shape: [Int], expected: [Double]) throws {
    let result = try evaluate(text, Self.bindings).get()
    #expect(result.shape == shape, "\(text)")
    #expect(EvaluatorTests.close(result, expected, 1e-12), "\(text): \(result)")
  }

  static let errors: [(String, String, Int, String?)] = [
    // (text, message, caret column (0-based), note)
    ("sum(X, dim = 3)", "dim must be 1 or 2, not 3", 13, nil),
    ("mean(X, dim = 0)", "dim must be 1 or 2, not 0", 14, nil),
    (
      "sum(X, 2)", "`sum` does not take 2 arguments", 0,
      "usage: sum(X), sum(X, dim = d); name the dim, like sum(X, dim = 2)"
    ),
    ("sum(X, dims = 1)", "`sum` has no argument named `dims`", 14, "did you mean `dim`?"),
    ("sum(X, dim = 1, dim = 2)", "`sum` was given the dim twice", 22, nil),
    ("exp(X, dim = 1)", "`exp` takes no named arguments", 13, nil),
    (
      "X[:, 4]", "column 4 is past the end: there are 3", 5,
      "indices are 1-based and ranges inclusive: 1:3 is the whole axis"
    ),
    ("X[0, :]", "a row must be a whole number ≥ 1, not 0", 2, nil),
    ("X[2:1, 1]", "the range 2:1 is empty", 2, "ranges run upward and include both ends, like 1:2"),
    ("X[:, :, 1]", "3 subscripts for a 2×3 value", 0, nil),
    ("3[1:1]", "1 subscript for a scalar value", 0, "a scalar cannot be sliced"),
    ("x: 3", "unexpected `:`", 1, nil),
    (
      "softmax(X, 2, dim = 2)",
      "`softmax` takes β or dim, not both; scale first: softmax(β * X, dim = 2)", 0, nil
    ),
    (
      "max(X, X, dim = 1)", "`max(a, b)` compares two operands entry by entry and takes no dim", 16,
      nil
    ),
    ("maxpool2d(X, 3)", "maxpool2d: a 3×3 window does not fit in a 2×3 input", 0, nil),
    ("maxpool2d(X, 2, stride = 0)", "the stride must be a whole number ≥ 1, not 0", 25, nil),
    ("onehot([1; 4], 3)", "onehot: label 4 (entry 2) is not a class from 1 to 3", 0, nil),
    ("lookup(E, 4)", "onehot: label 4 (entry 1) is not a class from 1 to 3", 0, nil),
    ("lookup([1, 2, 3]', [1; 2], 3)", "`lookup` does not take 3 arguments", 0, nil),
    (
      "concat([1 2], [3; 4])",
      "row 2 has 1 column but row 1 has 2; every row needs the same number", 14, nil
    ),
    ("max(X, [1, 2])", "shape mismatch in `max(X, [1, 2])`: 2×3 and 1×2 do not fit", 0, nil),
  ]

  @Test("errors say what is wrong, where (a caret column), and what to write", arguments: errors)
  func error(text: String, message: String, column: Int, note: String?) {
    guard case .failure(let error) = evaluate(text, Self.bindings) else {
      Issue.record("\(text) should be refused")
      return
    }
    #expect(error.message == message, "\(text)")
    #expect(error.range?.lowerBound == column, "\(text)")
    if let note { #expect(error.note == note, "\(text)") }
  }

  @Test("slices parse to ranges and print back; plain indices stay an index")
  func parsing() throws {
    let slice = try Parser.parse("X[:, 2]")
    guard case .slice(_, let subscripts) = slice.kind, subscripts.count == 2 else {
      Issue.record("X[:, 2] should be a slice")
      return
    }
    #expect(subscripts[0].range == SourceRange(2, 3))
    if case .range(nil, nil, _) = subscripts[0] {} else { Issue.record("`:` is a full range") }
    guard case .index = try Parser.parse("X[1, 2]").kind else {
      Issue.record("X[1, 2] should stay an index")
      return
    }
    for text in ["X[:, 2]", "X[1:2, 2:3]", "X[2:, :n]", "(A @ B)[1, :]"] {
      #expect(ExprPrinter.string(try Parser.parse(text)) == text)
    }
    #expect(try Parser.parse("X[i:j, 1]").names == ["X", "i", "j"])
  }

  /// Expressions whose gradients must match finite differences, with the inputs checked.
  static let gradientCases: [(String, [String: [Int]])] = [
    ("X[2:3, 1:2]", ["X": [3, 4]]),
    ("sum(X, dim = 1)", ["X": [3, 4]]),
    ("mean(X, dim = 2)", ["X": [3, 4]]),
    ("var(X, dim = 1)", ["X": [3, 4]]),
    ("var(X)", ["X": [3, 4]]),
    ("logsumexp(X, dim = 2)", ["X": [3, 4]]),
    ("logsumexp(X)", ["X": [3, 4]]),
    ("max(X, dim = 1) + min(X, dim = 1)", ["X": [3, 4]]),
    ("max(X) - min(X)", ["X": [3, 4]]),
    ("softmax(X, dim = 2)", ["X": [3, 4]]),
    ("max(A, B) * min(A, B)", ["A": [2, 3], "B": [1, 3]]),
    ("maxpool2d(I, 2, stride = 1)", ["I": [4, 4]]),
    ("lookup(E, [2; 3; 2]) @ W", ["E": [3, 2], "W": [2, 2]]),
    ("concat(A, B) @ W", ["A": [1, 3], "B": [2, 3], "W": [3, 2]]),
    ("concat(A', B', dim = 2)", ["A": [1, 3], "B": [2, 3]]),
    (
      "mean(logsumexp(Z, dim = 2) - sum(onehot([2; 1; 3], 3) * Z, dim = 2))",
      ["Z": [3, 3]]
    ),
    (
      "(X - mean(X, dim = 1)) / sqrt(var(X, dim = 1) + 0.001)",  // batch normalisation
      ["X": [3, 2]]
    ),
  ]

  @Test("gradients through the language match central differences", arguments: gradientCases)
  func gradients(text: String, inputs: [String: [Int]]) throws {
    var evaluator = Evaluator()
    var random = SeededGenerator(seed: 7)
    var ids: [Graph.NodeID] = []
    for name in inputs.keys.sorted() {
      ids.append(try evaluator.bindInput(name, random.tensor(shape: inputs[name]!, in: -2...2)))
    }
    let output = try evaluator.evaluate(text)
    let report = try GradientCheck().run(on: evaluator.graph, output: output, inputs: ids)
    #expect(report.passed, "\(text): worst \(String(describing: report.worst))")
    #expect(report.comparedCount > 0)
  }

  @Test("one table: every function is in eval's help lines and in the authoring guide")
  func oneTable() throws {
    let help = MathFunction.helpLines(Evaluator.functions).joined(separator: "\n")
    let guide = try String(contentsOfFile: Repository.lessons + "/README.md", encoding: .utf8)
    #expect(Set(Evaluator.functions.map(\.name)).count == Evaluator.functions.count)
    for function in Evaluator.functions {
      #expect(help.contains(function.usage), "\(function.name) missing from eval --help")
      #expect(guide.contains(function.name), "\(function.name) missing from lessons/README.md")
      #expect(!function.summary.isEmpty)
    }
    #expect(Evaluator.functionSignatures.map(\.name) == Evaluator.functions.map(\.name))
  }
}
