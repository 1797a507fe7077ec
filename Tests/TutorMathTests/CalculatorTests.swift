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

  @Test("definitions chain differentiably: the issue's three-layer network gives [−18; 0]")
  func definitionsAreDifferentiable() throws {
    var calculator = Calculator()
    for definition in [
      "W1=[1; -1]", "W2=[-1 1; 1 -1]", "W3=[-1, 1]", "x=3", "y=6",
      "h3=W3 @ relu(W2 @ relu(W1 @ x))", "J=sum((y - h3)^2)",
    ] {
      try calculator.define(definition)
    }
    #expect(try calculator.evaluate("J") == Tensor(9))
    #expect(try calculator.evaluate("grad(J, W1)") == Tensor.column([-18, 0]))
    #expect(try calculator.evaluate("grad(J, h3)") == Tensor(rows: [[-6]]))
    // A definition of literals only is a given of its own, still differentiable.
    try calculator.define("c", as: "2 * 3")
    #expect(try calculator.evaluate("grad(c^2, c)") == Tensor(12))
    // Through a bracket of defined names (`X = [x1, x2]`), too.
    try calculator.define("x1", as: "2")
    try calculator.define("x2", as: "5")
    try calculator.define("X", as: "[x1, x2]")
    try calculator.define("L", as: "sum(X^2)")
    #expect(try calculator.evaluate("grad(L, x1)") == Tensor(4))
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
