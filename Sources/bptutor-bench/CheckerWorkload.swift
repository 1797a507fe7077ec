import Foundation
import TutorEngine
import TutorMath

/// Times the answer checker on the kinds of answer a learner types: numbers, vectors,
/// matrices (right and wrong, so every diagnosis runs) and formulas.
enum CheckerWorkload {
  struct Case {
    var name: String
    var text: String
    var expectation: Expectation
  }

  static func cases() throws -> [Case] {
    let sigmoid = Formula(
      try Parser.parse("s*(1 - s)"), source: "s*(1 - s)", variables: [.init("s", in: 0.01...0.99)])
    let vjp = Formula(
      try Parser.parse("s * (v - sum(v * s))"), source: "s * (v - sum(v * s))",
      variables: [
        .init("s", in: 0.05...0.9, shape: [3, 1]), .init("v", in: -2...2, shape: [3, 1]),
      ])
    return [
      Case(name: "number, right", text: "-2*(6 - 3)", expectation: .value(Tensor(-6))),
      Case(name: "vector, wrong sign", text: "[0, 18]", expectation: .value(try .row([0, -18]))),
      Case(
        name: "matrix, one entry wrong", text: "[6 8; 9 7]",
        expectation: .value(try Tensor(rows: [[6, 8], [9, 8]]))),
      Case(name: "malformed", text: "2 * (3 + )", expectation: .value(Tensor(1))),
      Case(name: "formula, equivalent", text: "s - s^2", expectation: .formula(sigmoid)),
      Case(name: "formula, near miss", text: "s*(1.0001 - s)", expectation: .formula(sigmoid)),
      Case(
        name: "vector formula (softmax VJP)", text: "s ⊙ v - s * (v' @ s)",
        expectation: .formula(vjp)),
    ]
  }

  static func run(repetitions: Int = 2000) throws {
    print("answer checker: time per check (median of \(repetitions))")
    let context = AnswerContext(
      names: ["y": Tensor(6), "h3": Tensor(3)],
      quantities: [
        Quantity(name: "dJ_da2", tex: "\\partial J/\\partial a^{(2)}", value: try .row([-18, 0]))
      ])
    for item in try cases() {
      var times: [Double] = []
      var verdict: Verdict?
      for _ in 0..<repetitions {
        times.append(
          seconds {
            verdict = AnswerChecker.check(item.text, against: item.expectation, context: context)
          } * 1e6)
      }
      let kind = verdict?.kind.rawValue ?? "?"
      let padded = item.name.padding(toLength: 30, withPad: " ", startingAt: 0)
      print(String(format: "  %@ %8.1f µs  (%@)", padded, median(times), kind))
    }
  }
}
