import Foundation
import TestSupport
import Testing
import TutorEngine

@testable import TutorMath

/// Evaluation: functions, names, indexing, and `grad` on the homework's networks.
@Suite("Math language: evaluation")
struct EvaluatorTests {
  static func value(_ text: String, _ bindings: [String: Tensor] = [:]) throws -> Tensor {
    try evaluate(text, bindings).get()
  }

  static func close(_ a: Tensor, _ b: [Double], _ tolerance: Double = 1e-12) -> Bool {
    isClose(a.scalars, b, absolute: tolerance)
  }

  @Test(
    "functions, against their definitions",
    arguments: [
      ("exp(1)", [M_E]), ("log(exp(2))", [2]), ("ln(1)", [0]), ("sqrt(16)", [4]),
      ("abs(-3)", [3]), ("sign(-3)", [-1]), ("relu([-1, 2])", [0, 2]),
      ("sigmoid(0)", [0.5]), ("σ(0)", [0.5]), ("tanh(0)", [0]), ("sum([1 2; 3 4])", [10]),
      ("mean([1 2; 3 4])", [2.5]), ("transpose([1 2; 3 4])", [1, 3, 2, 4]),
      ("diag([1; 2])", [1, 0, 0, 2]), ("eye(2)", [1, 0, 0, 1]), ("zeros(1, 2)", [0, 0]),
      ("ones(2, 1)", [1, 1]), ("norm([3, 4])", [5]), ("norm([3, -4], 1)", [7]),
      ("softmax([0; 0])", [0.5, 0.5]), ("softmax([0; log(3)], 1)", [0.25, 0.75]),
      ("softmax([0; log(3)], 2)", [0.1, 0.9]),  // β = 2: e^{2·log 3} = 9
      ("crossentropy([0.25; 0.75], [0; 1])", [-log(0.75)]),
      ("reshape([1, 2, 3, 4], 2, 2)", [1, 2, 3, 4]), ("flatten([1 2; 3 4])", [1, 2, 3, 4]),
      ("[1 2; 3 4] @ [1; 1]", [3, 7]), ("[1 2] * [3 4]", [3, 8]),
      ("[1 2; 3 4] + [10, 20]", [11, 22, 13, 24]),
    ] as [(String, [Double])])
  func function(text: String, expected: [Double]) throws {
    #expect(Self.close(try Self.value(text), expected, 1e-12), "\(text)")
  }

