import Testing
import TutorEngine

@testable import TutorMath

/// `bptutor eval` as a library: definitions in order, then an expression.
@Suite("Calculator (bptutor eval)")
struct CalculatorTests {
  @Test("the issue's example: grad(sum(relu(W @ x)), W) = relu'(Wx) xᵀ")
  func gradientExample() throws {
    var calculator = Calculator()
    try calculator.define("W=[1 -1; 2 0]")
    try calculator.define("x=[3; 1]")
    // W x = [2; 6] > 0, so relu' = [1; 1] and the gradient is [1; 1] [3 1].
    #expect(
      try calculator.evaluate("grad(sum(relu(W @ x)), W)") == Tensor(rows: [[3, 1], [3, 1]]))
  }

  @Test("a definition may use earlier ones")
  func chainedDefinitions() throws {
    var calculator = Calculator()
    try calculator.define("a", as: "2")
    try calculator.define("b", as: "a^3")
    #expect(try calculator.evaluate("b - a") == Tensor(6))
  }

  @Test(
    "failures say where, in which text",
    arguments: [
      ("2x=3", "2x=3", "in --set", 0),
      ("x=[1 2", "[1 2", "in --set x", 4),
      ("x 3", "x 3", "in --set", 3),
    ])
  func failures(definition: String, source: String, context: String, column: Int) {
    var calculator = Calculator()
    do {
      try calculator.define(definition)
      Issue.record("\(definition) should fail")
    } catch {
      #expect(error.source == source)
      #expect(error.context == context)
      #expect(error.error.range?.lowerBound == column)
    }
  }

  @Test("JSON output nests by shape")
  func json() throws {
    var calculator = Calculator()
    #expect(
      TensorJSON.string(try calculator.evaluate("[3; 0]"))
        == #"{"shape": [2, 1], "value": [[3], [0]]}"#)
    #expect(TensorJSON.string(try calculator.evaluate("1/4")) == #"{"shape": [], "value": 0.25}"#)
  }
}