  @Test("conv2d is the deep-learning cross-correlation: the homework's O = [6 8; 9 8]")
  func convolution() throws {
    let output = try Self.value("conv2d([1 2 3; 4 5 6; 1 5 3], eye(2))")
    #expect(output.shape == [2, 2])
    #expect(output.scalars == [6, 8, 9, 8])
    // A kernel that is not symmetric shows there is no flip: K = [1 2; 0 0] picks I₁₁ + 2I₁₂.
    #expect(try Self.value("conv2d([1 2 3; 4 5 6; 1 5 3], [1 2; 0 0])").scalars == [5, 8, 14, 17])
    #expect(try Self.value("conv2d([1 2 3; 4 5 6; 1 5 3], eye(2), 2)").scalars == [6])
    #expect(
      try Self.value("conv2d([1 2 3; 4 5 6; 1 5 3], eye(2), stride = 1, padding = 1)").shape == [
        4, 4,
      ])
    // A setting given twice is a slip, refused at the second one.
    for text in [
      "conv2d(eye(3), eye(2), stride = 1, stride = 2)", "conv2d(eye(3), eye(2), 1, stride = 2)",
    ] {
      guard case .failure(let error) = evaluate(text) else {
        Issue.record("\(text) should be refused")
        continue
      }
      #expect(error.message == "`conv2d` was given the stride twice")
      #expect(error.range?.lowerBound == text.count - 2)
    }
  }

  @Test("names: Greek aliases are found from either spelling; indexing is 1-based")
  func names() throws {
    #expect(try Self.value("η * 2", ["eta": Tensor(0.5)]) == Tensor(1))
    #expect(try Self.value("eta * 2", ["η": Tensor(0.5)]) == Tensor(1))
    #expect(
      try Self.value("α + β + λ", ["alpha": Tensor(1), "beta": Tensor(2), "lambda": Tensor(3)])
        == Tensor(6))
    let w3 = try Tensor.row([-1, 1])
    #expect(try Self.value("W3[1, 2]", ["W3": w3]) == Tensor(1))
    #expect(try Self.value("v[2]", ["v": Tensor.column([5, 7])]) == Tensor(7))
  }

  @Test("an unknown name gets did-you-mean; a value called like a function suggests *")
  func nameErrors() {
    guard case .failure(let unknown) = evaluate("sigmod(x)", ["x": Tensor(1)]) else {
      Issue.record("should fail")
      return
    }
    #expect(unknown.note == "did you mean `sigmoid`?")
    guard case .failure(let called) = evaluate("σ(1 - σ)", ["σ": Tensor(0.5)]) else {
      Issue.record("should fail")
      return
    }
    #expect(called.message.contains("is a value here, not a function"))
    #expect(called.note?.contains("*") == true)
    guard case .failure(let typo) = evaluate("W1 * xx", ["W1": Tensor(1), "x": Tensor(2)]) else {
      Issue.record("should fail")
      return
    }
    #expect(typo.note == "did you mean `x`?")
    #expect(typo.range == SourceRange(5, 7))
    // Nothing close: the names that can be used, so the learner is not left guessing.
    guard case .failure(let far) = evaluate("banana + 1", ["W1": Tensor(1), "x": Tensor(2)]) else {
      Issue.record("should fail")
      return
    }
    #expect(far.note == "the names you can use here: W1, x")
  }

  @Test("grad and jacobian are lesson-only: refused in answers")
  func lessonOnly() {
    guard case .failure(let error) = evaluate("grad(x^2, x)", ["x": Tensor(3)], lessonForms: false)
    else {
      Issue.record("should be refused")
      return
    }
    #expect(error.kind == .notAllowed)
    #expect(try! evaluate("grad(x^2, x)", ["x": Tensor(3)]).get() == Tensor(6))
  }

  @Test("grad and jacobian differentiate with respect to a name, never an expression")
  func withRespectToName() {
    // The caret goes under the second argument (0-based offsets 10 and 17).
    for (text, offset) in [("grad(x^2, 2*x)", 10), ("jacobian([x; x], x + 1)", 17)] {
      guard case .failure(let error) = evaluate(text, ["x": Tensor(3)]) else {
        Issue.record("\(text) should be refused, not a silent zero")
        continue
      }
      #expect(error.message.contains("must be a name"))
      #expect(error.range?.lowerBound == offset)
    }
  }

  @Test("the homework's 1-2-2-1 ReLU network written as expressions: J and every weight gradient")
  func reluNetwork() throws {
    let givens: [String: Tensor] = [
      "x": Tensor(3), "y": Tensor(6), "W1": try .column([1, -1]),
      "W2": try Tensor(rows: [[-1, 1], [1, -1]]), "W3": try .row([-1, 1]),
    ]
    let network = "(y - W3 @ relu(W2 @ relu(W1 * x)))^2"
    #expect(try Self.value("sum(\(network))", givens) == Tensor(9))
    #expect(try Self.value("grad(sum(\(network)), W3)", givens) == Tensor.row([0, -18]))
    #expect(
      try Self.value("grad(sum(\(network)), W2)", givens) == Tensor(rows: [[0, 0], [-18, 0]]))
    #expect(try Self.value("grad(sum(\(network)), W1)", givens) == Tensor.column([-18, 0]))
  }

  @Test("the softmax Jacobian at z = [1; 2; 3] is diag(σ) − σσᵀ, in numerator layout")
  func softmaxJacobian() throws {
    let jacobian = try Self.value("jacobian(softmax(z), z)", ["z": Tensor.column([1, 2, 3])])
    let e = [exp(1.0), exp(2.0), exp(3.0)]
    let s = e.map { $0 / e.reduce(0, +) }
    var expected: [Double] = []
    for i in 0..<3 {
      for j in 0..<3 { expected.append((i == j ? s[i] : 0) - s[i] * s[j]) }
    }
    #expect(jacobian.shape == [3, 3])
    #expect(Self.close(jacobian, expected, 1e-12))
  }

  @Test("the sigmoid chain: ∂E/∂w₁ through two sigmoids equals the hand formula")
  func sigmoidChain() throws {
    let givens: [String: Tensor] = [
      "x": Tensor(1.5), "w1": Tensor(0.4), "w2": Tensor(-0.7), "d": Tensor(1),
    ]
    let y = 1 / (1 + exp(-0.4 * 1.5))
    let z = 1 / (1 + exp(0.7 * y))
    // ∂E/∂w₁ = −(d − z) · z(1 − z) · w₂ · y(1 − y) · x
    let expected = -(1 - z) * z * (1 - z) * -0.7 * y * (1 - y) * 1.5
    let got = try Self.value("grad((d - sigmoid(w2 * sigmoid(w1 * x)))^2 / 2, w1)", givens)
    #expect(abs((got.scalarValue ?? .nan) - expected) < 1e-12)
  }
}
